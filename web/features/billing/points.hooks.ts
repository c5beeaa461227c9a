/** API calls of the temporary points, suspension and where-to-pay pages. */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { Static } from 'typebox';
import type { CounterPayment, PaymentView } from '../../../server/modules/billing/billing.contract.ts';
import type {
  CashUpInput,
  CashUpView,
  OpenPoint,
  PointDay,
  PointList,
  PointProposals,
  PointView,
  StaffCandidates,
  WhereToPay,
} from '../../../server/modules/billing/points.contract.ts';
import type { ApplySuspension, SuspensionOutlook, SuspensionView } from '../../../server/modules/billing/suspension.contract.ts';
import { api } from '../../api.ts';

const POINTS = ['billing', 'points'];
const SUSPENSIONS = ['billing', 'suspensions'];

export function usePoints() {
  return useQuery({ queryKey: POINTS, queryFn: ({ signal }) => api<Static<typeof PointList>>('/api/billing/points', { signal }) });
}

export function useProposals(enabled: boolean) {
  return useQuery({
    queryKey: [...POINTS, 'proposals'],
    queryFn: ({ signal }) => api<Static<typeof PointProposals>>('/api/billing/points/proposals', { signal }),
    enabled,
  });
}

export function useStaffCandidates(branchId: number | undefined) {
  return useQuery({
    queryKey: [...POINTS, 'staff', branchId],
    queryFn: ({ signal }) => api<Static<typeof StaffCandidates>>('/api/billing/points/staff', { query: { branchId }, signal }),
    enabled: branchId !== undefined,
  });
}

export function useOpenPoint() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: OpenPoint) => api<PointView>('/api/billing/points', { method: 'POST', body }),
    onSuccess: () => qc.invalidateQueries({ queryKey: POINTS }),
  });
}

export function useClosePoint() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ id, reason }: { id: number; reason: string }) => api<PointView>(`/api/billing/points/${id}/close`, { method: 'POST', body: { reason } }),
    onSuccess: () => qc.invalidateQueries({ queryKey: POINTS }),
  });
}

export function usePointDay(pointId: number, date: string) {
  return useQuery({
    queryKey: [...POINTS, pointId, 'days', date],
    queryFn: ({ signal }) => api<PointDay>(`/api/billing/points/${pointId}/days/${date}`, { signal }),
  });
}

/** A payment at a point; the caller keeps the Idempotency-Key of the submission (see CounterPage). */
export function usePointPayment(pointId: number) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ body, key }: { body: CounterPayment; key: string }) =>
      api<PaymentView>(`/api/billing/points/${pointId}/payments`, { method: 'POST', body, headers: { 'Idempotency-Key': key } }),
    onSuccess: () => qc.invalidateQueries({ queryKey: [...POINTS, pointId] }),
  });
}

export function useCashUp(pointId: number) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: CashUpInput) => api<CashUpView>(`/api/billing/points/${pointId}/cash-ups`, { method: 'POST', body }),
    onSuccess: () => qc.invalidateQueries({ queryKey: [...POINTS, pointId] }),
  });
}

export function useWhereToPay(householdId: number | undefined) {
  return useQuery({
    queryKey: ['billing', 'households', householdId, 'where-to-pay'],
    queryFn: ({ signal }) => api<WhereToPay>(`/api/billing/households/${householdId}/where-to-pay`, { signal }),
    enabled: householdId !== undefined,
  });
}

export function useSuspensionOutlook(householdId: number | undefined) {
  return useQuery({
    queryKey: [...SUSPENSIONS, 'outlook', householdId],
    queryFn: ({ signal }) => api<SuspensionOutlook>(`/api/billing/households/${householdId}/suspension-outlook`, { signal }),
    enabled: householdId !== undefined,
  });
}

export function useSuspensions(status: string | undefined) {
  return useQuery({
    queryKey: [...SUSPENSIONS, 'list', status],
    queryFn: ({ signal }) => api<{ items: SuspensionView[] }>('/api/billing/suspensions', { query: { status }, signal }),
  });
}

export function useApplySuspension() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: ApplySuspension) => api<SuspensionView>('/api/billing/suspensions', { method: 'POST', body }),
    onSuccess: () => qc.invalidateQueries({ queryKey: SUSPENSIONS }),
  });
}

export function useDecideSuspension() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ id, decision, note }: { id: number; decision: 'approve' | 'reject'; note?: string }) =>
      api<SuspensionView>(`/api/billing/suspensions/${id}/${decision}`, { method: 'POST', body: note ? { note } : {} }),
    onSuccess: () => qc.invalidateQueries({ queryKey: SUSPENSIONS }),
  });
}
