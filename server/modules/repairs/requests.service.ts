/**
 * Opening a request (一键报修): find the household the actor may report for, fix the three
 * due times from the rulebook profile in force, route it to the one person on duty for its grid,
 * and record it with its first timeline event, audit row and the owner's notification —
 * atomically, so a request is never saved without an owner or a trace — then group it with a
 * station or building burst.
 *
 * This is the first cold morning's hot path (bench:surge), so it is written in few round trips:
 * one query reads everything (opening.read.ts), and one constant statement writes the request,
 * its timeline, caller, audit row and messages — shared by the reports that arrive together
 * (opening.write.ts). An outage report ("not warm", "no
 * heat") joins its station's open incident in that same statement; while none is open it looks
 * at its burst after it is written (one more round trip: lock and look, incidents.ts), and only
 * the report that tips a burst into an incident (or was written while one opened) does more.
 * A crash between the write and the look leaves a report ungrouped until the next report of its
 * station looks — it is never lost, and the next look counts it.
 */
import type { Actor } from '../../kernel/actor.ts';
import type { Db } from '../../kernel/db.ts';
import type { Deps } from '../../kernel/deps.ts';
import { publishCommitted, publishLive } from '../../kernel/live.ts';
import { asDomain, rulesFor, slaDeadlines } from '../rulebook/index.ts';
import { reportingPlace, type LoadedRequest } from './access.ts';
import { groupWritten, linkedNote, lookAtBurst, needsGrouping, type Grouped } from './incidents.ts';
import { requestChange } from './live.ts';
import { callerViewOf } from './on-behalf.service.ts';
import { openingPlace } from './opening.read.ts';
import { writeOpening, type OpeningWrite } from './opening.write.ts';
import { OUTAGE_CATEGORIES, type OpenRequest, type RequestDetail } from './repairs.contract.ts';
import type { repairRequests } from './repairs.schema.ts';
import { composeDetail, iso, requestDetail, type TimelineRow } from './requests.read.ts';
import { routingOf } from './routing.ts';
import { pickSlaProfile } from './sla-profile.ts';

export interface OpenOptions {
  /**
   * The caller's transaction, when opening the request is one part of a larger change that must
   * commit or fail as a whole (an Open311 post with its hotline details). Without it the request
   * gets its own transaction (or is one statement when it cannot be part of an outage).
   */
  tx?: Db;
}

export async function openRequest(deps: Deps, actor: Actor, input: OpenRequest, opts: OpenOptions = {}): Promise<number> {
  return (await open(deps, actor, input, opts)).write.request.id;
}

/** openRequest answering with the request as its reporter now sees it (the 201 of POST /api/repairs). */
export async function openRequestWithDetail(deps: Deps, actor: Actor, input: OpenRequest): Promise<RequestDetail> {
  const { write, linkedAt } = await open(deps, actor, input, {});
  // Linked by another report's grouping, at a moment we do not know: read it back.
  return linkedAt === null ? requestDetail(deps, actor, write.request.id) : detailOf(write, linkedAt);
}

