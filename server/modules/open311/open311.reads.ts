/**
 * GET /requests, /requests/{id} and /tokens/{token}: the requests that came in through Open311,
 * in the specification's fields. No personal data of the resident (holder name, phone) and none
 * of the caller's contact details are ever selected here.
 */
import { and, desc, eq, gte, inArray, lte, notInArray, sql, type SQL } from 'drizzle-orm';
import type { Deps } from '../../kernel/deps.ts';
import { users } from '../accounts/index.ts';
import { branches, buildings, compounds, households } from '../registry/index.ts';
import { repairRequests, type RequestStatus } from '../repairs/index.ts';
import { isoShanghai, Open311Error } from './open311.format.ts';
import { open311Requests } from './open311.schema.ts';
import { SERVICES } from './open311.services.ts';
import { list, type XmlValue } from './open311.xml.ts';

/**
 * Closed for Open311 means settled for good. A resolved request is still open: the resident may
 * reopen it until they confirm (or it is auto-confirmed), as the repairs state machine says.
 */
export const CLOSED_STATUSES: readonly RequestStatus[] = ['confirmed', 'cancelled', 'duplicate'];

export function open311Status(status: RequestStatus): 'open' | 'closed' {
  return CLOSED_STATUSES.includes(status) ? 'closed' : 'open';
}

const DAY_MS = 86_400_000;
const MAX_SPAN_DAYS = 90;
const MAX_ROWS = 1000;

export interface RequestQuery {
  service_request_id?: string | undefined;
  service_code?: string | undefined;
  start_date?: string | undefined;
  end_date?: string | undefined;
  status?: string | undefined;
}

function instant(name: string, value: string): Date {
  // ISO-8601 with a time, or a bare date (taken as Shanghai midnight, the hotline's calendar).
  const text = /^\d{4}-\d{2}-\d{2}$/.test(value) ? `${value}T00:00:00+08:00` : value;
  const ms = /^\d{4}-\d{2}-\d{2}T/.test(text) ? Date.parse(text) : NaN;
  if (Number.isNaN(ms)) throw new Open311Error(400, `${name} must be an ISO-8601 date-time, e.g. 2026-11-20T08:00:00+08:00`);
  return new Date(ms);
}

function commaList(value: string): string[] {
  return value.split(',').map((s) => s.trim()).filter(Boolean);
}

/** The WHERE clause of a query, following the specification's precedence and defaults. */
export function queryFilter(q: RequestQuery, now: Date): SQL | undefined {
  if (q.service_request_id !== undefined) {
    const ids = commaList(q.service_request_id);
    if (ids.length === 0 || ids.length > MAX_ROWS || !ids.every((id) => /^[1-9]\d{0,9}$/.test(id) && Number(id) <= 2_147_483_647)) {
      throw new Open311Error(400, `service_request_id must be a comma-separated list of up to ${MAX_ROWS} request ids`);
    }
    // The ids override every other filter.
    return inArray(repairRequests.id, ids.map(Number));
  }
  const where: SQL[] = [];
  if (q.service_code !== undefined) {
    const codes = commaList(q.service_code);
    const unknown = codes.filter((c) => !Object.hasOwn(SERVICES, c));
    if (codes.length === 0 || unknown.length) throw new Open311Error(400, `service_code ${unknown.join(',') || '(empty)'} is not a known service`);
    where.push(inArray(repairRequests.category, codes as (keyof typeof SERVICES)[]));
  }
  const start = q.start_date !== undefined ? instant('start_date', q.start_date) : undefined;
  const end = q.end_date !== undefined ? instant('end_date', q.end_date) : undefined;
  const to = end ?? (start ? new Date(start.getTime() + MAX_SPAN_DAYS * DAY_MS) : now);
  const from = start ?? new Date(to.getTime() - MAX_SPAN_DAYS * DAY_MS);
  if (from.getTime() > to.getTime()) throw new Open311Error(400, 'start_date must not be after end_date');
  if (to.getTime() - from.getTime() > MAX_SPAN_DAYS * DAY_MS) throw new Open311Error(400, `start_date and end_date may span at most ${MAX_SPAN_DAYS} days`);
  where.push(gte(repairRequests.createdAt, from), lte(repairRequests.createdAt, to));
  if (q.status !== undefined) {
    const statuses = new Set(commaList(q.status));
    if (statuses.size === 0 || [...statuses].some((s) => s !== 'open' && s !== 'closed')) throw new Open311Error(400, 'status must be open, closed or open,closed');
    if (statuses.size === 1) {
      where.push(statuses.has('closed') ? inArray(repairRequests.status, [...CLOSED_STATUSES]) : notInArray(repairRequests.status, [...CLOSED_STATUSES]));
    }
  }
  return and(...where);
}

