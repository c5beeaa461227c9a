/**
 * The patrol list: every plan of the actor's branches with its interval from the rulebook,
 * shortened for risky places (rules.patrols.boostFactor; the strongest reason applies):
 *   - vacuum: the station feeds a compound in direct service today (tenure's vacuum list);
 *   - complaintCluster: the station's households made at least the rulebook's station
 *     threshold of low-temperature reports, or it had an incident, in the last days;
 *   - coldSnap: the branch is in cold-snap mode (linkage's cold_snaps), or the caller asks.
 */
import { sql } from 'drizzle-orm';
import { hasRole, scopeIds, type Actor } from '../../kernel/actor.ts';
import { queryRows, type Db } from '../../kernel/db.ts';
import type { Clock } from '../../kernel/clock.ts';
import type { Deps } from '../../kernel/deps.ts';
import { Forbidden } from '../../kernel/errors.ts';
import { patrolIntervalMinutes, rulesFor, type PatrolBoost } from '../rulebook/index.ts';
import { vacuumNow } from '../tenure/index.ts';
import type { PlanView } from './patrols.contract.ts';

interface PlanRow {
  id: number;
  targetKind: 'station' | 'pipe';
  targetId: number;
  targetCode: string;
  targetName: string;
  crewId: number;
  branchId: number;
  city: string;
  stationId: number | null;
  createdAt: string;
  lastRoundAt: string | null;
  overdueAlertedFor: string | null;
  reports: number;
  incidents: number;
  coldSnap: boolean;
}

/**
 * The plans with what boosts them. "Recent" complaints and incidents are those of the city
 * rulebook's `patrols.clusterDays` (`clusterDays` by city code), the threshold the rulebook's too.
 */
export async function planRows(db: Db, now: Date, branchIds: number[] | null, clusterDays: Record<string, number>): Promise<PlanRow[]> {
  const at = now.toISOString();
  const cities = Object.entries(clusterDays);
  if (cities.length === 0) return [];
  const windows = sql.join(cities.map(([city, days]) => sql`(${city}::text, ${at}::timestamptz - make_interval(days => ${days}::int))`), sql`, `);
  const branchFilter = branchIds?.length ? sql`AND p.branch_id IN (${sql.join(branchIds.map((id) => sql`${id}`), sql`, `)})` : sql``;
  return queryRows<PlanRow>(
    db,
    sql`WITH plans AS (
          SELECT p.*, COALESCE(p.station_id, ps.from_station_id) AS feed_station_id, ps.code AS pipe_code, ps.name AS pipe_name
          FROM patrol_plans p LEFT JOIN pipe_segments ps ON ps.id = p.pipe_segment_id WHERE true ${branchFilter})
        SELECT p.id, p.target_kind AS "targetKind", COALESCE(p.station_id, p.pipe_segment_id) AS "targetId",
               COALESCE(st.code, p.pipe_code) AS "targetCode", COALESCE(st.name, p.pipe_name) AS "targetName",
               p.crew_id AS "crewId", p.branch_id AS "branchId", br.city, p.feed_station_id AS "stationId",
               p.created_at AS "createdAt", p.overdue_alerted_for AS "overdueAlertedFor",
               (SELECT max(r.recorded_at) FROM patrol_rounds r WHERE r.plan_id = p.id) AS "lastRoundAt",
               ((SELECT count(*) FROM temperature_complaints c WHERE c.station_id = p.feed_station_id AND c.opened_at >= w.since)
                + (SELECT count(*) FROM repair_requests q WHERE q.station_id = p.feed_station_id AND q.category IN ('not_warm', 'no_heat') AND q.created_at >= w.since))::int AS reports,
               (SELECT count(*) FROM incidents i WHERE (i.station_id = p.feed_station_id
                   OR i.building_id IN (SELECT b.id FROM buildings b WHERE b.station_id = p.feed_station_id))
                  AND COALESCE(i.resolved_at, ${at}::timestamptz) >= w.since)::int AS incidents,
               EXISTS (SELECT 1 FROM cold_snaps cs WHERE cs.branch_id = p.branch_id AND cs.starts_at <= ${at}::timestamptz
                         AND (cs.ends_at IS NULL OR cs.ends_at > ${at}::timestamptz)) AS "coldSnap"
        FROM plans p JOIN branches br ON br.id = p.branch_id JOIN (VALUES ${windows}) AS w(city, since) ON w.city = br.city
        LEFT JOIN stations st ON st.id = p.station_id
        ORDER BY p.id`,
  );
}

