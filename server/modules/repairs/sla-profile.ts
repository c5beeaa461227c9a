/**
 * Which of the rulebook's SLA profiles a request's clocks run on, decided when it opens and again
 * when a reopen starts a new round (issue 6 §3; rulebook sla.profiles):
 *   coldSnap — its branch is in a cold snap (linkage's cold_snaps) at that instant;
 *   special  — its compound or its community is in a special period (特殊时期, linkage's
 *              special_periods) on that business day;
 *   standard — otherwise.
 * Both facts are EXISTS columns of the query that already loads the household or the request,
 * so choosing the profile costs no round trip.
 */
import { sql, type SQL } from 'drizzle-orm';
import { asDomain, slaTargets, type Rules, type SlaProfile } from '../rulebook/index.ts';
import type { SlaProfileName } from './repairs.contract.ts';

export interface ProfileFacts {
  coldSnap: boolean;
  specialPeriod: boolean;
}

/**
 * Select-list columns "coldSnap" and "specialPeriod" for a place (SQL over the caller's aliases):
 * cold snaps are instants [starts_at, ends_at) with an open end while switched on; special
 * periods are business dates [starts_on, ends_on).
 */
export function profileFactsColumns(p: { branchId: SQL; compoundId: SQL; communityId: SQL; today: SQL; at: SQL }): SQL {
  const at = p.at;
  return sql`EXISTS (SELECT 1 FROM cold_snaps cs WHERE cs.branch_id = ${p.branchId} AND cs.starts_at <= ${at}
                       AND (cs.ends_at IS NULL OR cs.ends_at > ${at})) AS "coldSnap",
             EXISTS (SELECT 1 FROM special_periods sp WHERE (sp.compound_id = ${p.compoundId} OR sp.community_id = ${p.communityId})
                       AND sp.starts_on <= ${p.today} AND sp.ends_on > ${p.today}) AS "specialPeriod"`;
}

/** The profile for a request of this category and priority, given the facts of its place. */
export function pickSlaProfile(rules: Rules, q: { category: string; priority: string }, facts: ProfileFacts): SlaProfileName {
  if (facts.coldSnap && facts.specialPeriod) return stricter(rules, q, 'special', 'coldSnap');
  if (facts.coldSnap) return 'coldSnap';
  if (facts.specialPeriod) return 'special';
  return 'standard';
}

/**
 * domain.md does not say which profile wins when a cold wave hits a compound in its special
 * period. The special period is a promise made to that compound (e.g. a management vacuum with
 * nobody else to call), while the cold-snap profile deliberately lets minor faults wait during
 * the city-wide call flood; the weather should not loosen a promise already made, and a cold
 * wave should not loosen what it tightens either. So the stricter targets win: the profile whose
 * targets for this category and priority answer sooner — first response first, then on site,
 * then resolution (with the shipped rulebooks that is `special` for every category).
 */
function stricter(rules: Rules, q: { category: string; priority: string }, a: SlaProfile, b: SlaProfile): SlaProfile {
  const ta = asDomain(() => slaTargets(rules, { ...q, profile: a }));
  const tb = asDomain(() => slaTargets(rules, { ...q, profile: b }));
  const order = (t: typeof ta) => [t.firstResponseMinutes, t.onSiteMinutes, t.resolveMinutes];
  const [oa, ob] = [order(ta), order(tb)];
  for (let i = 0; i < oa.length; i++) if (oa[i] !== ob[i]) return oa[i]! < ob[i]! ? a : b;
  return a;
}
