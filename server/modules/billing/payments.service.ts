/**
 * Payments (counter 柜台, agent 代收): the money taken for a household. One transaction holds the
 * idempotency key, the household's bill locks, the balanced journal, the bill balances, the
 * payment, its receipt and the audit row — all or nothing. At the counter's and the agents' rate
 * the round trips and commits, not the work, were the cost: counter and agent payments that arrive
 * together share one transaction (payment-batch.ts); one the batch cannot take as it is (a
 * refusal, a retried key, a second payment of a household in the batch) goes alone, through
 * `onceForKey`, with `recordPayment` — as online and temporary-point payments do.
 *
 * Allocation: the named bill, else open bills oldest season first (arrears before this season);
 * whatever exceeds what is owed goes to the household's customer credit account.
 */
import { sql, type SQL } from 'drizzle-orm';
import type { Actor } from '../../kernel/actor.ts';
import type { Clock } from '../../kernel/clock.ts';
import { queryRows, type Db } from '../../kernel/db.ts';
import { Invalid, NotFound } from '../../kernel/errors.ts';
import { assertFen, MAX_FEN } from '../../kernel/money.ts';
import type { PaymentInput } from './billing.contract.ts';
import type { LedgerAccountKind } from './billing.schema.ts';
import type { BillingHousehold } from './household-access.ts';
import { checkLines, ledgerAccount, type JournalLine } from './ledger.ts';
import { paymentRow, writePayments, type Allocation, type PaymentRow, type WaitingPayment } from './payments.write.ts';
import { afterPaymentPosted } from './valve-tasks.service.ts';

interface OpenBill {
  id: number;
  season: string;
  dueFen: number;
  branchId: number;
  /** The receivable control account of the bill's branch (the bill run makes it). */
  receivableAccountId: number | null;
}

export type { WaitingPayment } from './payments.write.ts';

/** Where the money came in: the branch counter's cash, or the collecting agent's receivable. */
export type PaymentSource =
  | { channel: 'counter' }
  | { channel: 'agent'; propertyCompanyId: number }
  /** Online: the provider's cash_online account (owner = the provider's ledger number, see online/providers.ts). */
  | { channel: 'online'; providerLedgerNo: number }
  /** A temporary collection point (临时缴费点): the point's own cash account. */
  | { channel: 'temp_point'; pointId: number };

/** The account kind each channel's money comes into (its owner: see `intoAccount`). */
export const INTO_KIND = {
  agent: 'agent_receivable',
  online: 'cash_online',
  temp_point: 'cash_temp_point',
  counter: 'cash_counter',
} as const satisfies Record<PaymentSource['channel'], LedgerAccountKind>;

function intoAccount(source: PaymentSource, household: BillingHousehold): { kind: LedgerAccountKind; ownerId: number } {
  const kind = INTO_KIND[source.channel];
  switch (source.channel) {
    case 'agent': return { kind, ownerId: source.propertyCompanyId };
    case 'online': return { kind, ownerId: source.providerLedgerNo };
    case 'temp_point': return { kind, ownerId: source.pointId };
    case 'counter': return { kind, ownerId: household.branchId };
  }
}

const accountId = (kind: LedgerAccountKind | SQL, ownerId: number | SQL) =>
  sql`(SELECT id FROM ledger_accounts WHERE kind = ${kind} AND owner_id = ${ownerId})`;

/** What `lockBillsQuery` returns: one row per bill (one row of nulls without bills). */
export type LockedRow = {
  into_id: number | null; credit_id: number | null;
  household_id: number; compound_id: number; household_branch_id: number; branch_code: string; city: string;
  id: number | null; season: string; due: string; branch_id: number; receivable_id: number | null;
};
export interface LockedBills { intoId: number | null; creditId: number | null; bills: OpenBill[] }

