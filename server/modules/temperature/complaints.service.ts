/**
 * Self-reported readings and temperature complaints. A reading is a resident's own thermometer;
 * below the standard the page offers a complaint, whose clock is the official measurement due
 * within the rulebook's hours, routed like a repair request to whoever is on duty for the grid.
 */
import { and, eq, sql } from 'drizzle-orm';
import { hasRole, type Actor } from '../../kernel/actor.ts';
import { writeAudit } from '../../kernel/audit.ts';
import { businessDate } from '../../kernel/business-time.ts';
import { queryRows } from '../../kernel/db.ts';
import type { Deps } from '../../kernel/deps.ts';
import { Forbidden, Invalid, NotFound } from '../../kernel/errors.ts';
import { routeRequest } from '../repairs/index.ts';
import { rulesFor } from '../rulebook/index.ts';
import { residentHousehold, staffHousehold, staffWhere } from './access.ts';
import type { ComplaintView, NewComplaint, NewReading, ReadingView } from './temperature.contract.ts';
import { temperatureComplaints, temperatureReadings } from './temperature.schema.ts';

/** How late a resident may enter a reading they took earlier ("I measured it last night"). */
const READING_LATE_DAYS = 7;

export async function recordReading(deps: Deps, actor: Actor, input: NewReading): Promise<ReadingView> {
  if (!hasRole(actor, 'resident')) throw new Forbidden('Residents record their own readings', 'residents_only');
  const place = await residentHousehold(deps.db, actor, input.householdId);
  const now = deps.clock.now();
  const measuredAt = input.measuredAt ? new Date(input.measuredAt) : now;
  if (measuredAt.getTime() > now.getTime() + 5 * 60_000) throw new Invalid('The reading is in the future', [{ field: 'measuredAt', message: 'cannot be in the future', rule: 'in_future' }], 'measured_in_future');
  if (now.getTime() - measuredAt.getTime() > READING_LATE_DAYS * 86_400_000) {
    throw new Invalid('The reading is too old', [{ field: 'measuredAt', message: `at most ${READING_LATE_DAYS} days ago`, rule: 'too_old', params: { days: READING_LATE_DAYS } }], 'measured_too_long_ago', { days: READING_LATE_DAYS });
  }
  const { rules } = await rulesFor(deps.db, place.city, measuredAt);
  const row = await deps.db.transaction(async (tx) => {
    const [r] = await tx
      .insert(temperatureReadings)
      .values({ householdId: place.householdId, room: input.room, celsius: input.celsius, measuredAt, reportedBy: actor.userId!, createdAt: now })
      .returning();
    await writeAudit(tx, deps.clock, actor, { action: 'temperature.reading', entity: 'temperature_reading', entityId: r!.id, after: r });
    return r!;
  });
  const standardC = rules.temperature.standardC;
  // Photos follow the reading (they are uploaded to it once it has an id).
  return { id: row.id, householdId: row.householdId, room: row.room, celsius: row.celsius, measuredAt: row.measuredAt.toISOString(), standardC, belowStandard: row.celsius < standardC, photoUrls: [] };
}

export async function openComplaint(deps: Deps, actor: Actor, input: NewComplaint): Promise<number> {
  if (!hasRole(actor, 'resident')) throw new Forbidden('Residents open temperature complaints for their household', 'residents_only');
  const place = await residentHousehold(deps.db, actor, input.householdId);
  if (input.readingId !== undefined) {
    const [reading] = await deps.db.select().from(temperatureReadings).where(eq(temperatureReadings.id, input.readingId));
    if (!reading || reading.householdId !== place.householdId) {
      throw new Invalid('Unknown reading', [{ field: 'readingId', message: 'not a reading of this household', rule: 'not_this_households' }], 'unknown_reading');
    }
  }
  const now = deps.clock.now();
  const { rules } = await rulesFor(deps.db, place.city, now);
  const measureDueAt = new Date(now.getTime() + rules.temperature.limits.measureWithinHours * 3_600_000);
  return deps.db.transaction(async (tx) => {
    const [already] = await tx
      .select({ id: temperatureComplaints.id })
      .from(temperatureComplaints)
      .where(and(eq(temperatureComplaints.householdId, place.householdId), eq(temperatureComplaints.status, 'open')));
    // One open complaint per household: a second tap is the same complaint, not a second clock.
    if (already) return already.id;
    const routing = await routeRequest(tx, { gridId: place.gridId, city: place.city }, now);
    const [row] = await tx
      .insert(temperatureComplaints)
      .values({
        householdId: place.householdId,
        buildingId: place.buildingId,
        gridId: place.gridId,
        stationId: place.stationId,
        city: place.city,
        readingId: input.readingId ?? null,
        selfCheck: input.selfCheck,
        note: input.note ?? null,
        status: 'open',
        assigneeUserId: routing.assigneeUserId,
        openedBy: actor.userId!,
        openedAt: now,
        requestDay: businessDate(now, rules.city.timeZone),
        measureDueAt,
      })
      .returning();
    await writeAudit(tx, deps.clock, actor, { action: 'temperature.complaint.open', entity: 'temperature_complaint', entityId: row!.id, after: { ...row, routedVia: routing.via } });
    await deps.notifier.send(tx, {
      channel: 'inapp',
      recipient: String(routing.assigneeUserId),
      template: 'temperature_complaint_new',
      body: `室温投诉 #${row!.id}，户号 ${place.accountNo}，请在 ${measureDueAt.toISOString()} 前上门测温`,
      data: { complaintId: row!.id, routedVia: routing.via },
    });
    return row!.id;
  });
}

