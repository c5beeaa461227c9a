import { keepPreviousData, useQuery } from '@tanstack/react-query';
import type { OnBehalfHits } from '../../../server/modules/repairs/on-behalf.contract.ts';
import type { SlaReport, SlaReportQuery } from '../../../server/modules/repairs/sla-report.contract.ts';
import type { IncidentDetail, StationBoard } from '../../../server/modules/repairs/stations.contract.ts';
import { api } from '../../api.ts';

/** The repair desk's reads: on-behalf search, SLA report, stations. Writes use hooks.ts. */
const REPAIRS = ['repairs'] as const;
// Pages that show these follow live topics (useRepairsLive); polling is only the safety net.
const POLL = 60_000;

export function useOnBehalfSearch(q: string) {
  const text = q.trim();
  return useQuery({
    queryKey: [...REPAIRS, 'on-behalf', text],
    queryFn: ({ signal }) => api<OnBehalfHits>(`/api/repairs/on-behalf/households?q=${encodeURIComponent(text)}`, { signal }),
    enabled: text.length >= 2,
    placeholderData: keepPreviousData,
  });
}

export function useSlaReport(query: SlaReportQuery) {
  const params = new URLSearchParams({ from: query.from, to: query.to, bucket: query.bucket ?? 'day' });
  if (query.gridId) params.set('gridId', String(query.gridId));
  return useQuery({
    queryKey: [...REPAIRS, 'sla-report', params.toString()],
    queryFn: ({ signal }) => api<SlaReport>(`/api/repairs/sla-report?${params}`, { signal }),
    placeholderData: keepPreviousData,
  });
}

export function useStations() {
  return useQuery({
    queryKey: [...REPAIRS, 'stations'],
    queryFn: ({ signal }) => api<StationBoard>('/api/repairs/stations', { signal }),
    refetchInterval: POLL,
  });
}

export function useIncident(id: number | undefined) {
  return useQuery({
    queryKey: [...REPAIRS, 'incident', id],
    queryFn: ({ signal }) => api<IncidentDetail>(`/api/repairs/incidents/${id}`, { signal }),
    enabled: id !== undefined,
  });
}
