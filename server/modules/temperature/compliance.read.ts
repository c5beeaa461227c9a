/**
 * The compliance picture: per building, compound, station or grid — recent readings, open
 * complaints, households below standard now and days below standard this season. One set-based
 * statement per request (the city has 1.3 M households and millions of readings): households are
 * grouped once, the small tables (complaints, periods) and the recent slice of readings are
 * joined to that grouping by hash, never looked up household by household.
 */
import { sql, type SQL } from 'drizzle-orm';
import { hasRole, type Actor } from '../../kernel/actor.ts';
import { addDays, businessDate, startOfBusinessDay } from '../../kernel/business-time.ts';
import { queryRows } from '../../kernel/db.ts';
import type { Deps } from '../../kernel/deps.ts';
import { Forbidden } from '../../kernel/errors.ts';
import { placeVisible, reachOf } from '../registry/index.ts';
import { defaultCityCode, rulesFor, seasonByCode, seasonCodeFor, type Rules, type Season } from '../rulebook/index.ts';
import type { ComplianceLevel, CompliancePicture, ComplianceQuery, ComplianceRow, SeasonChart } from './compliance.contract.ts';

const UNIT: Record<ComplianceLevel, { id: SQL; name: SQL; join: SQL }> = {
  building: { id: sql`b.id`, name: sql`concat_ws(' ', c.name, b.name)`, join: sql`` },
  compound: { id: sql`c.id`, name: sql`c.name`, join: sql`` },
  station: { id: sql`b.station_id`, name: sql`concat_ws(' ', st.code, st.name)`, join: sql`JOIN stations st ON st.id = b.station_id` },
  grid: { id: sql`b.grid_id`, name: sql`concat_ws(' ', g.code, g.name)`, join: sql`JOIN grids g ON g.id = b.grid_id` },
};

function staffOnly(actor: Actor): void {
  if (!hasRole(actor, 'steward', 'crew_lead', 'clerk', 'dispatcher', 'liaison', 'admin')) throw new Forbidden('The compliance picture is for staff and community liaisons', 'staff_only');
}

async function seasonNow(deps: Deps, city: string, code?: string): Promise<{ rules: Rules; season: Season; today: string }> {
  const now = deps.clock.now();
  const { rules } = await rulesFor(deps.db, city, now);
  const today = businessDate(now, rules.city.timeZone);
  const year = Number(today.slice(0, 4));
  const thisYear = seasonByCode(rules, seasonCodeFor(year));
  const season = code ? seasonByCode(rules, code) : thisYear.start <= today ? thisYear : seasonByCode(rules, seasonCodeFor(year - 1));
  return { rules, season, today };
}

/**
 * Buildings of the actor's reach in the city, with the unit they count in. Every scope (branch,
 * community, compound, grid) and every unit is a property of the building, so the picture groups
 * ≈ 14,000 buildings rather than 1.3 M households; households are only counted per building.
 */
function unitsSql(actor: Actor, city: string, level: ComplianceLevel): SQL {
  const visible = placeVisible(reachOf(actor), { branchId: sql`c.branch_id`, communityId: sql`c.community_id`, compoundId: sql`c.id`, gridId: sql`b.grid_id` });
  return sql`SELECT b.id AS building_id, ${UNIT[level].id} AS unit_id
             FROM buildings b JOIN compounds c ON c.id = b.compound_id JOIN branches br ON br.id = c.branch_id
             WHERE br.city = ${city} AND ${UNIT[level].id} IS NOT NULL ${visible ? sql`AND ${visible}` : sql``}`;
}

type PictureRow = Omit<ComplianceRow, 'colour'> & { totalHouseholds: number; totalComplaints: number; totalOpenPeriods: number; totalDays: number };

