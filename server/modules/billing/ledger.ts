/**
 * The ledger: double-entry, integer fen, insert-only. `postJournal` is the only way a payment
 * (or any later refund, credit note, remittance) moves money; the bill run posts its batches
 * set-based through `postBillRunJournal`. Both end in ONE insert statement per journal
 * transaction, which the database checks for balance (trigger in migration 0005), so even a bug
 * here cannot commit an unbalanced transaction.
 */
import { sql } from 'drizzle-orm';
import type { Clock } from '../../kernel/clock.ts';
import { queryRows, type Db } from '../../kernel/db.ts';
import { MAX_FEN, isFen } from '../../kernel/money.ts';
import { journalEntries, journalTransactions, type LedgerAccountKind } from './billing.schema.ts';

export interface JournalLine {
  accountId: number;
  debitFen?: number;
  creditFen?: number;
  billId?: number | null;
}

export interface JournalInput {
  kind: 'payment' | 'remittance' | 'credit_note' | 'refund';
  memo: string;
  actorId: number | null;
  lines: JournalLine[];
}

/** A programming error, not a user error: callers validate amounts before they get here. */
export class UnbalancedJournal extends Error {}

/** The ledger account of (kind, owner), created on first use; safe under concurrent first use. */
export async function ledgerAccount(tx: Db, kind: LedgerAccountKind, ownerId: number): Promise<number> {
  // ON CONFLICT waits for a concurrent inserter, so the SELECT after it always finds the row.
  await tx.execute(sql`INSERT INTO ledger_accounts (kind, owner_id) VALUES (${kind}, ${ownerId}) ON CONFLICT DO NOTHING`);
  const [row] = await queryRows<{ id: number }>(tx, sql`SELECT id FROM ledger_accounts WHERE kind = ${kind} AND owner_id = ${ownerId}`);
  return row!.id;
}

function checkLines(lines: JournalLine[]): void {
  if (lines.length < 2) throw new UnbalancedJournal('a journal transaction needs at least two lines');
  let debits = 0;
  let credits = 0;
  for (const line of lines) {
    const debit = line.debitFen ?? 0;
    const credit = line.creditFen ?? 0;
    if (!isFen(debit) || !isFen(credit) || debit < 0 || credit < 0 || debit > MAX_FEN || credit > MAX_FEN) {
      throw new UnbalancedJournal('journal amounts must be non-negative integer fen within MAX_FEN');
    }
    if ((debit > 0) === (credit > 0)) throw new UnbalancedJournal('each line is either a debit or a credit');
    debits += debit;
    credits += credit;
  }
  if (debits !== credits) throw new UnbalancedJournal(`debits ${debits} ≠ credits ${credits}`);
}

/** Post one balanced journal transaction inside the caller's transaction; returns its id. */
export async function postJournal(tx: Db, clock: Clock, input: JournalInput): Promise<number> {
  checkLines(input.lines);
  const [journal] = await tx
    .insert(journalTransactions)
    .values({ kind: input.kind, memo: input.memo, postedAt: clock.now(), actorId: input.actorId })
    .returning({ id: journalTransactions.id });
  await tx.insert(journalEntries).values(
    input.lines.map((l) => ({
      transactionId: journal!.id,
      accountId: l.accountId,
      debitFen: l.debitFen ?? 0,
      creditFen: l.creditFen ?? 0,
      billId: l.billId ?? null,
    })),
  );
  return journal!.id;
}

/**
 * The journal of one bill-run batch, set-based: debit each new bill's household receivable,
 * credit each branch's revenue with the batch total of its bills. Zero bills (disconnected,
 * suspended at 0 %) move no money and get no line. Returns the journal id, or null if nothing moved.
 */
