/**
 * Credit notes (temperature and outage reductions from other modules, clerk adjustments) and
 * refunds of customer credit. Each is one balanced journal transaction with its row and audit:
 *   credit note: Dr reductions(branch)  Cr receivable(the bill's branch, naming the bill)  [what the bill still owed]
 *                                       Cr customer_credit(household)   [the rest: bill already paid]
 *   refund:      Dr customer_credit(household)  Cr cash_counter(branch) | cash_online(provider)
 * A credit note settles its bill like a payment does (bills.paid_fen counts everything that
 * settled the bill; credit_notes.to_bill_fen says how much of it was a reduction).
 */
import { desc, eq, sql } from 'drizzle-orm';
import type { Actor } from '../../kernel/actor.ts';
import { writeAudit } from '../../kernel/audit.ts';
import type { Clock } from '../../kernel/clock.ts';
import { queryRows, type Db } from '../../kernel/db.ts';
import { Conflict, Invalid } from '../../kernel/errors.ts';
import { isFen, MAX_FEN } from '../../kernel/money.ts';
import { CREDIT_NOTE_REASONS, type CreditNoteReason, creditNotes, refunds } from './adjustments.schema.ts';
import { findHousehold, householdForCounter, householdForReading, type BillingHousehold } from './household-access.ts';
import { onceForKey, type Stored } from './idempotency.ts';
import { ledgerAccount, postJournal, type JournalLine } from './ledger.ts';
import type { CreditNoteView, PostRefund, RefundView } from './online.contract.ts';
import { providerFor } from './online/providers.ts';

type Deps = { db: Db; clock: Clock };

export interface CreditNoteInput {
  householdId: number;
  season: string;
  amountFen: number;
  reason: CreditNoteReason;
  /** The caller's own reference (e.g. 'temperature:credit:17'); the same ref twice gives one credit note. */
  sourceRef: string;
  memo?: string | undefined;
}

function creditNoteView(row: typeof creditNotes.$inferSelect): CreditNoteView {
  return {
    id: row.id,
    householdId: row.householdId,
    season: row.season,
    billId: row.billId,
    amountFen: row.amountFen,
    toBillFen: row.toBillFen,
    toCreditFen: row.toCreditFen,
    reason: row.reason,
    sourceRef: row.sourceRef,
    memo: row.memo,
    createdAt: row.createdAt.toISOString(),
  };
}

/** Other modules call this as the system; people must be clerks of the household's branch (or admins). */
async function householdForAdjusting(tx: Db, actor: Actor, householdId: number): Promise<BillingHousehold> {
  return actor.role === 'system' ? findHousehold(tx, householdId) : householdForCounter(tx, actor, householdId);
}

function checkCreditNote(input: CreditNoteInput): void {
  const problems = [];
  if (!isFen(input.amountFen) || input.amountFen <= 0 || input.amountFen > MAX_FEN) problems.push({ field: 'amountFen', message: 'must be a positive integer number of fen, at most MAX_FEN', rule: 'amount_out_of_range' });
  if (!CREDIT_NOTE_REASONS.includes(input.reason)) problems.push({ field: 'reason', message: `must be one of ${CREDIT_NOTE_REASONS.join(', ')}`, rule: 'enum' });
  if (typeof input.sourceRef !== 'string' || input.sourceRef.length < 1 || input.sourceRef.length > 200) problems.push({ field: 'sourceRef', message: 'must be 1–200 characters', rule: 'maxLength', params: { limit: 200 } });
  if (!/^\d{4}-\d{2}$/.test(input.season)) problems.push({ field: 'season', message: "must look like '2026-27'", rule: 'season_code' });
  if (!Number.isSafeInteger(input.householdId) || input.householdId < 1) problems.push({ field: 'householdId', message: 'must be a household id', rule: 'type' });
  if (problems.length > 0) throw new Invalid('The credit note is not valid', problems, 'invalid_credit_note');
}

const sameNote = (row: typeof creditNotes.$inferSelect, input: CreditNoteInput) =>
  row.householdId === input.householdId && row.season === input.season && row.amountFen === input.amountFen && row.reason === input.reason;

/**
 * Issue a credit note against the household's bill of the season, idempotent by sourceRef: a
 * second call with the same ref returns the first credit note (created: false) and moves no
 * money; the same ref with other figures is a 409.
 */
