import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { Static } from 'typebox';
import type {
  CallList,
  CallView,
  ColdSnapList,
  ColdSnapView,
  CompleteCall,
  DeclarePeriod,
  EndPeriod,
  FlagHousehold,
  PeriodList,
  PeriodMetrics,
  PeriodView,
  StartColdSnap,
  VulnerableList,
} from '../../../server/modules/linkage/emergency.contract.ts';
import { api } from '../../api.ts';

const KEY = ['linkage', 'emergency'] as const;

function useInvalidating<T, B>(call: (body: B) => Promise<T>) {
  const qc = useQueryClient();
  return useMutation({ mutationFn: call, onSuccess: () => qc.invalidateQueries({ queryKey: KEY }) });
}

export function usePeriods() {
  return useQuery({ queryKey: [...KEY, 'periods'], queryFn: ({ signal }) => api<Static<typeof PeriodList>>('/api/linkage/special-periods', { signal }) });
}

export function usePeriodMetrics(id: number | undefined) {
  return useQuery({ queryKey: [...KEY, 'periods', id, 'metrics'], enabled: id !== undefined, queryFn: ({ signal }) => api<PeriodMetrics>(`/api/linkage/special-periods/${id}/metrics`, { signal }) });
}

export const useDeclarePeriod = () => useInvalidating((body: DeclarePeriod) => api<PeriodView>('/api/linkage/special-periods', { method: 'POST', body }));
export const useEndPeriod = () => useInvalidating(({ id, ...body }: EndPeriod & { id: number }) => api<PeriodView>(`/api/linkage/special-periods/${id}/end`, { method: 'POST', body }));

export function useColdSnaps() {
  return useQuery({ queryKey: [...KEY, 'snaps'], queryFn: ({ signal }) => api<Static<typeof ColdSnapList>>('/api/linkage/cold-snaps', { signal }), refetchInterval: 60_000 });
}

export const useStartColdSnap = () => useInvalidating((body: StartColdSnap) => api<ColdSnapView>('/api/linkage/cold-snaps', { method: 'POST', body }));
export const useEndColdSnap = () => useInvalidating((id: number) => api<ColdSnapView>(`/api/linkage/cold-snaps/${id}/end`, { method: 'POST', body: {} }));

export function useVulnerable() {
  return useQuery({ queryKey: [...KEY, 'vulnerable'], queryFn: ({ signal }) => api<Static<typeof VulnerableList>>('/api/linkage/vulnerable-households', { signal }) });
}

export const useFlagHousehold = () => useInvalidating((body: FlagHousehold) => api<null>('/api/linkage/vulnerable-households', { method: 'POST', body }));
export const useUnflagHousehold = () => useInvalidating((householdId: number) => api<null>(`/api/linkage/vulnerable-households/${householdId}`, { method: 'DELETE' }));

/** The calls of the snap on now in my reach (office: of one snap); refreshed often while people phone. */
export function useCalls(coldSnapId?: number) {
  return useQuery({
    queryKey: [...KEY, 'calls', coldSnapId],
    queryFn: ({ signal }) => api<Static<typeof CallList>>('/api/linkage/cold-snap-calls', { signal, query: { coldSnapId } }),
    refetchInterval: 30_000,
  });
}

export const useCompleteCall = () =>
  useInvalidating(({ snapId, householdId, ...body }: CompleteCall & { snapId: number; householdId: number }) =>
    api<CallView>(`/api/linkage/cold-snaps/${snapId}/calls/${householdId}/done`, { method: 'POST', body }));
