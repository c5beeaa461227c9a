/**
 * Moving a request through its states, and reassigning it. Each step locks the request row,
 * checks who may take it (403) and whether the state machine allows it (409, listing what is
 * allowed), then writes the new state, the timeline event and the audit row in one transaction.
 * A clock met late records its breach on the spot, so a fast sweep is not needed to see it.
 */
import { eq, sql } from 'drizzle-orm';
import type { Actor } from '../../kernel/actor.ts';
import { writeAudit } from '../../kernel/audit.ts';
import { queryRows, type Db } from '../../kernel/db.ts';
import type { Deps } from '../../kernel/deps.ts';
import { Conflict, Forbidden, Invalid } from '../../kernel/errors.ts';
import { asDomain, rulesFor, slaDeadlines } from '../rulebook/index.ts';
import { assertSees, isResidentOf, loadRequest, supervises, works, type LoadedRequest } from './access.ts';
import { shiftUnmet } from './clocks.ts';
import { notifyHousehold, notifyUsers } from './messages.ts';
import type { Reassign, RequestStatus, Transition } from './repairs.contract.ts';
import { repairRequests, requestBreaches, requestEscalations, requestEvents } from './repairs.schema.ts';
import { publishRequestChange } from './live.ts';
import { roundPlace } from './opening.read.ts';
import { routingOf } from './routing.ts';
import { pickSlaProfile } from './sla-profile.ts';
import { allowedFrom, CLOCK_MET_BY, OPEN, RESIDENT_STEPS } from './states.ts';

type Patch = Partial<typeof repairRequests.$inferInsert>;
const CLOSING: RequestStatus[] = ['confirmed', 'cancelled', 'duplicate'];
const CLOCK_KEYS = {
  first_response: { metKey: 'respondedAt', dueKey: 'firstResponseDueAt' },
  on_site: { metKey: 'onSiteAt', dueKey: 'onSiteDueAt' },
  resolve: { metKey: 'resolvedAt', dueKey: 'resolveDueAt' },
} as const;

function assertMayTake(actor: Actor, r: LoadedRequest, to: RequestStatus): void {
  assertSees(actor, r);
  if (RESIDENT_STEPS.includes(to)) {
    if (!isResidentOf(actor, r)) throw new Forbidden("Only the household's resident confirms or reopens a request", 'resident_only');
    return;
  }
  // A resident may withdraw a request nobody has picked up yet; everything else is field work.
  if (to === 'cancelled' && isResidentOf(actor, r) && r.status === 'submitted') return;
  if (!works(actor, r)) throw new Forbidden("Only the grid's steward or its crew lead works this request", 'not_your_grid');
}

async function duplicateTarget(tx: Db, r: LoadedRequest, duplicateOf: number | undefined): Promise<number> {
  const problem = (message: string, rule: string) => new Invalid('Say which request this one duplicates', [{ field: 'duplicateOf', message, rule }], 'duplicate_of_invalid');
  if (duplicateOf === undefined) throw problem('is required with to = duplicate', 'required');
  if (duplicateOf === r.id) throw problem('cannot be the request itself', 'not_itself');
  const [other] = await tx.select({ gridId: repairRequests.gridId }).from(repairRequests).where(eq(repairRequests.id, duplicateOf));
  if (!other || other.gridId !== r.gridId) throw problem('must be a request of the same grid', 'same_grid_request');
  return duplicateOf;
}

/** Fields that belong to one step only are refused elsewhere rather than silently dropped. */
function refuseStrayFields(input: Transition): void {
  if (input.duplicateOf !== undefined && input.to !== 'duplicate') {
    throw new Invalid('duplicateOf goes with to = duplicate only', [{ field: 'duplicateOf', message: 'only with to = duplicate', rule: 'only_for_duplicate' }], 'stray_field');
  }
  if (input.rating !== undefined && input.to !== 'confirmed') {
    throw new Invalid('A rating goes with confirming the fix', [{ field: 'rating', message: 'only with to = confirmed', rule: 'only_for_confirm' }], 'stray_field');
  }
}

/** Due times for a new round of a reopened request, from the rules and SLA profile in force now. */
async function newRound(tx: Db, r: LoadedRequest, now: Date): Promise<Patch> {
  const { rules } = await rulesFor(tx, r.city, now);
  const place = await roundPlace(tx, r, now);
  const routing = routingOf(place, r.gridId);
  // The profile of the new round is the one in force now: a cold snap may have begun or ended.
  const slaProfile = pickSlaProfile(rules, r, place);
  const due = asDomain(() => slaDeadlines(rules, { category: r.category, priority: r.priority, profile: slaProfile, openedAt: now }));
  return {
    round: r.round + 1,
    slaProfile,
    firstResponseDueAt: due.firstResponseBy,
    onSiteDueAt: due.onSiteBy,
    resolveDueAt: due.resolveBy,
    respondedAt: null,
    onSiteAt: null,
    resolvedAt: null,
    assigneeUserId: routing.assigneeUserId,
    escalationLevel: Math.max(r.escalationLevel, 1),
  };
}

