import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { Static } from 'typebox';
import type { CompliancePicture, ComplianceLevel, SeasonChart } from '../../../server/modules/temperature/compliance.contract.ts';
import type {
  ComplaintList,
  ComplaintView,
  GuideView,
  InstrumentList,
  MeasurementList,
  MeasurementView,
  NewComplaint,
  NewMeasurement,
  NewReading,
  ReadingList,
  ReadingView,
  SettlementView,
  StatementView,
} from '../../../server/modules/temperature/temperature.contract.ts';
import type { NewRound, PlanList, RoundView, WorkOrderList, WorkOrderView } from '../../../server/modules/temperature/patrols.contract.ts';
import type { TemperaturePhotoView } from '../../../server/modules/temperature/photos.contract.ts';
import { api, uploadFile } from '../../api.ts';

const KEY = ['temperature'] as const;

export function useGuide() {
  return useQuery({ queryKey: [...KEY, 'guide'], queryFn: ({ signal }) => api<GuideView>('/api/temperature/guide', { signal }) });
}

export function useMyReadings() {
  return useQuery({ queryKey: [...KEY, 'readings'], queryFn: ({ signal }) => api<Static<typeof ReadingList>>('/api/temperature/readings/mine', { signal }) });
}

/** Photos are uploaded after their reading is saved, outside any mutation: read the list again once they are in. */
export function useRefreshMyReadings(): () => Promise<void> {
  const qc = useQueryClient();
  return () => qc.invalidateQueries({ queryKey: [...KEY, 'readings'] });
}

export function useComplaints() {
  return useQuery({ queryKey: [...KEY, 'complaints'], queryFn: ({ signal }) => api<Static<typeof ComplaintList>>('/api/temperature/complaints', { signal }), refetchInterval: 30_000 });
}

export function useInstruments() {
  return useQuery({ queryKey: [...KEY, 'instruments'], queryFn: ({ signal }) => api<Static<typeof InstrumentList>>('/api/temperature/instruments', { signal }) });
}

export function useMeasurements(householdId: number | undefined) {
  return useQuery({
    queryKey: [...KEY, 'measurements', householdId],
    enabled: householdId !== undefined,
    queryFn: ({ signal }) => api<Static<typeof MeasurementList>>(`/api/temperature/households/${householdId}/measurements`, { signal }),
  });
}

export function useStatement(q: { householdId?: number; season?: string }, enabled = true) {
  return useQuery({
    queryKey: [...KEY, 'statement', q.householdId, q.season],
    enabled,
    queryFn: ({ signal }) => api<StatementView>('/api/temperature/statement', { signal, query: q }),
  });
}

export function useCompliance(level: ComplianceLevel) {
  return useQuery({ queryKey: [...KEY, 'compliance', level], queryFn: ({ signal }) => api<CompliancePicture>('/api/temperature/compliance', { signal, query: { level } }) });
}

export function useSeasonChart() {
  return useQuery({ queryKey: [...KEY, 'season-chart'], queryFn: ({ signal }) => api<SeasonChart>('/api/temperature/season-chart', { signal }) });
}

function useInvalidating<TBody, TResult>(fn: (body: TBody) => Promise<TResult>) {
  const qc = useQueryClient();
  return useMutation({ mutationFn: fn, onSuccess: () => qc.invalidateQueries({ queryKey: KEY }) });
}

export const useRecordReading = () => useInvalidating((body: NewReading) => api<ReadingView>('/api/temperature/readings', { method: 'POST', body }));
export const useOpenComplaint = () => useInvalidating((body: NewComplaint) => api<ComplaintView>('/api/temperature/complaints', { method: 'POST', body }));
export const useRecordMeasurement = () => useInvalidating((body: NewMeasurement) => api<MeasurementView>('/api/temperature/measurements', { method: 'POST', body }));
export const useRunSettlement = () => useInvalidating((body: { season: string }) => api<SettlementView>('/api/temperature/settlements', { method: 'POST', body }));

export function usePlans(boostedOnly: boolean) {
  return useQuery({ queryKey: [...KEY, 'plans', boostedOnly], queryFn: ({ signal }) => api<Static<typeof PlanList>>('/api/patrols/plans', { signal, query: { boostedOnly: boostedOnly || undefined } }) });
}
export function useWorkOrders() {
  return useQuery({ queryKey: [...KEY, 'work-orders'], queryFn: ({ signal }) => api<Static<typeof WorkOrderList>>('/api/patrols/work-orders', { signal }) });
}
export const useRecordRound = () => useInvalidating((body: NewRound) => api<RoundView>('/api/patrols/rounds', { method: 'POST', body }));
export const useResolveWorkOrder = () => useInvalidating((id: number) => api<WorkOrderView>(`/api/patrols/work-orders/${id}/resolve`, { method: 'POST' }));

/** Photos after their reading or round is saved, one by one: a refused photo never loses the record. */
export async function uploadPhotos(target: { readingId: number } | { roundId: number }, files: File[], failed: (file: File, err: unknown) => void): Promise<TemperaturePhotoView[]> {
  const path = 'readingId' in target ? `/api/temperature/readings/${target.readingId}/photos` : `/api/patrols/rounds/${target.roundId}/photos`;
  const saved: TemperaturePhotoView[] = [];
  for (const f of files) {
    try {
      saved.push(await uploadFile<TemperaturePhotoView>(path, f));
    } catch (err) {
      failed(f, err);
    }
  }
  return saved;
}