/** The steward's (or crew lead's) latest note: what the hotline reads back to the caller. */
const latestStaffNote = sql<string | null>`(
  SELECT e.note FROM request_events e
  WHERE e.request_id = ${repairRequests.id} AND e.note IS NOT NULL AND e.actor_role IN ('steward', 'crew_lead')
  ORDER BY e.at DESC, e.id DESC LIMIT 1)`;

async function selectRequests(deps: Deps, where: SQL | undefined) {
  return deps.db
    .select({
      id: repairRequests.id,
      category: repairRequests.category,
      status: repairRequests.status,
      note: repairRequests.note,
      createdAt: repairRequests.createdAt,
      updatedAt: repairRequests.updatedAt,
      firstResponseDueAt: repairRequests.firstResponseDueAt,
      resolveDueAt: repairRequests.resolveDueAt,
      accountNo: households.accountNo,
      buildingName: buildings.name,
      compoundName: compounds.name,
      compoundAddress: compounds.address,
      branchName: branches.name,
      stewardName: users.name,
      lat: open311Requests.lat,
      long: open311Requests.long,
      mediaUrl: open311Requests.mediaUrl,
      statusNotes: latestStaffNote,
    })
    .from(open311Requests)
    .innerJoin(repairRequests, eq(repairRequests.id, open311Requests.requestId))
    .innerJoin(households, eq(households.id, repairRequests.householdId))
    .innerJoin(buildings, eq(buildings.id, repairRequests.buildingId))
    .innerJoin(compounds, eq(compounds.id, buildings.compoundId))
    .innerJoin(branches, eq(branches.id, compounds.branchId))
    .innerJoin(users, eq(users.id, repairRequests.assigneeUserId))
    .where(where)
    .orderBy(desc(repairRequests.createdAt), desc(repairRequests.id))
    .limit(MAX_ROWS);
}
type Row = Awaited<ReturnType<typeof selectRequests>>[number];

export function serviceNotice(r: Pick<Row, 'branchName' | 'stewardName' | 'firstResponseDueAt' | 'resolveDueAt'>): string {
  return `已派给${r.branchName}网格员${r.stewardName}，${isoShanghai(r.firstResponseDueAt)}前联系报修人，${isoShanghai(r.resolveDueAt)}前处理完毕。`;
}

function requestTree(r: Row): XmlValue {
  const service = SERVICES[r.category];
  const closed = open311Status(r.status) === 'closed';
  return {
    service_request_id: r.id,
    status: open311Status(r.status),
    status_notes: r.statusNotes,
    service_name: service.name,
    service_code: r.category,
    description: r.note,
    agency_responsible: `${r.branchName} 网格员 ${r.stewardName}`,
    service_notice: closed ? null : serviceNotice(r),
    requested_datetime: isoShanghai(r.createdAt),
    updated_datetime: isoShanghai(r.updatedAt),
    expected_datetime: isoShanghai(r.resolveDueAt),
    // The building, never the flat: the account number already names the household.
    address: `${r.compoundAddress} ${r.compoundName} ${r.buildingName}`,
    address_id: r.accountNo,
    zipcode: null,
    lat: r.lat,
    long: r.long,
    media_url: r.mediaUrl,
  };
}

export async function queryRequests(deps: Deps, q: RequestQuery): Promise<XmlValue> {
  const rows = await selectRequests(deps, queryFilter(q, deps.clock.now()));
  return list('request', rows.map(requestTree));
}

function idOf(text: string, what: string): number {
  if (!/^[1-9]\d{0,9}$/.test(text) || Number(text) > 2_147_483_647) throw new Open311Error(404, `${what} ${text} not found`);
  return Number(text);
}

export async function oneRequest(deps: Deps, idText: string): Promise<XmlValue> {
  const rows = await selectRequests(deps, eq(repairRequests.id, idOf(idText, 'service request')));
  if (!rows[0]) throw new Open311Error(404, `service request ${idText} not found`);
  return list('request', [requestTree(rows[0])]);
}

/** What the POST answers: the id, the notice with the steward and due times, the caller's account id. */
export async function postedTree(deps: Deps, requestId: number, accountId: string | undefined): Promise<XmlValue> {
  const [r] = await selectRequests(deps, eq(repairRequests.id, requestId));
  if (!r) throw new Error(`request ${requestId} vanished after it was opened`);
  return list('request', [{ service_request_id: r.id, service_notice: serviceNotice(r), account_id: accountId ?? null }]);
}

/**
 * Tokens: requests get their id in the POST's answer, so a token is simply the id and the
 * lookup confirms that it exists (the specification allows the token step to be trivial).
 */
export async function tokenTree(deps: Deps, token: string): Promise<XmlValue> {
  const id = idOf(token, 'token');
  const [row] = await deps.db.select({ id: open311Requests.requestId }).from(open311Requests).where(eq(open311Requests.requestId, id));
  if (!row) throw new Open311Error(404, `token ${token} not found`);
  return list('request', [{ service_request_id: row.id, token }]);
}
