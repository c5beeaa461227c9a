/**
 * Money at a temporary collection point: payments taken by the point's staff while it is open and
 * within its dates (channel 'temp_point', debit the point's own cash account), and the end-of-day
 * cash-up — counted cash vs. the day's recorded payments, the variance kept and posted to the
 * ledger. A cash-up closes the day: payments of that point and day are refused afterwards. Payments take the point row FOR
 * SHARE and the cash-up takes it FOR UPDATE, so a payment never slips in beside a cash-up.
 */
import { sql } from 'drizzle-orm';
import type { Actor } from '../../kernel/actor.ts';
import { writeAudit } from '../../kernel/audit.ts';
import { isBusinessDate, type BusinessDate } from '../../kernel/business-time.ts';
import type { Clock } from '../../kernel/clock.ts';
import { queryRows, type Db } from '../../kernel/db.ts';
import type { Deps } from '../../kernel/deps.ts';
import { BadRequest, Conflict, Forbidden, Invalid, NotFound, sqlState } from '../../kernel/errors.ts';
import { todayIn } from '../rulebook/index.ts';
import type { PaymentView } from './billing.contract.ts';
import { findHousehold } from './household-access.ts';
import { ledgerAccount, postJournal } from './ledger.ts';
import { onceForKey, type Stored } from './idempotency.ts';
import { checkAmount, recordPayment } from './payments.service.ts';
import { findNumberedReceipt, withNumberedReceipt } from './receipts.ts';
import type { CashUpInput, CashUpView, PointDay, PointPayment } from './points.contract.ts';
import { pointPayments } from './points.schema.ts';
import { managesBranch } from './points.service.ts';

type PointDeps = Pick<Deps, 'db' | 'clock'>;
export const POINT_PAYMENT_ROUTE = 'POST /api/billing/points/:id/payments';

interface PointRow {
  id: number;
  branch_id: number;
  city: string;
  name: string;
  status: 'open' | 'closed';
  from_date: string;
  to_date: string;
  closed_at: string | null;
  close_reason: string | null;
  staff: boolean;
}

async function lockPoint(tx: Db, pointId: number, actor: Actor, mode: 'share' | 'update' | 'read'): Promise<PointRow> {
  const lock = { share: sql`FOR SHARE OF p`, update: sql`FOR UPDATE OF p`, read: sql`` }[mode];
  const [point] = await queryRows<PointRow>(
    tx,
    sql`SELECT p.id, p.branch_id, b.city, p.name, p.status, p.from_date::text, p.to_date::text, p.closed_at::text, p.close_reason,
               EXISTS (SELECT 1 FROM collection_point_staff s WHERE s.point_id = p.id AND s.user_id = ${actor.userId ?? 0}) AS staff
          FROM collection_points p JOIN branches b ON b.id = p.branch_id WHERE p.id = ${pointId} ${lock}`,
  );
  if (!point) throw new NotFound('collection point', pointId);
  return point;
}

const pointField = (message: string, rule: string) => [{ field: 'pointId', message, rule }];

/** The point must be open and today within its dates; the day not yet cashed up. */
async function assertTakingPayments(tx: Db, point: PointRow, today: BusinessDate): Promise<void> {
  if (point.status === 'closed') {
    throw new Invalid(`Temporary point "${point.name}" is closed${point.close_reason ? ` (${point.close_reason})` : ''}; take the payment at the counter`, pointField('is closed', 'point_closed'), 'point_closed', { name: point.name });
  }
  if (today < point.from_date || today > point.to_date) {
    throw new Invalid(`Temporary point "${point.name}" takes payments from ${point.from_date} to ${point.to_date}; today is ${today}`, pointField(`open ${point.from_date} – ${point.to_date}`, 'outside_point_dates'), 'point_outside_dates', { name: point.name, from: point.from_date, to: point.to_date, today });
  }
  const done = await queryRows<{ id: number }>(tx, sql`SELECT id FROM point_cash_ups WHERE point_id = ${point.id} AND business_date = ${today}::date`);
  if (done.length) throw new Conflict(`The cash of ${today} at this point is already counted; no more payments today`, pointField('day cashed up', 'day_cashed_up'), 'day_cashed_up', { date: today });
}