export async function transitionRequest(deps: Deps, actor: Actor, id: number, input: Transition): Promise<void> {
  await deps.db.transaction(async (tx) => {
    const r = await loadRequest(tx, id, { lock: true });
    assertMayTake(actor, r, input.to);
    const allowed = allowedFrom(r.status, r.pausedFrom);
    if (!allowed.includes(input.to)) {
      throw new Conflict(`A ${r.status} request cannot become ${input.to}; allowed: ${allowed.join(', ') || 'nothing (closed)'}`, { from: r.status, allowed }, 'transition_not_allowed', { from: r.status, to: input.to });
    }
    refuseStrayFields(input);
    const now = deps.clock.now();
    let patch: Patch = { status: input.to, updatedAt: now };
    if (input.rating !== undefined) patch.rating = input.rating;
    if (r.status === 'waiting') {
      // Resuming: the clocks still running move by the length of the pause.
      const pausedMs = now.getTime() - r.waitingSince!.getTime();
      patch = { ...patch, ...shiftUnmet(r, pausedMs), pausedSeconds: r.pausedSeconds + Math.round(pausedMs / 1000), waitingSince: null, pausedFrom: null };
    }
    if (input.to === 'waiting') patch = { ...patch, pausedFrom: r.status, waitingSince: now };
    if (input.to === 'duplicate') patch.duplicateOfId = await duplicateTarget(tx, r, input.duplicateOf);
    if (CLOSING.includes(input.to)) patch.closedAt = now;
    const met = CLOCK_MET_BY[input.to];
    if (met) {
      const { metKey, dueKey } = CLOCK_KEYS[met];
      // Back from waiting does not meet a clock twice; the due time is the one after the pause.
      const dueAt = patch[dueKey] ?? r[dueKey];
      if (r[metKey] === null) {
        patch[metKey] = now;
        if (now > dueAt) {
          await tx.insert(requestBreaches).values({ requestId: r.id, round: r.round, clock: met, dueAt, recordedAt: now }).onConflictDoNothing();
        }
      }
    }
    if (input.to === 'reopened') patch = { ...patch, ...(await newRound(tx, r, now)) };
    const [after] = await tx.update(repairRequests).set(patch).where(eq(repairRequests.id, r.id)).returning();
    await tx.insert(requestEvents).values({
      requestId: r.id,
      at: now,
      kind: 'transition',
      actorId: actor.userId,
      actorRole: actor.role,
      fromStatus: r.status,
      toStatus: input.to,
      assigneeUserId: after!.assigneeUserId,
      note: input.note ?? null,
    });
    await writeAudit(tx, deps.clock, actor, { action: `repair.${input.to}`, entity: 'repair_request', entityId: r.id, before: { status: r.status }, after: patch });
    await afterTransition(deps, tx, r, after!, input.to);
    await publishRequestChange(tx, { ...after!, branchId: r.branchId, crewLeadUserId: r.crewLeadUserId }, after!.assigneeUserId === r.assigneeUserId ? {} : { previousAssigneeUserId: r.assigneeUserId });
  });
}

/** Who hears about a step: the household when a fix awaits its word; the crew lead on a reopen. */
async function afterTransition(deps: Deps, tx: Db, r: LoadedRequest, after: typeof repairRequests.$inferSelect, to: RequestStatus): Promise<void> {
  if (to === 'resolved') {
    await notifyHousehold(tx, deps.notifier, r.householdId, {
      template: 'repair_resolved',
      body: `您的报修 #${r.id} 已处理完毕，请在应用中确认或提出仍未解决`,
      data: { requestId: r.id },
    });
  }
  if (to === 'reopened') {
    // A disputed fix goes back to the steward and straight up one level: the crew lead looks too.
    await tx
      .insert(requestEscalations)
      .values({ requestId: r.id, round: after.round, cause: 'reopened', level: 1, target: 'crew_lead', escalatedAt: deps.clock.now() })
      .onConflictDoNothing();
    await notifyUsers(tx, deps.notifier, [after.assigneeUserId, ...(r.crewLeadUserId ? [r.crewLeadUserId] : [])], {
      template: 'repair_reopened',
      body: `报修 #${r.id} 住户反映仍未解决，已重新打开并上报班组长`,
      data: { requestId: r.id, round: after.round },
    });
  }
}

export async function reassignRequest(deps: Deps, actor: Actor, id: number, input: Reassign): Promise<void> {
  await deps.db.transaction(async (tx) => {
    const r = await loadRequest(tx, id, { lock: true });
    assertSees(actor, r);
    if (!supervises(actor, r)) throw new Forbidden('Only the crew lead over this grid reassigns its requests', 'crew_lead_only');
    if (!OPEN.includes(r.status)) throw new Conflict(`A ${r.status} request is closed; it cannot be reassigned`, { status: r.status }, 'request_closed', { status: r.status });
    const [target] = await queryRows<{ id: number }>(
      tx,
      sql`SELECT id FROM users WHERE id = ${input.userId} AND active AND role IN ('steward', 'crew_lead')`,
    );
    if (!target) throw new Invalid('The new owner must be an active steward or crew lead', [{ field: 'userId', message: 'not an active steward or crew lead', rule: 'not_an_assignee' }], 'not_an_assignee');
    if (input.userId === r.assigneeUserId) throw new Invalid('The request is already theirs', [{ field: 'userId', message: 'is the current owner', rule: 'already_owner' }], 'already_owner');
    const now = deps.clock.now();
    await tx.update(repairRequests).set({ assigneeUserId: input.userId, updatedAt: now }).where(eq(repairRequests.id, r.id));
    await publishRequestChange(tx, { ...r, assigneeUserId: input.userId }, { previousAssigneeUserId: r.assigneeUserId });
    await tx.insert(requestEvents).values({
      requestId: r.id,
      at: now,
      kind: 'reassigned',
      actorId: actor.userId,
      actorRole: actor.role,
      fromStatus: r.status,
      toStatus: r.status,
      assigneeUserId: input.userId,
      note: input.note ?? null,
    });
    await writeAudit(tx, deps.clock, actor, { action: 'repair.reassign', entity: 'repair_request', entityId: r.id, before: { assigneeUserId: r.assigneeUserId }, after: { assigneeUserId: input.userId } });
    await notifyUsers(tx, deps.notifier, [input.userId], { template: 'repair_reassigned', body: `报修 #${r.id} 已转派给您`, data: { requestId: r.id } });
  });
}
