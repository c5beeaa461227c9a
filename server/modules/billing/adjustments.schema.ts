import { sql } from 'drizzle-orm';
import { bigint, check, index, integer, pgTable, text, timestamp } from 'drizzle-orm/pg-core';
import { users } from '../accounts/index.ts';
import { branches, households } from '../registry/index.ts';
import { bills, journalTransactions } from './billing.schema.ts';

/**
 * Credit notes (减免/红冲: temperature and outage reductions, clerk adjustments) and refunds of
 * customer credit. Each is one balanced journal transaction; the row says why and for whom.
 */
const fen = () => bigint({ mode: 'number' });

export const CREDIT_NOTE_REASONS = ['temperature', 'outage', 'adjustment'] as const;
export type CreditNoteReason = (typeof CREDIT_NOTE_REASONS)[number];

export const creditNotes = pgTable(
  'credit_notes',
  {
    id: integer().primaryKey().generatedAlwaysAsIdentity(),
    householdId: integer().notNull().references(() => households.id),
    branchId: integer().notNull().references(() => branches.id),
    season: text().notNull(),
    billId: integer().notNull().references(() => bills.id),
    amountFen: fen().notNull(),
    /** The part that reduced what the bill still owed, and the part put on customer credit (bill already paid). */
    toBillFen: fen().notNull(),
    toCreditFen: fen().notNull(),
    reason: text({ enum: CREDIT_NOTE_REASONS }).notNull(),
    /** Who asked for it (e.g. 'temperature:complaint:42'): calling twice with the same ref gives one credit note. */
    sourceRef: text().notNull().unique(),
    memo: text(),
    journalTransactionId: integer().notNull().references(() => journalTransactions.id),
    actorId: integer().references(() => users.id),
    createdAt: timestamp({ withTimezone: true }).notNull(),
  },
  (t) => [
    index('credit_notes_household_idx').on(t.householdId),
    index('credit_notes_bill_idx').on(t.billId),
    check('credit_notes_split', sql`amount_fen > 0 AND to_bill_fen >= 0 AND to_credit_fen >= 0 AND to_bill_fen + to_credit_fen = amount_fen`),
  ],
);

export const REFUND_CHANNELS = ['counter', 'online'] as const;

export const refunds = pgTable(
  'refunds',
  {
    id: integer().primaryKey().generatedAlwaysAsIdentity(),
    householdId: integer().notNull().references(() => households.id),
    branchId: integer().notNull().references(() => branches.id),
    amountFen: fen().notNull(),
    channel: text({ enum: REFUND_CHANNELS }).notNull(),
    /** The online provider that sends the money back (channel 'online'). */
    provider: text(),
    reason: text().notNull(),
    journalTransactionId: integer().notNull().references(() => journalTransactions.id),
    actorId: integer().references(() => users.id),
    createdAt: timestamp({ withTimezone: true }).notNull(),
  },
  (t) => [index('refunds_household_idx').on(t.householdId), check('refunds_positive', sql`amount_fen > 0`)],
);