const complaintSelect = sql`
  SELECT c.id, c.household_id AS "householdId", h.account_no AS "accountNo",
         concat_ws(' ', cp.name, b.name, h.room) AS address, c.status, r.celsius AS "readingC",
         c.self_check AS "selfCheck", c.note, u.name AS "assigneeName", u.phone AS "assigneePhone",
         c.opened_at AS "openedAt", c.request_day::text AS "requestDay", c.measure_due_at AS "measureDueAt",
         c.measured_at AS "measuredAt"
  FROM temperature_complaints c
  JOIN households h ON h.id = c.household_id JOIN buildings b ON b.id = c.building_id
  JOIN compounds cp ON cp.id = b.compound_id JOIN users u ON u.id = c.assignee_user_id
  LEFT JOIN temperature_readings r ON r.id = c.reading_id`;

type ComplaintRow = Omit<ComplaintView, 'openedAt' | 'measureDueAt' | 'measuredAt' | 'overdue'> & { openedAt: Date | string; measureDueAt: Date | string; measuredAt: Date | string | null };

function toView(row: ComplaintRow, now: Date): ComplaintView {
  const iso = (d: Date | string) => new Date(d).toISOString();
  const due = new Date(row.measureDueAt);
  return {
    ...row,
    openedAt: iso(row.openedAt),
    measureDueAt: iso(row.measureDueAt),
    measuredAt: row.measuredAt ? iso(row.measuredAt) : null,
    overdue: row.status === 'open' && due.getTime() < now.getTime(),
  };
}

/** A resident's complaints, or a steward's queue of open ones (nearest due first). */
export async function listComplaints(deps: Deps, actor: Actor): Promise<ComplaintView[]> {
  const now = deps.clock.now();
  if (hasRole(actor, 'resident')) {
    const own = actor.scopes.filter((s) => s.kind === 'household').map((s) => s.refId);
    if (own.length === 0) return [];
    const rows = await queryRows<ComplaintRow>(deps.db, sql`${complaintSelect} WHERE c.household_id IN (${sql.join(own.map((id) => sql`${id}`), sql`, `)}) ORDER BY c.opened_at DESC LIMIT 50`);
    return rows.map((r) => toView(r, now));
  }
  if (!hasRole(actor, 'steward', 'crew_lead', 'admin', 'dispatcher')) throw new Forbidden('Your role has no complaint queue', 'field_staff_only');
  const where = staffWhere(actor, sql`c.grid_id`, sql`cp.branch_id`);
  const rows = await queryRows<ComplaintRow>(
    deps.db,
    sql`${complaintSelect} WHERE ${where} AND (c.status = 'open' OR c.assignee_user_id = ${actor.userId ?? 0} OR c.opened_at > ${new Date(now.getTime() - 7 * 86_400_000).toISOString()}::timestamptz)
        ORDER BY (c.status = 'open') DESC, c.measure_due_at LIMIT 200`,
  );
  return rows.map((r) => toView(r, now));
}

export async function getComplaint(deps: Deps, actor: Actor, id: number): Promise<ComplaintView> {
  const visible = await listComplaintsById(deps, id);
  if (!visible) throw new NotFound('temperature complaint', id);
  if (hasRole(actor, 'resident') && !actor.scopes.some((s) => s.kind === 'household' && s.refId === visible.householdId)) {
    throw new Forbidden('This is not your complaint', 'not_your_complaint');
  }
  if (!hasRole(actor, 'resident')) await staffHousehold(deps.db, actor, visible.householdId, ['steward', 'crew_lead', 'admin', 'dispatcher', 'clerk']);
  return visible;
}

async function listComplaintsById(deps: Deps, id: number): Promise<ComplaintView | undefined> {
  const [row] = await queryRows<ComplaintRow>(deps.db, sql`${complaintSelect} WHERE c.id = ${id}`);
  return row && toView(row, deps.clock.now());
}
