/** API calls of online payment, receipts, e-invoices, credit notes, refunds and the payment rate. */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { Static } from 'typebox';
import type {
  CashierPaid,
  CashierTicketView,
  CreateOnlineOrder,
  CreditNoteView,
  EInvoiceView,
  HouseholdAdjustments,
  IssueCreditNote,
  OnlineOrderView,
  PaymentRateView,
  PostRefund,
  ReceiptDetail,
  RefundView,
  RequestEInvoice,
} from '../../../server/modules/billing/online.contract.ts';
import { api } from '../../api.ts';

const BILLING = 'billing';

export function useCreateOnlineOrder() {
  return useMutation({
    mutationFn: ({ body, key }: { body: CreateOnlineOrder; key: string }) =>
      api<OnlineOrderView>('/api/billing/online/orders', { method: 'POST', body, headers: { 'Idempotency-Key': key } }),
  });
}

/** The order after paying: asks the provider (refresh) until it is no longer open, then stops. */
export function useOnlineOrder(id: number) {
  return useQuery({
    queryKey: [BILLING, 'online', id],
    queryFn: ({ signal }) => api<OnlineOrderView>(`/api/billing/online/orders/${id}/refresh`, { method: 'POST', signal }),
    refetchInterval: (q) => (q.state.data?.status === 'created' ? 2000 : false),
  });
}

export function useCashierTicket(token: string) {
  return useQuery({
    queryKey: [BILLING, 'cashier', token],
    queryFn: ({ signal }) => api<Static<typeof CashierTicketView>>('/api/billing/online/dev-cashier', { query: { t: token }, signal }),
    enabled: token.length > 0,
    retry: false,
  });
}

export function useCashierPay() {
  return useMutation({
    mutationFn: (token: string) => api<Static<typeof CashierPaid>>('/api/billing/online/dev-cashier/pay', { method: 'POST', body: { t: token } }),
  });
}

export function useReceipt(id: number) {
  return useQuery({
    queryKey: [BILLING, 'receipts', id],
    queryFn: ({ signal }) => api<ReceiptDetail>(`/api/billing/receipts/${id}`, { signal }),
    // A requested e-invoice is issued by a background job: look again until it is.
    refetchInterval: (q) => (q.state.data?.eInvoice?.status === 'requested' ? 3000 : false),
  });
}

export function useRequestEInvoice(receiptId: number) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: RequestEInvoice) => api<EInvoiceView>(`/api/billing/receipts/${receiptId}/e-invoice`, { method: 'POST', body }),
    onSuccess: () => qc.invalidateQueries({ queryKey: [BILLING, 'receipts', receiptId] }),
  });
}

export function useAdjustments(householdId: number) {
  return useQuery({
    queryKey: [BILLING, 'households', householdId, 'adjustments'],
    queryFn: ({ signal }) => api<Static<typeof HouseholdAdjustments>>(`/api/billing/households/${householdId}/adjustments`, { signal }),
  });
}

export function useIssueCreditNote() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ body, key }: { body: IssueCreditNote; key: string }) =>
      api<CreditNoteView>('/api/billing/credit-notes', { method: 'POST', body, headers: { 'Idempotency-Key': key } }),
    onSuccess: (n) => qc.invalidateQueries({ queryKey: [BILLING, 'households', n.householdId] }),
  });
}

export function useRefund() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ body, key }: { body: PostRefund; key: string }) =>
      api<RefundView>('/api/billing/refunds', { method: 'POST', body, headers: { 'Idempotency-Key': key } }),
    onSuccess: (r) => qc.invalidateQueries({ queryKey: [BILLING, 'households', r.householdId] }),
  });
}

export function usePaymentRate(season: string, branchId: number | undefined) {
  return useQuery({
    queryKey: [BILLING, 'payment-rate', season, branchId],
    queryFn: ({ signal }) => api<PaymentRateView>('/api/billing/payment-rate', { query: { season, branchId }, signal }),
  });
}
