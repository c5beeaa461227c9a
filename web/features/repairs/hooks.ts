import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { Static } from 'typebox';
import type {
  IncidentList,
  OpenRequest,
  Reassign,
  RequestDetail,
  RequestList,
  Transition,
} from '../../../server/modules/repairs/repairs.contract.ts';
import type { GridAssignmentList } from '../../../server/modules/registry/registry.contract.ts';
import { api, uploadFile } from '../../api.ts';
import { useLive, type LiveState } from '../../ui/useLive.ts';

const REPAIRS = ['repairs'] as const;
// Live events (useRepairsLive) drive updates; polling is only the safety net behind them.
const POLL = 60_000;

/**
 * Follow live topics (grid:ID, queue:user:ID, lead:user:ID, household:ID, request:ID, branch:ID)
 * and refetch what a change touches: every repairs list, and the detail of the requests it names.
 * After a reconnect ('resync') everything is refetched, since changes in the gap were missed.
 */
export function useRepairsLive(topics: readonly string[]): LiveState {
  const qc = useQueryClient();
  return useLive(topics, (e) => {
    if (e.type === 'resync') return void qc.invalidateQueries({ queryKey: REPAIRS });
    void qc.invalidateQueries({ queryKey: REPAIRS, predicate: (q) => q.queryKey[1] !== 'detail' });
    const { requestId, requestIds } = e.payload as { requestId?: number; requestIds?: number[] };
    for (const id of [...(requestId === undefined ? [] : [requestId]), ...(requestIds ?? [])]) {
      void qc.invalidateQueries({ queryKey: [...REPAIRS, 'detail', id] });
    }
  });
}

/**
 * Upload one photo to a request (multipart; the server checks it is a real JPEG/PNG/WebP ≤ 5 MB).
 */
export async function uploadPhoto(requestId: number, kind: 'report' | 'resolve', file: File): Promise<void> {
  await uploadFile(`/api/repairs/${requestId}/photos?kind=${kind}`, file);
}

export function useMyRequests() {
  return useQuery({
    queryKey: [...REPAIRS, 'mine'],
    queryFn: ({ signal }) => api<Static<typeof RequestList>>('/api/repairs/mine', { signal }),
  });
}

export function useQueue() {
  return useQuery({
    queryKey: [...REPAIRS, 'queue'],
    queryFn: ({ signal }) => api<Static<typeof RequestList>>('/api/repairs/queue', { signal }),
    refetchInterval: POLL,
  });
}

export function useBoard() {
  return useQuery({
    queryKey: [...REPAIRS, 'board'],
    queryFn: ({ signal }) => api<Static<typeof RequestList>>('/api/repairs/board', { signal }),
    refetchInterval: POLL,
  });
}

export function useIncidents() {
  return useQuery({
    queryKey: [...REPAIRS, 'incidents'],
    queryFn: ({ signal }) => api<Static<typeof IncidentList>>('/api/repairs/incidents', { signal }),
    refetchInterval: POLL,
  });
}

/**
 * One request. `version` (status and assignee from a list row) is part of the key, so a polled
 * list refetches a card's detail only when the request changed, not every 15 s per card.
 */
export function useRequest(id: number | undefined, version = '') {
  return useQuery({
    queryKey: [...REPAIRS, 'detail', id, version],
    queryFn: ({ signal }) => api<RequestDetail>(`/api/repairs/${id}`, { signal }),
    enabled: id !== undefined,
    staleTime: version ? Infinity : 0,
  });
}

/** The grid's current steward and deputy: whom a crew lead may hand a request to. */
export function useGridStaff(gridId: number) {
  return useQuery({
    queryKey: ['registry', 'grids', gridId, 'assignments'],
    queryFn: ({ signal }) => api<Static<typeof GridAssignmentList>>(`/api/registry/grids/${gridId}/assignments`, { signal }),
    staleTime: 10 * 60_000,
  });
}

export function useOpenRequest() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: OpenRequest) => api<RequestDetail>('/api/repairs', { method: 'POST', body }),
    onSuccess: () => qc.invalidateQueries({ queryKey: REPAIRS }),
  });
}

export function useTransition() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ id, ...body }: Transition & { id: number }) =>
      api<RequestDetail>(`/api/repairs/${id}/transitions`, { method: 'POST', body }),
    onSuccess: () => qc.invalidateQueries({ queryKey: REPAIRS }),
  });
}

export function useReassign() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ id, ...body }: Reassign & { id: number }) =>
      api<RequestDetail>(`/api/repairs/${id}/reassign`, { method: 'POST', body }),
    onSuccess: () => qc.invalidateQueries({ queryKey: REPAIRS }),
  });
}

export function useResolveIncident() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (id: number) => api<void>(`/api/repairs/incidents/${id}/resolve`, { method: 'POST', body: {} }),
    onSuccess: () => qc.invalidateQueries({ queryKey: REPAIRS }),
  });
}
