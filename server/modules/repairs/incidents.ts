/**
 * Topology-aware grouping (issue 6 §6): when one heat-exchange station fails, hundreds of its
 * households report "not warm" within minutes. Enough such reports from one station (or one
 * building) within the rulebook's window open ONE incident; the reports already in and every
 * later one are linked to it, the crew lead is alerted once, and later reporters are told it is
 * a known problem. A report is written first; then, under an advisory lock per station and
 * building, it looks at the burst (lookAtBurst) and, only if it tips one or an incident opened
 * meanwhile, groups it (groupWritten) — so a burst on PostgreSQL opens exactly one incident and
 * loses no report. Joining an open incident is written with the report itself
 * (requests.service.ts), in the same statement.
 */
import { sql, type SQL } from 'drizzle-orm';
import { systemActor } from '../../kernel/actor.ts';
import { writeAudit } from '../../kernel/audit.ts';
import type { Clock } from '../../kernel/clock.ts';
import { queryRows, queryScript, type Db } from '../../kernel/db.ts';
import type { Notifier } from '../../kernel/notify.ts';
import type { Rules } from '../rulebook/index.ts';
import { publishRequestsChanged } from './live.ts';
import { notifyUsers, type Message } from './messages.ts';
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

const lockKey = (s: Scope) => `repairs.incident.${s.scope}.${s.id}`;

function scopesOf(rules: Rules, r: { stationId: number | null; buildingId: number }): Scope[] {
  const { stationThreshold, buildingThreshold } = rules.sla.incident;
  return [
    ...(r.stationId === null ? [] : [{ scope: 'station' as const, id: r.stationId, threshold: stationThreshold, column: sql`station_id` }]),
    { scope: 'building', id: r.buildingId, threshold: buildingThreshold, column: sql`building_id` },
  ];
}

/** Outage reports of the rulebook's window that still count towards a burst. */
function recentOutage(clock: Clock, rules: Rules): SQL {
  const since = new Date(clock.now().getTime() - rules.sla.incident.windowMinutes * 60_000).toISOString();
  const outage = sql.join(OUTAGE_CATEGORIES.map((c) => sql`${c}`), sql`, `);
  return sql`category IN (${outage}) AND status NOT IN ('cancelled', 'duplicate') AND created_at >= ${since}::timestamptz`;
}

/** What a written outage report finds under its station's and building's locks. */
export interface BurstLook {
  /** The open incident (station first, then building) it belongs to. */
  openId: number | null;
  /** Recent unlinked reports of each scope, the report itself included. */
  station: number;
  building: number;
  /** The incident the report was linked to meanwhile (by a report that opened one), if any. */
  linkedTo: number | null;
}

/**
 * The station's and the building's advisory locks, station first so two reports never wait on
 * each other's locks; held to the end of the transaction that takes them.
 */
function lockStatement(rules: Rules, r: { stationId: number | null; buildingId: number }): SQL {
  return sql`SELECT ${sql.join(scopesOf(rules, r).map((s) => sql`pg_advisory_xact_lock(hashtext(${lockKey(s)}))`), sql`, `)}`;
}

/** The look, as one statement that must start after the locks are held (it needs their snapshot). */
function lookStatement(clock: Clock, rules: Rules, r: { id: number; stationId: number | null; buildingId: number }): SQL {
  const recent = recentOutage(clock, rules);
  const station = sql`${r.stationId}::int`;
  return sql`SELECT (SELECT id FROM incidents WHERE status = 'open' AND ((scope = 'station' AND station_id = ${station}) OR (scope = 'building' AND building_id = ${r.buildingId}::int))
                ORDER BY scope = 'station' DESC LIMIT 1) AS "openId",
               (SELECT count(*) FROM repair_requests WHERE station_id = ${station} AND ${recent} AND (incident_id IS NULL OR incident_id IN (
                  SELECT i.id FROM incidents i JOIN buildings b ON b.id = i.building_id WHERE i.status = 'open' AND i.scope = 'building' AND b.station_id = ${station})))::int AS station,
               (SELECT count(*) FROM repair_requests WHERE building_id = ${r.buildingId}::int AND incident_id IS NULL AND ${recent})::int AS building,
               (SELECT incident_id FROM repair_requests WHERE id = ${r.id}::int) AS "linkedTo"`;
}

/**
 * Must this written, unlinked report be grouped? Yes when an incident opened since it was read
 * (it joins it) or when it brings its station's or building's burst to the threshold.
 */
export function needsGrouping(rules: Rules, r: { stationId: number | null; buildingId: number }, look: BurstLook): boolean {
  if (look.linkedTo !== null) return false;
  return look.openId !== null || scopesOf(rules, r).some((s) => look[s.scope] >= s.threshold);
}

