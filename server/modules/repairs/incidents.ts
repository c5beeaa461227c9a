/**
 * Topology-aware grouping (issue 6 §6): when one heat-exchange station fails, hundreds of its
 * households report "not warm" within minutes. Enough such reports from one station (or one
 * building) within the rulebook's window open ONE incident; the reports already in and every
 * later one are linked to it, the crew lead is alerted once, and later reporters are told it is
 * a known problem. Runs inside the report's transaction, under an advisory lock per station and
 * building, so a burst on PostgreSQL opens exactly one incident and loses no report.
 */
import { sql, type SQL } from 'drizzle-orm';
import { systemActor } from '../../kernel/actor.ts';
import { writeAudit } from '../../kernel/audit.ts';
import type { Clock } from '../../kernel/clock.ts';
import { queryRows, type Db } from '../../kernel/db.ts';
import type { Notifier } from '../../kernel/notify.ts';
import type { Rules } from '../rulebook/index.ts';
import { publishRequestsChanged } from './live.ts';
import { notifyHousehold, notifyUsers } from './messages.ts';
import { OUTAGE_CATEGORIES, type RepairCategory } from './repairs.contract.ts';

export interface ReportPlace {
  id: number;
  category: RepairCategory;
  householdId: number;
  stationId: number | null;
  buildingId: number;
  gridId: number;
  city: string;
}

interface Scope {
  scope: 'station' | 'building';
  id: number;
  threshold: number;
  column: SQL;
}

/** The incident this report belongs to (opening it when the burst is big enough), or null. */
export async function groupReport(tx: Db, clock: Clock, notifier: Notifier, rules: Rules, r: ReportPlace): Promise<number | null> {
  if (!OUTAGE_CATEGORIES.includes(r.category)) return null;
  const { windowMinutes, stationThreshold, buildingThreshold } = rules.sla.incident;
  const scopes: Scope[] = [
    ...(r.stationId === null ? [] : [{ scope: 'station' as const, id: r.stationId, threshold: stationThreshold, column: sql`station_id` }]),
    { scope: 'building', id: r.buildingId, threshold: buildingThreshold, column: sql`building_id` },
  ];
  // Always station before building, so two reports never wait on each other's locks.
  for (const s of scopes) await tx.execute(sql`SELECT pg_advisory_xact_lock(hashtext(${`repairs.incident.${s.scope}.${s.id}`}))`);
  for (const s of scopes) {
    const [open] = await queryRows<{ id: number }>(tx, sql`SELECT id FROM incidents WHERE status = 'open' AND scope = ${s.scope} AND ${s.column} = ${s.id}`);
    if (open) {
      await link(tx, clock, open.id, sql`id = ${r.id}`);
      await notifyHousehold(tx, notifier, r.householdId, {
        template: 'repair_known_incident',
        body: `您反映的问题为已知故障（事件 #${open.id}），正在抢修，修复后将通知您`,
        data: { requestId: r.id, incidentId: open.id },
      });
      return open.id;
    }
  }
  const since = new Date(clock.now().getTime() - windowMinutes * 60_000).toISOString();
  const outage = sql.join(OUTAGE_CATEGORIES.map((c) => sql`${c}`), sql`, `);
  for (const s of scopes) {
    // A station incident absorbs the building incidents opened on its buildings just before it:
    // one outage, one incident (issue 6 §6), whichever building happened to report first.
    const absorbed = s.scope === 'station' ? await openBuildingIncidents(tx, s.id) : [];
    const unlinked = absorbed.length === 0 ? sql`incident_id IS NULL` : sql`(incident_id IS NULL OR incident_id IN (${sql.join(absorbed.map((id) => sql`${id}`), sql`, `)}))`;
    const burst = sql`${s.column} = ${s.id} AND ${unlinked} AND category IN (${outage})
                      AND status NOT IN ('cancelled', 'duplicate') AND created_at >= ${since}::timestamptz`;
    const [seen] = await queryRows<{ n: number; startedAt: Date }>(tx, sql`SELECT count(*)::int AS n, min(created_at) AS "startedAt" FROM repair_requests WHERE ${burst}`);
    if (!seen || seen.n < s.threshold) continue;
    const now = clock.now().toISOString();
    const [incident] = await queryRows<{ id: number }>(
      tx,
      sql`INSERT INTO incidents (scope, station_id, building_id, grid_id, city, started_at, opened_at)
          VALUES (${s.scope}, ${s.scope === 'station' ? s.id : null}, ${s.scope === 'building' ? s.id : null}, ${r.gridId}, ${r.city},
                  ${new Date(seen.startedAt).toISOString()}::timestamptz, ${now}::timestamptz)
          RETURNING id`,
    );
    const linkedIds = await link(tx, clock, incident!.id, burst);
    const linked = linkedIds.length;
    // The report being opened announces itself; the earlier reports it swept in change too.
    await publishRequestsChanged(tx, linkedIds.filter((id) => id !== r.id), 'repair.linked', { incidentId: incident!.id });
    await writeAudit(tx, clock, systemActor, { action: 'incident.open', entity: 'incident', entityId: incident!.id, after: { scope: s.scope, placeId: s.id, linked } });
    await dropEmptied(tx, clock, absorbed, incident!.id);
    const [lead] = await queryRows<{ id: number | null }>(
      tx,
      sql`SELECT cr.lead_user_id AS id FROM grids g JOIN crews cr ON cr.id = g.crew_id WHERE g.id = ${r.gridId}`,
    );
    if (lead?.id) {
      await notifyUsers(tx, notifier, [lead.id], {
        template: 'incident_opened',
        body: `${s.scope === 'station' ? '换热站' : '楼栋'} #${s.id} ${windowMinutes} 分钟内 ${linked} 户报修不热，已合并为事件 #${incident!.id}`,
        data: { incidentId: incident!.id, scope: s.scope, placeId: s.id, linked },
      });
    }
    return incident!.id;
  }
  return null;
}

