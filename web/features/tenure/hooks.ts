import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { Static } from 'typebox';
import type {
  CreateTenure,
  DashboardView,
  PropertyCompanyList,
  PropertyCompanyListQuery,
  ServiceModeView,
  TenureList,
  TenureWriteResult,
} from '../../../server/modules/tenure/tenure.contract.ts';
import { api } from '../../api.ts';

const TENURE = ['tenure'] as const;

export function useDashboard(withinDays: number) {
  return useQuery({
    queryKey: [...TENURE, 'dashboard', withinDays],
    queryFn: ({ signal }) => api<DashboardView>('/api/tenure/dashboard', { query: { withinDays }, signal }),
    placeholderData: keepPreviousData,
  });
}

export function useCompanies(query: PropertyCompanyListQuery) {
  return useQuery({
    queryKey: [...TENURE, 'companies', query],
    queryFn: ({ signal }) => api<Static<typeof PropertyCompanyList>>('/api/tenure/companies', { query, signal }),
    placeholderData: keepPreviousData,
  });
}

export function useTenures(compoundId: number | undefined) {
  return useQuery({
    queryKey: [...TENURE, 'compound', compoundId, 'tenures'],
    queryFn: ({ signal }) => api<Static<typeof TenureList>>(`/api/tenure/compounds/${compoundId}/tenures`, { signal }),
    enabled: compoundId !== undefined,
  });
}

export function useMode(compoundId: number | undefined) {
  return useQuery({
    queryKey: [...TENURE, 'compound', compoundId, 'mode'],
    queryFn: ({ signal }) => api<ServiceModeView>(`/api/tenure/compounds/${compoundId}/mode`, { signal }),
    enabled: compoundId !== undefined,
  });
}

/** A tenure write can change any compound's mode and the dashboard: refresh everything of tenure. */
function useTenureWrite<V>(fn: (v: V) => Promise<TenureWriteResult>) {
  const qc = useQueryClient();
  return useMutation({ mutationFn: fn, onSuccess: () => qc.invalidateQueries({ queryKey: TENURE }) });
}

export function useAddTenure(compoundId: number) {
  return useTenureWrite((body: CreateTenure) =>
    api<TenureWriteResult>(`/api/tenure/compounds/${compoundId}/tenures`, { method: 'POST', body }),
  );
}

export function useEndTenure() {
  return useTenureWrite(({ id, endsOn }: { id: number; endsOn?: string }) =>
    api<TenureWriteResult>(`/api/tenure/tenures/${id}/end`, { method: 'POST', body: endsOn ? { endsOn } : {} }),
  );
}