export async function issueCreditNote(deps: Deps, actor: Actor, input: CreditNoteInput): Promise<{ creditNote: CreditNoteView; created: boolean }> {
  checkCreditNote(input);
  return deps.db.transaction(async (tx) => {
    // Serialises concurrent calls with one ref even before its row exists.
    await tx.execute(sql`SELECT pg_advisory_xact_lock(hashtextextended(${`credit_note:${input.sourceRef}`}, 0))`);
    const [existing] = await tx.select().from(creditNotes).where(eq(creditNotes.sourceRef, input.sourceRef));
    if (existing) {
      if (!sameNote(existing, input)) {
        throw new Conflict(`sourceRef ${input.sourceRef} already made credit note ${existing.id} with other figures`, [{ field: 'sourceRef', message: 'already used', rule: 'duplicate' }], 'source_ref_reused', { creditNoteId: existing.id });
      }
      return { creditNote: creditNoteView(existing), created: false };
    }
    const household = await householdForAdjusting(tx, actor, input.householdId);
    const [bill] = await queryRows<{ id: number; branch_id: number; amount_fen: string; paid_fen: string; credited: string }>(
      tx,
      sql`SELECT b.id, b.branch_id, b.amount_fen::text, b.paid_fen::text,
                 (SELECT coalesce(sum(amount_fen), 0) FROM credit_notes WHERE bill_id = b.id)::text AS credited
            FROM bills b WHERE b.household_id = ${household.id} AND b.season = ${input.season} FOR UPDATE`,
    );
    if (!bill) throw new Invalid(`Household ${household.id} has no bill for season ${input.season}`, [{ field: 'season', message: 'no bill of this season', rule: 'no_bill_for_season', params: { season: input.season } }], 'no_bill_for_season', { season: input.season });
    const creditable = Number(bill.amount_fen) - Number(bill.credited);
    if (input.amountFen > creditable) {
      throw new Invalid(`Credit notes on bill ${bill.id} may total at most its amount; ${creditable} fen is left`, [{ field: 'amountFen', message: `at most ${creditable}`, rule: 'at_most_fen', params: { limitFen: creditable } }], 'credit_exceeds_bill', { creditableFen: creditable });
    }
    const toBillFen = Math.min(input.amountFen, Number(bill.amount_fen) - Number(bill.paid_fen));
    const toCreditFen = input.amountFen - toBillFen;
    const lines: JournalLine[] = [{ accountId: await ledgerAccount(tx, 'reductions', household.branchId), debitFen: input.amountFen }];
    if (toBillFen > 0) lines.push({ accountId: await ledgerAccount(tx, 'receivable', bill.branch_id), creditFen: toBillFen, billId: bill.id });
    if (toCreditFen > 0) lines.push({ accountId: await ledgerAccount(tx, 'customer_credit', household.id), creditFen: toCreditFen });
    const journalId = await postJournal(tx, deps.clock, {
      kind: 'credit_note',
      memo: `${input.reason} credit note, household ${household.id}, season ${input.season}`,
      actorId: actor.userId,
      lines,
    });
    if (toBillFen > 0) await tx.execute(sql`UPDATE bills SET paid_fen = paid_fen + ${toBillFen} WHERE id = ${bill.id}`);
    const [row] = await tx
      .insert(creditNotes)
      .values({
        householdId: household.id,
        branchId: household.branchId,
        season: input.season,
        billId: bill.id,
        amountFen: input.amountFen,
        toBillFen,
        toCreditFen,
        reason: input.reason,
        sourceRef: input.sourceRef,
        memo: input.memo ?? null,
        journalTransactionId: journalId,
        actorId: actor.userId,
        createdAt: deps.clock.now(),
      })
      .returning();
    const view = creditNoteView(row!);
    await writeAudit(tx, deps.clock, actor, { action: 'billing.credit_note.issued', entity: 'credit_note', entityId: row!.id, after: view });
    return { creditNote: view, created: true };
  });
}

/** What the household holds on customer credit, with its account row locked when `forUpdate`. */
export async function customerCredit(tx: Db, householdId: number, forUpdate = false): Promise<number> {
  if (forUpdate) {
    const account = await ledgerAccount(tx, 'customer_credit', householdId);
    await tx.execute(sql`SELECT id FROM ledger_accounts WHERE id = ${account} FOR UPDATE`);
  }
  const [row] = await queryRows<{ fen: string }>(
    tx,
    sql`SELECT coalesce(sum(e.credit_fen - e.debit_fen), 0)::text AS fen
          FROM journal_entries e JOIN ledger_accounts a ON a.id = e.account_id
         WHERE a.kind = 'customer_credit' AND a.owner_id = ${householdId}`,
  );
  return Number(row!.fen);
}