/** Open building incidents on the buildings a station feeds, locked (their reports hold the station's lock too). */
async function openBuildingIncidents(tx: Db, stationId: number): Promise<number[]> {
  const rows = await queryRows<{ id: number }>(
    tx,
    sql`SELECT i.id FROM incidents i JOIN buildings b ON b.id = i.building_id
        WHERE i.status = 'open' AND i.scope = 'building' AND b.station_id = ${stationId} ORDER BY i.id FOR UPDATE OF i`,
  );
  return rows.map((r) => r.id);
}

/**
 * Building incidents whose every report moved into the station incident are removed, so no
 * outage is counted twice (temperature and billing read incidents); the audit row keeps them.
 * One that still holds older reports (outside the window) stays open on its own.
 */
async function dropEmptied(tx: Db, clock: Clock, absorbed: number[], intoIncidentId: number): Promise<void> {
  if (absorbed.length === 0) return;
  const dropped = await queryRows<Record<string, unknown> & { id: number }>(
    tx,
    sql`DELETE FROM incidents i WHERE i.id IN (${sql.join(absorbed.map((id) => sql`${id}`), sql`, `)})
          AND NOT EXISTS (SELECT 1 FROM repair_requests r WHERE r.incident_id = i.id)
        RETURNING i.*`,
  );
  for (const before of dropped) {
    await writeAudit(tx, clock, systemActor, { action: 'incident.merge', entity: 'incident', entityId: before.id, before, after: { mergedInto: intoIncidentId } });
  }
}

/** Link the matching requests to the incident, each with a timeline entry; returns their ids. */
async function link(tx: Db, clock: Clock, incidentId: number, where: SQL): Promise<number[]> {
  const rows = await queryRows<{ id: number; status: string }>(
    tx,
    sql`UPDATE repair_requests SET incident_id = ${incidentId} WHERE ${where} RETURNING id, status`,
  );
  if (rows.length === 0) return [];
  await tx.execute(
    sql`INSERT INTO request_events (request_id, at, kind, actor_role, from_status, to_status, note)
        SELECT id, ${clock.now().toISOString()}::timestamptz, 'linked', 'system', status, status, ${`part of incident #${incidentId}`}
        FROM repair_requests WHERE id IN (${sql.join(rows.map((row) => sql`${row.id}`), sql`, `)})`,
  );
  return rows.map((row) => row.id);
}
