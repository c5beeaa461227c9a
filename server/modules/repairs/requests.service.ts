/**
 * Opening a request (一键报修): find the household the actor may report for, fix the three
 * due times from the rulebook in force, route it to the one person on duty for its grid, and
 * record it with its first timeline event, audit row and the owner's notification, and group it
 * with a station or building burst — one transaction, so a request is never saved without an
 * owner or a trace.
 */
import type { Actor } from '../../kernel/actor.ts';
import { writeAudit } from '../../kernel/audit.ts';
import type { Db } from '../../kernel/db.ts';
import type { Deps } from '../../kernel/deps.ts';
import { asDomain, rulesFor, slaDeadlines } from '../rulebook/index.ts';
import { reportingPlace } from './access.ts';
import { CATEGORY_NAMES, notifyUsers } from './messages.ts';
import type { OpenRequest } from './repairs.contract.ts';
import { repairRequests, requestEvents } from './repairs.schema.ts';
import { groupReport } from './incidents.ts';
import { publishRequestChange } from './live.ts';
import { routeRequest } from './routing.ts';
import { recordCaller } from './on-behalf.service.ts';

export interface OpenOptions {
  /**
   * The caller's transaction, when opening the request is one part of a larger change that must
   * commit or fail as a whole (an Open311 post with its hotline details). Without it the request
   * gets its own transaction.
   */
  tx?: Db;
}

export async function openRequest(deps: Deps, actor: Actor, input: OpenRequest, opts: OpenOptions = {}): Promise<number> {
  // Inside a caller's transaction every read goes through it too (on PGlite the outer handle would wait on it).
  const db = opts.tx ?? deps.db;
  const { place, channel } = await reportingPlace(db, actor, input);
  const now = deps.clock.now();
  const { rules } = await rulesFor(db, place.city, now);
  // What the reporter said, else the rulebook's default for the category (a leak is urgent).
  const priority = input.priority ?? rules.sla.defaultPriority[input.category];
  const due = asDomain(() => slaDeadlines(rules, { category: input.category, priority, openedAt: now }));
  const inTransaction = <T>(work: (tx: Db) => Promise<T>): Promise<T> => (opts.tx ? work(opts.tx) : deps.db.transaction(work));
  return inTransaction(async (tx) => {
    const routing = await routeRequest(tx, place, now);
    const [row] = await tx
      .insert(repairRequests)
      .values({
        householdId: place.householdId,
        buildingId: place.buildingId,
        gridId: place.gridId,
        stationId: place.stationId,
        city: place.city,
        category: input.category,
        priority,
        channel,
        note: input.note ?? null,
        reportedBy: actor.userId!,
        status: 'submitted',
        assigneeUserId: routing.assigneeUserId,
        firstResponseDueAt: due.firstResponseBy,
        onSiteDueAt: due.onSiteBy,
        resolveDueAt: due.resolveBy,
        createdAt: now,
        updatedAt: now,
      })
      .returning();
    const request = row!;
    await tx.insert(requestEvents).values({
      requestId: request.id,
      at: now,
      kind: 'created',
      actorId: actor.userId,
      actorRole: actor.role,
      toStatus: 'submitted',
      assigneeUserId: routing.assigneeUserId,
      note: `routed to the ${routing.via}`,
    });
    if (input.caller) await recordCaller(tx, request.id, input.caller, now);
    await writeAudit(tx, deps.clock, actor, { action: 'repair.open', entity: 'repair_request', entityId: request.id, after: { ...request, routedVia: routing.via, caller: input.caller } });
    await notifyUsers(tx, deps.notifier, [routing.assigneeUserId], {
      template: 'repair_new',
      body: `新报修 #${request.id}（${CATEGORY_NAMES[input.category]}），户号 ${place.accountNo}，请在 ${due.firstResponseBy.toISOString()} 前联系住户`,
      data: { requestId: request.id, routedVia: routing.via },
    });
    const incidentId = await groupReport(tx, deps.clock, deps.notifier, rules, { ...request, category: input.category });
    await publishRequestChange(tx, { ...request, branchId: place.branchId, crewLeadUserId: routing.leadUserId }, { incidentId });
    return request.id;
  });
}
