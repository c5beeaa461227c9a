import { sql, type SQL } from 'drizzle-orm';
import type { BusinessDate } from '../../kernel/business-time.ts';
import type { SERVICE_MODE_REASONS, SERVICE_MODES, TENURE_KINDS } from './tenure.schema.ts';

/**
 * The vacuum switch as pure functions over a compound's tenures. A compound is served in `agent`
 * mode only while a contracted property company in tenure collects fees as agent; in every other
 * case (no company, only an emergency manager, owners' committee, a company that does not
 * collect) the heating company serves its residents `direct`ly. Dates are 'YYYY-MM-DD' strings,
 * which order correctly as text; intervals are half-open [start, end).
 */
export type ServiceMode = (typeof SERVICE_MODES)[number];
export type ModeReason = (typeof SERVICE_MODE_REASONS)[number];
export type TenureKind = (typeof TENURE_KINDS)[number];

export interface TenureSpan {
  id: number;
  kind: TenureKind;
  startsOn: BusinessDate;
  endsOn: BusinessDate | null;
  collectsAsAgent: boolean;
}

export interface ModeState {
  mode: ServiceMode;
  reason: ModeReason;
}

export function modeOfTenure(tenure: TenureSpan | undefined): ModeState {
  if (!tenure) return { mode: 'direct', reason: 'no_company' };
  if (tenure.kind === 'emergency') return { mode: 'direct', reason: 'emergency_manager' };
  if (tenure.kind === 'owners_committee') return { mode: 'direct', reason: 'owners_committee' };
  return tenure.collectsAsAgent ? { mode: 'agent', reason: 'contracted_agent' } : { mode: 'direct', reason: 'company_not_collecting' };
}

/**
 * The same decision in SQL for set-based queries (dashboard, daily job), given the alias of a
 * LEFT JOINed tenure row that covers the date (all columns NULL when none does). Keep it in step
 * with modeOfTenure above: the module tests compare both on every kind.
 */
export function modeSql(t: string): { mode: SQL; reason: SQL } {
  const a = sql.raw(t);
  return {
    mode: sql`CASE WHEN ${a}.kind = 'contracted' AND ${a}.collects_as_agent THEN 'agent' ELSE 'direct' END`,
    reason: sql`CASE WHEN ${a}.id IS NULL THEN 'no_company'
                     WHEN ${a}.kind = 'emergency' THEN 'emergency_manager'
                     WHEN ${a}.kind = 'owners_committee' THEN 'owners_committee'
                     WHEN ${a}.collects_as_agent THEN 'contracted_agent'
                     ELSE 'company_not_collecting' END`,
  };
}

export function covers(t: { startsOn: BusinessDate; endsOn: BusinessDate | null }, date: BusinessDate): boolean {
  return t.startsOn <= date && (t.endsOn === null || date < t.endsOn);
}

export function tenureOn<T extends TenureSpan>(tenures: readonly T[], date: BusinessDate): T | undefined {
  return tenures.find((t) => covers(t, date));
}

export interface ModeSegment extends ModeState {
  start: BusinessDate;
  end: BusinessDate;
  tenureId: number | null;
}

/** The compound's modes over [from, to), one segment per tenure and per gap between tenures. */
export function modeSegments(tenures: readonly TenureSpan[], from: BusinessDate, to: BusinessDate): ModeSegment[] {
  const segments: ModeSegment[] = [];
  let cursor = from;
  const relevant = [...tenures]
    .filter((t) => t.startsOn < to && (t.endsOn === null || t.endsOn > from))
    .sort((a, b) => (a.startsOn < b.startsOn ? -1 : 1));
  for (const t of relevant) {
    if (t.startsOn > cursor) segments.push({ start: cursor, end: t.startsOn, tenureId: null, ...modeOfTenure(undefined) });
    const end = t.endsOn === null || t.endsOn > to ? to : t.endsOn;
    segments.push({ start: t.startsOn > cursor ? t.startsOn : cursor, end, tenureId: t.id, ...modeOfTenure(t) });
    cursor = end;
  }
  if (cursor < to) segments.push({ start: cursor, end: to, tenureId: null, ...modeOfTenure(undefined) });
  return segments;
}

export interface ModeEventLike {
  effectiveOn: BusinessDate;
  fromMode: ServiceMode | null;
  toMode: ServiceMode;
  reason: ModeReason;
}

/** The mode the recorded events announce for a date: the latest event in force (see the schema). */
export function announcedMode(events: readonly ModeEventLike[], date: BusinessDate): ServiceMode | null {
  let found: ModeEventLike | undefined;
  for (const e of events) if (e.effectiveOn <= date && (!found || e.effectiveOn >= found.effectiveOn)) found = e;
  return found?.toMode ?? null;
}

/**
 * The events to append so that the recorded events (in id order) announce exactly the tenures'
 * modes from `today` on. Past dates are history and are left alone. Checking each date where
 * either side can change is enough: both are constant in between.
 */
export function modeEventsToRecord(
  events: readonly ModeEventLike[],
  tenures: readonly TenureSpan[],
  today: BusinessDate,
): ModeEventLike[] {
  const dates = new Set<BusinessDate>([today]);
  for (const t of tenures) for (const d of [t.startsOn, t.endsOn]) if (d !== null && d > today) dates.add(d);
  for (const e of events) if (e.effectiveOn > today) dates.add(e.effectiveOn);
  const added: ModeEventLike[] = [];
  for (const date of [...dates].sort()) {
    const actual = modeOfTenure(tenureOn(tenures, date));
    const announced = announcedMode([...events, ...added], date);
    if (announced !== actual.mode) added.push({ effectiveOn: date, fromMode: announced, toMode: actual.mode, reason: actual.reason });
  }
  return added;
}
