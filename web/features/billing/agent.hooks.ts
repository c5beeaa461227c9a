/** API calls of the agent reconciliation, settlement statement, arrears and valve task pages. */
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { Static } from 'typebox';
import type {
  AgentPositions,
  Reconciliation,
  RecordRemittance,
  RemittanceView,
  StatementDetail,
  StatementList,
} from '../../../server/modules/billing/agent.contract.ts';
import type { ArrearsList, RemindersSent, SendReminders, ValveTaskList, ValveTaskView } from '../../../server/modules/billing/arrears.contract.ts';
import { api } from '../../api.ts';

const AGENTS = ['billing', 'agents'];
const SETTLEMENTS = ['billing', 'settlements'];
const ARREARS = ['billing', 'arrears'];
const VALVES = ['billing', 'valve-tasks'];

export function useAgentPositions() {
  return useQuery({ queryKey: AGENTS, queryFn: ({ signal }) => api<Static<typeof AgentPositions>>('/api/billing/agents', { signal }) });
}

export function useReconciliation(companyId: number | undefined, from: string, to: string) {
  return useQuery({
    queryKey: [...AGENTS, companyId, 'reconciliation', from, to],
    queryFn: ({ signal }) => api<Reconciliation>(`/api/billing/agents/${companyId}/reconciliation`, { query: { from, to }, signal }),
    enabled: companyId !== undefined,
    placeholderData: keepPreviousData,
  });
}

export const reconciliationExportUrl = (companyId: number, from: string, to: string) =>
  `/api/billing/agents/${companyId}/reconciliation.xlsx?from=${from}&to=${to}`;

/** A remittance; the caller passes the form submission's Idempotency-Key (a retry never records twice). */
export function useRecordRemittance() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ body, key }: { body: RecordRemittance; key: string }) =>
      api<RemittanceView>('/api/billing/remittances', { method: 'POST', body, headers: { 'Idempotency-Key': key } }),
    onSuccess: () => Promise.all([qc.invalidateQueries({ queryKey: AGENTS }), qc.invalidateQueries({ queryKey: SETTLEMENTS })]),
  });
}

export function useStatements(status?: 'open' | 'closed') {
  return useQuery({
    queryKey: [...SETTLEMENTS, { status }],
    queryFn: ({ signal }) => api<Static<typeof StatementList>>('/api/billing/settlements', { query: { status }, signal }),
  });
}

export function useStatement(id: number) {
  return useQuery({ queryKey: [...SETTLEMENTS, id], queryFn: ({ signal }) => api<StatementDetail>(`/api/billing/settlements/${id}`, { signal }) });
}

export function useCloseStatement() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (id: number) => api<StatementDetail>(`/api/billing/settlements/${id}/close`, { method: 'POST' }),
    onSuccess: () => Promise.all([qc.invalidateQueries({ queryKey: SETTLEMENTS }), qc.invalidateQueries({ queryKey: AGENTS })]),
  });
}

export interface ArrearsFilter {
  season?: string | undefined;
  compoundId?: number | undefined;
  gridId?: number | undefined;
  page?: number;
  pageSize?: number;
}

export function useArrears(filter: ArrearsFilter) {
  return useQuery({
    queryKey: [...ARREARS, filter],
    queryFn: ({ signal }) => api<ArrearsList>('/api/billing/arrears', { query: { ...filter }, signal }),
    placeholderData: keepPreviousData,
  });
}

export function arrearsExportUrl(filter: ArrearsFilter): string {
  const params = new URLSearchParams();
  for (const k of ['season', 'compoundId', 'gridId'] as const) if (filter[k] !== undefined) params.set(k, String(filter[k]));
  const qs = params.toString();
  return `/api/billing/arrears/export.xlsx${qs ? `?${qs}` : ''}`;
}

export function useSendReminders() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: SendReminders) => api<RemindersSent>('/api/billing/arrears/reminders', { method: 'POST', body }),
    onSuccess: () => Promise.all([qc.invalidateQueries({ queryKey: ARREARS }), qc.invalidateQueries({ queryKey: VALVES })]),
  });
}

export function useValveTasks(status?: 'open' | 'done') {
  return useQuery({
    queryKey: [...VALVES, { status }],
    queryFn: ({ signal }) => api<Static<typeof ValveTaskList>>('/api/billing/valve-tasks', { query: { status }, signal }),
  });
}

export function useCompleteValveTask() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ id, note }: { id: number; note?: string }) =>
      api<ValveTaskView>(`/api/billing/valve-tasks/${id}/done`, { method: 'POST', body: note ? { note } : {} }),
    onSuccess: () => Promise.all([qc.invalidateQueries({ queryKey: VALVES }), qc.invalidateQueries({ queryKey: ARREARS })]),
  });
}

