import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type {
  CityView,
  NewVersion,
  RulebookView,
  SeasonExtension,
  VersionView,
} from '../../../server/modules/rulebook/rulebook.api.contract.ts';
import { api } from '../../api.ts';

const RULEBOOK = ['rulebook'] as const;
const base = (city: string) => `/api/rulebook/${encodeURIComponent(city)}`;

export function useCities() {
  return useQuery({
    queryKey: [...RULEBOOK, 'cities'],
    queryFn: ({ signal }) => api<CityView[]>('/api/rulebook/cities', { signal }),
    staleTime: Infinity,
  });
}

/** The rules in force in a city today, or on `at` (a business date). */
export function useRulebook(city: string, at: string | undefined) {
  return useQuery({
    queryKey: [...RULEBOOK, city, 'in-force', at],
    queryFn: ({ signal }) => api<RulebookView>(base(city), { query: { at }, signal }),
    placeholderData: keepPreviousData,
  });
}

export function useVersions(city: string) {
  return useQuery({
    queryKey: [...RULEBOOK, city, 'versions'],
    queryFn: ({ signal }) => api<VersionView[]>(`${base(city)}/versions`, { signal }),
  });
}

/** A new version changes what is in force and the history: refetch everything of the rulebook. */
function useRulebookMutation<T>(path: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: T) => api<VersionView>(path, { method: 'POST', body }),
    onSuccess: () => qc.invalidateQueries({ queryKey: RULEBOOK }),
  });
}

export const useExtendSeason = (city: string) => useRulebookMutation<SeasonExtension>(`${base(city)}/season-extension`);
export const useCreateVersion = (city: string) => useRulebookMutation<NewVersion>(`${base(city)}/versions`);
