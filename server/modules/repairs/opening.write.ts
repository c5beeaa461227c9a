/**
 * Writing a new request: the request (its id reserved by openingPlace), its "created" event, the
 * caller, the audit row, the owner's in-app message and SMS — and, for a report joining an open
 * incident, its "linked" event and the household's "known problem" SMS — as ONE statement.
 *
 * The statement's text is a constant and every value travels in one JSON parameter (one element
 * per request), for the first cold morning's surge (bench:surge): no SQL is built per request,
 * PostgreSQL plans it once per connection, and concurrent reports share one statement and one
 * commit (kernel/coalesce.ts). A report in a batch is as atomic as alone: its rows commit
 * together or not at all, and a failed batch is retried report by report.
 */
import { getTableColumns } from 'drizzle-orm';
import type { Actor } from '../../kernel/actor.ts';
import { auditRow, type AuditRow } from '../../kernel/audit.ts';
import { Coalescer } from '../../kernel/coalesce.ts';
import { queryConstant, type Db } from '../../kernel/db.ts';
import type { Deps } from '../../kernel/deps.ts';
import type { OutboxRow, OutgoingMessage } from '../../kernel/notify.ts';
import { knownIncidentMessage, linkedNote } from './incidents.ts';
import { CATEGORY_NAMES, type Message } from './messages.ts';
import { callerViewOf } from './on-behalf.service.ts';
import type { OpeningPlace } from './opening.read.ts';
import type { OpenRequest } from './repairs.contract.ts';
import { repairRequests } from './repairs.schema.ts';
import type { Routing } from './routing.ts';

export interface OpeningWrite {
  deps: Deps;
  actor: Actor;
  input: OpenRequest;
  place: OpeningPlace;
  routing: Routing;
  request: typeof repairRequests.$inferSelect;
}

/** One request's rows, as the statement reads them (the tables' column names). */
interface OpeningRow {
  /** Every column of repair_requests but incident_id, which the statement sets if the join holds. */
  request: Record<string, unknown>;
  /** The open incident the report asks to join, or null. */
  joining: number | null;
  /** "created", then "linked" (kept only if the join holds), numbered in that order. */
  events: Record<string, unknown>[];
  audit: AuditRow;
  caller: Record<string, unknown> | null;
  messages: OutboxRow[];
  /** Sent only if the join holds. */
  known: OutboxRow[];
}

/**
 * The join is gated on the incident still being open when the statement takes its key-share
 * lock — the lock a resolve's or a station incident's absorption's FOR UPDATE waits for (and
 * that waits for them): a report never joins an incident being or already resolved, or a building
 * incident its station's has absorbed; it stays unlinked, and its look after the write groups it.
 * The request's columns are listed, not `r.*`, so that a column a later migration adds takes its
 * default while older instances still run this text (rolling upgrades, docs/deployment.md).
 */
const REQUEST_COLUMNS = Object.keys(getTableColumns(repairRequests)).map(columnName);
const OPENING_SQL = `
WITH input AS (
  SELECT * FROM jsonb_to_recordset($1::jsonb) AS x(request jsonb, joining int, events jsonb, audit jsonb, caller jsonb, messages jsonb, known jsonb)
), joined AS (
  SELECT id FROM incidents WHERE id IN (SELECT joining FROM input) AND status = 'open' FOR KEY SHARE
), linked AS (
  SELECT input.*, joined.id AS incident_id FROM input LEFT JOIN joined ON joined.id = input.joining
), req AS (
  INSERT INTO repair_requests (${REQUEST_COLUMNS.join(', ')}) OVERRIDING SYSTEM VALUE
  SELECT ${REQUEST_COLUMNS.map((c) => `r.${c}`).join(', ')} FROM linked, jsonb_populate_record(NULL::repair_requests, linked.request || jsonb_build_object('incident_id', linked.incident_id)) r
  RETURNING id, incident_id
), ev AS (
  INSERT INTO request_events (request_id, at, kind, actor_id, actor_role, from_status, to_status, assignee_user_id, note)
  SELECT e.request_id, e.at, e.kind, e.actor_id, e.actor_role, e.from_status, e.to_status, e.assignee_user_id, e.note
    FROM linked, jsonb_populate_recordset(NULL::request_events, linked.events) WITH ORDINALITY AS e
   WHERE e.kind = 'created' OR linked.incident_id IS NOT NULL
   ORDER BY e.request_id, e.ordinality
), au AS (
  INSERT INTO audit_log (at, actor_id, actor_role, action, entity, entity_id, before, after, request_id)
  SELECT a.at, a.actor_id, a.actor_role, a.action, a.entity, a.entity_id, a.before, a.after, a.request_id
    FROM input, jsonb_populate_record(NULL::audit_log, input.audit) a
), ca AS (
  INSERT INTO request_callers (request_id, caller_name, caller_phone, case_ref, recorded_at)
  SELECT c.request_id, c.caller_name, c.caller_phone, c.case_ref, c.recorded_at
    FROM input, jsonb_populate_record(NULL::request_callers, input.caller) c
   WHERE input.caller IS NOT NULL
), ms AS (
  INSERT INTO outbox (created_at, channel, recipient, template, body, data, provider)
  SELECT m.created_at, m.channel, m.recipient, m.template, m.body, m.data, m.provider
    FROM linked, jsonb_populate_recordset(NULL::outbox, CASE WHEN linked.incident_id IS NULL THEN linked.messages ELSE linked.messages || linked.known END) m
)
SELECT id, incident_id AS "incidentId" FROM req`;

