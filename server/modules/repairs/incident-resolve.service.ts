/**
 * Ending an incident: the crew lead says the station (or building) is fixed. Every linked
 * request still being worked becomes resolved in the same transaction — its first-response and
 * on-site clocks are met now if they were not (the fix reached the household), a late one
 * records its breach — and every household is told by SMS, then confirms or reopens as usual.
 * The incident keeps the outage's start (first report) and end for the temperature and billing
 * rules. Waiting requests are left to their steward: they wait for something else.
 */
import { sql } from 'drizzle-orm';
import { hasRole, scopeIds, type Actor } from '../../kernel/actor.ts';
import { writeAudit } from '../../kernel/audit.ts';
import { queryRows, type Db } from '../../kernel/db.ts';
import type { Deps } from '../../kernel/deps.ts';
import { Conflict, Forbidden, NotFound } from '../../kernel/errors.ts';
import { publishLive } from '../../kernel/live.ts';
import { publishRequestsChanged } from './live.ts';
import { notifyHousehold } from './messages.ts';
import type { IncidentView } from './repairs.contract.ts';

const LINKED_RUNNING = sql`r.status IN ('submitted', 'accepted', 'on_site', 'reopened')`;

interface IncidentRow {
  id: number;
  status: string;
  gridId: number;
  leadUserId: number | null;
  branchId: number;
}

/** Crew lead over the incident's grid (or an admin of its branch). */
function assertSupervises(actor: Actor, i: IncidentRow): void {
  const branches = scopeIds(actor, 'branch');
  const ok = hasRole(actor, 'admin')
    ? branches.length === 0 || branches.includes(i.branchId)
    : hasRole(actor, 'crew_lead') && (i.leadUserId === actor.userId || scopeIds(actor, 'grid').includes(i.gridId) || branches.includes(i.branchId));
  if (!ok) throw new Forbidden('Only the crew lead over this grid resolves its incidents', 'crew_lead_only');
}

async function lockIncident(tx: Db, id: number): Promise<IncidentRow> {
  const [row] = await queryRows<IncidentRow>(
    tx,
    sql`SELECT i.id, i.status, i.grid_id AS "gridId", cr.lead_user_id AS "leadUserId", se.branch_id AS "branchId"
        FROM incidents i JOIN grids g ON g.id = i.grid_id JOIN crews cr ON cr.id = g.crew_id JOIN sections se ON se.id = cr.section_id
        WHERE i.id = ${id} FOR UPDATE OF i`,
  );
  if (!row) throw new NotFound('incident', id);
  return row;
}

