/**
 * The temperature benchmarks' city: the 1.3 M-household benchmark city (BENCH_CITY_DB names a
 * copy of one's own: this writes to it) brought to Zhengzhou's 2,876 heat-exchange stations and
 * given one season of temperature data, all generated set-based in SQL:
 *   - stations: the demo generator makes one per compound (≈ 600); the city's buildings are split
 *     into 2,876 contiguous groups by branch and compound, one station each (≈ 5 buildings);
 *   - ≥ 2,000,000 residents' readings spread over the season so far (every household 1–2);
 *   - complaints from 2 % of households, each measured officially 5 hours later; half below the
 *     standard (a non-compliance period), two thirds of those re-measured compliant 2–6 days later;
 *   - a bill of the season for each household with a period (a fixture row, so the settlement's
 *     credit notes have a bill to reduce; the bill run itself is bench:bills').
 * Idempotent: each step runs only when its rows are missing.
 */
import { sql } from 'drizzle-orm';
import { migrateDatabase, openPostgres, queryRows, type Database } from '../server/kernel/db.ts';
import { benchCity } from './city.ts';

export const SEASON = '2026-27';
export const STATIONS = 2_876;
export const READINGS = 2_000_000;
/** Shanghai midnight of 15 Nov 2026, the season's first instant. */
const SEASON_START = '2026-11-14T16:00:00Z';

async function count(database: Database, query: ReturnType<typeof sql>): Promise<number> {
  const [row] = await queryRows<{ n: number }>(database.db, query);
  return Number(row?.n ?? 0);
}

async function step(name: string, run: () => Promise<unknown>): Promise<void> {
  const started = performance.now();
  await run();
  console.log(`  ${name}: ${((performance.now() - started) / 1000).toFixed(1)} s`);
}

