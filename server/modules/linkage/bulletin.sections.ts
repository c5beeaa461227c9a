/**
 * Bulletin sections whose data other modules own: temperature complaints and official
 * measurements, patrol findings (temperature module), temporary collection points (billing).
 * Each provider is one grouped, read-only query over a batch of groups, keyed by group id; the
 * bulletin stores the result under `content.extra[<name>]`. A module that grows new data for
 * the bulletin adds a provider here (the list is read in one place, like the route map).
 */
import { sql, type SQL } from 'drizzle-orm';
import type { BusinessDate } from '../../kernel/business-time.ts';
import { queryRows, type Db } from '../../kernel/db.ts';
import { directCompoundsSql } from './modes.sql.ts';

interface Window {
  date: BusinessDate;
  from: Date;
  to: Date;
}

type Provider = (db: Db, groupIds: number[], w: Window) => Promise<Map<number, unknown>>;

const idList = (ids: number[]) => sql.join(ids.map((id) => sql`${id}`), sql`, `);
const groupBuildings = (ids: number[]): SQL => sql`gb AS (
  SELECT g.id AS group_id, bu.id AS building_id, bu.station_id
  FROM linkage_groups g JOIN compounds c ON c.community_id = g.community_id JOIN buildings bu ON bu.compound_id = c.id
  WHERE g.id IN (${idList(ids)}))`;

function keyed<T extends { group_id: number }>(rows: T[], shape: (r: T) => unknown): Map<number, unknown> {
  return new Map(rows.map((r) => [r.group_id, shape(r)]));
}

/** 室温投诉与测温: complaints opened in the window / still awaiting measurement, measurements taken and how they came out. */
const temperature: Provider = async (db, ids, w) => {
  const rows = await queryRows<{ group_id: number; new_complaints: number; awaiting: number; overdue: number; measured: number; below: number }>(
    db,
    sql`WITH ${groupBuildings(ids)},
        tc AS (SELECT gb.group_id,
                      count(*) FILTER (WHERE t.opened_at >= ${w.from.toISOString()}::timestamptz AND t.opened_at < ${w.to.toISOString()}::timestamptz)::int AS new_complaints,
                      count(*) FILTER (WHERE t.status = 'open')::int AS awaiting,
                      count(*) FILTER (WHERE t.status = 'open' AND t.measure_due_at < ${w.to.toISOString()}::timestamptz)::int AS overdue
               FROM gb JOIN temperature_complaints t ON t.building_id = gb.building_id GROUP BY gb.group_id),
        om AS (SELECT gb.group_id, count(*)::int AS measured, count(*) FILTER (WHERE m.outcome = 'below_standard')::int AS below
               FROM gb JOIN households h ON h.building_id = gb.building_id JOIN official_measurements m ON m.household_id = h.id
               WHERE m.measured_at >= ${w.from.toISOString()}::timestamptz AND m.measured_at < ${w.to.toISOString()}::timestamptz
               GROUP BY gb.group_id)
        SELECT coalesce(tc.group_id, om.group_id) AS group_id, coalesce(new_complaints, 0) AS new_complaints, coalesce(awaiting, 0) AS awaiting,
               coalesce(overdue, 0) AS overdue, coalesce(measured, 0) AS measured, coalesce(below, 0) AS below
        FROM tc FULL JOIN om ON om.group_id = tc.group_id`,
  );
  return keyed(rows, (r) => ({ newComplaints: r.new_complaints, awaitingMeasurement: r.awaiting, measurementOverdue: r.overdue, measured: r.measured, belowStandard: r.below }));
};

/** 巡检发现: patrol rounds at the stations feeding the community, in the window, and what they found. */
const patrols: Provider = async (db, ids, w) => {
  const rows = await queryRows<{ group_id: number; rounds: number; findings: number; items: { station: string; at: string; findings: unknown }[] }>(
    db,
    sql`WITH ${groupBuildings(ids)}, gs AS (SELECT DISTINCT group_id, station_id FROM gb WHERE station_id IS NOT NULL),
        r AS (SELECT gs.group_id, s.name AS station, pr.recorded_at, pr.findings
              FROM gs JOIN patrol_plans pp ON pp.station_id = gs.station_id JOIN patrol_rounds pr ON pr.plan_id = pp.id JOIN stations s ON s.id = gs.station_id
              WHERE pr.recorded_at >= ${w.from.toISOString()}::timestamptz AND pr.recorded_at < ${w.to.toISOString()}::timestamptz)
        SELECT group_id, count(*)::int AS rounds, sum(jsonb_array_length(findings))::int AS findings,
               coalesce(jsonb_agg(jsonb_build_object('station', station, 'at', recorded_at, 'findings', findings) ORDER BY recorded_at)
                        FILTER (WHERE jsonb_array_length(findings) > 0), '[]'::jsonb) AS items
        FROM r GROUP BY group_id`,
  );
  return keyed(rows, (r) => ({ rounds: r.rounds, findings: r.findings, items: r.items.slice(0, 30) }));
};

/** 临时收费点: the open temporary collection points serving the group's vacuum compounds on the date. */
const collectionPoints: Provider = async (db, ids, w) => {
  const rows = await queryRows<{ group_id: number; points: { compound: string; name: string; address: string; hours: string | null }[] }>(
    db,
    sql`WITH direct AS (${directCompoundsSql(w.date, sql`c.community_id IN (SELECT community_id FROM linkage_groups WHERE id IN (${idList(ids)}))`)})
        SELECT g.id AS group_id,
               jsonb_agg(jsonb_build_object('compound', c.name, 'name', p.name, 'address', p.address, 'hours', p.hours) ORDER BY c.name, p.name) AS points
        FROM direct d JOIN linkage_groups g ON g.community_id = d.community_id JOIN compounds c ON c.id = d.compound_id
        JOIN collection_point_compounds pc ON pc.compound_id = d.compound_id JOIN collection_points p ON p.id = pc.point_id
        WHERE p.status = 'open' AND p.from_date <= ${w.date}::date AND p.to_date >= ${w.date}::date
        GROUP BY g.id`,
  );
  return keyed(rows, (r) => r.points);
};

const PROVIDERS: Record<string, Provider> = { temperature, patrols, collectionPoints };

export async function extraSections(db: Db, groupIds: number[], w: Window): Promise<Map<number, Record<string, unknown>>> {
  const out = new Map<number, Record<string, unknown>>(groupIds.map((id) => [id, {}]));
  for (const [name, provide] of Object.entries(PROVIDERS)) {
    const found = await provide(db, groupIds, w);
    for (const [id, value] of found) out.get(id)![name] = value;
  }
  return out;
}
