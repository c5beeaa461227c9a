/**
 * The three SLA clocks of a request, as pure functions over its row. Due times are fixed from
 * the rulebook when a round starts; waiting pauses the clocks still running by moving their
 * due times by the length of the pause, so "how late" is always measured in working time.
 */
import { sql } from 'drizzle-orm';
import type { ClockName } from './repairs.contract.ts';

export interface ClockColumns {
  firstResponseDueAt: Date;
  onSiteDueAt: Date;
  resolveDueAt: Date;
  respondedAt: Date | null;
  onSiteAt: Date | null;
  resolvedAt: Date | null;
}

export interface ClockState {
  name: ClockName;
  dueAt: Date;
  metAt: Date | null;
}

export function clocksOf(r: ClockColumns): ClockState[] {
  return [
    { name: 'first_response', dueAt: r.firstResponseDueAt, metAt: r.respondedAt },
    { name: 'on_site', dueAt: r.onSiteDueAt, metAt: r.onSiteAt },
    { name: 'resolve', dueAt: r.resolveDueAt, metAt: r.resolvedAt },
  ];
}

/** A clock is breached when met after its due time, or still unmet after it. */
export function isBreached(c: ClockState, now: Date): boolean {
  return (c.metAt ?? now).getTime() > c.dueAt.getTime();
}

/** New due times after a pause of `pausedMs`: only clocks not yet met move. */
export function shiftUnmet(r: ClockColumns, pausedMs: number): Pick<ClockColumns, 'firstResponseDueAt' | 'onSiteDueAt' | 'resolveDueAt'> {
  const move = (due: Date, met: Date | null) => (met ? due : new Date(due.getTime() + pausedMs));
  return {
    firstResponseDueAt: move(r.firstResponseDueAt, r.respondedAt),
    onSiteDueAt: move(r.onSiteDueAt, r.onSiteAt),
    resolveDueAt: move(r.resolveDueAt, r.resolvedAt),
  };
}

/** SQL for the due time of the first clock still running (queue order); `r` is the alias. */
export function nextDueSql(r: string) {
  const a = sql.raw(r);
  return sql`CASE WHEN ${a}.status NOT IN ('submitted', 'accepted', 'on_site', 'reopened') THEN NULL
                  WHEN ${a}.responded_at IS NULL THEN ${a}.first_response_due_at
                  WHEN ${a}.on_site_at IS NULL THEN ${a}.on_site_due_at
                  ELSE ${a}.resolve_due_at END`;
}

/** The three clocks of `r` as rows (clock, due, met), for joins. */
export const CLOCK_ROWS = sql`(VALUES ('first_response', r.first_response_due_at, r.responded_at),
                               ('on_site', r.on_site_due_at, r.on_site_at),
                               ('resolve', r.resolve_due_at, r.resolved_at)) AS c(clock, due_at, met_at)`;
export const RUNNING = sql`r.status IN ('submitted', 'accepted', 'on_site', 'reopened')`;