/**
 * Step 1 of grouping, AFTER the outage report is written (committed, or in the transaction that
 * holds the locks to its commit): take the locks, then look. Whichever report of a burst looks
 * last sees every report of it, so a burst is never missed, and the locks make the report that
 * opens an incident the only one doing so. Outside a transaction this is ONE round trip whose
 * locks end with it — the cheap check every report of a quiet station makes (queryScript).
 */
export async function lookAtBurst(db: Db, clock: Clock, rules: Rules, r: ReportPlace, opts: { inTransaction: boolean }): Promise<BurstLook> {
  if (!opts.inTransaction) {
    const [row] = await queryScript<BurstLook>(db, [lockStatement(rules, r), lookStatement(clock, rules, r)]);
    return row!;
  }
  await db.execute(lockStatement(rules, r));
  const [row] = await queryRows<BurstLook>(db, lookStatement(clock, rules, r));
  return row!;
}

/**
 * Step 2, in a transaction, for a report needsGrouping() picked: look again under the locks, then
 * join the incident that opened meanwhile, or open one for the burst. Returns the incident the
 * report belongs to now (null: nothing to group after all).
 */
export async function groupWritten(tx: Db, clock: Clock, notifier: Notifier, rules: Rules, r: ReportPlace & { householdPhone: string | null }): Promise<Grouped | null> {
  const look = await lookAtBurst(tx, clock, rules, r, { inTransaction: true });
  if (look.linkedTo !== null) return { incidentId: look.linkedTo, linkedAt: null };
  const linkedAt = clock.now();
  if (look.openId !== null) return { incidentId: await joinLate(tx, clock, notifier, look.openId, r, linkedAt), linkedAt };
  const opened = needsGrouping(rules, r, look) ? await openForBurst(tx, clock, notifier, rules, r, linkedAt) : null;
  return opened === null ? null : { incidentId: opened, linkedAt };
}

/** The incident a report belongs to after grouping, and when it was linked (null: by another report, earlier). */
export interface Grouped {
  incidentId: number;
  linkedAt: Date | null;
}

/**
 * A report written while its incident was being opened (the opener's link did not see it): link it
 * now, with its timeline entry and the household's "known problem" SMS, as a join would have.
 */
async function joinLate(tx: Db, clock: Clock, notifier: Notifier, incidentId: number, r: ReportPlace & { householdPhone: string | null }, at: Date): Promise<number> {
  await link(tx, at, incidentId, sql`id = ${r.id}`);
  await writeAudit(tx, clock, systemActor, { action: 'incident.link', entity: 'repair_request', entityId: r.id, after: { incidentId } });
  if (r.householdPhone) await notifier.send(tx, { channel: 'sms', recipient: r.householdPhone, ...knownIncidentMessage(r.id, incidentId) });
  return incidentId;
}

/** What a report joining an open incident is told (an SMS to the household). */
export function knownIncidentMessage(requestId: number, incidentId: number): Message {
  return {
    template: 'repair_known_incident',
    body: `您反映的问题为已知故障（事件 #${incidentId}），正在抢修，修复后将通知您`,
    data: { requestId, incidentId },
  };
}

/**
 * Only when the look says the report tips a burst (it is written by now, under the same
 * locks): open ONE incident on the station (else the building), link the burst to it, alert the
 * crew lead. Returns the incident, or null when no burst reached its threshold after all.
 */
async function openForBurst(tx: Db, clock: Clock, notifier: Notifier, rules: Rules, r: ReportPlace, linkedAt: Date): Promise<number | null> {
  const { windowMinutes } = rules.sla.incident;
  const scopes = scopesOf(rules, r);
  const recent = recentOutage(clock, rules);
  for (const s of scopes) {
    // A station incident absorbs the building incidents opened on its buildings just before it:
    // one outage, one incident (issue 6 §6), whichever building happened to report first.
    const absorbed = s.scope === 'station' ? await openBuildingIncidents(tx, s.id) : [];
    const unlinked = absorbed.length === 0 ? sql`incident_id IS NULL` : sql`(incident_id IS NULL OR incident_id IN (${sql.join(absorbed.map((id) => sql`${id}`), sql`, `)}))`;
    const burst = sql`${s.column} = ${s.id} AND ${unlinked} AND ${recent}`;
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
    const linkedIds = await link(tx, linkedAt, incident!.id, burst);
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
async function link(tx: Db, at: Date, incidentId: number, where: SQL): Promise<number[]> {
  const rows = await queryRows<{ id: number; status: string }>(
    tx,
    sql`UPDATE repair_requests SET incident_id = ${incidentId} WHERE ${where} RETURNING id, status`,
  );
  if (rows.length === 0) return [];
  await tx.execute(
    sql`INSERT INTO request_events (request_id, at, kind, actor_role, from_status, to_status, note)
        SELECT id, ${at.toISOString()}::timestamptz, 'linked', 'system', status, status, ${`part of incident #${incidentId}`}
        FROM repair_requests WHERE id IN (${sql.join(rows.map((row) => sql`${row.id}`), sql`, `)})`,
  );
  return rows.map((row) => row.id);
}
