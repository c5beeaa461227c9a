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
import { auditRowsFrom, writeAudit } from '../../kernel/audit.ts';
import type { Clock } from '../../kernel/clock.ts';
import { queryRows, queryScript, type Db } from '../../kernel/db.ts';
import type { LiveMessage } from '../../kernel/live.ts';
import type { Notifier } from '../../kernel/notify.ts';
import type { Rules } from '../rulebook/index.ts';
import { changedGroups, requestsChangedNotices, type ChangedGroup } from './live.ts';
import { sendToUser, type Message } from './messages.ts';
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
}

const lockKey = (s: Scope) => `repairs.incident.${s.scope}.${s.id}`;

function scopesOf(rules: Rules, r: { stationId: number | null; buildingId: number }): Scope[] {
  const { stationThreshold, buildingThreshold } = rules.sla.incident;
  return [
    ...(r.stationId === null ? [] : [{ scope: 'station' as const, id: r.stationId, threshold: stationThreshold }]),
    { scope: 'building', id: r.buildingId, threshold: buildingThreshold },
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

/**
 * The look, as one statement that must start after the locks are held (it needs their snapshot).
 * With `lockAbsorbed` (in the grouping's transaction) it also locks the open building incidents of
 * the station — the ones a station incident would absorb — so that no report joins them any more
 * and the opening statement after it counts every report they hold.
 */
function lookStatement(clock: Clock, rules: Rules, r: { id: number; stationId: number | null; buildingId: number }, lockAbsorbed = false): SQL {
  const recent = recentOutage(clock, rules);
  const station = sql`${r.stationId}::int`;
  return sql`WITH ${absorbedOf(station, lockAbsorbed)}
        SELECT (SELECT id FROM incidents WHERE status = 'open' AND ((scope = 'station' AND station_id = ${station}) OR (scope = 'building' AND building_id = ${r.buildingId}::int))
                ORDER BY scope = 'station' DESC LIMIT 1) AS "openId",
               (SELECT count(*) FROM repair_requests WHERE station_id = ${station} AND ${recent} AND (incident_id IS NULL OR incident_id IN (SELECT id FROM absorbed)))::int AS station,
               (SELECT count(*) FROM repair_requests WHERE building_id = ${r.buildingId}::int AND incident_id IS NULL AND ${recent})::int AS building,
               (SELECT incident_id FROM repair_requests WHERE id = ${r.id}::int) AS "linkedTo"
          FROM (SELECT count(*) FROM absorbed) every_one_read`; // a subquery may stop early: this reads (locks) them all
}

/** CTE `absorbed`: the open building incidents on the buildings a station feeds. */
function absorbedOf(station: SQL, lock: boolean): SQL {
  return sql`absorbed AS (SELECT i.id FROM incidents i JOIN buildings b ON b.id = i.building_id
                          WHERE i.status = 'open' AND i.scope = 'building' AND b.station_id = ${station} ${lock ? sql`ORDER BY i.id FOR UPDATE OF i` : sql``})`;
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
 * Step 1 of grouping, AFTER the outage report is written and committed: take the locks, then look.
 * Whichever report of a burst looks last sees every report of it, so a burst is never missed, and
 * the locks make the report that opens an incident the only one doing so. This is ONE round trip
 * whose locks end with it — the cheap check every report of a quiet station makes (queryScript).
 * A report written in a caller's transaction skips it: groupWritten looks again anyway.
 */
export async function lookAtBurst(db: Db, clock: Clock, rules: Rules, r: ReportPlace): Promise<BurstLook> {
  const [row] = await queryScript<BurstLook>(db, [lockStatement(rules, r), lookStatement(clock, rules, r)]);
  return row!;
}

/**
 * Step 2, in a transaction (the caller's, or one of its own) for a report needsGrouping() picked:
 * take the locks and look again under them, then join the incident that opened meanwhile, or open
 * one for the burst: 3–5 round trips with the locks held. Returns the incident the report belongs
 * to now (null: nothing to group after all).
 */
export async function groupWritten(tx: Db, clock: Clock, notifier: Notifier, rules: Rules, r: ReportPlace & { householdPhone: string | null }): Promise<Grouped | null> {
  await tx.execute(lockStatement(rules, r));
  const [look] = await queryRows<BurstLook>(tx, lookStatement(clock, rules, r, true));
  if (look!.linkedTo !== null) return { incidentId: look!.linkedTo, linkedAt: null, notices: [] };
  const linkedAt = clock.now();
  if (look!.openId !== null) return { incidentId: await joinLate(tx, clock, notifier, look!.openId, r, linkedAt), linkedAt, notices: [] };
  return needsGrouping(rules, r, look!) ? openForBurst(tx, clock, notifier, rules, r, linkedAt) : null;
}

/** The incident a report belongs to after grouping, and when it was linked (null: by another report, earlier). */
export interface Grouped {
  incidentId: number;
  linkedAt: Date | null;
  /** What to announce on the live bus once the grouping has committed: the earlier reports it swept in. */
  notices: LiveMessage[];
}

export const LINKED_NOTE = 'part of incident #';
export const linkedNote = (incidentId: number) => `${LINKED_NOTE}${incidentId}`;

/**
 * A report written while its incident was being opened (the opener's link did not see it): link it
 * now, with its timeline entry and the household's "known problem" SMS, as a join would have.
 */
async function joinLate(tx: Db, clock: Clock, notifier: Notifier, incidentId: number, r: ReportPlace & { householdPhone: string | null }, at: Date): Promise<number> {
  await tx.execute(
    sql`WITH linked AS (UPDATE repair_requests SET incident_id = ${incidentId} WHERE id = ${r.id} RETURNING id, status)
        INSERT INTO request_events (request_id, at, kind, actor_role, from_status, to_status, note)
        SELECT id, ${at.toISOString()}::timestamptz, 'linked', 'system', status, status, ${linkedNote(incidentId)} FROM linked`,
  );
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

/** What openStatement answers: the incident opened (no row: no burst reached its threshold after all). */
interface Opened {
  id: number;
  scope: Scope['scope'];
  placeId: number;
  linked: number;
  leadId: number | null;
  leadPhone: string | null;
  changed: ChangedGroup[];
}

/**
 * Only when the look says the report tips a burst (it is written by now, under the same locks):
 * open ONE incident on the station (else the building), link the burst to it, alert the crew lead.
 * One statement does the opening (openStatement) and the lead's messages follow in the same
 * transaction; the live notices wait for the commit (publishCommitted says why).
 */
async function openForBurst(tx: Db, clock: Clock, notifier: Notifier, rules: Rules, r: ReportPlace, linkedAt: Date): Promise<Grouped | null> {
  const [opened] = await queryRows<Opened>(tx, openStatement(clock, rules, r, linkedAt));
  if (!opened) return null;
  const { id, scope, placeId, linked } = opened;
  if (opened.leadId !== null) {
    const message: Message = {
      template: 'incident_opened',
      body: `${scope === 'station' ? '换热站' : '楼栋'} #${placeId} ${rules.sla.incident.windowMinutes} 分钟内 ${linked} 户报修不热，已合并为事件 #${id}`,
      data: { incidentId: id, scope, placeId, linked },
    };
    await sendToUser(tx, notifier, { id: opened.leadId, phone: opened.leadPhone }, message);
  }
  return { incidentId: id, linkedAt, notices: requestsChangedNotices(opened.changed, 'repair.linked', { incidentId: id }) };
}

/**
 * Opening an incident as ONE statement: pick the scope whose burst reached its threshold (the
 * station first), insert the incident, link the burst with a timeline entry each, audit it, and
 * remove the building incidents the station incident absorbed once every report of theirs moved
 * (a station incident absorbs those opened on its buildings just before it: one outage, one
 * incident, issue 6 §6, whichever building happened to report first). Every sub-statement sees
 * the snapshot from before the statement, so the removal counts what stays linked to a building
 * incident as what it held minus what `moved` takes. Also answers the crew lead to alert and the
 * grids to announce the move on. The absorbed incidents are locked by the look before it.
 */
function openStatement(clock: Clock, rules: Rules, r: ReportPlace, linkedAt: Date): SQL {
  const { stationThreshold, buildingThreshold } = rules.sla.incident;
  const station = sql`${r.stationId}::int`;
  const building = sql`${r.buildingId}::int`;
  return sql`WITH ${absorbedOf(station, false)},
      burst AS (
        SELECT id, created_at, coalesce(station_id = ${station} AND (incident_id IS NULL OR incident_id IN (SELECT id FROM absorbed)), false) AS of_station,
               building_id = ${building} AND incident_id IS NULL AS of_building
          FROM repair_requests WHERE (station_id = ${station} OR building_id = ${building}) AND ${recentOutage(clock, rules)}
      ), pick AS (
        SELECT * FROM (
          SELECT 'station' AS scope, ${station} AS place_id, min(created_at) AS started_at FROM burst WHERE of_station
           HAVING ${station} IS NOT NULL AND count(*) >= ${stationThreshold}::int
          UNION ALL
          SELECT 'building', ${building}, min(created_at) FROM burst WHERE of_building HAVING count(*) >= ${buildingThreshold}::int
        ) p ORDER BY scope = 'station' DESC LIMIT 1
      ), incident AS (
        INSERT INTO incidents (scope, station_id, building_id, grid_id, city, started_at, opened_at)
        SELECT scope, CASE WHEN scope = 'station' THEN place_id END, CASE WHEN scope = 'building' THEN place_id END,
               ${r.gridId}::int, ${r.city}, started_at, ${clock.now().toISOString()}::timestamptz FROM pick
        RETURNING id, scope, coalesce(station_id, building_id) AS place_id
      ), moved AS (
        UPDATE repair_requests rr SET incident_id = incident.id FROM incident, burst
         WHERE burst.id = rr.id AND CASE WHEN incident.scope = 'station' THEN burst.of_station ELSE burst.of_building END
        RETURNING rr.id, rr.status
      ), events AS (
        INSERT INTO request_events (request_id, at, kind, actor_role, from_status, to_status, note)
        SELECT moved.id, ${linkedAt.toISOString()}::timestamptz, 'linked', 'system', moved.status, moved.status, ${LINKED_NOTE} || incident.id FROM moved, incident
      ), opened_audit AS (
        ${auditRowsFrom(clock, systemActor, { action: 'incident.open', entity: 'incident' }, sql`SELECT id AS entity_id, jsonb_build_object('scope', scope, 'placeId', place_id, 'linked', (SELECT count(*) FROM moved)) AS after FROM incident`)}
      ), dropped AS (
        DELETE FROM incidents i WHERE i.id IN (SELECT id FROM absorbed) AND EXISTS (SELECT 1 FROM incident WHERE scope = 'station')
           AND NOT EXISTS (SELECT 1 FROM repair_requests rr WHERE rr.incident_id = i.id AND rr.id NOT IN (SELECT id FROM moved))
        RETURNING i.*
      ), merged_audit AS (
        ${auditRowsFrom(clock, systemActor, { action: 'incident.merge', entity: 'incident' }, sql`SELECT d.id AS entity_id, to_jsonb(d) AS before, jsonb_build_object('mergedInto', incident.id) AS after FROM dropped d, incident`)}
      )
      SELECT incident.id, incident.scope, incident.place_id AS "placeId", (SELECT count(*)::int FROM moved) AS linked, lead.id AS "leadId", lead.phone AS "leadPhone",
             (SELECT coalesce(json_agg(c), '[]') FROM (${changedGroups(sql`SELECT id FROM moved WHERE id <> ${r.id}::int`)}) c) AS changed
        FROM incident LEFT JOIN (SELECT u.id, u.phone FROM grids g JOIN crews cr ON cr.id = g.crew_id JOIN users u ON u.id = cr.lead_user_id AND u.active
                                  WHERE g.id = ${r.gridId}::int) lead ON true`;
}
