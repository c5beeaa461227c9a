/**
 * The temperature guarantee's part of the demo city, so the pages of a fresh `npm start` show
 * something real: the branch's thermometers (one past its calibration, to show the refusal), a
 * few days of residents' readings in 金色港湾小区, complaints — the demo resident's, made three
 * days ago and still waiting for its measurement (overdue), one measured and compliant, two of
 * today — and patrol plans with their last rounds for the stations feeding the vacuum compound,
 * the unmanaged compound and a few others. Everything is dated relative to the clock, a handful
 * of set-based statements (the seed stays fast at any city size). Each reading and complaint is
 * entered by its own household's resident: the neighbours come with their accounts.
 */
import { sql } from 'drizzle-orm';
import { addDays, businessDate } from '../../kernel/business-time.ts';
import { queryRows, type Db } from '../../kernel/db.ts';
import type { Clock } from '../../kernel/clock.ts';
import { rulesFor } from '../rulebook/index.ts';
import { measurementResult } from './measurement.calc.ts';
import { READING_KEYS, CHECKS } from './patrols.contract.ts';
import type { MeasuredRoomInput } from './temperature.contract.ts';

export interface DemoTemperatureInput {
  branchId: number;
  crewId: number;
  compoundIds: { vacuum: number; unmanaged: number; ordinary: number[] };
  residentHouseholdId: number;
  residentUserId: number;
  /** Residents of the demo resident's building who report readings, each for their own flat. */
  neighbours: { householdId: number; userId: number }[];
  stewardUserId: number;
}

const HOUR = 3_600_000;

/** One point, measured after a ten-minute stable wait, three readings a minute apart. */
function measuredRoom(room: string, areaM2: number, readings: number[]): MeasuredRoomInput {
  return { room, areaM2, points: [{ stabilityMinutes: 10, stabilityDeltaC: 0.1, readings }] };
}

