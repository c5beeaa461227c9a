/**
 * Payments (counter 柜台, agent 代收): the money taken for a household. One transaction holds the
 * idempotency key, the household's bill locks, the balanced journal, the bill balances, the
 * payment, its receipt and the audit row — all or nothing. A payment is a handful of round trips
 * (key, household, bill lock with the ledger account ids, one statement for everything it writes,
 * commit): at the counter's rate the round trips, not the work, were the cost.
 *
 * Allocation: the named bill, else open bills oldest season first (arrears before this season);
 * whatever exceeds what is owed goes to the household's customer credit account.
 */
import { sql, type SQL } from 'drizzle-orm';
import type { Actor } from '../../kernel/actor.ts';
import { auditRowsFrom } from '../../kernel/audit.ts';
import type { Clock } from '../../kernel/clock.ts';
import { queryRows, type Db } from '../../kernel/db.ts';
import { Invalid, NotFound } from '../../kernel/errors.ts';
import { assertFen, MAX_FEN } from '../../kernel/money.ts';
import type { CounterPayment, PaymentInput, PaymentView } from './billing.contract.ts';
import type { LedgerAccountKind } from './billing.schema.ts';
import { assertCounterRole, assertCounterScope, type BillingHousehold } from './household-access.ts';
import { onceForKey, storeResponse, type Stored } from './idempotency.ts';
import { journalCtes, ledgerAccount, type JournalLine } from './ledger.ts';
import { receiptCte, withNumberedReceipt, type WaitingReceipt } from './receipts.ts';
import { afterPaymentPosted } from './valve-tasks.service.ts';

interface OpenBill {
  id: number;
  season: string;
  dueFen: number;
  branchId: number;
  /** The receivable control account of the bill's branch (the bill run makes it). */
  receivableAccountId: number | null;
}

/** A payment as its transaction returns it: the receipt is numbered after the commit (receipts.ts). */
export type WaitingPayment = Omit<PaymentView, 'receipt'> & { receipt: WaitingReceipt };

export const COUNTER_ROUTE = 'POST /api/billing/payments/counter';

/** Where the money came in: the branch counter's cash, or the collecting agent's receivable. */
export type PaymentSource =
  | { channel: 'counter' }
  | { channel: 'agent'; propertyCompanyId: number }
  /** Online: the provider's cash_online account (owner = the provider's ledger number, see online/providers.ts). */
  | { channel: 'online'; providerLedgerNo: number }
  /** A temporary collection point (临时缴费点): the point's own cash account. */
  | { channel: 'temp_point'; pointId: number };

function intoAccount(source: PaymentSource, household: BillingHousehold): { kind: LedgerAccountKind; ownerId: number } {
  switch (source.channel) {
    case 'agent': return { kind: 'agent_receivable', ownerId: source.propertyCompanyId };
    case 'online': return { kind: 'cash_online', ownerId: source.providerLedgerNo };
    case 'temp_point': return { kind: 'cash_temp_point', ownerId: source.pointId };
    case 'counter': return { kind: 'cash_counter', ownerId: household.branchId };
  }
}