export async function postBillRunJournal(
  tx: Db,
  clock: Clock,
  batch: { runId: number; season: string; fromHouseholdId: number; toHouseholdId: number; actorId: number | null },
): Promise<number | null> {
  const inBatch = sql`b.bill_run_id = ${batch.runId} AND b.household_id > ${batch.fromHouseholdId}
    AND b.household_id <= ${batch.toHouseholdId} AND b.amount_fen > 0`;
  await tx.execute(sql`
    INSERT INTO ledger_accounts (kind, owner_id)
    SELECT 'receivable', b.household_id FROM bills b WHERE ${inBatch}
    UNION SELECT 'revenue', b.branch_id FROM bills b WHERE ${inBatch}
    ON CONFLICT DO NOTHING`);
  const [journal] = await queryRows<{ id: number }>(
    tx,
    sql`INSERT INTO journal_transactions (kind, memo, posted_at, actor_id)
        SELECT 'bill_run', ${`season ${batch.season} bills, run ${batch.runId}, households ${batch.fromHouseholdId + 1}–${batch.toHouseholdId}`},
               ${clock.now().toISOString()}::timestamptz, ${batch.actorId}
        WHERE EXISTS (SELECT 1 FROM bills b WHERE ${inBatch})
        RETURNING id`,
  );
  if (!journal) return null;
  await tx.execute(sql`
    INSERT INTO journal_entries (transaction_id, account_id, debit_fen, credit_fen, bill_id)
    SELECT ${journal.id}::int, a.id, b.amount_fen, 0::bigint, b.id
      FROM bills b JOIN ledger_accounts a ON a.kind = 'receivable' AND a.owner_id = b.household_id
     WHERE ${inBatch}
    UNION ALL
    SELECT ${journal.id}::int, a.id, 0::bigint, sum(b.amount_fen)::bigint, NULL::int
      FROM bills b JOIN ledger_accounts a ON a.kind = 'revenue' AND a.owner_id = b.branch_id
     WHERE ${inBatch}
     GROUP BY a.id`);
  return journal.id;
}

export interface LedgerCheck {
  debitFen: number;
  creditFen: number;
  balanced: boolean;
  /** Journal transactions whose lines do not balance (always empty unless the database was bypassed). */
  unbalancedTransactions: number[];
  /** Households whose receivable lines disagree with their bills' amount − paid. */
  householdsOutOfStep: number[];
}

/** The admin's check: the whole ledger balances, and each household's receivable matches its bills. */
export async function checkLedger(db: Db): Promise<LedgerCheck> {
  const [totals] = await queryRows<{ debit: string; credit: string }>(
    db,
    sql`SELECT coalesce(sum(debit_fen), 0) AS debit, coalesce(sum(credit_fen), 0) AS credit FROM journal_entries`,
  );
  const unbalanced = await queryRows<{ id: number }>(
    db,
    sql`SELECT transaction_id AS id FROM journal_entries GROUP BY transaction_id
        HAVING sum(debit_fen) <> sum(credit_fen) ORDER BY 1 LIMIT 100`,
  );
  const outOfStep = await queryRows<{ id: number }>(
    db,
    sql`WITH ledger AS (
          SELECT a.owner_id AS household_id, sum(e.debit_fen - e.credit_fen) AS due
            FROM journal_entries e JOIN ledger_accounts a ON a.id = e.account_id AND a.kind = 'receivable'
           GROUP BY a.owner_id),
        billed AS (SELECT household_id, sum(amount_fen - paid_fen) AS due FROM bills GROUP BY household_id)
        SELECT coalesce(l.household_id, b.household_id) AS id
          FROM ledger l FULL JOIN billed b ON b.household_id = l.household_id
         WHERE coalesce(l.due, 0) <> coalesce(b.due, 0)
         ORDER BY 1 LIMIT 100`,
  );
  const debitFen = Number(totals!.debit);
  const creditFen = Number(totals!.credit);
  return {
    debitFen,
    creditFen,
    balanced: debitFen === creditFen && unbalanced.length === 0 && outOfStep.length === 0,
    unbalancedTransactions: unbalanced.map((r) => r.id),
    householdsOutOfStep: outOfStep.map((r) => r.id),
  };
}
