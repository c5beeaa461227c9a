/**
 * "第一时间发现、第一时间响应、第一时间处理", measured: for the repair requests of a special
 * period's households opened within it, the minutes from the report to
 *   discover — the first time someone accepted it (the first_response clock),
 *   respond  — the first arrival on site (on_site clock),
 *   handle   — the first resolution (resolve clock),
 * with median, p90, how many reached each step, how many have not yet, and breaches of the
 * matching SLA clock (any round). Times are taken from the request's timeline (first event into
 * the state), so a reopened request keeps its first answer; waiting is not subtracted — these
 * are the minutes the household waited. Read-only SQL over the repairs tables: the repairs module
 * owns them, linkage only reads.
 */
import { sql } from 'drizzle-orm';
import type { Actor } from '../../kernel/actor.ts';
import { addDays, startOfBusinessDay } from '../../kernel/business-time.ts';
import { queryRows } from '../../kernel/db.ts';
import type { Deps } from '../../kernel/deps.ts';
import { timeZoneOf, todayIn } from '../rulebook/index.ts';
import { PERIOD_MEASURES, type MeasureFigures, type PeriodMetrics } from './emergency.contract.ts';
import { loadPeriod, view } from './special-periods.service.ts';

const CLOCK_OF = { discover: 'first_response', respond: 'on_site', handle: 'resolve' } as const;
const STATE_OF = { discover: 'accepted', respond: 'on_site', handle: 'resolved' } as const;

export async function periodMetrics(deps: Deps, actor: Actor, id: number): Promise<PeriodMetrics> {
  const p = await loadPeriod(deps, actor, id);
  const zone = await timeZoneOf(deps.db, p.city);
  const today = await todayIn(deps.db, deps.clock, p.city);
  const from = startOfBusinessDay(p.startsOn, zone).toISOString();
  const to = startOfBusinessDay(p.endsOn, zone).toISOString();
  const place = p.placeKind === 'compound' ? sql`c.id = ${p.placeId}` : sql`c.community_id = ${p.placeId}`;
  const minutes = (m: keyof typeof STATE_OF) => sql.raw(`extract(epoch FROM ${m}_at - created_at) / 60`);
  const figures = PERIOD_MEASURES.flatMap((m) => [
    sql`count(${sql.raw(`${m}_at`)})::int AS ${sql.raw(`"${m}.reached"`)}`,
    sql`(percentile_cont(0.5) WITHIN GROUP (ORDER BY ${minutes(m)}))::float8 AS ${sql.raw(`"${m}.median"`)}`,
    sql`(percentile_cont(0.9) WITHIN GROUP (ORDER BY ${minutes(m)}))::float8 AS ${sql.raw(`"${m}.p90"`)}`,
    sql`count(*) FILTER (WHERE ${sql.raw(`${m}_breached`)})::int AS ${sql.raw(`"${m}.breaches"`)}`,
  ]);
  const [row] = await queryRows<Record<string, number | null>>(
    deps.db,
    sql`WITH req AS (
          SELECT r.id, r.created_at,
                 ${sql.join(PERIOD_MEASURES.map((m) => sql`(SELECT min(e.at) FROM request_events e WHERE e.request_id = r.id AND e.to_status = ${STATE_OF[m]}) AS ${sql.raw(`${m}_at`)}`), sql`, `)},
                 ${sql.join(PERIOD_MEASURES.map((m) => sql`EXISTS (SELECT 1 FROM request_breaches b WHERE b.request_id = r.id AND b.clock = ${CLOCK_OF[m]}) AS ${sql.raw(`${m}_breached`)}`), sql`, `)}
          FROM repair_requests r JOIN buildings bu ON bu.id = r.building_id JOIN compounds c ON c.id = bu.compound_id
          WHERE ${place} AND r.created_at >= ${from}::timestamptz AND r.created_at < ${to}::timestamptz)
        SELECT count(*)::int AS requests, ${sql.join(figures, sql`, `)},
               (SELECT count(*)::int FROM households h JOIN buildings bu ON bu.id = h.building_id JOIN compounds c ON c.id = bu.compound_id WHERE ${place}) AS households
        FROM req`,
  );
  const days = await queryRows<{ date: string; requests: number }>(
    deps.db,
    sql`SELECT to_char((r.created_at AT TIME ZONE ${zone})::date, 'YYYY-MM-DD') AS date, count(*)::int AS requests
        FROM repair_requests r JOIN buildings bu ON bu.id = r.building_id JOIN compounds c ON c.id = bu.compound_id
        WHERE ${place} AND r.created_at >= ${from}::timestamptz AND r.created_at < ${to}::timestamptz GROUP BY 1`,
  );
  const byDay = new Map(days.map((d) => [d.date, d.requests]));
  const perDay: PeriodMetrics['perDay'] = [];
  const last = p.endsOn <= today ? addDays(p.endsOn, -1) : today;
  for (let d = p.startsOn; d <= last && perDay.length < 400; d = addDays(d, 1)) perDay.push({ date: d, requests: byDay.get(d) ?? 0 });
  const requests = row!.requests ?? 0;
  const round = (v: number | null | undefined) => (v === null || v === undefined ? null : Math.round(v * 10) / 10);
  const measure = (m: (typeof PERIOD_MEASURES)[number]): MeasureFigures => {
    const reached = row![`${m}.reached`] ?? 0;
    return { reached, pending: requests - reached, medianMinutes: round(row![`${m}.median`]), p90Minutes: round(row![`${m}.p90`]), breaches: row![`${m}.breaches`] ?? 0 };
  };
  return {
    period: view(p, today),
    timeZone: zone,
    households: row!.households ?? 0,
    requests,
    measures: { discover: measure('discover'), respond: measure('respond'), handle: measure('handle') },
    perDay,
  };
}
