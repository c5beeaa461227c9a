/**
 * The branch SLA report (issue 6 §9), read in one grouped query. Each request opened in the
 * range gets, per clock, one state:
 *   breached — a breach row exists for that clock (any round): breaches are recorded when they
 *              happen and never recomputed away by later progress;
 *   met      — otherwise, met in the current round;
 *   running  — otherwise (not yet due, or due and not yet swept), unless the request was
 *              cancelled or marked duplicate before meeting it: then it does not count at all.
 * Outcomes: closed (confirmed by anyone, cancelled, duplicate) beside fixed (confirmed by the
 * resident, never reopened), auto-confirmed, and the reopen rate over requests resolved once.
 * Buckets are business dates in the rulebook's time zone; a week is named by its Monday.
 */
import { sql, type SQL } from 'drizzle-orm';
import { addDays, daysBetween, isBusinessDate, startOfBusinessDay } from '../../kernel/business-time.ts';
import { hasRole, scopeIds, type Actor } from '../../kernel/actor.ts';
import { queryRows } from '../../kernel/db.ts';
import type { Deps } from '../../kernel/deps.ts';
import { Forbidden, Invalid } from '../../kernel/errors.ts';
import { timeZoneOf } from '../rulebook/index.ts';
import type { RepairCategory } from './repairs.contract.ts';
import type { SlaFigures, SlaReport, SlaReportQuery } from './sla-report.contract.ts';

/** A season and a bit: longer ranges belong to an export, not a dashboard. */
const MAX_DAYS = 200;
const CITY_DEFAULT = 'zhengzhou';
const list = (ids: number[]) => (ids.length ? sql.join(ids.map((v) => sql`${v}`), sql`, `) : sql`NULL`);

/** Which grids' requests the actor reads: crew leads their crew, grids and branch; office their branch. */
function reachOf(actor: Actor): SQL {
  const branches = scopeIds(actor, 'branch');
  if (hasRole(actor, 'clerk', 'admin')) return branches.length ? sql`se.branch_id IN (${list(branches)})` : sql`true`;
  if (hasRole(actor, 'crew_lead')) {
    return sql`(cr.lead_user_id = ${actor.userId} OR g.id IN (${list(scopeIds(actor, 'grid'))}) OR se.branch_id IN (${list(branches)}))`;
  }
  throw new Forbidden('The SLA report is for crew leads, the business office and admins', 'role_not_allowed', { role: actor.role });
}

function checkRange(q: SlaReportQuery): void {
  const bad = (['from', 'to'] as const).filter((f) => !isBusinessDate(q[f]));
  if (bad.length) throw new Invalid('Not a calendar date', bad.map((field) => ({ field, message: 'must be a real date written YYYY-MM-DD', rule: 'not_a_date' })), 'not_a_date');
  const days = daysBetween(q.from, q.to);
  if (days < 0) throw new Invalid('The range ends before it starts', [{ field: 'to', message: 'must not be before from', rule: 'before_start', params: { start: q.from } }], 'period_empty');
  if (days >= MAX_DAYS) throw new Invalid('The range is too long', [{ field: 'to', message: `at most ${MAX_DAYS} days after from`, rule: 'period_too_long', params: { days: MAX_DAYS } }], 'period_too_long', { days: MAX_DAYS });
}

/** The time zone of the cities in reach (one zone per report; every rulebook city has one). */
async function zoneOf(deps: Deps, reach: SQL): Promise<string> {
  const [row] = await queryRows<{ city: string }>(
    deps.db,
    sql`SELECT min(br.city) AS city FROM grids g JOIN crews cr ON cr.id = g.crew_id JOIN sections se ON se.id = cr.section_id
        JOIN branches br ON br.id = se.branch_id WHERE ${reach}`,
  );
  return timeZoneOf(deps.db, row?.city ?? CITY_DEFAULT);
}

const CLOCK_STATE = (clock: string, metAt: string) => sql.raw(
  `CASE WHEN EXISTS (SELECT 1 FROM request_breaches b WHERE b.request_id = r.id AND b.clock = '${clock}') THEN 'breached'
        WHEN r.${metAt} IS NOT NULL THEN 'met'
        WHEN r.status IN ('cancelled', 'duplicate') THEN 'void' ELSE 'running' END`,
);

interface Row {
  g: number;
  bucket: string | null;
  gridId: number | null;
  gridCode: string | null;
  category: RepairCategory | null;
  requests: number;
  [k: string]: unknown;
}