export async function temperatureCity(): Promise<{ url: string; database: Database }> {
  const url = await benchCity();
  const database = openPostgres(url, 4);
  await migrateDatabase(database);
  const db = database.db;
  console.log('preparing the temperature data of the benchmark city');

  if ((await count(database, sql`SELECT count(*) AS n FROM stations`)) < STATIONS) {
    await step(`stations to ${STATIONS}`, async () => {
      await db.execute(sql`
        INSERT INTO stations (branch_id, code, name)
        SELECT (SELECT id FROM branches ORDER BY id LIMIT 1), 'HRZ-B-' || lpad(k::text, 4, '0'), '扩建换热站' || k
        FROM generate_series(1, ${STATIONS} - (SELECT count(*) FROM stations)) AS k`);
      await db.execute(sql`
        WITH ranked AS (SELECT b.id, row_number() OVER (ORDER BY c.branch_id, b.compound_id, b.id) - 1 AS rn, count(*) OVER () AS total
                        FROM buildings b JOIN compounds c ON c.id = b.compound_id),
             st AS (SELECT id, row_number() OVER (ORDER BY id) - 1 AS sn FROM stations)
        UPDATE buildings b SET station_id = st.id FROM ranked, st
        WHERE ranked.id = b.id AND st.sn = ranked.rn * ${STATIONS} / ranked.total`);
      // A station belongs to the branch of the buildings it feeds.
      await db.execute(sql`
        UPDATE stations s SET branch_id = x.branch_id
        FROM (SELECT DISTINCT ON (b.station_id) b.station_id, c.branch_id FROM buildings b JOIN compounds c ON c.id = b.compound_id ORDER BY b.station_id, b.id) x
        WHERE x.station_id = s.id AND s.branch_id <> x.branch_id`);
    });
  }

  if ((await count(database, sql`SELECT count(*) AS n FROM temperature_readings`)) < READINGS) {
    await step('residents’ readings', async () => {
      await db.execute(sql`TRUNCATE temperature_readings CASCADE`);
      await db.execute(sql`
        INSERT INTO temperature_readings (household_id, room, celsius, measured_at, reported_by, created_at)
        SELECT h.id, CASE WHEN k = 1 THEN 'bedroom' ELSE 'living_room' END,
               round((16.0 + ((h.id::bigint * 2654435761 + k * 97) % 70) / 10.0)::numeric, 1)::float8,
               ${SEASON_START}::timestamptz + ((h.id::bigint * 40503 + k * 7919) % 1000) / 1000.0 * (now() - ${SEASON_START}::timestamptz),
               (SELECT id FROM users WHERE username = 'admin'), now()
        FROM households h CROSS JOIN generate_series(1, 2) AS k
        WHERE k = 1 OR h.id % 10 < 6`);
    });
  }

  if ((await count(database, sql`SELECT count(*) AS n FROM temperature_complaints`)) === 0) {
    await step('complaints, findings and periods', async () => {
      await db.execute(sql`
        INSERT INTO temperature_instruments (branch_id, serial_no, model, accuracy_c, calibrated_on, calibration_due_on, created_at)
        SELECT id, 'TI-BENCH-' || id, '精密数字温度计', 0.3, '2026-09-01', '2027-08-31', now() FROM branches
        ON CONFLICT DO NOTHING`);
      await db.execute(sql`
        INSERT INTO temperature_complaints (household_id, building_id, grid_id, station_id, city, self_check, status, assignee_user_id, opened_by,
                                            opened_at, request_day, measure_due_at, measured_at)
        SELECT h.id, b.id, b.grid_id, b.station_id, br.city, '{"airBled":true,"valveOpen":true,"radiatorUncovered":true,"windowsClosed":true}'::jsonb,
               'measured', (SELECT id FROM users WHERE username = 'steward'), (SELECT id FROM users WHERE username = 'admin'),
               x.at, (x.at AT TIME ZONE 'Asia/Shanghai')::date, x.at + interval '12 hours', x.at + interval '5 hours'
        FROM households h JOIN buildings b ON b.id = h.building_id JOIN compounds c ON c.id = b.compound_id JOIN branches br ON br.id = c.branch_id
        CROSS JOIN LATERAL (SELECT ${SEASON_START}::timestamptz + ((h.id::bigint * 7919) % 1000) / 1000.0 * (now() - interval '6 hours' - ${SEASON_START}::timestamptz) AS at) x
        WHERE h.id % 50 = 7`);
      const finding = (when: ReturnType<typeof sql>, celsius: ReturnType<typeof sql>, outcome: string, tier: ReturnType<typeof sql>) => sql`
        INSERT INTO official_measurements (household_id, complaint_id, grid_id, city, rulebook_version_id, steward_user_id, instrument_id, measured_at, measured_on,
                                           outdoor_mean_c, doors_windows_closed, user_faults, resident_acknowledged, rooms, result_c, outcome, tier_percent, created_at)
        SELECT t.household_id, t.id, t.grid_id, t.city, (SELECT id FROM rulebook_versions WHERE city = t.city ORDER BY id DESC LIMIT 1), t.assignee_user_id,
               (SELECT i.id FROM temperature_instruments i WHERE i.serial_no LIKE 'TI-BENCH-%' ORDER BY i.id LIMIT 1), ${when}, (${when} AT TIME ZONE 'Asia/Shanghai')::date,
               1.5, true, '[]'::jsonb, true, jsonb_build_array(jsonb_build_object('room', 'bedroom', 'areaM2', 12, 'meanC', ${celsius}, 'points', '[]'::jsonb)),
               ${celsius}, ${outcome}, ${tier}, now()
        FROM temperature_complaints t`;
      // The first finding: below the standard for half the complaints (14–18 °C: half the fee; a few < 14 °C: all of it).
      await db.execute(sql`${finding(sql`t.measured_at`, sql`(CASE WHEN t.household_id / 50 % 2 = 0 THEN 13.5 + (t.household_id / 100 % 45) / 10.0 ELSE 18.5 END)::float8`, 'compliant', sql`0`)}`);
      await db.execute(sql`
        UPDATE official_measurements SET outcome = 'below_standard', tier_percent = CASE WHEN result_c < 14 THEN 100 ELSE 50 END WHERE result_c < 18`);
      await db.execute(sql`
        INSERT INTO noncompliance_periods (household_id, city, season, complaint_id, opened_by_measurement_id, requested_at, starts_on)
        SELECT m.household_id, m.city, ${SEASON}, t.id, m.id, t.opened_at, t.request_day
        FROM official_measurements m JOIN temperature_complaints t ON t.id = m.complaint_id WHERE m.outcome = 'below_standard'`);
      // Two thirds re-measured compliant 2–6 days later (when that is already past): their period closes.
      await db.execute(sql`${finding(sql`(t.measured_at + make_interval(days => 2 + t.household_id % 5))`, sql`18.6::float8`, 'compliant', sql`0`)}
        WHERE t.household_id / 50 % 2 = 0 AND t.household_id / 50 % 3 <> 0 AND t.measured_at + make_interval(days => 2 + t.household_id % 5) < now()`);
      await db.execute(sql`
        UPDATE noncompliance_periods p SET ends_on = m.measured_on, closed_by_measurement_id = m.id, closed_at = m.measured_at
        FROM official_measurements m WHERE m.complaint_id = p.complaint_id AND m.outcome = 'compliant' AND m.id <> p.opened_by_measurement_id`);
    });
  }

  if ((await count(database, sql`SELECT count(*) AS n FROM bills WHERE season = ${SEASON}`)) === 0) {
    await step('fixture bills of the households with a period', async () => {
      await db.execute(sql`
        INSERT INTO bill_runs (season, status, rule_versions, batch_size, last_household_id, total_households, started_at, finished_at)
        VALUES (${SEASON}, 'done', '{}'::jsonb, 5000, 0, 0, now(), now())`);
      await db.execute(sql`
        INSERT INTO bills (household_id, season, branch_id, bill_run_id, rulebook_version_id, basis, billing_area_cm2, billed_days, amount_fen, created_at)
        SELECT h.id, ${SEASON}, c.branch_id, (SELECT max(id) FROM bill_runs), 1, 'area', (h.gross_area_m_2 * 90)::bigint, 120,
               round(h.gross_area_m_2 * 0.9 * 2280)::bigint, now()
        FROM households h JOIN buildings b ON b.id = h.building_id JOIN compounds c ON c.id = b.compound_id
        WHERE h.id IN (SELECT household_id FROM noncompliance_periods WHERE season = ${SEASON})`);
    });
  }
  await step('analyze', () => db.execute(sql`ANALYZE stations, buildings, temperature_readings, temperature_complaints, official_measurements, noncompliance_periods, bills`));
  return { url, database };
}
