import { sql } from 'drizzle-orm';
import { bigint, check, index, integer, jsonb, pgTable, primaryKey, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';
import { users } from '../accounts/index.ts';
import { branches, households } from '../registry/index.ts';
import { propertyCompanies } from '../tenure/index.ts';

/**
 * Billing and the ledger. Money is integer fen in bigint columns (mode 'number': every amount is
 * below MAX_FEN × households, far inside 2^53). Journal entries are insert-only; the migration
 * adds triggers that refuse UPDATE/DELETE and any INSERT statement leaving a journal
 * transaction unbalanced (see 0005 custom migration).
 */
const fen = () => bigint({ mode: 'number' });

export const LEDGER_ACCOUNT_KINDS = [
  'receivable', // per branch: bills receivable (control account); the household detail is its bills (docs/decisions.md)
  'household_receivable', // per household: receivable of ledgers posted before the control account (kept readable, never posted to)
  'customer_credit', // per household: over-payments held for later bills
  'revenue', // per branch: heating fees billed
  'cash_counter', // per branch: cash/card taken at the branch office counter
  'cash_temp_point', // per temporary collection point
  'cash_online', // per online payment provider
  'agent_receivable', // per property company: collected as agent, not yet remitted
  'cash_bank', // per branch: bank transfers received (agent remittances)
  'reductions', // per branch: credit notes granted (temperature/outage reductions, adjustments), against revenue
  'cash_variance', // per branch: cash over (credit) or short (debit) found when a temporary point cashes up
] as const;
export type LedgerAccountKind = (typeof LEDGER_ACCOUNT_KINDS)[number];

/** One ledger account per (kind, owner): the owner id's table depends on the kind (see above). */
export const ledgerAccounts = pgTable(
  'ledger_accounts',
  {
    id: integer().primaryKey().generatedAlwaysAsIdentity(),
    kind: text({ enum: LEDGER_ACCOUNT_KINDS }).notNull(),
    ownerId: integer().notNull(),
  },
  (t) => [uniqueIndex('ledger_accounts_kind_owner_idx').on(t.kind, t.ownerId)],
);

/** A balanced set of entries posted together: a bill-run batch, a payment, a refund… */
export const journalTransactions = pgTable('journal_transactions', {
  id: integer().primaryKey().generatedAlwaysAsIdentity(),
  kind: text({ enum: ['bill_run', 'payment', 'remittance', 'credit_note', 'refund', 'cash_variance'] }).notNull(),
  memo: text().notNull(),
  postedAt: timestamp({ withTimezone: true }).notNull(),
  actorId: integer().references(() => users.id),
});

export const journalEntries = pgTable(
  'journal_entries',
  {
    id: bigint({ mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    transactionId: integer().notNull().references(() => journalTransactions.id),
    accountId: integer().notNull().references(() => ledgerAccounts.id),
    debitFen: fen().notNull().default(0),
    creditFen: fen().notNull().default(0),
    /** Receivable lines name the bill they raise or settle, so a bill's balance is in the ledger. */
    billId: integer(),
  },
  (t) => [
    index('journal_entries_transaction_idx').on(t.transactionId),
    index('journal_entries_account_idx').on(t.accountId),
    index('journal_entries_bill_idx').on(t.billId).where(sql`bill_id IS NOT NULL`),
    // Exactly one side per line, never negative: a reversal is a new line on the other side.
    check('journal_entries_one_side', sql`(debit_fen > 0 AND credit_fen = 0) OR (credit_fen > 0 AND debit_fen = 0)`),
  ],
);

/** One run of season bills: its frozen rule versions and how far it got (resumable). */
export const billRuns = pgTable('bill_runs', {
  id: integer().primaryKey().generatedAlwaysAsIdentity(),
  season: text().notNull(),
  status: text({ enum: ['running', 'done'] }).notNull(),
  /** { [city]: rulebook version id }, frozen when the run starts. */
  ruleVersions: jsonb().$type<Record<string, number>>().notNull(),
  batchSize: integer().notNull(),
  /** Households with id in (cursor, lastHouseholdId] are still to do. */
  cursorHouseholdId: integer().notNull().default(0),
  lastHouseholdId: integer().notNull(),
  totalHouseholds: integer().notNull(),
  processedHouseholds: integer().notNull().default(0),
  billsCreated: integer().notNull().default(0),
  amountFen: fen().notNull().default(0),
  startedAt: timestamp({ withTimezone: true }).notNull(),
  finishedAt: timestamp({ withTimezone: true }),
  actorId: integer().references(() => users.id),
});

export const BILL_BASES = ['area', 'metered', 'suspended', 'disconnected'] as const;

export const bills = pgTable(
  'bills',
  {
    id: integer().primaryKey().generatedAlwaysAsIdentity(),
    householdId: integer().notNull().references(() => households.id),
    season: text().notNull(),
    branchId: integer().notNull().references(() => branches.id),
    billRunId: integer().notNull().references(() => billRuns.id),
    rulebookVersionId: integer().notNull(),
    basis: text({ enum: BILL_BASES }).notNull(),
    billingAreaCm2: bigint({ mode: 'number' }).notNull(),
    billedDays: integer().notNull(),
    amountFen: fen().notNull(),
    /**
     * The bill-run journal transaction whose branch receivable line includes this bill (null for
     * a 0-fen bill, which moves no money). No foreign key: the bill and its journal are written by
     * one statement and checkLedger proves each line equals the sum of its bills; an FK would add
     * a row check per bill to the run.
     */
    journalTransactionId: integer(),
    /** Kept in step with the ledger's receivable lines of this bill (settlements name the bill), in the same transaction. */
    paidFen: fen().notNull().default(0),
    createdAt: timestamp({ withTimezone: true }).notNull(),
  },
  (t) => [
    uniqueIndex('bills_household_season_idx').on(t.householdId, t.season),
    check('bills_paid_within_amount', sql`paid_fen >= 0 AND paid_fen <= amount_fen`),
  ],
);

/** Who took the money: the branch counter, or a property company collecting as agent (代收). */
export const PAYMENT_CHANNELS = ['counter', 'agent', 'temp_point', 'online'] as const;

export const payments = pgTable(
  'payments',
  {
    id: integer().primaryKey().generatedAlwaysAsIdentity(),
    householdId: integer().notNull().references(() => households.id),
    channel: text({ enum: PAYMENT_CHANNELS }).notNull(),
    branchId: integer().notNull().references(() => branches.id),
    /** The collecting property company of an agent payment (what it must remit). */
    propertyCompanyId: integer().references(() => propertyCompanies.id),
    amountFen: fen().notNull(),
    currency: text().notNull(),
    journalTransactionId: integer().notNull().references(() => journalTransactions.id),
    actorId: integer().references(() => users.id),
    createdAt: timestamp({ withTimezone: true }).notNull(),
  },
  (t) => [
    index('payments_household_idx').on(t.householdId),
    // Agent reconciliation and settlement statements: a company's collections by date.
    index('payments_property_company_idx').on(t.propertyCompanyId, t.createdAt).where(sql`property_company_id IS NOT NULL`),
    check('payments_positive', sql`amount_fen > 0`),
  ],
);

/** Receipt numbers are gap-free per branch and year: `next` is the number the next receipt gets (see receipts.ts). */
export const receiptCounters = pgTable(
  'receipt_counters',
  {
    branchId: integer().notNull().references(() => branches.id),
    year: integer().notNull(),
    next: integer().notNull(),
  },
  (t) => [primaryKey({ columns: [t.branchId, t.year] })],
);

export const receipts = pgTable(
  'receipts',
  {
    id: integer().primaryKey().generatedAlwaysAsIdentity(),
    /** Null while the receipt waits for its number: numbered right after its payment commits (receipts.ts). */
    receiptNo: text().unique(),
    branchId: integer().notNull().references(() => branches.id),
    year: integer().notNull(),
    seq: integer(),
    paymentId: integer().notNull().unique().references(() => payments.id),
    householdId: integer().notNull().references(() => households.id),
    amountFen: fen().notNull(),
    issuedAt: timestamp({ withTimezone: true }).notNull(),
  },
  (t) => [
    uniqueIndex('receipts_branch_year_seq_idx').on(t.branchId, t.year, t.seq),
    index('receipts_household_idx').on(t.householdId),
    // The numbering finds a branch's waiting receipts here; the index stays as small as the wait.
    index('receipts_unnumbered_idx').on(t.branchId, t.year, t.id).where(sql`seq IS NULL`),
    check('receipts_numbered_whole', sql`(seq IS NULL) = (receipt_no IS NULL)`),
  ],
);

/**
 * Idempotency-Key of every money-moving POST: the first request stores its response here in the
 * same transaction as its effect, so a retry replays it and a different body is refused.
 */
export const idempotencyKeys = pgTable('idempotency_keys', {
  key: text().primaryKey(),
  actorId: integer().references(() => users.id),
  route: text().notNull(),
  requestHash: text().notNull(),
  statusCode: integer(),
  response: jsonb(),
  createdAt: timestamp({ withTimezone: true }).notNull(),
});
