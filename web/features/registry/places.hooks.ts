import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { GridAssignmentList, GridAssignmentView, AssignSteward, FieldWorkerList } from '../../../server/modules/registry/registry.contract.ts';
import type { Static } from 'typebox';
import { api } from '../../api.ts';
import type { EntityPath, EntityRow } from './entities.ts';

const REGISTRY = ['registry'] as const;
type Page = { items: EntityRow[]; total: number; page: number; pageSize: number };

type ListQuery = { q?: string | undefined; page?: number; pageSize?: number } & Record<string, string | number | undefined>;

export function useEntityList(path: EntityPath, query: ListQuery, enabled = true) {
  return useQuery({
    queryKey: [...REGISTRY, path, query],
    queryFn: ({ signal }) => api<Page>(`/api/registry/${path}`, { query, signal }),
    placeholderData: keepPreviousData,
    enabled,
  });
}

/** One row by id, for naming a reference in a table cell or a select; cached per row. */
export function useEntityRow(path: EntityPath, id: number | null | undefined) {
  return useQuery({
    queryKey: [...REGISTRY, path, 'row', id],
    queryFn: ({ signal }) => api<EntityRow>(`/api/registry/${path}/${id}`, { signal }),
    enabled: typeof id === 'number',
    staleTime: 60_000,
  });
}

export function useSaveEntity(path: EntityPath) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ id, body }: { id?: number; body: Record<string, unknown> }) =>
      id === undefined
        ? api<EntityRow>(`/api/registry/${path}`, { method: 'POST', body })
        : api<EntityRow>(`/api/registry/${path}/${id}`, { method: 'PATCH', body }),
    onSuccess: () => qc.invalidateQueries({ queryKey: REGISTRY }),
  });
}

export function useFieldWorkers(enabled = true) {
  return useQuery({
    queryKey: [...REGISTRY, 'field-workers'],
    queryFn: ({ signal }) => api<Static<typeof FieldWorkerList>>('/api/registry/field-workers', { signal }),
    enabled,
  });
}

export function useGridAssignments(gridId: number | undefined) {
  return useQuery({
    queryKey: [...REGISTRY, 'grid-assignments', gridId],
    queryFn: ({ signal }) => api<Static<typeof GridAssignmentList>>(`/api/registry/grids/${gridId}/assignments`, { signal }),
    enabled: gridId !== undefined,
  });
}

export function useAssignSteward(gridId: number | undefined) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: AssignSteward) => api<GridAssignmentView>(`/api/registry/grids/${gridId}/assignments`, { method: 'POST', body }),
    onSuccess: () => qc.invalidateQueries({ queryKey: REGISTRY }),
  });
}