/**
 * Lock the household's bills (serialising its payments) and return what each still owes, with
 * the household's place and the ledger accounts the payment will post to — one query, which the
 * counter runs inside its Idempotency-Key's statement. An account that does not exist yet (a
 * channel's first payment, a household's first over-payment) comes back null. `into.ownerId` may
 * name the household's branch as `hh.household_branch_id` (the counter's cash account).
 */
export function lockBillsQuery(householdId: number | SQL, into: { kind: LedgerAccountKind | SQL; ownerId: number | SQL }): SQL {
  return sql`
    SELECT ${accountId(into.kind, into.ownerId)} AS into_id, ${accountId('customer_credit', householdId)} AS credit_id, hh.*, b.*
      FROM (SELECT h.id AS household_id, c.id AS compound_id, c.branch_id AS household_branch_id, br.code AS branch_code, br.city
              FROM households h JOIN buildings bu ON bu.id = h.building_id JOIN compounds c ON c.id = bu.compound_id JOIN branches br ON br.id = c.branch_id
             WHERE h.id = ${householdId}) hh
      LEFT JOIN LATERAL (
        SELECT b.id, b.season, (b.amount_fen - b.paid_fen)::text AS due, b.branch_id, ${accountId('receivable', sql`b.branch_id`)} AS receivable_id
          FROM bills b WHERE b.household_id = hh.household_id ORDER BY b.season, b.id FOR UPDATE OF b) b ON true`;
}

/** The household (null when unknown) and its locked bills from `lockBillsQuery`'s rows. */
export function lockedFrom(rows: LockedRow[]): { household: BillingHousehold | null; locked: LockedBills } {
  const first = rows.find((r) => r.household_id !== null);
  const household = first
    ? { id: first.household_id, compoundId: first.compound_id, branchId: first.household_branch_id, branchCode: first.branch_code, city: first.city }
    : null;
  const bills = rows.filter((r) => r.id !== null).map((r): OpenBill => ({ id: r.id!, season: r.season, dueFen: Number(r.due), branchId: r.branch_id, receivableAccountId: r.receivable_id }));
  return { household, locked: { intoId: first?.into_id ?? null, creditId: first?.credit_id ?? null, bills } };
}

/** The bills this payment may settle, after checking the bill and season the payer named. */
async function targetBills(tx: Db, householdId: number, bills: OpenBill[], input: PaymentInput): Promise<OpenBill[]> {
  if (input.billId !== undefined) {
    const bill = bills.find((b) => b.id === input.billId);
    if (!bill) {
      const [other] = await queryRows<{ id: number }>(tx, sql`SELECT id FROM bills WHERE id = ${input.billId}`);
      if (!other) throw new NotFound('bill', input.billId);
      throw new Invalid(`Bill ${input.billId} is not a bill of household ${householdId}`, [
        { field: 'billId', message: 'belongs to another household', rule: 'bill_of_other_household' },
      ], 'bill_of_other_household');
    }
    if (input.season !== undefined && bill.season !== input.season) {
      throw new Invalid(`Bill ${bill.id} is of season ${bill.season}, not ${input.season}`, [
        { field: 'billId', message: `is a bill of season ${bill.season}`, rule: 'bill_of_other_season', params: { billSeason: bill.season } },
      ], 'bill_of_other_season', { billSeason: bill.season, season: input.season });
    }
    return [bill];
  }
  if (input.season !== undefined && !bills.some((b) => b.season === input.season)) {
    throw new Invalid(`Household ${householdId} has no bill for season ${input.season}`, [
      { field: 'season', message: 'no bill of this season', rule: 'no_bill_for_season', params: { season: input.season } },
    ], 'no_bill_for_season', { season: input.season });
  }
  return bills;
}