async function open(deps: Deps, actor: Actor, input: OpenRequest, opts: OpenOptions): Promise<{ write: OpeningWrite; linkedAt: Date | null }> {
  // Inside a caller's transaction every read goes through it too (on PGlite the outer handle would wait on it).
  const db = opts.tx ?? deps.db;
  const now = deps.clock.now();
  const { place, channel } = await reportingPlace(actor, input, (id) => openingPlace(db, id, now));
  const { rules } = await rulesFor(db, place.city, now);
  const routing = routingOf(place, place.gridId);
  // What the reporter said, else the rulebook's default for the category (a leak is urgent).
  const priority = input.priority ?? rules.sla.defaultPriority[input.category];
  const slaProfile = pickSlaProfile(rules, { category: input.category, priority }, place);
  const due = asDomain(() => slaDeadlines(rules, { category: input.category, priority, profile: slaProfile, openedAt: now }));
  const request: typeof repairRequests.$inferSelect = {
    id: place.requestId,
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
    pausedFrom: null,
    waitingSince: null,
    pausedSeconds: 0,
    duplicateOfId: null,
    incidentId: null,
    rating: null,
    round: 0,
    escalationLevel: 0,
    slaProfile,
    firstResponseDueAt: due.firstResponseBy,
    onSiteDueAt: due.onSiteBy,
    resolveDueAt: due.resolveBy,
    respondedAt: null,
    onSiteAt: null,
    resolvedAt: null,
    closedAt: null,
    createdAt: now,
    updatedAt: now,
  };
  const write = { deps, actor, input, place, routing, request };

  // An outage report joins the open incident of its station (else building) in the statement that
  // writes it, without the burst locks: they exist so that the report which OPENS an incident sees
  // every unlinked report. The statement's key-share lock on the incident is what keeps a join
  // from racing a resolve or a station incident absorbing the building's (openingStatement).
  const outage = OUTAGE_CATEGORIES.includes(input.category);
  const joining = outage ? place.openIncidentId : null;
  request.incidentId = await writeOpening(write, joining, opts.tx);
  // An unlinked outage report (none was open, or it was resolved meanwhile) looks at its burst
  // AFTER it is written: one round trip on its own, or under the caller's transaction's locks.
  // When the report was linked: with the write, by its own grouping (now), or unknown (null).
  let linkedAt: Date | null = request.createdAt;
  let grouped: Grouped | null = null;
  if (outage && request.incidentId === null) {
    const report = { ...request, householdPhone: place.householdPhone };
    const look = opts.tx ? null : await lookAtBurst(db, deps.clock, rules, report);
    if (look?.linkedTo) grouped = { incidentId: look.linkedTo, linkedAt: null, notices: [] };
    if (!look || needsGrouping(rules, report, look)) {
      const group = (tx: Db) => groupWritten(tx, deps.clock, deps.notifier, rules, report);
      grouped = await (opts.tx ? group(opts.tx) : deps.db.transaction(group));
    }
    request.incidentId = grouped?.incidentId ?? null;
    if (grouped) linkedAt = grouped.linkedAt;
  }
  // In a caller's transaction the notice goes with it (at its commit); on our own we announce
  // after committing (publishCommitted says why).
  const change = requestChange({ ...request, branchId: place.branchId, crewLeadUserId: routing.leadUserId }, { incidentId: request.incidentId });
  for (const notice of [change, ...(grouped?.notices ?? [])]) {
    if (opts.tx) await publishLive(opts.tx, notice.topics, notice.payload);
    else publishCommitted(deps, notice.topics, notice.payload);
  }
  return { write, linkedAt };
}

/** The 201 answer from the values just written (the same shape requestDetail reads back). */
function detailOf(w: OpeningWrite, linkedAt: Date): RequestDetail {
  const { actor, input, place, routing, request: r } = w;
  const now = r.createdAt;
  const loaded: LoadedRequest = {
    ...r,
    crewId: place.crewId!,
    crewLeadUserId: routing.leadUserId,
    sectionId: place.sectionId!,
    branchId: place.branchId,
    communityId: place.communityId,
    compoundId: place.compoundId,
  };
  const timeline: TimelineRow[] = [{ at: now, kind: 'created', actorName: actor.name, from: null, to: r.status, note: `routed to the ${routing.via}` }];
  if (r.incidentId !== null) timeline.push({ at: linkedAt, kind: 'linked', actorName: 'system', from: r.status, to: r.status, note: linkedNote(r.incidentId) });
  return composeDetail(
    actor,
    {
      r: loaded,
      summary: {
        id: r.id,
        householdId: r.householdId,
        accountNo: place.accountNo,
        address: place.address,
        gridId: r.gridId,
        category: r.category,
        priority: r.priority,
        channel: r.channel,
        status: r.status,
        note: r.note,
        assigneeUserId: r.assigneeUserId,
        assigneeName: place.assigneeName!,
        escalationLevel: r.escalationLevel,
        incidentId: r.incidentId,
        nextDueAt: iso(r.firstResponseDueAt),
        createdAt: iso(r.createdAt)!,
      },
      householdPhone: place.householdPhone,
      assigneePhone: place.assigneePhone,
      timeline,
      escalations: [],
      caller: input.caller ? callerViewOf(input.caller) : null,
    },
    now,
  );
}
