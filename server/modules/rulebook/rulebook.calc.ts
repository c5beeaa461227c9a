/**
 * The pure rulebook: every question another module asks about heating rules, answered from a
 * `Rules` object alone (no database, no clock). Seasons and windows live in rulebook.season.ts,
 * fees and reductions in rulebook.fees.ts, validation in rulebook.validate.ts; this file adds
 * service targets, outages and patrols, and is the one import for all of them.
 */
import {
  PRIORITIES,
  REQUEST_CATEGORIES,
  SLA_PROFILES,
  type Rules,
  type SlaTarget,
} from './rulebook.contract.ts';
import { RulebookError } from './rulebook.errors.ts';

export * from './rulebook.season.ts';
export * from './rulebook.fees.ts';
export * from './rulebook.validate.ts';
export { RulebookError, type RuleProblem, type RulebookErrorCode } from './rulebook.errors.ts';

function oneOf<T extends string>(list: readonly T[], value: string, code: 'unknown_category' | 'unknown_priority' | 'unknown_profile', what: string): T {
  if (!(list as readonly string[]).includes(value)) {
    throw new RulebookError(code, `unknown ${what} "${value}"; expected one of ${list.join(', ')}`, { [what]: value });
  }
  return value as T;
}

/**
 * Service-time targets for a request. Callers pick the profile: `special` during a declared
 * special period (特殊时期), `coldSnap` during a cold wave. An unknown category, priority or
 * profile is an error: a request must never silently get someone else's deadline. The query
 * takes plain strings (a RequestCategory, Priority, SlaProfile) because they arrive from outside.
 */
export function slaTargets(rules: Rules, q: { category: string; priority: string; profile?: string }): SlaTarget {
  const category = oneOf(REQUEST_CATEGORIES, q.category, 'unknown_category', 'category');
  const priority = oneOf(PRIORITIES, q.priority, 'unknown_priority', 'priority');
  const profile = oneOf(SLA_PROFILES, q.profile ?? 'standard', 'unknown_profile', 'profile');
  return { ...rules.sla.profiles[profile].targets[category][priority] };
}

/** Deadlines of a request opened at an instant, from its targets. */
export function slaDeadlines(
  rules: Rules,
  q: { category: string; priority: string; profile?: string; openedAt: Date },
): { firstResponseBy: Date; onSiteBy: Date; resolveBy: Date } {
  const t = slaTargets(rules, q);
  const at = (minutes: number) => new Date(q.openedAt.getTime() + minutes * 60_000);
  return { firstResponseBy: at(t.firstResponseMinutes), onSiteBy: at(t.onSiteMinutes), resolveBy: at(t.resolveMinutes) };
}

/** What an unplanned stoppage of this many hours obliges the company to do. */
export function outageConsequences(rules: Rules, hours: number): { mustNotify: boolean; reducesFee: boolean } {
  if (!Number.isFinite(hours) || hours < 0) throw new RangeError('outage hours must be a non-negative number');
  return { mustNotify: hours >= rules.outages.notifyAtHours, reducesFee: hours >= rules.outages.reduceAtHours };
}

export type PatrolBoost = 'vacuum' | 'complaintCluster' | 'coldSnap';

/**
 * Minutes between patrols of a station or pipe segment. Several reasons to patrol more often do
 * not multiply (that would send a steward every few minutes); the strongest one applies.
 */
export function patrolIntervalMinutes(rules: Rules, q: { kind: 'station' | 'pipe'; boosts?: PatrolBoost[] }): number {
  const base = rules.patrols.frequencyHours[q.kind] * 60;
  const factor = Math.max(1, ...(q.boosts ?? []).map((b) => rules.patrols.boostFactor[b]));
  return Math.max(1, Math.floor(base / factor));
}

export type ReadingKey = keyof Rules['patrols']['bands'];

/** Whether a station reading is inside its normal band; outside it, the patrol raises a finding. */
export function readingInBand(rules: Rules, key: ReadingKey, value: number): boolean {
  const [min, max] = rules.patrols.bands[key];
  return value >= min && value <= max;
}
