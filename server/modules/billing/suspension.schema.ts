import { sql } from 'drizzle-orm';
import { index, integer, pgTable, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';
import { users } from '../accounts/index.ts';
import { households } from '../registry/index.ts';

/**
 * Suspension and resumption applications (报停 / 复热). Each names the SEASON it applies to (the
 * next season to start after the day it was made, inside the rulebook's change window), so the
 * bill run of that season — whenever it runs — bills what was approved for it, and a re-run of an
 * earlier season is not changed by it (see bill-run.sql.ts: statusBefore).
 */
export const SUSPENSION_KINDS = ['suspend', 'resume'] as const;
export const SUSPENSION_STATUSES = ['pending', 'approved', 'rejected', 'superseded'] as const;

export const suspensionApplications = pgTable(
  'suspension_applications',
  {
    id: integer().primaryKey().generatedAlwaysAsIdentity(),
    householdId: integer().notNull().references(() => households.id),
    season: text().notNull(),
    kind: text({ enum: SUSPENSION_KINDS }).notNull(),
    status: text({ enum: SUSPENSION_STATUSES }).notNull(),
    /** The household status this season bills when approved: 'suspended' or 'heating'. */
    toStatus: text({ enum: ['heating', 'suspended'] }).notNull(),
    /** Set on approval: the status seasons before `season` keep billing (history stays true). */
    statusBefore: text({ enum: ['heating', 'suspended'] }),
    reason: text(),
    appliedBy: integer().references(() => users.id),
    appliedAt: timestamp({ withTimezone: true }).notNull(),
    decidedBy: integer().references(() => users.id),
    decidedAt: timestamp({ withTimezone: true }),
    decisionNote: text(),
  },
  (t) => [
    // One open application and one approved decision per household and season.
    uniqueIndex('suspension_pending_idx').on(t.householdId, t.season).where(sql`status = 'pending'`),
    uniqueIndex('suspension_approved_idx').on(t.householdId, t.season).where(sql`status = 'approved'`),
    index('suspension_status_idx').on(t.status, t.appliedAt),
  ],
);
