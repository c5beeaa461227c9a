/**
 * Payments (counter 柜台, agent 代收): the money taken for a household. One transaction holds the
 * idempotency key, the household's bill locks, the balanced journal, the bill balances, the
 * payment, its receipt and the audit row — all or nothing.
 *
 * Allocation: the named bill, else open bills oldest season first (arrears before this season);
 * whatever exceeds what is owed goes to the household's customer credit account.
 */
import { sql } from 'drizzle-orm';
import type { Actor } from '../../kernel/actor.ts';
import { writeAudit } from '../../kernel/audit.ts';
import type { Clock } from '../../kernel/clock.ts';
import { queryRows, type Db } from '../../kernel/db.ts';
import { Invalid, NotFound } from '../../kernel/errors.ts';
import { assertFen, MAX_FEN } from '../../kernel/money.ts';
import type { CounterPayment, PaymentInput, PaymentView } from './billing.contract.ts';
import { payments } from './billing.schema.ts';
import { householdForCounter, type BillingHousehold } from './household-access.ts';
import { onceForKey, type Stored } from './idempotency.ts';
import { ledgerAccount, postJournal, type JournalLine } from './ledger.ts';
import { issueReceipt } from './receipts.ts';
import { afterPaymentPosted } from './valve-tasks.service.ts';

interface OpenBill {
  id: number;
  season: string;
  dueFen: number;
}

export const COUNTER_ROUTE = 'POST /api/billing/payments/counter';

/** Lock the household's bills (serialising its payments) and return what each still owes. */
async function lockBills(tx: Db, householdId: number): Promise<OpenBill[]> {
  const rows = await queryRows<{ id: number; season: string; due: string }>(
    tx,
    sql`SELECT id, season, (amount_fen - paid_fen)::text AS due FROM bills
         WHERE household_id = ${householdId} ORDER BY season, id FOR UPDATE`,
  );
  return rows.map((r) => ({ id: r.id, season: r.season, dueFen: Number(r.due) }));
}

/** The bills this payment may settle, after checking the bill and season the payer named. */
async function targetBills(tx: Db, householdId: number, bills: OpenBill[], input: PaymentInput): Promise<OpenBill[]> {
  if (input.billId !== undefined) {
    const bill = bills.find((b) => b.id === input.billId);
    if (!bill) {
      const [other] = await queryRows<{ id: number }>(tx, sql`SELECT id FROM bills WHERE id = ${input.billId}`);
      if (!other) throw new NotFound('bill', input.billId);
      throw new Invalid(`Bill ${input.billId} is not a bill of household ${householdId}`, [
        { field: 'billId', message: 'belongs to another household' },
      ], 'bill_of_other_household');
    }
    if (input.season !== undefined && bill.season !== input.season) {
      throw new Invalid(`Bill ${bill.id} is of season ${bill.season}, not ${input.season}`, [
        { field: 'billId', message: `is a bill of season ${bill.season}` },
      ], 'bill_of_other_season');
    }
    return [bill];
  }
  if (input.season !== undefined && !bills.some((b) => b.season === input.season)) {
    throw new Invalid(`Household ${householdId} has no bill for season ${input.season}`, [
      { field: 'season', message: 'no bill of this season' },
    ], 'no_bill_for_season');
  }
  return bills;
}

function allocate(amountFen: number, bills: OpenBill[]): { allocations: { billId: number; season: string; amountFen: number }[]; creditFen: number } {
  let left = amountFen;
  const allocations = [];
  for (const bill of bills) {
    if (left === 0) break;
    const take = Math.min(left, bill.dueFen);
    if (take > 0) allocations.push({ billId: bill.id, season: bill.season, amountFen: take });
    left -= take;
  }
  return { allocations, creditFen: left };
}

/** Where the money came in: the branch counter's cash, or the collecting agent's receivable. */
export type PaymentSource =
  | { channel: 'counter' }
  | { channel: 'agent'; propertyCompanyId: number }
  /** Online: the provider's cash_online account (owner = the provider's ledger number, see online/providers.ts). */
  | { channel: 'online'; providerLedgerNo: number }
  /** A temporary collection point (临时缴费点): the point's own cash account. */
  | { channel: 'temp_point'; pointId: number };

