/**
 * Repairs on the live bus (kernel/live.ts). Topics, and who may follow them:
 *   request:ID     one request — whoever may see it (resident, its steward, crew lead, liaison…)
 *   grid:ID        every request of a grid — its stewards, its crew lead, branch staff
 *   queue:user:ID  what is assigned to one person — that person only
 *   lead:user:ID   what one crew lead supervises (the grids of their crew) — that crew lead only
 *   branch:ID      every request and incident of a branch — branch staff and crew leads scoped to it
 *   household:ID   a household's requests — its residents
 * A change publishes one message on all the topics it touches; the payload names the request,
 * never its data, so a page refetches through the scope-checked API.
 */
import { eq, sql, type SQL } from 'drizzle-orm';
import { hasRole, scopeIds, type Actor } from '../../kernel/actor.ts';
import { queryRows, type Db } from '../../kernel/db.ts';
import type { Deps } from '../../kernel/deps.ts';
import { NotFound } from '../../kernel/errors.ts';
import { publishLive, type LiveMessage, type TopicGuard } from '../../kernel/live.ts';
import { crews, grids, sections } from '../registry/index.ts';
import { loadRequest, sees } from './access.ts';

/** Branch staff with no branch scope work company-wide (the registry's convention). */
function inBranch(actor: Actor, branchId: number): boolean {
  const ids = scopeIds(actor, 'branch');
  return ids.length === 0 || ids.includes(branchId);
}

export function repairsLiveTopics(deps: Deps): Record<string, TopicGuard> {
  return {
    request: async (actor, id) => {
      try {
        return sees(actor, await loadRequest(deps.db, id));
      } catch (err) {
        if (err instanceof NotFound) return false; // no probing for which ids exist
        throw err;
      }
    },
    grid: async (actor, id) => {
      const [g] = await deps.db
        .select({ leadUserId: crews.leadUserId, branchId: sections.branchId })
        .from(grids)
        .innerJoin(crews, eq(crews.id, grids.crewId))
        .innerJoin(sections, eq(sections.id, crews.sectionId))
        .where(eq(grids.id, id));
      if (!g) return false;
      if (hasRole(actor, 'steward')) return scopeIds(actor, 'grid').includes(id);
      if (hasRole(actor, 'crew_lead')) return g.leadUserId === actor.userId || scopeIds(actor, 'grid').includes(id) || scopeIds(actor, 'branch').includes(g.branchId);
      if (hasRole(actor, 'admin', 'dispatcher')) return inBranch(actor, g.branchId);
      return false;
    },
    'queue:user': async (actor, id) => actor.userId === id,
    'lead:user': async (actor, id) => actor.userId === id && hasRole(actor, 'crew_lead'),
    branch: async (actor, id) => {
      if (hasRole(actor, 'admin', 'dispatcher', 'clerk')) return inBranch(actor, id);
      return hasRole(actor, 'crew_lead') && scopeIds(actor, 'branch').includes(id);
    },
    household: async (actor, id) => hasRole(actor, 'resident') && scopeIds(actor, 'household').includes(id),
  };
}

export interface ChangedRequest {
  id: number;
  gridId: number;
  householdId: number;
  assigneeUserId: number;
  branchId: number;
  crewLeadUserId: number | null;
  status: string;
}

/** Tell every page showing this request that it changed (at commit of `tx`). */
export async function publishRequestChange(tx: Db, r: ChangedRequest, extra: ChangeExtra = {}): Promise<void> {
  const change = requestChange(r, extra);
  await publishLive(tx, change.topics, change.payload);
}

type ChangeExtra = { previousAssigneeUserId?: number; incidentId?: number | null };

/** The topics and payload publishRequestChange announces, for a caller that announces after its commit. */
export function requestChange(r: ChangedRequest, extra: ChangeExtra = {}): { topics: string[]; payload: Record<string, unknown> } {
  const topics = [`request:${r.id}`, `grid:${r.gridId}`, `queue:user:${r.assigneeUserId}`, `branch:${r.branchId}`, `household:${r.householdId}`];
  if (r.crewLeadUserId !== null) topics.push(`lead:user:${r.crewLeadUserId}`);
  if (extra.previousAssigneeUserId !== undefined) topics.push(`queue:user:${extra.previousAssigneeUserId}`);
  return { topics, payload: { kind: 'repair.changed', requestId: r.id, status: r.status, ...(extra.incidentId != null && { incidentId: extra.incidentId }) } };
}

/**
 * Set-based changes (the escalation sweep, incidents, auto-confirm) touch many requests at once:
 * one message per grid names them, instead of one notification per request.
 */
export async function publishRequestsChanged(tx: Db, requestIds: readonly number[], kind: string, extra: Record<string, unknown> = {}): Promise<void> {
  if (requestIds.length === 0) return;
  const groups = await queryRows<ChangedGroup>(tx, changedGroups(sql.join(requestIds.map((id) => sql`${id}`), sql`, `)));
  for (const n of requestsChangedNotices(groups, kind, extra)) await publishLive(tx, n.topics, n.payload);
}

/** The requests of a set-based change grouped by grid, as requestsChangedNotices wants them. */
export interface ChangedGroup {
  gridId: number;
  branchId: number;
  leadUserId: number | null;
  ids: number[];
  assignees: number[];
  households: number[];
}

/**
 * The query of ChangedGroups for the requests `ids` yields (a list or a subquery): for a change
 * written as one statement, which then needs no round trip of its own to announce itself.
 */
export function changedGroups(ids: SQL): SQL {
  return sql`SELECT r.grid_id AS "gridId", se.branch_id AS "branchId", cr.lead_user_id AS "leadUserId", array_agg(r.id ORDER BY r.id) AS ids,
               array_agg(DISTINCT r.assignee_user_id) AS assignees, array_agg(DISTINCT r.household_id) AS households
        FROM repair_requests r JOIN grids g ON g.id = r.grid_id JOIN crews cr ON cr.id = g.crew_id JOIN sections se ON se.id = cr.section_id
        WHERE r.id IN (${ids})
        GROUP BY r.grid_id, se.branch_id, cr.lead_user_id`;
}

/** One live message per grid of a set-based change. */
export function requestsChangedNotices(groups: readonly ChangedGroup[], kind: string, extra: Record<string, unknown> = {}): LiveMessage[] {
  return groups.map((g) => {
    // Per-request and per-household topics only for small batches: a NOTIFY payload is bounded.
    const small = g.ids.length <= 20;
    const topics = [
      `grid:${g.gridId}`,
      `branch:${g.branchId}`,
      ...(g.leadUserId === null ? [] : [`lead:user:${g.leadUserId}`]),
      ...g.assignees.map((u) => `queue:user:${u}`),
      ...(small ? [...g.ids.map((id) => `request:${id}`), ...g.households.map((h) => `household:${h}`)] : []),
    ];
    return { topics: topics.slice(0, 200), payload: { kind, requestIds: small ? g.ids : g.ids.slice(0, 50), count: g.ids.length, ...extra } };
  });
}
