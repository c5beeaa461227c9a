/**
 * The ledger: double-entry, integer fen, insert-only. `postJournal` — or `journalCtes` inside a
 * larger statement (payments) — is the only way a payment, refund, credit note or remittance
 * moves money; the bill run posts its batches
 * set-based in the statement that inserts the bills (bill-run.sql.ts). Each ends in ONE insert
 * statement per journal transaction, which the database checks for balance (trigger in
 * migration 0005), so even a bug here cannot commit an unbalanced transaction.
 */
import { sql, type SQL } from 'drizzle-orm';
import type { Clock } from '../../kernel/clock.ts';
import { queryRows, type Db } from '../../kernel/db.ts';
import { MAX_FEN, isFen } from '../../kernel/money.ts';
import type { LedgerAccountKind } from './billing.schema.ts';

export interface JournalLine {
  accountId: number;
  debitFen?: number;
  creditFen?: number;
  billId?: number | null;
}

export interface JournalInput {
  kind: 'payment' | 'remittance' | 'credit_note' | 'refund' | 'cash_variance';
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

/** Throws unless the lines are a balanced journal transaction of valid fen amounts. */
export function checkLines(lines: JournalLine[]): void {
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

/**
 * One balanced journal transaction as two CTE parts — `journal` (its row) and `lines` (its
 * entries, RETURNING account_id, debit_fen, credit_fen, bill_id) — for a statement that does more
 * in the same round trip (a payment also settles bills and issues the receipt there).
 */
export function journalCtes(clock: Clock, input: JournalInput): SQL {
  checkLines(input.lines);
  const column = (values: (number | null)[], type: 'int' | 'bigint') => sql`${`{${values.map((v) => v ?? 'NULL').join(',')}}`}::${sql.raw(type)}[]`;
  return sql`
    journal AS (
      INSERT INTO journal_transactions (kind, memo, posted_at, actor_id)
      VALUES (${input.kind}, ${input.memo}, ${clock.now().toISOString()}::timestamptz, ${input.actorId}::int)
      RETURNING id),
    lines AS (
      INSERT INTO journal_entries (transaction_id, account_id, debit_fen, credit_fen, bill_id)
      SELECT j.id, l.account_id, l.debit_fen, l.credit_fen, l.bill_id
        FROM journal j, unnest(${column(input.lines.map((l) => l.accountId), 'int')}, ${column(input.lines.map((l) => l.debitFen ?? 0), 'bigint')},
                               ${column(input.lines.map((l) => l.creditFen ?? 0), 'bigint')}, ${column(input.lines.map((l) => l.billId ?? null), 'int')})
             AS l(account_id, debit_fen, credit_fen, bill_id)
      RETURNING account_id, debit_fen, credit_fen, bill_id)`;
}

/** Post one balanced journal transaction inside the caller's transaction; returns its id. */
export async function postJournal(tx: Db, clock: Clock, input: JournalInput): Promise<number> {
  const [row] = await queryRows<{ id: number }>(tx, sql`WITH ${journalCtes(clock, input)} SELECT id FROM journal`);
  return row!.id;
}

export interface LedgerCheck {
  debitFen: number;
  creditFen: number;
  balanced: boolean;
  /** Journal transactions whose lines do not balance (always empty unless the database was bypassed). */
  unbalancedTransactions: number[];
  /** Households with a bill whose ledger trail disagrees with its amount − paid. */
  householdsOutOfStep: number[];
  /** Bill-run journal transactions whose branch receivable line is not the sum of the bills naming it. */
  billRunsOutOfStep: number[];
  /** Branches whose receivable (control account and the bills' own lines) is not Σ (amount − paid) of their bills. */
  branchesOutOfStep: number[];
}

/** Lines on the receivable side: the branch control accounts and the per-household ones of older ledgers. */
const receivableSide = sql`a.kind IN ('receivable', 'household_receivable')`;

/**
 * The admin's check: the whole ledger balances, and every fen on the receivable side is traced
 * to bills. Per bill: raised by its bill-run journal (it names it) or, in older ledgers, by a
 * debit line naming the bill; settled by credit lines naming the bill — so raised − settled =
 * amount − paid. Per bill-run journal: each branch's receivable debit = Σ amount of the bills
 * naming that journal. Per branch: the receivable side = Σ (amount − paid) of its bills.
 */
export async function checkLedger(db: Db): Promise<LedgerCheck> {
  // One snapshot for all the checks (payments may stream in meanwhile), and hash joins: the checks
  // read whole tables, and when the journal had grown since its last ANALYZE the planner's nested
  // loop over a "one-row" journal took 13 minutes on the 1.3 M-bill benchmark city.
  return db.transaction(
    async (tx) => {
      await tx.execute(sql`SET LOCAL enable_nestloop = off`);
      return checkSnapshot(tx);
    },
    { isolationLevel: 'repeatable read', accessMode: 'read only' },
  );
}

async function checkSnapshot(db: Db): Promise<LedgerCheck> {
  const [totals] = await queryRows<{ debit: string; credit: string }>(
    db,
    sql`SELECT coalesce(sum(debit_fen), 0) AS debit, coalesce(sum(credit_fen), 0) AS credit FROM journal_entries`,
  );
  const unbalanced = await queryRows<{ id: number }>(
    db,
    sql`SELECT transaction_id AS id FROM journal_entries GROUP BY transaction_id
        HAVING sum(debit_fen) <> sum(credit_fen) ORDER BY 1 LIMIT 100`,
  );
  const households = await queryRows<{ id: number }>(
    db,
    sql`WITH lines AS (
          SELECT e.bill_id, sum(e.debit_fen - e.credit_fen) AS net
            FROM journal_entries e JOIN ledger_accounts a ON a.id = e.account_id AND ${receivableSide}
           WHERE e.bill_id IS NOT NULL GROUP BY e.bill_id)
        SELECT DISTINCT b.household_id AS id
          FROM bills b LEFT JOIN lines l ON l.bill_id = b.id
         WHERE CASE WHEN b.journal_transaction_id IS NULL THEN 0 ELSE b.amount_fen END + coalesce(l.net, 0) <> b.amount_fen - b.paid_fen
         ORDER BY 1 LIMIT 100`,
  );
  const billRuns = await queryRows<{ id: number }>(
    db,
    sql`WITH lines AS (
          SELECT e.transaction_id AS journal, a.owner_id AS branch_id, sum(e.debit_fen - e.credit_fen) AS fen
            FROM journal_entries e JOIN ledger_accounts a ON a.id = e.account_id AND a.kind = 'receivable'
            JOIN journal_transactions t ON t.id = e.transaction_id AND t.kind = 'bill_run'
           GROUP BY 1, 2),
        named AS (
          SELECT journal_transaction_id AS journal, branch_id, sum(amount_fen) AS fen
            FROM bills WHERE journal_transaction_id IS NOT NULL GROUP BY 1, 2)
        SELECT DISTINCT coalesce(l.journal, n.journal) AS id
          FROM lines l FULL JOIN named n ON n.journal = l.journal AND n.branch_id = l.branch_id
         WHERE coalesce(l.fen, 0) <> coalesce(n.fen, 0)
         ORDER BY 1 LIMIT 100`,
  );
  const branches = await queryRows<{ id: number }>(
    db,
    sql`WITH ledger AS (
          SELECT coalesce(b.branch_id, CASE WHEN a.kind = 'receivable' THEN a.owner_id END) AS branch_id, sum(e.debit_fen - e.credit_fen) AS due
            FROM journal_entries e JOIN ledger_accounts a ON a.id = e.account_id AND ${receivableSide}
            LEFT JOIN bills b ON b.id = e.bill_id
           GROUP BY 1),
        billed AS (SELECT branch_id, sum(amount_fen - paid_fen) AS due FROM bills GROUP BY branch_id)
        SELECT coalesce(l.branch_id, b.branch_id, 0) AS id
          FROM ledger l FULL JOIN billed b ON b.branch_id = l.branch_id
         WHERE coalesce(l.due, 0) <> coalesce(b.due, 0)
         ORDER BY 1 LIMIT 100`,
  );
  const debitFen = Number(totals!.debit);
  const creditFen = Number(totals!.credit);
  return {
    debitFen,
    creditFen,
    balanced: debitFen === creditFen && [unbalanced, households, billRuns, branches].every((found) => found.length === 0),
    unbalancedTransactions: unbalanced.map((r) => r.id),
    householdsOutOfStep: households.map((r) => r.id),
    billRunsOutOfStep: billRuns.map((r) => r.id),
    branchesOutOfStep: branches.map((r) => r.id),
  };
}