export async function compliancePicture(deps: Deps, actor: Actor, q: ComplianceQuery): Promise<CompliancePicture> {
  staffOnly(actor);
  const level = q.level ?? 'compound';
  const city = q.city ?? defaultCityCode;
  const { rules, season, today } = await seasonNow(deps, city);
  const now = deps.clock.now().toISOString();
  // "Latest readings" are the rulebook's last days' readings: older ones say nothing about the room today.
  const recentDays = rules.temperature.compliance.recentDays;
  const since = startOfBusinessDay(addDays(today, -recentDays), rules.city.timeZone).toISOString();
  const until = today < season.end ? today : season.end;
  const standardC = rules.temperature.standardC;
  const u = UNIT[level];
  // One statement: the totals are window sums over every unit, taken before the row limit.
  const rows = await queryRows<PictureRow>(
    deps.db,
    sql`WITH bu AS MATERIALIZED (${unitsSql(actor, city, level)}),
        hh AS (SELECT bu.unit_id, sum(hc.n)::int AS n
               FROM (SELECT building_id, count(*) AS n FROM households GROUP BY building_id) hc JOIN bu ON bu.building_id = hc.building_id
               GROUP BY bu.unit_id),
        rd AS (SELECT bu.unit_id, avg(x.c) AS mean_c, min(x.c) AS min_c, count(*)::int AS n
               FROM (SELECT household_id, celsius AS c FROM temperature_readings WHERE measured_at >= ${since}::timestamptz
                     UNION ALL SELECT household_id, result_c FROM official_measurements WHERE measured_at >= ${since}::timestamptz) x
               JOIN households h ON h.id = x.household_id JOIN bu ON bu.building_id = h.building_id GROUP BY bu.unit_id),
        cp AS (SELECT bu.unit_id, count(*)::int AS n, count(*) FILTER (WHERE t.measure_due_at < ${now}::timestamptz)::int AS overdue
               FROM temperature_complaints t JOIN bu ON bu.building_id = t.building_id WHERE t.status = 'open' GROUP BY bu.unit_id),
        pd AS (SELECT bu.unit_id, count(*) FILTER (WHERE p.ends_on IS NULL)::int AS open_n,
                      sum(GREATEST(0, LEAST(COALESCE(p.ends_on, ${until}::date), ${until}::date) - GREATEST(p.starts_on, ${season.start}::date)))::int AS days
               FROM noncompliance_periods p JOIN households h ON h.id = p.household_id JOIN bu ON bu.building_id = h.building_id
               WHERE p.season = ${season.code} GROUP BY bu.unit_id),
        names AS (SELECT DISTINCT ON (${u.id}) ${u.id} AS unit_id, ${u.name} AS name
                  FROM buildings b JOIN compounds c ON c.id = b.compound_id ${u.join}
                  WHERE ${u.id} IN (SELECT unit_id FROM hh))
        SELECT hh.unit_id AS "unitId", names.name, hh.n AS households, COALESCE(rd.n, 0) AS "recentReadings",
               round(rd.mean_c::numeric, 1)::float8 AS "recentMeanC", rd.min_c AS "recentMinC",
               COALESCE(cp.n, 0) AS "openComplaints", COALESCE(cp.overdue, 0) AS "overdueComplaints",
               COALESCE(pd.open_n, 0) AS "openPeriods", COALESCE(pd.days, 0) AS "daysBelowStandard",
               (sum(hh.n) OVER ())::int AS "totalHouseholds", (sum(COALESCE(cp.n, 0)) OVER ())::int AS "totalComplaints",
               (sum(COALESCE(pd.open_n, 0)) OVER ())::int AS "totalOpenPeriods", (sum(COALESCE(pd.days, 0)) OVER ())::int AS "totalDays"
        FROM hh JOIN names ON names.unit_id = hh.unit_id
        LEFT JOIN rd ON rd.unit_id = hh.unit_id LEFT JOIN cp ON cp.unit_id = hh.unit_id LEFT JOIN pd ON pd.unit_id = hh.unit_id
        ORDER BY COALESCE(pd.open_n, 0) DESC, COALESCE(cp.n, 0) DESC, COALESCE(pd.days, 0) DESC, rd.mean_c NULLS LAST, hh.unit_id
        LIMIT ${q.limit ?? 200}`,
  );
  const first = rows[0];
  return {
    level,
    season: season.code,
    standardC,
    recentDays,
    totals: {
      households: first?.totalHouseholds ?? 0,
      openComplaints: first?.totalComplaints ?? 0,
      openPeriods: first?.totalOpenPeriods ?? 0,
      daysBelowStandard: first?.totalDays ?? 0,
    },
    rows: rows.map(({ totalHouseholds: _h, totalComplaints: _c, totalOpenPeriods: _p, totalDays: _d, ...r }) => ({
      ...r,
      colour: r.openPeriods > 0 || (r.recentMeanC !== null && r.recentMeanC < standardC) ? 'red' : r.openComplaints > 0 ? 'amber' : 'green',
    })),
  };
}

/** Mean measured indoor temperature per day of the season beside the outdoor daily mean. */
export async function seasonChart(deps: Deps, actor: Actor, q: { city?: string | undefined; season?: string | undefined }): Promise<SeasonChart> {
  staffOnly(actor);
  const city = q.city ?? defaultCityCode;
  const { rules, season, today } = await seasonNow(deps, city, q.season);
  const tz = rules.city.timeZone;
  const from = season.startsAt.toISOString();
  const to = (today < season.end ? startOfBusinessDay(addDays(today, 1), tz) : season.endsAt).toISOString();
  const visible = placeVisible(reachOf(actor), { branchId: sql`c.branch_id`, communityId: sql`c.community_id`, compoundId: sql`c.id`, gridId: sql`b.grid_id` });
  const scope = sql`JOIN households h ON h.id = x.household_id JOIN buildings b ON b.id = h.building_id JOIN compounds c ON c.id = b.compound_id
                    JOIN branches br ON br.id = c.branch_id WHERE br.city = ${city} ${visible ? sql`AND ${visible}` : sql``}`;
  const days = await queryRows<SeasonChart['days'][number]>(
    deps.db,
    sql`WITH indoor AS (
          SELECT (x.at AT TIME ZONE ${tz})::date AS day, avg(x.c) AS c, count(*)::int AS n
          FROM (SELECT household_id, measured_at AS at, celsius AS c FROM temperature_readings WHERE measured_at >= ${from}::timestamptz AND measured_at < ${to}::timestamptz
                UNION ALL SELECT household_id, measured_at, result_c FROM official_measurements WHERE measured_at >= ${from}::timestamptz AND measured_at < ${to}::timestamptz) x
          ${scope} GROUP BY 1),
        outdoor AS (SELECT x.measured_on AS day, avg(x.outdoor_mean_c) AS c FROM official_measurements x ${scope}
                    AND x.measured_on >= ${season.start}::date AND x.measured_on < ${season.end}::date GROUP BY 1)
        SELECT COALESCE(i.day, o.day)::text AS day, round(i.c::numeric, 1)::float8 AS "indoorMeanC", round(o.c::numeric, 1)::float8 AS "outdoorMeanC", COALESCE(i.n, 0) AS readings
        FROM indoor i FULL JOIN outdoor o ON o.day = i.day ORDER BY 1`,
  );
  return { season: season.code, standardC: rules.temperature.standardC, designOutdoorC: rules.temperature.exemptions.designOutdoorC, days };
}