export async function seedDemoTemperature(deps: { db: Db; clock: Clock }, input: DemoTemperatureInput): Promise<void> {
  const now = deps.clock.now();
  const [place] = await queryRows<{ city: string; buildingId: number; gridId: number; stationId: number | null }>(
    deps.db,
    sql`SELECT br.city, b.id AS "buildingId", b.grid_id AS "gridId", b.station_id AS "stationId"
        FROM households h JOIN buildings b ON b.id = h.building_id JOIN compounds c ON c.id = b.compound_id JOIN branches br ON br.id = c.branch_id
        WHERE h.id = ${input.residentHouseholdId}`,
  );
  const { rules, versionId } = await rulesFor(deps.db, place!.city, now);
  const tz = rules.city.timeZone;
  const today = businessDate(now, tz);
  const at = (hoursAgo: number) => new Date(now.getTime() - hoursAgo * HOUR).toISOString();
  const dueIn = rules.temperature.limits.measureWithinHours;

  await deps.db.transaction(async (tx) => {
    const [instrument] = await queryRows<{ id: number }>(
      tx,
      sql`INSERT INTO temperature_instruments (branch_id, serial_no, model, accuracy_c, calibrated_on, calibration_due_on, created_at)
          VALUES (${input.branchId}, 'TI-DEMO-001', '精密数字温度计 JM-624', 0.3, ${addDays(today, -70)}, ${addDays(today, 295)}, ${now.toISOString()}),
                 (${input.branchId}, 'TI-DEMO-002', '精密数字温度计 JM-624', 0.3, ${addDays(today, -40)}, ${addDays(today, 325)}, ${now.toISOString()}),
                 (${input.branchId}, 'TI-DEMO-003', '数字温度计 TES-1310', 0.3, ${addDays(today, -400)}, ${addDays(today, -35)}, ${now.toISOString()})
          RETURNING id`,
    );

    // Readings: each neighbour, one a day for the last five days.
    await tx.execute(sql`
      INSERT INTO temperature_readings (household_id, room, celsius, measured_at, reported_by, created_at)
      SELECT n.id, CASE WHEN n.id % 2 = 0 THEN 'bedroom' ELSE 'living_room' END,
             round((17.2 + (n.id * 7 + d * 3) % 40 / 10.0)::numeric, 1)::float8,
             ${now.toISOString()}::timestamptz - make_interval(days => d, hours => 2 + n.id % 9), n.user_id, ${now.toISOString()}::timestamptz
      FROM unnest(${sql.param(input.neighbours.map((n) => n.householdId))}::int[], ${sql.param(input.neighbours.map((n) => n.userId))}::int[]) AS n(id, user_id)
      CROSS JOIN generate_series(1, 5) AS d`);

    // The demo resident: 16.0 °C in the living room, then a complaint — three days ago, still unmeasured.
    const [own] = await queryRows<{ id: number }>(
      tx,
      sql`INSERT INTO temperature_readings (household_id, room, celsius, measured_at, reported_by, created_at)
          VALUES (${input.residentHouseholdId}, 'living_room', 16.0, ${at(75.2)}, ${input.residentUserId}, ${at(75.2)}) RETURNING id`,
    );
    const neighbours = await queryRows<{ id: number; readingId: number; celsius: number }>(
      tx,
      sql`SELECT DISTINCT ON (h.id) h.id, r.id AS "readingId", r.celsius
          FROM households h JOIN temperature_readings r ON r.household_id = h.id
          WHERE h.id = ANY(${sql.param(input.neighbours.map((n) => n.householdId))}::int[]) AND r.celsius < ${rules.temperature.standardC}
          ORDER BY h.id, r.measured_at DESC LIMIT 3`,
    );
    const residentOf = new Map(input.neighbours.map((n) => [n.householdId, n.userId]));
    const complaints = [
      { householdId: input.residentHouseholdId, openedBy: input.residentUserId, readingId: own!.id, openedHoursAgo: 75, status: 'open' },
      ...neighbours.map((n, i) => ({ householdId: n.id, openedBy: residentOf.get(n.id)!, readingId: n.readingId, openedHoursAgo: i === 0 ? 50 : 3 + i, status: i === 0 ? 'measured' : 'open' })),
    ];
    const ids = await queryRows<{ id: number; householdId: number }>(
      tx,
      sql`INSERT INTO temperature_complaints (household_id, building_id, grid_id, station_id, city, reading_id, self_check, status,
                                              assignee_user_id, opened_by, opened_at, request_day, measure_due_at, measured_at)
          SELECT c.household_id, ${place!.buildingId}, ${place!.gridId}, ${place!.stationId}, ${place!.city}, c.reading_id,
                 '{"airBled":true,"valveOpen":true,"radiatorUncovered":true,"windowsClosed":true}'::jsonb, c.status,
                 ${input.stewardUserId}, c.opened_by, c.opened_at, (c.opened_at AT TIME ZONE ${tz})::date,
                 c.opened_at + make_interval(hours => ${dueIn}), CASE WHEN c.status = 'measured' THEN c.opened_at + interval '5 hours' END
          FROM unnest(${sql.param(complaints.map((c) => c.householdId))}::int[], ${sql.param(complaints.map((c) => c.openedBy))}::int[],
                      ${sql.param(complaints.map((c) => c.readingId))}::int[], ${sql.param(complaints.map((c) => c.status))}::text[],
                      ${sql.param(complaints.map((c) => at(c.openedHoursAgo)))}::timestamptz[])
               AS c(household_id, opened_by, reading_id, status, opened_at)
          RETURNING id, household_id AS "householdId"`,
    );

    // The one official measurement: the neighbour's complaint of two days ago, found compliant.
    const measured = complaints.find((c) => c.status === 'measured');
    if (measured) {
      const input2 = { outdoorMeanC: 1.5, userFaults: [], rooms: [measuredRoom('bedroom', 12.5, [18.4, 18.5, 18.4]), measuredRoom('living_room', 15.2, [18.9, 18.8, 18.9])] };
      const result = measurementResult(rules, input2);
      const measuredAt = at(measured.openedHoursAgo - 5);
      await tx.execute(sql`
        INSERT INTO official_measurements (household_id, complaint_id, grid_id, city, rulebook_version_id, steward_user_id, instrument_id,
                                           measured_at, measured_on, outdoor_mean_c, doors_windows_closed, user_faults, resident_acknowledged,
                                           resident_name, rooms, result_c, outcome, tier_percent, created_at)
        VALUES (${measured.householdId}, ${ids.find((r) => r.householdId === measured.householdId)!.id}, ${place!.gridId}, ${place!.city}, ${versionId},
                ${input.stewardUserId}, ${instrument!.id}, ${measuredAt}, ${businessDate(new Date(measuredAt), tz)}, ${input2.outdoorMeanC}, true, '[]'::jsonb, true,
                '住户', ${JSON.stringify(result.rooms)}::jsonb, ${result.resultC}, ${result.outcome}, ${result.tierPercent}, ${measuredAt})`);
    }

    // Patrol plans: the stations of the vacuum and the unmanaged compound, three more, and the
    // vacuum station's primary line; each last patrolled a few hours ago, every reading in band.
    const plans = await queryRows<{ id: number; n: number }>(
      tx,
      sql`WITH targets AS (
            (SELECT DISTINCT b.station_id AS station_id FROM buildings b WHERE b.compound_id IN (${input.compoundIds.vacuum}, ${input.compoundIds.unmanaged}) AND b.station_id IS NOT NULL)
            UNION
            (SELECT s.id FROM stations s WHERE s.branch_id = ${input.branchId} ORDER BY s.id LIMIT 3)),
          station_plans AS (
            INSERT INTO patrol_plans (branch_id, target_kind, station_id, crew_id, created_at)
            SELECT ${input.branchId}, 'station', station_id, ${input.crewId}, ${at(24 * 10)} FROM targets RETURNING id),
          pipe_plans AS (
            INSERT INTO patrol_plans (branch_id, target_kind, pipe_segment_id, crew_id, created_at)
            SELECT ${input.branchId}, 'pipe', p.id, ${input.crewId}, ${at(24 * 10)} FROM pipe_segments p
            WHERE p.to_station_id = ${place!.stationId} AND p.network = 'primary' RETURNING id)
          SELECT id, (row_number() OVER (ORDER BY id))::int AS n FROM (SELECT id FROM station_plans UNION ALL SELECT id FROM pipe_plans) x`,
    );
    const readings = Object.fromEntries(READING_KEYS.map((k) => [k, (rules.patrols.bands[k][0] + rules.patrols.bands[k][1]) / 2]));
    const checklist = Object.fromEntries(CHECKS.map((c) => [c, true]));
    await tx.execute(sql`
      INSERT INTO patrol_rounds (plan_id, patrolled_by, recorded_at, checklist, readings, findings, note)
      SELECT p.id, ${input.stewardUserId}, ${now.toISOString()}::timestamptz - make_interval(hours => 1 + p.n % 5),
             ${JSON.stringify(checklist)}::jsonb, ${JSON.stringify(readings)}::jsonb, '[]'::jsonb, NULL
      FROM unnest(${sql.param(plans.map((p) => p.id))}::int[], ${sql.param(plans.map((p) => p.n))}::int[]) AS p(id, n)`);
  });
}
