import { sql, type SQL } from 'drizzle-orm';
import { addDays, type BusinessDate } from '../../kernel/business-time.ts';
import type { Clock } from '../../kernel/clock.ts';
import { queryRows, type Db } from '../../kernel/db.ts';
import { seasonByCode, seasonCodeFor } from '../rulebook/index.ts';
import { calendarSql, cityCalendar, type CityDay } from './calendar.ts';
import { modeSql } from './service-mode.ts';
import type { ForecastItem, VacuumNowItem } from './tenure.contract.ts';

/**
 * City-wide questions, answered set-based so they stay fast at 1.3 M households: which compounds
 * are in vacuum now, and which will be soon (the forecast). Household counts and area are
 * aggregated in the same query, only for the compounds that qualify (index on
 * households.building_id), never per compound from JavaScript.
 */
export interface CityScope {
  /** Business date to ask for in every city; default: each city's today by the clock. */
  today?: BusinessDate;
  /** Limit to these branches; null or absent = all. */
  branchIds?: number[] | null;
}

const ids = (list: number[]) => sql.join(list.map((id) => sql`${id}`), sql`, `);
const branchFilter = (branchIds?: number[] | null): SQL =>
  branchIds ? sql`AND c.branch_id IN (${branchIds.length ? ids(branchIds) : sql`NULL`})` : sql``;

/** Households and gross area of the compounds listed by `compoundsSql` (a subquery of compound ids). */
const totalsSql = (compoundsSql: SQL) => sql`
  SELECT bu.compound_id, count(*)::int AS households, COALESCE(sum(h.gross_area_m_2), 0)::float8 AS area
  FROM buildings bu JOIN households h ON h.building_id = bu.id
  WHERE bu.compound_id IN (${compoundsSql})
  GROUP BY bu.compound_id`;

const round2 = (n: number) => Math.round(n * 100) / 100;

/** Seasons a gap starting within the window can fall into or precede, per city. */
function seasonsSql(days: CityDay[], withinDays: number): SQL {
  const rows = days.flatMap((d) => {
    const from = Number(d.today.slice(0, 4)) - 1;
    const to = Number(addDays(d.today, withinDays).slice(0, 4));
    return Array.from({ length: to - from + 1 }, (_, i) => seasonByCode(d.rules, seasonCodeFor(from + i))).map(
      (s) => sql`(${d.city}, ${s.code}, ${s.start}::date, ${s.end}::date)`,
    );
  });
  return sql`(VALUES ${sql.join(rows, sql`, `)}) AS se(city, code, starts_on, ends_on)`;
}

/**
 * Compounds whose current tenure ends within `withinDays` with no successor starting on its end
 * date, ranked by how many days of the coming heating season the gap covers (then by households).
 */
