import { sql } from 'drizzle-orm';
import { bigint, check, date, index, integer, pgTable, primaryKey, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';
import { users } from '../accounts/index.ts';
import { branches, compounds } from '../registry/index.ts';
import { journalTransactions, payments } from './billing.schema.ts';

/**
 * Temporary collection points (临时缴费点): opened by a clerk for chosen compounds — usually the
 * ones served `direct` during a management vacuum — at a place, for dates [fromDate, toDate]
 * (both inclusive: the days the desk is staffed), with named staff who alone take money there.
 */
const fen = () => bigint({ mode: 'number' });

export const collectionPoints = pgTable(
  'collection_points',
  {
    id: integer().primaryKey().generatedAlwaysAsIdentity(),
    branchId: integer().notNull().references(() => branches.id),
    name: text().notNull(),
    address: text().notNull(),
    hours: text(),
    fromDate: date({ mode: 'string' }).notNull(),
    toDate: date({ mode: 'string' }).notNull(),
    status: text({ enum: ['open', 'closed'] }).notNull(),
    openedBy: integer().references(() => users.id),
    openedAt: timestamp({ withTimezone: true }).notNull(),
    closedBy: integer().references(() => users.id),
    closedAt: timestamp({ withTimezone: true }),
    closeReason: text(),
  },
  (t) => [index('collection_points_branch_idx').on(t.branchId, t.status), check('collection_points_dates', sql`to_date >= from_date`)],
);

export const collectionPointCompounds = pgTable(
  'collection_point_compounds',
  {
    pointId: integer().notNull().references(() => collectionPoints.id),
    compoundId: integer().notNull().references(() => compounds.id),
  },
  (t) => [primaryKey({ columns: [t.pointId, t.compoundId] }), index('collection_point_compounds_compound_idx').on(t.compoundId)],
);

export const collectionPointStaff = pgTable(
  'collection_point_staff',
  {
    pointId: integer().notNull().references(() => collectionPoints.id),
    userId: integer().notNull().references(() => users.id),
  },
  (t) => [primaryKey({ columns: [t.pointId, t.userId] })],
);

/** Which payments a point took, on which of its business days (what the day's cash-up counts). */
export const pointPayments = pgTable(
  'point_payments',
  {
    paymentId: integer().primaryKey().references(() => payments.id),
    pointId: integer().notNull().references(() => collectionPoints.id),
    businessDate: date({ mode: 'string' }).notNull(),
    amountFen: fen().notNull(),
  },
  (t) => [index('point_payments_point_day_idx').on(t.pointId, t.businessDate)],
);

/** End-of-day cash-up: counted by the staff vs. recorded payments. Once per point and day. */
export const pointCashUps = pgTable(
  'point_cash_ups',
  {
    id: integer().primaryKey().generatedAlwaysAsIdentity(),
    pointId: integer().notNull().references(() => collectionPoints.id),
    businessDate: date({ mode: 'string' }).notNull(),
    countedFen: fen().notNull(),
    recordedFen: fen().notNull(),
    varianceFen: fen().notNull(),
    paymentCount: integer().notNull(),
    /** The journal posting a non-zero variance (null when the cash matched). */
    journalTransactionId: integer().references(() => journalTransactions.id),
    note: text(),
    actorId: integer().references(() => users.id),
    createdAt: timestamp({ withTimezone: true }).notNull(),
  },
  (t) => [
    uniqueIndex('point_cash_ups_point_day_idx').on(t.pointId, t.businessDate),
    check('point_cash_ups_variance', sql`variance_fen = counted_fen - recorded_fen AND counted_fen >= 0`),
  ],
);