export async function takePointPayment(
  deps: PointDeps,
  actor: Actor,
  pointId: number,
  input: PointPayment,
  idempotencyKey: string,
): Promise<Stored<PaymentView>> {
  checkAmount(input);
  const stored = await onceForKey(deps, actor, { key: idempotencyKey, route: POINT_PAYMENT_ROUTE, body: { pointId, ...input } }, async (tx) => {
    const point = await lockPoint(tx, pointId, actor, 'share');
    if (!point.staff) throw new Forbidden(`Only the staff of "${point.name}" take payments there`, 'not_point_staff', { name: point.name });
    const today = await todayIn(tx, deps.clock, point.city);
    await assertTakingPayments(tx, point, today);
    const household = await findHousehold(tx, input.householdId);
    const served = await queryRows<{ ok: number }>(
      tx,
      sql`SELECT 1 AS ok FROM collection_point_compounds WHERE point_id = ${point.id} AND compound_id = ${household.compoundId}`,
    );
    if (!served.length) {
      throw new Invalid(`Household ${household.id} is not in a compound this point serves`, [{ field: 'householdId', message: 'not served by this point', rule: 'not_served_by_point' }], 'household_not_served');
    }
    const view = await recordPayment(tx, deps.clock, actor, household, input, { channel: 'temp_point', pointId: point.id });
    await tx.insert(pointPayments).values({ paymentId: view.paymentId, pointId: point.id, businessDate: today, amountFen: view.amountFen });
    return { statusCode: 201, body: view };
  });
  return { ...stored, body: await withNumberedReceipt(deps.db, stored.body) };
}

function mayCountCash(actor: Actor, point: PointRow): boolean {
  return point.staff || managesBranch(actor, point.branch_id);
}

function checkDay(date: string, point: PointRow, today: BusinessDate): void {
  if (!isBusinessDate(date)) throw new BadRequest(`"${date}" is not a calendar date`, [{ field: 'date', message: 'is not a calendar date', rule: 'not_a_date' }], 'invalid_date', { date });
  if (date > today) throw new Invalid(`${date} has not ended yet (today is ${today})`, [{ field: 'date', message: 'is in the future', rule: 'in_future' }], 'day_in_future', { date, today });
  if (date < point.from_date || date > point.to_date) {
    throw new Invalid(`The point was open ${point.from_date} – ${point.to_date}`, [{ field: 'date', message: 'outside the point dates', rule: 'outside_point_dates', params: { from: point.from_date, to: point.to_date } }], 'day_outside_point', { from: point.from_date, to: point.to_date });
  }
}

const cashUpSelect = sql`
  SELECT k.id, k.point_id AS "pointId", k.business_date::text AS date, k.counted_fen::int8 AS "countedFen", k.recorded_fen::int8 AS "recordedFen",
         k.variance_fen::int8 AS "varianceFen", k.payment_count AS "paymentCount", k.note, u.name AS "actorName",
         to_char(k.created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS "createdAt"
    FROM point_cash_ups k LEFT JOIN users u ON u.id = k.actor_id`;

async function cashUpOf(db: Db, pointId: number, date: BusinessDate): Promise<CashUpView | null> {
  const [row] = await queryRows<CashUpView & { countedFen: string; recordedFen: string; varianceFen: string }>(
    db,
    sql`${cashUpSelect} WHERE k.point_id = ${pointId} AND k.business_date = ${date}::date`,
  );
  return row ? { ...row, countedFen: Number(row.countedFen), recordedFen: Number(row.recordedFen), varianceFen: Number(row.varianceFen) } : null;
}

/**
 * The point's cash account holds what its payments recorded; the counted cash is the truth. A
 * shortage moves the difference out of the point's cash into the branch's `cash_variance` (debit,
 * a loss to explain), an overage the other way (credit) — so after the cash-up the point's cash
 * account equals the cash counted. Returns the journal id, or null when nothing differed.
 */
async function postCashVariance(tx: Db, clock: Clock, actor: Actor, point: PointRow, date: string, varianceFen: number): Promise<number | null> {
  if (varianceFen === 0) return null;
  const cash = await ledgerAccount(tx, 'cash_temp_point', point.id);
  const variance = await ledgerAccount(tx, 'cash_variance', point.branch_id);
  const fen = Math.abs(varianceFen);
  const [debit, credit] = varianceFen < 0 ? [variance, cash] : [cash, variance];
  return postJournal(tx, clock, {
    kind: 'cash_variance',
    memo: `cash-up of temporary point ${point.id} on ${date}: ${varianceFen < 0 ? 'short' : 'over'} ${fen} fen`,
    actorId: actor.userId,
    lines: [{ accountId: debit, debitFen: fen }, { accountId: credit, creditFen: fen }],
  });
}

