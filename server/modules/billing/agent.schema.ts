import { sql } from 'drizzle-orm';
import { bigint, check, date, index, integer, jsonb, pgTable, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';
import { users } from '../accounts/index.ts';
import { branches, compounds } from '../registry/index.ts';
import { propertyCompanies, tenures } from '../tenure/index.ts';
import { journalTransactions } from './billing.schema.ts';

/**
 * Agent collection handover (代收交接). A property company that collected heating fees as agent
 * owes them to the heating company (its agent_receivable account) until it remits them. Each
 * remittance names the tenure whose collection it hands over, so a tenure's settlement statement
 * knows exactly what was handed over for it even when the company manages several compounds.
 */
const fen = () => bigint({ mode: 'number' });

export const REMITTANCE_METHODS = ['bank_transfer', 'cash'] as const;

export const remittances = pgTable(
  'remittances',
  {
    id: integer().primaryKey().generatedAlwaysAsIdentity(),
    propertyCompanyId: integer().notNull().references(() => propertyCompanies.id),
    tenureId: integer().notNull().references(() => tenures.id),
    /** The branch whose counter or bank account received the money (the tenure's compound's branch). */
    branchId: integer().notNull().references(() => branches.id),
    amountFen: fen().notNull(),
    currency: text().notNull(),
    method: text({ enum: REMITTANCE_METHODS }).notNull(),
    /** The business date the money arrived, as on the bank slip or cash receipt. */
    remittedOn: date({ mode: 'string' }).notNull(),
    /** Bank transaction number or cash receipt number given by the company. */
    reference: text().notNull(),
    journalTransactionId: integer().notNull().references(() => journalTransactions.id),
    actorId: integer().references(() => users.id),
    createdAt: timestamp({ withTimezone: true }).notNull(),
  },
  (t) => [
    index('remittances_company_idx').on(t.propertyCompanyId, t.remittedOn),
    index('remittances_tenure_idx').on(t.tenureId),
    check('remittances_positive', sql`amount_fen > 0`),
  ],
);

export const SETTLEMENT_STATUSES = ['open', 'closed'] as const;

/**
 * The settlement statement (交接结算单) of one tenure: what the outgoing company collected during
 * it, what it remitted, what it still owes. The numbers are computed from payments and
 * remittances while the statement is open and frozen into `closing` when the clerk closes it.
 */
export const settlementStatements = pgTable(
  'settlement_statements',
  {
    id: integer().primaryKey().generatedAlwaysAsIdentity(),
    tenureId: integer().notNull().references(() => tenures.id),
    propertyCompanyId: integer().notNull().references(() => propertyCompanies.id),
    compoundId: integer().notNull().references(() => compounds.id),
    branchId: integer().notNull().references(() => branches.id),
    status: text({ enum: SETTLEMENT_STATUSES }).notNull(),
    /** 'tenure_ended' by the daily job, 'clerk' when drawn up on demand. */
    origin: text({ enum: ['tenure_ended', 'clerk'] }).notNull(),
    createdAt: timestamp({ withTimezone: true }).notNull(),
    createdBy: integer().references(() => users.id),
    closedAt: timestamp({ withTimezone: true }),
    closedBy: integer().references(() => users.id),
    collectedFen: fen(),
    remittedFen: fen(),
    /** Per-household lines as they stood when closed. */
    closing: jsonb(),
  },
  (t) => [
    // One statement per tenure: the daily job and a clerk racing it both land on this row.
    uniqueIndex('settlement_statements_tenure_idx').on(t.tenureId),
    index('settlement_statements_branch_idx').on(t.branchId, t.status),
  ],
);
