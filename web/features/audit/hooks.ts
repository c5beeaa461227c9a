import { keepPreviousData, useQuery } from '@tanstack/react-query';
import type { Static } from 'typebox';
import type { AuditList, AuditQuery, OutboxList, OutboxQuery } from '../../../server/modules/audit/audit.contract.ts';
import { api } from '../../api.ts';

export function useAudit(query: AuditQuery) {
  return useQuery({
    queryKey: ['audit', query],
    queryFn: ({ signal }) => api<Static<typeof AuditList>>('/api/audit', { query, signal }),
    placeholderData: keepPreviousData,
  });
}

export function useOutbox(query: OutboxQuery) {
  return useQuery({
    queryKey: ['outbox', query],
    queryFn: ({ signal }) => api<Static<typeof OutboxList>>('/api/outbox', { query, signal }),
    placeholderData: keepPreviousData,
  });
}