export async function cashUp(deps: PointDeps, actor: Actor, pointId: number, input: CashUpInput): Promise<CashUpView> {
  try {
    return await deps.db.transaction(async (tx) => {
      const point = await lockPoint(tx, pointId, actor, 'update');
      if (!mayCountCash(actor, point)) throw new Forbidden(`Only the staff of "${point.name}" and its branch office count its cash`, 'point_staff_or_office', { name: point.name });
      checkDay(input.date, point, await todayIn(tx, deps.clock, point.city));
      if (await cashUpOf(tx, pointId, input.date)) {
        throw new Conflict(`The cash of ${input.date} at this point was already counted`, [{ field: 'date', message: 'already cashed up', rule: 'day_cashed_up' }], 'already_cashed_up', { date: input.date });
      }
      const [sum] = await queryRows<{ fen: string; n: number }>(
        tx,
        sql`SELECT coalesce(sum(amount_fen), 0)::text AS fen, count(*)::int AS n FROM point_payments WHERE point_id = ${pointId} AND business_date = ${input.date}::date`,
      );
      const recordedFen = Number(sum!.fen);
      const journalId = await postCashVariance(tx, deps.clock, actor, point, input.date, input.countedFen - recordedFen);
      const [row] = await queryRows<{ id: number }>(
        tx,
        sql`INSERT INTO point_cash_ups (point_id, business_date, counted_fen, recorded_fen, variance_fen, payment_count, journal_transaction_id, note, actor_id, created_at)
            VALUES (${pointId}, ${input.date}::date, ${input.countedFen}, ${recordedFen}, ${input.countedFen - recordedFen}, ${sum!.n}, ${journalId},
                    ${input.note?.trim() || null}, ${actor.userId}, ${deps.clock.now().toISOString()}::timestamptz)
            RETURNING id`,
      );
      const view = (await cashUpOf(tx, pointId, input.date))!;
      await writeAudit(tx, deps.clock, actor, { action: 'billing.point.cash_up', entity: 'point_cash_up', entityId: row!.id, after: { ...view, journalId } });
      return view;
    });
  } catch (err) {
    // Two cash-ups racing past the check: the unique index decides, the loser hears why.
    if (sqlState(err) === '23505') throw new Conflict(`The cash of ${input.date} at this point was already counted`, [{ field: 'date', message: 'already cashed up', rule: 'day_cashed_up' }], 'already_cashed_up', { date: input.date });
    throw err;
  }
}

/** A point's day: the payments taken, their sum, and the cash-up if done. */
export async function pointDay(deps: PointDeps, actor: Actor, pointId: number, date: string): Promise<PointDay> {
  const point = await lockPoint(deps.db, pointId, actor, 'read');
  if (!mayCountCash(actor, point)) throw new Forbidden(`Only the staff of "${point.name}" and its branch office see its cash`, 'point_staff_or_office', { name: point.name });
  if (!isBusinessDate(date)) throw new BadRequest(`"${date}" is not a calendar date`, [{ field: 'date', message: 'is not a calendar date', rule: 'not_a_date' }], 'invalid_date', { date });
  const payments = await queryRows<Omit<PointDay['payments'][number], 'receiptNo'> & { amountFen: string; receiptNo: string | null }>(
    deps.db,
    sql`SELECT pp.payment_id AS "paymentId", p.household_id AS "householdId", h.account_no AS "accountNo", pp.amount_fen::text AS "amountFen",
               r.receipt_no AS "receiptNo", u.name AS "takenBy",
               to_char(p.created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS at
          FROM point_payments pp JOIN payments p ON p.id = pp.payment_id JOIN households h ON h.id = p.household_id
          JOIN receipts r ON r.payment_id = p.id LEFT JOIN users u ON u.id = p.actor_id
         WHERE pp.point_id = ${pointId} AND pp.business_date = ${date}::date
         ORDER BY pp.payment_id`,
  );
  // A receipt caught between its payment's commit and its numbering is numbered now (rare): no list shows one without.
  const list = await Promise.all(
    payments.map(async (p) => ({ ...p, amountFen: Number(p.amountFen), receiptNo: p.receiptNo ?? (await findNumberedReceipt(deps.db, { paymentId: p.paymentId }))!.receiptNo })),
  );
  return {
    pointId,
    date,
    payments: list,
    recordedFen: list.reduce((s, p) => s + p.amountFen, 0),
    cashUp: await cashUpOf(deps.db, pointId, date),
  };
}
