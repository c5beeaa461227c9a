/**
 * What people read: a resident's own requests, a steward's queue (nearest deadline first), the
 * crew lead's board (overdue and escalated), and one request with its timeline, the steward's
 * name and the expected times. Lists are scoped in SQL from the actor's scope.
 */
import { sql, type SQL } from 'drizzle-orm';
import { hasRole, scopeIds, type Actor } from '../../kernel/actor.ts';
import { queryRows, type Db } from '../../kernel/db.ts';
import type { Deps } from '../../kernel/deps.ts';
import { Forbidden } from '../../kernel/errors.ts';
import { assertSees, isResidentOf, loadRequest, works, type LoadedRequest } from './access.ts';
import { clocksOf, isBreached, nextDueSql } from './clocks.ts';
import { callerOf } from './on-behalf.service.ts';
import type { CallerView, RequestDetail, RequestSummary } from './repairs.contract.ts';
import { allowedFrom, RESIDENT_STEPS } from './states.ts';

const LIST_LIMIT = 200;

/** Raw rows carry Dates on both drivers; the contract wants ISO strings. */
export const iso = (d: Date | string | null): string | null => (d === null ? null : new Date(d).toISOString());
const ids = (list: number[]) => (list.length ? sql.join(list.map((id) => sql`${id}`), sql`, `) : sql`NULL`);

export async function summaries(db: Db, where: SQL, order: SQL): Promise<RequestSummary[]> {
  const rows = await queryRows<RequestSummary & { nextDueAt: Date | null; createdAt: Date }>(
    db,
    sql`SELECT r.id, r.household_id AS "householdId", h.account_no AS "accountNo",
               c.name || ' ' || b.name || ' ' || h.room AS address, r.grid_id AS "gridId", r.category, r.priority,
               r.channel, r.status, r.note, r.assignee_user_id AS "assigneeUserId", u.name AS "assigneeName",
               r.escalation_level AS "escalationLevel", r.incident_id AS "incidentId", ${nextDueSql('r')} AS "nextDueAt", r.created_at AS "createdAt"
        FROM repair_requests r
        JOIN households h ON h.id = r.household_id JOIN buildings b ON b.id = r.building_id
        JOIN compounds c ON c.id = b.compound_id JOIN users u ON u.id = r.assignee_user_id
        JOIN grids g ON g.id = r.grid_id JOIN crews cr ON cr.id = g.crew_id JOIN sections se ON se.id = cr.section_id
        WHERE ${where} ORDER BY ${order} LIMIT ${LIST_LIMIT}`,
  );
  return rows.map((r) => ({ ...r, nextDueAt: iso(r.nextDueAt), createdAt: iso(r.createdAt)! }));
}

/** A resident's requests for their households; anyone else's, those they reported. */
export function myRequests(deps: Deps, actor: Actor): Promise<RequestSummary[]> {
  const where = hasRole(actor, 'resident') ? sql`r.household_id IN (${ids(scopeIds(actor, 'household'))})` : sql`r.reported_by = ${actor.userId}`;
  return summaries(deps.db, where, sql`r.created_at DESC, r.id DESC`);
}

/** Open work of the steward's grid(s) and whatever is assigned to them, nearest deadline first. */
export function stewardQueue(deps: Deps, actor: Actor): Promise<RequestSummary[]> {
  if (!hasRole(actor, 'steward', 'crew_lead')) throw new Forbidden('The queue is for stewards and crew leads', 'steward_or_crew_lead');
  const where = sql`r.status IN ('submitted', 'accepted', 'on_site', 'waiting', 'reopened')
    AND (r.grid_id IN (${ids(scopeIds(actor, 'grid'))}) OR r.assignee_user_id = ${actor.userId})`;
  return summaries(deps.db, where, sql`"nextDueAt" ASC NULLS LAST, r.id`);
}