/** Stations feeding a compound that is in direct service (vacuum) today. */
async function vacuumStations(deps: { db: Db; clock: Clock }, branchIds: number[] | null): Promise<Set<number>> {
  const compounds = (await vacuumNow(deps, { branchIds })).map((c) => c.compoundId);
  if (compounds.length === 0) return new Set();
  const rows = await queryRows<{ id: number }>(
    deps.db,
    sql`SELECT DISTINCT station_id AS id FROM buildings WHERE station_id IS NOT NULL AND compound_id IN (${sql.join(compounds.map((id) => sql`${id}`), sql`, `)})`,
  );
  return new Set(rows.map((r) => r.id));
}

export type PlanState = PlanView & { overdueAlertedFor: string | null };

/** Every plan of these branches (null = all) with its boosts, interval and due time now. */
export async function planStates(deps: { db: Db; clock: Clock }, branchIds: number[] | null, coldSnap = false): Promise<PlanState[]> {
  const now = deps.clock.now();
  const cities = await queryRows<{ city: string }>(
    deps.db,
    sql`SELECT DISTINCT city FROM branches ${branchIds?.length ? sql`WHERE id IN (${sql.join(branchIds.map((id) => sql`${id}`), sql`, `)})` : sql``}`,
  );
  const clusterDays: Record<string, number> = {};
  for (const { city } of cities) clusterDays[city] = (await rulesFor(deps.db, city, now)).rules.patrols.clusterDays;
  const [rows, vacuum] = await Promise.all([planRows(deps.db, now, branchIds, clusterDays), vacuumStations(deps, branchIds)]);
  const states: PlanState[] = [];
  for (const row of rows) {
    const { rules } = await rulesFor(deps.db, row.city, now);
    const boosts: PatrolBoost[] = [];
    if (row.stationId !== null && vacuum.has(row.stationId)) boosts.push('vacuum');
    if (row.incidents > 0 || row.reports >= rules.sla.incident.stationThreshold) boosts.push('complaintCluster');
    if (row.coldSnap || coldSnap) boosts.push('coldSnap');
    const intervalMinutes = patrolIntervalMinutes(rules, { kind: row.targetKind, boosts });
    const from = new Date(row.lastRoundAt ?? row.createdAt);
    const dueAt = new Date(from.getTime() + intervalMinutes * 60_000);
    states.push({
      id: row.id,
      targetKind: row.targetKind,
      targetId: row.targetId,
      targetCode: row.targetCode,
      targetName: row.targetName,
      crewId: row.crewId,
      boosts,
      intervalMinutes,
      lastRoundAt: row.lastRoundAt ? new Date(row.lastRoundAt).toISOString() : null,
      dueAt: dueAt.toISOString(),
      overdue: dueAt < now,
      overdueAlertedFor: row.overdueAlertedFor ? new Date(row.overdueAlertedFor).toISOString() : null,
    });
  }
  return states.sort((a, b) => a.dueAt.localeCompare(b.dueAt));
}

export async function listPlans(deps: Deps, actor: Actor, q: { boostedOnly?: boolean | undefined; coldSnap?: boolean | undefined }): Promise<PlanView[]> {
  if (!hasRole(actor, 'steward', 'crew_lead', 'admin', 'dispatcher')) throw new Forbidden('Patrols are for field staff and the branch', 'field_staff_only');
  const scoped = scopeIds(actor, 'branch');
  const states = await planStates(deps, scoped.length ? scoped : null, q.coldSnap ?? false);
  return states
    .filter((s) => !q.boostedOnly || s.boosts.length > 0)
    .map(({ overdueAlertedFor: _alerted, ...view }) => view);
}