const accountId = (kind: LedgerAccountKind, ownerId: number | SQL) =>
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
export function lockBillsQuery(householdId: number, into: { kind: LedgerAccountKind; ownerId: number | SQL }): SQL {
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

/**
 * The shared core of every channel, inside the caller's (idempotent) transaction. After the bill
 * lock it is ONE statement: journal and lines, bill balances, payment, its waiting receipt, audit
 * and — with `respondTo` — the idempotency key's stored answer. The caller numbers the receipt
 * after its transaction commits (`withNumberedReceipt`).
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
  const amountFen = input.amountFen;
  const into = intoAccount(source, household);
  const locked = options.locked ?? lockedFrom(await queryRows<LockedRow>(tx, lockBillsQuery(household.id, into))).locked;
  const targets = (await targetBills(tx, household.id, locked.bills, input)).filter((b) => !options.onlyBillIds || options.onlyBillIds.includes(b.id));
  const { allocations, creditFen } = allocate(amountFen, targets);

  const lines: JournalLine[] = [{ accountId: locked.intoId ?? (await ledgerAccount(tx, into.kind, into.ownerId)), debitFen: amountFen }];
  for (const a of allocations) {
    const bill = targets.find((b) => b.id === a.billId)!;
    lines.push({ accountId: bill.receivableAccountId ?? (await ledgerAccount(tx, 'receivable', bill.branchId)), creditFen: a.amountFen, billId: a.billId });
  }
  if (creditFen > 0) lines.push({ accountId: locked.creditId ?? (await ledgerAccount(tx, 'customer_credit', household.id)), creditFen });

  const propertyCompanyId = source.channel === 'agent' ? source.propertyCompanyId : null;
  const now = clock.now();
  const partial = { householdId: household.id, channel: source.channel, propertyCompanyId, amountFen, currency: 'CNY', allocations, creditFen };
  const [row] = await queryRows<{ view: WaitingPayment }>(
    tx,
    sql`WITH ${journalCtes(clock, { kind: 'payment', memo: `${source.channel} payment, household ${household.id}`, actorId: actor.userId, lines })},
        settled AS (
          UPDATE bills b SET paid_fen = b.paid_fen + l.credit_fen FROM lines l WHERE b.id = l.bill_id),
        payment AS (
          INSERT INTO payments (household_id, channel, branch_id, property_company_id, amount_fen, currency, journal_transaction_id, actor_id, created_at)
          SELECT ${household.id}::int, ${source.channel}, ${household.branchId}::int, ${propertyCompanyId}::int, ${amountFen}::bigint, 'CNY',
                 j.id, ${actor.userId}::int, ${now.toISOString()}::timestamptz FROM journal j
          RETURNING id),
        ${receiptCte({ branchId: household.branchId, city: household.city, householdId: household.id, amountFen, issuedAt: now })},
        answer AS (
          SELECT p.id, ${JSON.stringify(partial)}::jsonb || jsonb_build_object('paymentId', p.id, 'receipt', r.view) AS view
            FROM payment p, receipt r),
        audit AS (${auditRowsFrom(clock, actor, { action: `billing.payment.${source.channel}`, entity: 'payment' }, sql`SELECT id AS entity_id, view AS after FROM answer`)})
        ${options.respondTo === undefined ? sql`` : sql`, stored AS (${storeResponse(options.respondTo, 201, sql`(SELECT view FROM answer)`)})`}
        SELECT view FROM answer`,
  );
  // A cleared season bill re-opens a closed valve (or cancels a close not yet done): every channel.
  if (allocations.some((a) => a.amountFen === targets.find((b) => b.id === a.billId)!.dueFen)) {
    await afterPaymentPosted(tx, clock, actor, household.id);
  }
  return row!.view;
}

/** The contract already refuses these; the service does not trust its caller with money. */
export function checkAmount(input: PaymentInput): void {
  const amountFen = assertFen(input.amountFen);
  if (amountFen <= 0 || amountFen > MAX_FEN || input.currency !== 'CNY') {
    throw new Invalid('A payment is a positive amount of integer fen in CNY, at most MAX_FEN', [{ field: 'amountFen', message: 'out of range', rule: 'amount_out_of_range' }], 'amount_out_of_range');
  }
}

export async function postCounterPayment(
  deps: { db: Db; clock: Clock },
  actor: Actor,
  input: CounterPayment,
  idempotencyKey: string,
): Promise<Stored<PaymentView>> {
  checkAmount(input);
  assertCounterRole(actor);
  const into = { kind: 'cash_counter' as const, ownerId: sql`hh.household_branch_id` };
  const stored = await onceForKey<WaitingPayment, LockedRow>(deps, actor, { key: idempotencyKey, route: COUNTER_ROUTE, body: input }, async (tx, rows) => {
    const { household, locked } = lockedFrom(rows);
    if (!household) throw new NotFound('household', input.householdId);
    assertCounterScope(actor, household);
    return { statusCode: 201, body: await recordPayment(tx, deps.clock, actor, household, input, { channel: 'counter' }, { respondTo: idempotencyKey, locked }), stored: true };
  }, lockBillsQuery(input.householdId, into));
  return { ...stored, body: await withNumberedReceipt(deps.db, stored.body) };
}
