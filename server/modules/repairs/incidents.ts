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
    const burst = sql`${s.column} = ${s.id} AND incident_id IS NULL AND category IN (${outage})
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
    const linked = await link(tx, clock, incident!.id, burst);
    await writeAudit(tx, clock, systemActor, { action: 'incident.open', entity: 'incident', entityId: incident!.id, after: { scope: s.scope, placeId: s.id, linked } });
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

/** Link the matching requests to the incident, each with a timeline entry; returns how many. */
async function link(tx: Db, clock: Clock, incidentId: number, where: SQL): Promise<number> {
  const rows = await queryRows<{ id: number; status: string }>(
    tx,
    sql`UPDATE repair_requests SET incident_id = ${incidentId} WHERE ${where} RETURNING id, status`,
  );
  if (rows.length === 0) return 0;
  await tx.execute(
    sql`INSERT INTO request_events (request_id, at, kind, actor_role, from_status, to_status, note)
        SELECT id, ${clock.now().toISOString()}::timestamptz, 'linked', 'system', status, status, ${`part of incident #${incidentId}`}
        FROM repair_requests WHERE id IN (${sql.join(rows.map((row) => sql`${row.id}`), sql`, `)})`,
  );
  return rows.length;
}
