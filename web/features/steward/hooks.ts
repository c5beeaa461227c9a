import { useQuery } from '@tanstack/react-query';
import type { Static } from 'typebox';
import type {
  PublicBuildings,
  PublicCommunities,
  PublicCompounds,
  StewardQuery,
  StewardView,
} from '../../../server/modules/tenure/steward.contract.ts';
import type { HouseholdView } from '../../../server/modules/registry/registry.contract.ts';
import { api } from '../../api.ts';

// The pick lists change only when the registry does: keep them for the visit.
const LONG = 30 * 60_000;

export function useCommunities() {
  return useQuery({
    queryKey: ['public', 'communities'],
    queryFn: ({ signal }) => api<Static<typeof PublicCommunities>>('/api/public/communities', { signal }),
    staleTime: LONG,
  });
}

export function useCompounds(communityId: number | undefined) {
  return useQuery({
    queryKey: ['public', 'compounds', communityId],
    queryFn: ({ signal }) => api<Static<typeof PublicCompounds>>(`/api/public/communities/${communityId}/compounds`, { signal }),
    enabled: communityId !== undefined,
    staleTime: LONG,
  });
}

export function useBuildings(compoundId: number | undefined) {
  return useQuery({
    queryKey: ['public', 'buildings', compoundId],
    queryFn: ({ signal }) => api<Static<typeof PublicBuildings>>(`/api/public/compounds/${compoundId}/buildings`, { signal }),
    enabled: compoundId !== undefined,
    staleTime: LONG,
  });
}

export function useSteward(query: StewardQuery | undefined) {
  return useQuery({
    queryKey: ['public', 'steward', query],
    queryFn: ({ signal }) => api<StewardView>('/api/public/steward', { query, signal }),
    enabled: query !== undefined,
  });
}

/** The signed-in resident's own household (its account number prefills the lookup). */
export function useOwnHousehold(householdId: number | undefined) {
  return useQuery({
    queryKey: ['registry', 'households', householdId],
    queryFn: ({ signal }) => api<HouseholdView>(`/api/registry/households/${householdId}`, { signal }),
    enabled: householdId !== undefined,
    staleTime: LONG,
  });
}