export async function resolveIncident(deps: Deps, actor: Actor, id: number, note?: string): Promise<void> {
  await deps.db.transaction(async (tx) => {
    const incident = await lockIncident(tx, id);
    assertSupervises(actor, incident);
    if (incident.status !== 'open') throw new Conflict(`Incident ${id} is already ${incident.status}`, { status: incident.status }, 'incident_closed', { status: incident.status });
    const now = deps.clock.now().toISOString();
    await tx.execute(sql`UPDATE incidents SET status = 'resolved', resolved_at = ${now}::timestamptz WHERE id = ${id}`);
    const resolved = await queryRows<{ id: number; householdId: number; fromStatus: string }>(
      tx,
      sql`WITH before AS (SELECT r.id, r.status FROM repair_requests r WHERE r.incident_id = ${id} AND ${LINKED_RUNNING} FOR UPDATE)
          UPDATE repair_requests r SET status = 'resolved', updated_at = ${now}::timestamptz,
                 responded_at = COALESCE(r.responded_at, ${now}::timestamptz),
                 on_site_at = COALESCE(r.on_site_at, ${now}::timestamptz), resolved_at = ${now}::timestamptz
          FROM before WHERE r.id = before.id
          RETURNING r.id, r.household_id AS "householdId", before.status AS "fromStatus"`,
    );
    if (resolved.length > 0) {
      const ids = sql.join(resolved.map((r) => sql`${r.id}`), sql`, `);
      // Clocks met now but due earlier are breaches, exactly as when a steward is late.
      await tx.execute(
        sql`INSERT INTO request_breaches (request_id, round, clock, due_at, recorded_at)
            SELECT r.id, r.round, c.clock, c.due_at, ${now}::timestamptz
            FROM repair_requests r CROSS JOIN LATERAL (VALUES ('first_response', r.first_response_due_at, r.responded_at),
                 ('on_site', r.on_site_due_at, r.on_site_at), ('resolve', r.resolve_due_at, r.resolved_at)) AS c(clock, due_at, met_at)
            WHERE r.id IN (${ids}) AND c.met_at = ${now}::timestamptz AND c.due_at < ${now}::timestamptz
            ON CONFLICT DO NOTHING`,
      );
      await tx.execute(
        sql`INSERT INTO request_events (request_id, at, kind, actor_id, actor_role, from_status, to_status, note)
            SELECT v.id, ${now}::timestamptz, 'transition', ${actor.userId}, ${actor.role}, v.from_status, 'resolved', ${note ?? `incident #${id} resolved`}
            FROM (VALUES ${sql.join(resolved.map((r) => sql`(${r.id}::int, ${r.fromStatus}::text)`), sql`, `)}) AS v(id, from_status)`,
      );
    }
    await publishLive(tx, [`branch:${incident.branchId}`, `grid:${incident.gridId}`], { kind: 'incident.resolved', incidentId: id });
    await publishRequestsChanged(tx, resolved.map((r) => r.id), 'repair.changed', { incidentId: id });
    await writeAudit(tx, deps.clock, actor, { action: 'incident.resolve', entity: 'incident', entityId: id, after: { resolvedRequestIds: resolved.map((r) => r.id), note } });
    for (const householdId of new Set(resolved.map((r) => r.householdId))) {
      await notifyHousehold(tx, deps.notifier, householdId, {
        template: 'incident_resolved',
        body: `供热故障（事件 #${id}）已修复，请在应用中确认您家是否已恢复供热`,
        data: { incidentId: id },
      });
    }
  });
}

/** Open and recent incidents the actor supervises, newest first, with their linked counts. */
export async function listIncidents(deps: Deps, actor: Actor): Promise<IncidentView[]> {
  if (!hasRole(actor, 'crew_lead', 'admin')) throw new Forbidden('Incidents are listed for crew leads and admins', 'crew_lead_or_admin');
  const branches = scopeIds(actor, 'branch');
  const list = (ids: number[]) => (ids.length ? sql.join(ids.map((v) => sql`${v}`), sql`, `) : sql`NULL`);
  const reach = hasRole(actor, 'admin')
    ? branches.length ? sql`se.branch_id IN (${list(branches)})` : sql`true`
    : sql`(cr.lead_user_id = ${actor.userId} OR i.grid_id IN (${list(scopeIds(actor, 'grid'))}) OR se.branch_id IN (${list(branches)}))`;
  const rows = await queryRows<Omit<IncidentView, 'startedAt' | 'openedAt' | 'resolvedAt'> & { startedAt: Date; openedAt: Date; resolvedAt: Date | null }>(
    deps.db,
    sql`SELECT i.id, i.scope, i.station_id AS "stationId", i.building_id AS "buildingId", i.grid_id AS "gridId", i.status,
               i.started_at AS "startedAt", i.opened_at AS "openedAt", i.resolved_at AS "resolvedAt",
               (SELECT count(*)::int FROM repair_requests r WHERE r.incident_id = i.id) AS "linkedRequests",
               (SELECT coalesce(max(e.level), 0)::int FROM incident_escalations e WHERE e.incident_id = i.id) AS "escalationLevel"
        FROM incidents i JOIN grids g ON g.id = i.grid_id JOIN crews cr ON cr.id = g.crew_id JOIN sections se ON se.id = cr.section_id
        WHERE ${reach} ORDER BY (i.status = 'open') DESC, i.opened_at DESC LIMIT 100`,
  );
  const iso = (d: Date | null) => (d === null ? null : new Date(d).toISOString());
  return rows.map((r) => ({ ...r, startedAt: iso(r.startedAt)!, openedAt: iso(r.openedAt)!, resolvedAt: iso(r.resolvedAt) }));
}