export async function forecast(deps: { db: Db; clock: Clock }, opts: CityScope & { withinDays?: number } = {}): Promise<ForecastItem[]> {
  const withinDays = opts.withinDays ?? 60;
  const days = await cityCalendar(deps.db, deps.clock, opts.today);
  if (!days.length) return [];
  const rows = await queryRows<ForecastItem>(
    deps.db,
    sql`WITH gaps AS (
          SELECT t.id AS tenure_id, t.kind, t.ends_on, t.compound_id, c.name AS compound_name, c.branch_id, b.city,
                 pc.name AS company_name, nxt.starts_on AS successor_starts_on
          FROM ${calendarSql(days)}
          JOIN branches b ON b.city = cal.city
          JOIN compounds c ON c.branch_id = b.id ${branchFilter(opts.branchIds)}
          JOIN tenures t ON t.compound_id = c.id AND t.starts_on <= cal.today
                        AND t.ends_on > cal.today AND t.ends_on <= cal.today + ${withinDays}::int
          LEFT JOIN property_companies pc ON pc.id = t.property_company_id
          LEFT JOIN LATERAL (
            SELECT s.starts_on FROM tenures s WHERE s.compound_id = t.compound_id AND s.starts_on >= t.ends_on
            ORDER BY s.starts_on LIMIT 1) nxt ON true
          WHERE nxt.starts_on IS DISTINCT FROM t.ends_on
        ), totals AS (${totalsSql(sql`SELECT compound_id FROM gaps`)})
        SELECT g.compound_id AS "compoundId", g.compound_name AS "compoundName", g.branch_id AS "branchId",
               g.tenure_id AS "tenureId", g.kind, g.company_name AS "propertyCompanyName", g.ends_on::text AS "endsOn",
               g.successor_starts_on::text AS "successorStartsOn",
               json_build_object('code', se.code, 'start', se.starts_on::text, 'end', se.ends_on::text) AS season,
               GREATEST(0, LEAST(COALESCE(g.successor_starts_on, se.ends_on), se.ends_on) - GREATEST(g.ends_on, se.starts_on))::int AS "seasonDaysInGap",
               COALESCE(tt.households, 0) AS households, COALESCE(tt.area, 0) AS "grossAreaM2"
        FROM gaps g
        CROSS JOIN LATERAL (
          SELECT * FROM ${seasonsSql(days, withinDays)} WHERE se.city = g.city AND se.ends_on > g.ends_on
          ORDER BY se.ends_on LIMIT 1) se
        LEFT JOIN totals tt ON tt.compound_id = g.compound_id
        ORDER BY "seasonDaysInGap" DESC, households DESC, g.ends_on, g.compound_id`,
  );
  return rows.map((r) => ({ ...r, grossAreaM2: round2(r.grossAreaM2) }));
}

/** Compounds in direct service today, with why, since and until when the situation lasts. */
export async function vacuumNow(deps: { db: Db; clock: Clock }, opts: CityScope = {}): Promise<VacuumNowItem[]> {
  const days = await cityCalendar(deps.db, deps.clock, opts.today);
  if (!days.length) return [];
  const m = modeSql('cov');
  const rows = await queryRows<VacuumNowItem>(
    deps.db,
    sql`WITH vac AS (
          SELECT c.id AS compound_id, c.name AS compound_name, c.branch_id, ${m.reason} AS reason,
                 CASE WHEN cov.id IS NULL THEN prev.ends_on ELSE cov.starts_on END AS since,
                 CASE WHEN cov.id IS NULL THEN nxt.starts_on ELSE cov.ends_on END AS until
          FROM ${calendarSql(days)}
          JOIN branches b ON b.city = cal.city
          JOIN compounds c ON c.branch_id = b.id ${branchFilter(opts.branchIds)}
          LEFT JOIN LATERAL (
            SELECT id, kind, collects_as_agent, starts_on, ends_on FROM tenures
            WHERE compound_id = c.id AND starts_on <= cal.today AND (ends_on IS NULL OR ends_on > cal.today)
            LIMIT 1) cov ON true
          LEFT JOIN LATERAL (
            SELECT max(ends_on) AS ends_on FROM tenures WHERE compound_id = c.id AND ends_on <= cal.today) prev ON true
          LEFT JOIN LATERAL (
            SELECT min(starts_on) AS starts_on FROM tenures WHERE compound_id = c.id AND starts_on > cal.today) nxt ON true
          WHERE ${m.mode} = 'direct'
        ), totals AS (${totalsSql(sql`SELECT compound_id FROM vac`)})
        SELECT v.compound_id AS "compoundId", v.compound_name AS "compoundName", v.branch_id AS "branchId", v.reason,
               v.since::text AS since, v.until::text AS until,
               COALESCE(tt.households, 0) AS households, COALESCE(tt.area, 0) AS "grossAreaM2"
        FROM vac v LEFT JOIN totals tt ON tt.compound_id = v.compound_id
        ORDER BY households DESC, v.compound_id`,
  );
  return rows.map((r) => ({ ...r, grossAreaM2: round2(r.grossAreaM2) }));
}