async function writeRows(db: Db, rows: OpeningRow[]): Promise<(number | null)[]> {
  const written = await queryConstant<{ id: number; incidentId: number | null }>(db, 'hs_repairs_opening', OPENING_SQL, [JSON.stringify(rows)]);
  const incidentOf = new Map(written.map((w) => [w.id, w.incidentId]));
  return rows.map((r) => incidentOf.get(r.request.id as number) ?? null);
}

/** One coalescer per database (per app instance): the reports of a surge share statements. */
const writers = new WeakMap<Db, Coalescer<OpeningRow, number | null>>();

/**
 * Write the new request; answers the incident it joined, or null. Inside a caller's transaction
 * (`tx`) it is written there alone, to commit with the rest of the caller's change.
 */
export async function writeOpening(w: OpeningWrite, joining: number | null, tx?: Db): Promise<number | null> {
  const row = openingRow(w, joining);
  if (tx) return (await writeRows(tx, [row]))[0]!;
  const db = w.deps.db;
  let writer = writers.get(db);
  if (!writer) writers.set(db, (writer = new Coalescer((rows) => writeRows(db, rows))));
  return writer.submit(row);
}

function openingRow(w: OpeningWrite, joining: number | null): OpeningRow {
  const { deps, actor, input, place, routing, request: r } = w;
  const messages: OutgoingMessage[] = [];
  if (place.assigneeActive) {
    const m: Message = {
      template: 'repair_new',
      body: `新报修 #${r.id}（${CATEGORY_NAMES[input.category]}），户号 ${place.accountNo}，请在 ${r.firstResponseDueAt.toISOString()} 前联系住户`,
      data: { requestId: r.id, routedVia: routing.via },
    };
    messages.push({ channel: 'inapp', recipient: String(routing.assigneeUserId), ...m });
    if (place.assigneePhone) messages.push({ channel: 'sms', recipient: place.assigneePhone, ...m });
  }
  const known = joining !== null && place.householdPhone ? [{ channel: 'sms' as const, recipient: place.householdPhone, ...knownIncidentMessage(r.id, joining) }] : [];
  const event = { request_id: r.id, at: r.createdAt, from_status: null, to_status: r.status };
  const caller = input.caller ? callerViewOf(input.caller) : null;
  return {
    request: snakeCase({ ...r, incidentId: undefined }),
    joining,
    events: [
      { ...event, kind: 'created', actor_id: actor.userId, actor_role: actor.role, assignee_user_id: routing.assigneeUserId, note: `routed to the ${routing.via}` },
      ...(joining === null ? [] : [{ ...event, kind: 'linked', actor_id: null, actor_role: 'system', from_status: r.status, assignee_user_id: null, note: linkedNote(joining) }]),
    ],
    audit: auditRow(deps.clock, actor, { action: 'repair.open', entity: 'repair_request', entityId: r.id, after: openedAudit(w) }),
    caller: caller && { request_id: r.id, caller_name: caller.name, caller_phone: caller.phone, case_ref: caller.caseRef, recorded_at: r.createdAt },
    messages: deps.notifier.outboxRows(messages),
    known: deps.notifier.outboxRows(known),
  };
}

/** A column's database name (the app's drizzle casing): incidentId → incident_id. */
function columnName(key: string): string {
  return key.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
}

/** The row's columns by their database names; undefined ones left out. */
function snakeCase(row: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(row).filter(([, v]) => v !== undefined).map(([k, v]) => [columnName(k), v]));
}

/** The audit row's 'after' for a new request: what was decided, not every empty column. */
function openedAudit(w: OpeningWrite): Record<string, unknown> {
  const { input, routing, request: r } = w;
  return {
    householdId: r.householdId,
    category: r.category,
    priority: r.priority,
    channel: r.channel,
    note: r.note,
    status: r.status,
    assigneeUserId: r.assigneeUserId,
    routedVia: routing.via,
    slaProfile: r.slaProfile,
    firstResponseDueAt: r.firstResponseDueAt,
    onSiteDueAt: r.onSiteDueAt,
    resolveDueAt: r.resolveDueAt,
    ...(input.caller && { caller: input.caller }),
  };
}