export const REFUND_ROUTE = 'POST /api/billing/refunds';

/** Pay customer credit back to the resident (clerk), at the counter or through an online provider. */
export async function postRefund(deps: Deps, actor: Actor, input: PostRefund, key: string): Promise<Stored<RefundView>> {
  if (!isFen(input.amountFen) || input.amountFen <= 0 || input.amountFen > MAX_FEN || input.currency !== 'CNY') {
    throw new Invalid('A refund is a positive amount of integer fen in CNY', [{ field: 'amountFen', message: 'out of range', rule: 'amount_out_of_range' }], 'amount_out_of_range');
  }
  if ((input.channel === 'online') !== (input.provider !== undefined)) {
    throw new Invalid('An online refund names its provider; a counter refund does not', [{ field: 'provider', message: input.channel === 'online' ? 'is required for an online refund' : 'only for online refunds', rule: input.channel === 'online' ? 'required' : 'online_only' }], 'refund_provider_mismatch');
  }
  return onceForKey(deps, actor, { key, route: REFUND_ROUTE, body: input }, async (tx) => {
    const household = await householdForCounter(tx, actor, input.householdId);
    // The account lock serialises refunds of one household, so two cannot both spend the same credit.
    const credit = await customerCredit(tx, household.id, true);
    if (input.amountFen > credit) {
      throw new Invalid(`Household ${household.id} holds ${credit} fen of credit; a refund cannot be more`, [{ field: 'amountFen', message: `at most ${credit}`, rule: 'at_most_fen', params: { limitFen: credit } }], 'refund_exceeds_credit', { creditFen: credit });
    }
    const paidFrom = input.channel === 'online'
      ? await ledgerAccount(tx, 'cash_online', providerFor(deps, input.provider!).ledgerNo)
      : await ledgerAccount(tx, 'cash_counter', household.branchId);
    const journalId = await postJournal(tx, deps.clock, {
      kind: 'refund',
      memo: `refund of customer credit, household ${household.id}, ${input.channel}`,
      actorId: actor.userId,
      lines: [
        { accountId: await ledgerAccount(tx, 'customer_credit', household.id), debitFen: input.amountFen },
        { accountId: paidFrom, creditFen: input.amountFen },
      ],
    });
    const [row] = await tx
      .insert(refunds)
      .values({
        householdId: household.id,
        branchId: household.branchId,
        amountFen: input.amountFen,
        channel: input.channel,
        provider: input.provider ?? null,
        reason: input.reason,
        journalTransactionId: journalId,
        actorId: actor.userId,
        createdAt: deps.clock.now(),
      })
      .returning();
    const view = refundView(row!, credit - input.amountFen);
    await writeAudit(tx, deps.clock, actor, { action: 'billing.refund', entity: 'refund', entityId: row!.id, before: { creditFen: credit }, after: view });
    return { statusCode: 201, body: view };
  });
}

function refundView(row: typeof refunds.$inferSelect, creditLeftFen: number): RefundView {
  return {
    id: row.id,
    householdId: row.householdId,
    amountFen: row.amountFen,
    channel: row.channel,
    provider: row.provider,
    reason: row.reason,
    creditLeftFen,
    createdAt: row.createdAt.toISOString(),
  };
}

/** The clerk's view of a household's credit notes, refunds and credit; residents see their own. */
export async function householdAdjustments(db: Db, actor: Actor, householdId: number) {
  const household = await householdForReading(db, actor, householdId);
  const notes = await db.select().from(creditNotes).where(eq(creditNotes.householdId, household.id)).orderBy(desc(creditNotes.id));
  const paidBack = await db.select().from(refunds).where(eq(refunds.householdId, household.id)).orderBy(desc(refunds.id));
  const creditFen = await customerCredit(db, household.id);
  return {
    householdId: household.id,
    creditFen,
    creditNotes: notes.map(creditNoteView),
    // creditLeftFen of older refunds is not kept; the current credit is shown beside the list.
    refunds: paidBack.map((r) => refundView(r, creditFen)),
  };
}
