/**
 * Opening a request (一键报修): find the household the actor may report for, fix the three
 * due times from the rulebook profile in force, route it to the one person on duty for its grid,
 * and record it with its first timeline event, audit row and the owner's notification, and
 * group it with a station or building burst — atomically, so a request is never saved without
 * an owner or a trace.
 *
 * This is the first cold morning's hot path (bench:surge), so it is written in few round trips:
 * one query reads everything (opening.read.ts), and one data-modifying statement writes the
 * request, its timeline, caller, audit row, messages and live notice. An outage report ("not
 * warm", "no heat") joins its station's open incident in that same statement; while none is open
 * it takes the station's lock and looks at the burst in a short transaction, and only the report
 * that tips a burst into an incident does more (incidents.ts).
 */
import { sql, type SQL, type SQLWrapper } from 'drizzle-orm';
import type { Actor } from '../../kernel/actor.ts';
import { auditInsert } from '../../kernel/audit.ts';
import { queryRowsPrepared, type Db } from '../../kernel/db.ts';
import type { Deps } from '../../kernel/deps.ts';
import { publishCommitted } from '../../kernel/live.ts';
import type { OutgoingMessage } from '../../kernel/notify.ts';
import { asDomain, rulesFor, slaDeadlines } from '../rulebook/index.ts';
import { reportingPlace, type LoadedRequest } from './access.ts';
import { knownIncidentMessage, lockBurst, openForBurst } from './incidents.ts';
import { requestChangeNotify } from './live.ts';
import { CATEGORY_NAMES, type Message } from './messages.ts';
import { callerInsert, callerViewOf } from './on-behalf.service.ts';
import { openingPlace, type OpeningPlace } from './opening.read.ts';
import { OUTAGE_CATEGORIES, type OpenRequest, type RequestDetail } from './repairs.contract.ts';
import { repairRequests, requestEvents } from './repairs.schema.ts';
import { composeDetail, iso, requestDetail, type TimelineRow } from './requests.read.ts';
import { routingOf, type Routing } from './routing.ts';
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
  const { write, openedIncident } = await open(deps, actor, input, {});
  // Opening an incident moved this request too (linked, with its own timeline entry): read it back.
  return openedIncident ? requestDetail(deps, actor, write.request.id) : detailOf(write);
}

async function open(deps: Deps, actor: Actor, input: OpenRequest, opts: OpenOptions): Promise<{ write: OpeningWrite; openedIncident: boolean }> {
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

  // In a caller's transaction the notice goes with it (at its commit); on our own we announce
  // after committing (publishCommitted says why).
  const announce = (incidentId: number | null) => requestChangeNotify({ ...request, branchId: place.branchId, crewLeadUserId: routing.leadUserId }, { incidentId });
  const outage = OUTAGE_CATEGORIES.includes(input.category);
  if (!outage || place.openIncidentId !== null) {
    // Not part of an outage, or joining one whose incident is already open: one statement is its
    // own transaction, no lock. The burst lock exists so that the report which OPENS an incident
    // sees every unlinked report before it links them; an open station incident is never merged
    // away (only building incidents are absorbed, by their station's), so a report that finds it
    // open may simply join it — the steady state of an outage, hundreds of reports a minute.
    request.incidentId = outage ? place.openIncidentId : null;
    await queryRowsPrepared(db, openingStatement(db, write, opts.tx ? announce(request.incidentId) : null));
    if (!opts.tx) publishCommitted(deps, announce(request.incidentId));
    return { write, openedIncident: false };
  }
  const inTransaction = <T>(work: (tx: Db) => Promise<T>): Promise<T> => (opts.tx ? work(opts.tx) : deps.db.transaction(work));
  const grouped = await inTransaction(async (tx) => {
    const burst = await lockBurst(tx, deps.clock, rules, place);
    request.incidentId = burst.openIncidentId;
    await queryRowsPrepared(tx, openingStatement(tx, write, null));
    // Only the report that tips a burst learns its incident after it is written.
    const incidentId = burst.opensIncident ? await openForBurst(tx, deps.clock, deps.notifier, rules, request) : request.incidentId;
    if (opts.tx) await tx.execute(sql`SELECT ${announce(incidentId)}`);
    return { incidentId, openedIncident: burst.opensIncident };
  });
  if (!opts.tx) publishCommitted(deps, announce(grouped.incidentId));
  return { write, openedIncident: grouped.openedIncident };
}

interface OpeningWrite {
  deps: Deps;
  actor: Actor;
  input: OpenRequest;
  place: OpeningPlace;
  routing: Routing;
  request: typeof repairRequests.$inferSelect;
}

const linkedNote = (incidentId: number) => `part of incident #${incidentId}`;

/**
 * The whole new request as ONE statement of data-modifying CTEs: the request (its id reserved
 * by openingPlace), the "created" event (and "linked" when it joins an open incident), the
 * caller, the audit row, the owner's in-app message and SMS (and the household's "known
 * problem" SMS), and the live notice when it is to leave at this statement's commit.
 */
function openingStatement(db: Db, w: OpeningWrite, notice: SQL | null): SQL {
  const { deps, actor, input, place, routing, request: r } = w;
  const now = r.createdAt;
  const events: (typeof requestEvents.$inferInsert)[] = [
    { requestId: r.id, at: now, kind: 'created', actorId: actor.userId, actorRole: actor.role, toStatus: 'submitted', assigneeUserId: routing.assigneeUserId, note: `routed to the ${routing.via}` },
  ];
  if (r.incidentId !== null) {
    events.push({ requestId: r.id, at: now, kind: 'linked', actorRole: 'system', fromStatus: r.status, toStatus: r.status, note: linkedNote(r.incidentId) });
  }
  const messages: OutgoingMessage[] = [];
  const tell = (channel: OutgoingMessage['channel'], recipient: string, m: Message) => messages.push({ channel, recipient, ...m });
  if (place.assigneeActive) {
    const m: Message = {
      template: 'repair_new',
      body: `新报修 #${r.id}（${CATEGORY_NAMES[input.category]}），户号 ${place.accountNo}，请在 ${r.firstResponseDueAt.toISOString()} 前联系住户`,
      data: { requestId: r.id, routedVia: routing.via },
    };
    tell('inapp', String(routing.assigneeUserId), m);
    if (place.assigneePhone) tell('sms', place.assigneePhone, m);
  }
  if (r.incidentId !== null && place.householdPhone) tell('sms', place.householdPhone, knownIncidentMessage(r.id, r.incidentId));
  const parts: SQLWrapper[] = [
    db.insert(repairRequests).overridingSystemValue().values(r),
    db.insert(requestEvents).values(events),
    auditInsert(db, deps.clock, actor, { action: 'repair.open', entity: 'repair_request', entityId: r.id, after: { ...r, routedVia: routing.via, caller: input.caller } }),
  ];
  if (input.caller) parts.push(callerInsert(db, r.id, input.caller, now));
  const sent = deps.notifier.sendStatement(db, messages);
  if (sent) parts.push(sent);
  const ctes = sql.join(parts.map((p, i) => sql`${sql.raw(`w${i}`)} AS (${p.getSQL()})`), sql`, `);
  return sql`WITH ${ctes} SELECT ${notice ?? sql`NULL`}`;
}

/** The 201 answer from the values just written (the same shape requestDetail reads back). */
function detailOf(w: OpeningWrite): RequestDetail {
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
  if (r.incidentId !== null) timeline.push({ at: now, kind: 'linked', actorName: 'system', from: r.status, to: r.status, note: linkedNote(r.incidentId) });
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