function allocate(amountFen: number, bills: OpenBill[]): Allocation {
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

/** A payment ready to write: its row for `writePayments`, and whether it clears a bill (valves). */
export interface PlannedPayment {
  row: PaymentRow;
  clearsABill: boolean;
}

/**
 * Plan a payment on the household's locked bills: which bills it settles and its balanced
 * journal lines (a ledger account used for the first time is made here). Throws the payer's
 * problem (a bill of another household or season, no bill of the season).
 */
export async function planPayment(
  tx: Db,
  clock: Clock,
  actor: Actor,
  p: { household: BillingHousehold; input: PaymentInput; source: PaymentSource; locked: LockedBills; onlyBillIds?: readonly number[]; respondTo?: string },
): Promise<PlannedPayment> {
  const { household, input, source, locked } = p;
  const amountFen = input.amountFen;
  const into = intoAccount(source, household);
  const targets = (await targetBills(tx, household.id, locked.bills, input)).filter((b) => !p.onlyBillIds || p.onlyBillIds.includes(b.id));
  const allocation = allocate(amountFen, targets);

  const lines: JournalLine[] = [{ accountId: locked.intoId ?? (await ledgerAccount(tx, into.kind, into.ownerId)), debitFen: amountFen }];
  for (const a of allocation.allocations) {
    const bill = targets.find((b) => b.id === a.billId)!;
    lines.push({ accountId: bill.receivableAccountId ?? (await ledgerAccount(tx, 'receivable', bill.branchId)), creditFen: a.amountFen, billId: a.billId });
  }
  if (allocation.creditFen > 0) lines.push({ accountId: locked.creditId ?? (await ledgerAccount(tx, 'customer_credit', household.id)), creditFen: allocation.creditFen });
  checkLines(lines);

  const propertyCompanyId = source.channel === 'agent' ? source.propertyCompanyId : null;
  const row = paymentRow(clock, actor, { household, channel: source.channel, propertyCompanyId, amountFen, lines, allocation, respondTo: p.respondTo ?? null });
  return { row, clearsABill: allocation.allocations.some((a) => a.amountFen === targets.find((b) => b.id === a.billId)!.dueFen) };
}

/**
 * The shared core of every channel, inside the caller's (idempotent) transaction: after the bill
 * lock it is ONE statement (payments.write.ts) — journal and lines, bill balances, payment, its
 * waiting receipt, audit and, with `respondTo`, the idempotency key's stored answer. The caller
 * numbers the receipt after its transaction commits (`withNumberedReceipt`).
 */
export async function recordPayment(
  tx: Db,
  clock: Clock,
  actor: Actor,
  household: BillingHousehold,
  input: PaymentInput,
  source: PaymentSource,
  options: {
    /** Only these bills may be settled (an online order's chosen bills); the rest goes to credit. */
    onlyBillIds?: readonly number[];
    /** The Idempotency-Key to store the 201 answer under (see onceForKey's `stored`). */
    respondTo?: string;
    /** The household's bills, already locked by `lockBillsQuery` for the same `source`. */
    locked?: LockedBills;
  } = {},
): Promise<WaitingPayment> {
  const locked = options.locked ?? lockedFrom(await queryRows<LockedRow>(tx, lockBillsQuery(household.id, intoAccount(source, household)))).locked;
  const planned = await planPayment(tx, clock, actor, { household, input, source, locked, onlyBillIds: options.onlyBillIds, respondTo: options.respondTo });
  const [view] = await writePayments(tx, [planned.row]);
  await afterPayment(tx, clock, actor, planned);
  return view!;
}

/** A cleared season bill re-opens a closed valve (or cancels a close not yet done): every channel. */
export async function afterPayment(tx: Db, clock: Clock, actor: Actor, planned: PlannedPayment): Promise<void> {
  if (planned.clearsABill) await afterPaymentPosted(tx, clock, actor, planned.row.household_id);
}

/** The contract already refuses these; the service does not trust its caller with money. */
export function checkAmount(input: PaymentInput): void {
  const amountFen = assertFen(input.amountFen);
  if (amountFen <= 0 || amountFen > MAX_FEN || input.currency !== 'CNY') {
    throw new Invalid('A payment is a positive amount of integer fen in CNY, at most MAX_FEN', [{ field: 'amountFen', message: 'out of range', rule: 'amount_out_of_range' }], 'amount_out_of_range');
  }
}