/** The shared core of every channel, inside the caller's (idempotent) transaction. */
export async function recordPayment(
  tx: Db,
  clock: Clock,
  actor: Actor,
  household: BillingHousehold,
  input: PaymentInput,
  source: PaymentSource,
  /** Only these bills may be settled (an online order's chosen bills); the rest goes to credit. */
  onlyBillIds?: readonly number[],
): Promise<PaymentView> {
  const amountFen = input.amountFen;
  const bills = await lockBills(tx, household.id);
  const targets = (await targetBills(tx, household.id, bills, input)).filter((b) => !onlyBillIds || onlyBillIds.includes(b.id));
  const { allocations, creditFen } = allocate(amountFen, targets);

  const into = source.channel === 'agent'
    ? await ledgerAccount(tx, 'agent_receivable', source.propertyCompanyId)
    : source.channel === 'online'
      ? await ledgerAccount(tx, 'cash_online', source.providerLedgerNo)
      : source.channel === 'temp_point'
        ? await ledgerAccount(tx, 'cash_temp_point', source.pointId)
        : await ledgerAccount(tx, 'cash_counter', household.branchId);
  const lines: JournalLine[] = [{ accountId: into, debitFen: amountFen }];
  if (allocations.length > 0) {
    const receivable = await ledgerAccount(tx, 'receivable', household.id);
    for (const a of allocations) lines.push({ accountId: receivable, creditFen: a.amountFen, billId: a.billId });
  }
  if (creditFen > 0) lines.push({ accountId: await ledgerAccount(tx, 'customer_credit', household.id), creditFen });
  const journalId = await postJournal(tx, clock, {
    kind: 'payment',
    memo: `${source.channel} payment, household ${household.id}`,
    actorId: actor.userId,
    lines,
  });
  for (const a of allocations) {
    await tx.execute(sql`UPDATE bills SET paid_fen = paid_fen + ${a.amountFen} WHERE id = ${a.billId}`);
  }
  // A cleared season bill re-opens a closed valve (or cancels a close not yet done): every channel.
  await afterPaymentPosted(tx, clock, actor, household.id);
  const propertyCompanyId = source.channel === 'agent' ? source.propertyCompanyId : null;
  const [payment] = await tx
    .insert(payments)
    .values({
      householdId: household.id,
      channel: source.channel,
      branchId: household.branchId,
      propertyCompanyId,
      amountFen,
      currency: 'CNY',
      journalTransactionId: journalId,
      actorId: actor.userId,
      createdAt: clock.now(),
    })
    .returning({ id: payments.id });
  const receipt = await issueReceipt(tx, clock, {
    branchId: household.branchId,
    branchCode: household.branchCode,
    paymentId: payment!.id,
    householdId: household.id,
    amountFen,
  });
  const view: PaymentView = {
    paymentId: payment!.id,
    householdId: household.id,
    channel: source.channel,
    propertyCompanyId,
    amountFen,
    currency: 'CNY',
    allocations,
    creditFen,
    receipt,
  };
  await writeAudit(tx, clock, actor, { action: `billing.payment.${source.channel}`, entity: 'payment', entityId: payment!.id, after: view });
  return view;
}

/** The contract already refuses these; the service does not trust its caller with money. */
export function checkAmount(input: PaymentInput): void {
  const amountFen = assertFen(input.amountFen);
  if (amountFen <= 0 || amountFen > MAX_FEN || input.currency !== 'CNY') {
    throw new Invalid('A payment is a positive amount of integer fen in CNY, at most MAX_FEN', [{ field: 'amountFen', message: 'out of range' }]);
  }
}

export async function postCounterPayment(
  deps: { db: Db; clock: Clock },
  actor: Actor,
  input: CounterPayment,
  idempotencyKey: string,
): Promise<Stored<PaymentView>> {
  checkAmount(input);
  return onceForKey(deps, actor, { key: idempotencyKey, route: COUNTER_ROUTE, body: input }, async (tx) => {
    const household = await householdForCounter(tx, actor, input.householdId);
    return { statusCode: 201, body: await recordPayment(tx, deps.clock, actor, household, input, { channel: 'counter' }) };
  });
}