/** The crew lead's board: open requests of their grids that are overdue or escalated. */
export function crewBoard(deps: Deps, actor: Actor): Promise<RequestSummary[]> {
  if (!hasRole(actor, 'crew_lead', 'admin')) throw new Forbidden('The board is for crew leads and admins', 'crew_lead_or_admin');
  const branches = scopeIds(actor, 'branch');
  const reach = hasRole(actor, 'admin')
    ? branches.length ? sql`se.branch_id IN (${ids(branches)})` : sql`true`
    : sql`(cr.lead_user_id = ${actor.userId} OR r.grid_id IN (${ids(scopeIds(actor, 'grid'))}) OR se.branch_id IN (${ids(branches)}))`;
  const now = deps.clock.now().toISOString();
  const where = sql`${reach} AND r.status IN ('submitted', 'accepted', 'on_site', 'waiting', 'reopened', 'resolved')
    AND (r.escalation_level > 0 OR ${nextDueSql('r')} < ${now}::timestamptz)`;
  return summaries(deps.db, where, sql`r.escalation_level DESC, "nextDueAt" ASC NULLS LAST, r.id`);
}

/** Staff who work the request see the household's phone to call; nobody else does. */
function showsPhone(actor: Actor, r: LoadedRequest): boolean {
  return works(actor, r) || hasRole(actor, 'dispatcher');
}

export type TimelineRow = { at: Date | string; kind: RequestDetail['timeline'][number]['kind']; actorName: string; from: RequestDetail['status'] | null; to: RequestDetail['status']; note: string | null };
type EscalationRow = { at: Date | string; cause: RequestDetail['escalations'][number]['cause']; level: number; target: RequestDetail['escalations'][number]['target'] };

/** What a request's page shows, from its parts: read back (requestDetail) or just written (openRequest). */
export interface DetailParts {
  r: LoadedRequest;
  summary: RequestSummary;
  householdPhone: string | null;
  assigneePhone: string | null;
  timeline: TimelineRow[];
  escalations: EscalationRow[];
  caller: CallerView | null;
}

export async function requestDetail(deps: Deps, actor: Actor, id: number): Promise<RequestDetail> {
  const r = await loadRequest(deps.db, id);
  assertSees(actor, r);
  const [summary] = await summaries(deps.db, sql`r.id = ${id}`, sql`r.id`);
  const [extra] = await queryRows<{ householdPhone: string | null; assigneePhone: string | null }>(
    deps.db,
    sql`SELECT h.phone AS "householdPhone", u.phone AS "assigneePhone" FROM repair_requests r
        JOIN households h ON h.id = r.household_id JOIN users u ON u.id = r.assignee_user_id WHERE r.id = ${id}`,
  );
  const timeline = await queryRows<TimelineRow>(
    deps.db,
    sql`SELECT e.at, e.kind, COALESCE(u.name, 'system') AS "actorName", e.from_status AS "from", e.to_status AS "to", e.note
        FROM request_events e LEFT JOIN users u ON u.id = e.actor_id WHERE e.request_id = ${id} ORDER BY e.at, e.id`,
  );
  const escalations = await queryRows<EscalationRow>(
    deps.db,
    sql`SELECT escalated_at AS at, cause, level, target FROM request_escalations WHERE request_id = ${id} ORDER BY escalated_at, id`,
  );
  const caller = await callerOf(deps.db, id);
  return composeDetail(actor, { r, summary: summary!, ...extra!, timeline, escalations, caller }, deps.clock.now());
}

export function composeDetail(actor: Actor, p: DetailParts, now: Date): RequestDetail {
  const { r } = p;
  const mayWork = works(actor, r);
  const allowed = allowedFrom(r.status, r.pausedFrom).filter((to) =>
    RESIDENT_STEPS.includes(to) ? isResidentOf(actor, r) : mayWork || (to === 'cancelled' && r.status === 'submitted' && isResidentOf(actor, r)),
  );
  return {
    ...p.summary,
    householdPhone: showsPhone(actor, r) ? p.householdPhone : null,
    assigneePhone: p.assigneePhone,
    duplicateOfId: r.duplicateOfId,
    rating: r.rating,
    round: r.round,
    slaProfile: r.slaProfile,
    clocks: clocksOf(r).map((c) => ({ name: c.name, dueAt: iso(c.dueAt)!, metAt: iso(c.metAt), breached: isBreached(c, r.waitingSince ?? r.closedAt ?? now) })),
    timeline: p.timeline.map((e) => ({ ...e, at: iso(e.at)! })),
    escalations: p.escalations.map((e) => ({ ...e, at: iso(e.at)! })),
    allowedTransitions: allowed,
    caller: p.caller && { ...p.caller, phone: showsPhone(actor, r) ? p.caller.phone : null },
  };
}