export async function slaReport(deps: Deps, actor: Actor, q: SlaReportQuery): Promise<SlaReport> {
  const reach = reachOf(actor);
  checkRange(q);
  const bucket = q.bucket ?? 'day';
  const zone = await zoneOf(deps, reach);
  const start = startOfBusinessDay(q.from, zone).toISOString();
  const end = startOfBusinessDay(addDays(q.to, 1), zone).toISOString();
  const day = sql`(r.created_at AT TIME ZONE ${zone})::date`;
  const bucketSql = bucket === 'week' ? sql`date_trunc('week', ${day})::date` : day;
  const counts = ['first_response', 'on_site', 'resolve'].flatMap((c) =>
    ['met', 'breached', 'running'].map((s) => sql`count(*) FILTER (WHERE ${sql.raw(`${c === 'first_response' ? 'fr' : c === 'on_site' ? 'os' : 'rs'}`)} = ${s})::int AS ${sql.raw(`"${c}.${s}"`)}`),
  );
  const rows = await queryRows<Row>(
    deps.db,
    sql`WITH base AS (
          SELECT to_char(${bucketSql}, 'YYYY-MM-DD') AS bucket, r.grid_id AS "gridId", g.code AS "gridCode", r.category,
                 ${CLOCK_STATE('first_response', 'responded_at')} AS fr, ${CLOCK_STATE('on_site', 'on_site_at')} AS os,
                 ${CLOCK_STATE('resolve', 'resolved_at')} AS rs,
                 r.status IN ('confirmed', 'cancelled', 'duplicate') AS closed,
                 r.status = 'confirmed' AND EXISTS (SELECT 1 FROM request_events e WHERE e.request_id = r.id AND e.kind = 'auto_confirmed') AS auto,
                 r.round > 0 AS reopened, (r.resolved_at IS NOT NULL OR r.round > 0) AS resolved_once, r.status = 'confirmed' AS confirmed
          FROM repair_requests r JOIN grids g ON g.id = r.grid_id JOIN crews cr ON cr.id = g.crew_id JOIN sections se ON se.id = cr.section_id
          WHERE ${reach} AND r.created_at >= ${start}::timestamptz AND r.created_at < ${end}::timestamptz
                ${q.gridId === undefined ? sql`` : sql`AND r.grid_id = ${q.gridId}`})
        SELECT GROUPING(bucket, "gridId", "gridCode", category)::int AS g, bucket, "gridId", "gridCode", category,
               count(*)::int AS requests, ${sql.join(counts, sql`, `)},
               count(*) FILTER (WHERE closed)::int AS closed,
               count(*) FILTER (WHERE confirmed AND NOT auto AND NOT reopened)::int AS fixed,
               count(*) FILTER (WHERE auto)::int AS "autoConfirmed",
               count(*) FILTER (WHERE resolved_once)::int AS "resolvedOnce",
               count(*) FILTER (WHERE reopened)::int AS reopened
        FROM base GROUP BY GROUPING SETS ((bucket), ("gridId", "gridCode"), (category), ())`,
  );
  const total = rows.find((r) => r.bucket === null && r.gridId === null && r.category === null && r.g === 15);
  const byBucket = new Map(rows.filter((r) => r.bucket !== null).map((r) => [r.bucket!, figures(r)]));
  return {
    from: q.from,
    to: q.to,
    bucket,
    timeZone: zone,
    total: total ? figures(total) : figures({ requests: 0 }),
    overTime: bucketsOf(q.from, q.to, bucket).map((b) => ({ bucket: b, ...(byBucket.get(b) ?? figures({ requests: 0 })) })),
    byGrid: rows
      .filter((r) => r.gridId !== null)
      .map((r) => ({ gridId: r.gridId!, gridCode: r.gridCode!, ...figures(r) }))
      .sort((a, b) => a.gridCode.localeCompare(b.gridCode)),
    byCategory: rows.filter((r) => r.category !== null).map((r) => ({ category: r.category!, ...figures(r) })),
  };
}

function figures(r: Partial<Row> & { requests: number }): SlaFigures {
  const n = (k: string) => Number(r[k] ?? 0);
  const clock = (c: string) => ({ met: n(`${c}.met`), breached: n(`${c}.breached`), running: n(`${c}.running`) });
  const resolvedOnce = n('resolvedOnce');
  const reopened = n('reopened');
  return {
    requests: r.requests,
    clocks: { first_response: clock('first_response'), on_site: clock('on_site'), resolve: clock('resolve') },
    closed: n('closed'),
    fixed: n('fixed'),
    autoConfirmed: n('autoConfirmed'),
    resolvedOnce,
    reopened,
    reopenRate: resolvedOnce === 0 ? null : Math.round((reopened / resolvedOnce) * 10_000) / 10_000,
  };
}

/** Every day (or Monday) from `from` to `to`, so quiet days show as zero rather than vanish. */
function bucketsOf(from: string, to: string, bucket: 'day' | 'week'): string[] {
  const out: string[] = [];
  if (bucket === 'day') {
    for (let d = from; d <= to; d = addDays(d, 1)) out.push(d);
    return out;
  }
  // Monday of the week `from` falls in: 2026-11-16 is a Monday.
  const offset = ((daysBetween('2026-11-16', from) % 7) + 7) % 7;
  for (let d = addDays(from, -offset); d <= to; d = addDays(d, 7)) out.push(d);
  return out;
}

