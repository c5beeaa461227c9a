import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { Static } from 'typebox';
import type {
  BillRunView,
  CounterPayment,
  HouseholdBills,
  HouseholdReceipts,
  LedgerCheckView,
  PaymentView,
} from '../../../server/modules/billing/billing.contract.ts';
import type { HouseholdList, HouseholdView } from '../../../server/modules/registry/registry.contract.ts';
import { api } from '../../api.ts';

const BILLING = 'billing';

/** Poll a bill run once a second while it is running; stop once it is done. */
export function useBillRun(id: number | undefined) {
  return useQuery({
    queryKey: [BILLING, 'runs', id],
    queryFn: ({ signal }) => api<BillRunView>(`/api/billing/runs/${id}`, { signal }),
    enabled: id !== undefined,
    refetchInterval: (q) => (q.state.data?.status === 'done' ? false : 1000),
  });
}

export function useStartBillRun() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (season: string) => api<BillRunView>('/api/billing/runs', { method: 'POST', body: { season } }),
    onSuccess: (run) => qc.setQueryData([BILLING, 'runs', run.id], run),
  });
}

export function useHouseholdSearch(q: string) {
  return useQuery({
    queryKey: ['registry', 'households', { q, pageSize: 10 }],
    queryFn: ({ signal }) =>
      api<Static<typeof HouseholdList>>('/api/registry/households', { query: { q, pageSize: 10 }, signal }),
    enabled: q.length > 0,
    placeholderData: keepPreviousData,
  });
}

export function useHousehold(id: number | undefined) {
  return useQuery({
    queryKey: ['registry', 'households', id],
    queryFn: ({ signal }) => api<HouseholdView>(`/api/registry/households/${id}`, { signal }),
    enabled: id !== undefined,
  });
}

export function useHouseholdBills(id: number | undefined) {
  return useQuery({
    queryKey: [BILLING, 'households', id, 'bills'],
    queryFn: ({ signal }) => api<Static<typeof HouseholdBills>>(`/api/billing/households/${id}/bills`, { signal }),
    enabled: id !== undefined,
  });
}

export function useHouseholdReceipts(id: number | undefined) {
  return useQuery({
    queryKey: [BILLING, 'households', id, 'receipts'],
    queryFn: ({ signal }) => api<Static<typeof HouseholdReceipts>>(`/api/billing/households/${id}/receipts`, { signal }),
    enabled: id !== undefined,
  });
}

/**
 * A counter payment. The caller passes the Idempotency-Key of the form submission, so a retry of
 * the same submission (timeout, double click) replays the first answer instead of paying twice.
 */
export function useCounterPayment() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ body, key }: { body: CounterPayment; key: string }) =>
      api<PaymentView>('/api/billing/payments/counter', { method: 'POST', body, headers: { 'Idempotency-Key': key } }),
    onSuccess: (p) => qc.invalidateQueries({ queryKey: [BILLING, 'households', p.householdId] }),
  });
}

export function useLedgerCheck() {
  return useQuery({
    queryKey: [BILLING, 'ledger'],
    queryFn: ({ signal }) => api<Static<typeof LedgerCheckView>>('/api/billing/ledger/check', { signal }),
  });
}

/** The heating season of a date: bills of 2026-27 are collected from autumn 2026 (domain.md §4). */
export function seasonOf(date: Date): string {
  // Before July the current season is the one that began last autumn.
  const y = date.getMonth() >= 6 ? date.getFullYear() : date.getFullYear() - 1;
  return `${y}-${String((y + 1) % 100).padStart(2, '0')}`;
}
