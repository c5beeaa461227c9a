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
import { api } from '../../api.ts';

const REPAIRS = ['repairs'] as const;
// Live updates (SSE) are a later issue; until then the queue and board poll.
const POLL = 15_000;

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
