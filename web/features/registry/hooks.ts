import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { Static } from 'typebox';
import type {
  Building,
  Community,
  Compound,
  Grid,
  HouseholdFilter,
  HouseholdList,
  HouseholdListQuery,
  HouseholdView,
  ImportReport,
  PatchHousehold,
} from '../../../server/modules/registry/registry.contract.ts';
import { api, uploadFile } from '../../api.ts';

const REGISTRY = ['registry'] as const;
// Pick lists (compounds, communities) are small per branch and rarely change.
const PICK_LIST = { pageSize: 500 };

export function useHouseholds(query: HouseholdListQuery) {
  return useQuery({
    queryKey: [...REGISTRY, 'households', query],
    queryFn: ({ signal }) => api<Static<typeof HouseholdList>>('/api/registry/households', { query, signal }),
    placeholderData: keepPreviousData,
  });
}

export function usePatchHousehold() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ id, ...body }: PatchHousehold & { id: number }) =>
      api<HouseholdView>(`/api/registry/households/${id}`, { method: 'PATCH', body }),
    onSuccess: () => qc.invalidateQueries({ queryKey: REGISTRY }),
  });
}

export function useCompoundList(query: { q?: string | undefined; page?: number; pageSize?: number } = PICK_LIST) {
  return useQuery({
    queryKey: [...REGISTRY, 'compounds', query],
    queryFn: ({ signal }) => api<Static<typeof Compound.List>>('/api/registry/compounds', { query, signal }),
    placeholderData: keepPreviousData,
  });
}

export function useCommunityNames() {
  return useQuery({
    queryKey: [...REGISTRY, 'communities'],
    queryFn: ({ signal }) => api<Static<typeof Community.List>>('/api/registry/communities', { query: PICK_LIST, signal }),
    select: (list) => new Map(list.items.map((c) => [c.id, c.name])),
  });
}

export function useGridCodes() {
  return useQuery({
    queryKey: [...REGISTRY, 'grids'],
    queryFn: ({ signal }) => api<Static<typeof Grid.List>>('/api/registry/grids', { query: PICK_LIST, signal }),
    select: (list) => new Map(list.items.map((g) => [g.id, `${g.code} ${g.name}`])),
  });
}

export function useBuildingsOf(compoundId: number) {
  return useQuery({
    queryKey: [...REGISTRY, 'buildings', compoundId],
    queryFn: ({ signal }) => api<Static<typeof Building.List>>('/api/registry/buildings', { query: { compoundId, ...PICK_LIST }, signal }),
  });
}

/** The export link of a filtered list: a plain download the browser saves, with the session cookie. */
export function exportUrl(filter: HouseholdFilter): string {
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(filter)) if (v !== undefined && v !== '') params.set(k, String(v));
  const qs = params.toString();
  return `/api/registry/households/export.xlsx${qs ? `?${qs}` : ''}`;
}

export const TEMPLATE_URL = '/api/registry/households/import-template.xlsx';

/** Upload a household file; a rejected import (422) carries its report in the ApiError's `details`. */
const uploadHouseholds = (file: File) => uploadFile<ImportReport>('/api/registry/households/import', file);

export function useImportHouseholds() {
  const qc = useQueryClient();
  return useMutation({ mutationFn: uploadHouseholds, onSuccess: () => qc.invalidateQueries({ queryKey: REGISTRY }) });
}
