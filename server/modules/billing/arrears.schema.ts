import { sql } from 'drizzle-orm';
import { bigint, date, index, integer, pgTable, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';
import { users } from '../accounts/index.ts';
import { grids, households } from '../registry/index.ts';

/**
 * Arrears (欠费): reminders (催缴) sent to households whose season bill is unpaid after the
 * collection window, and the valve tasks (关阀 / 复开) they lead to for the grid's steward.
 */
export const arrearsReminders = pgTable(
  'arrears_reminders',
  {
    id: integer().primaryKey().generatedAlwaysAsIdentity(),
    householdId: integer().notNull().references(() => households.id),
    season: text().notNull(),
    /** Business date of the reminder: at most one per household, season and day (unique below). */
    sentOn: date({ mode: 'string' }).notNull(),
    sentAt: timestamp({ withTimezone: true }).notNull(),
    /** What the household owed when reminded. */
    owedFen: bigint({ mode: 'number' }).notNull(),
    actorId: integer().references(() => users.id),
  },
  (t) => [uniqueIndex('arrears_reminders_once_a_day_idx').on(t.householdId, t.season, t.sentOn)],
);

export const VALVE_TASK_KINDS = ['close', 'open'] as const;
export const VALVE_TASK_STATUSES = ['open', 'done', 'cancelled'] as const;

export const valveTasks = pgTable(
  'valve_tasks',
  {
    id: integer().primaryKey().generatedAlwaysAsIdentity(),
    householdId: integer().notNull().references(() => households.id),
    season: text().notNull(),
    kind: text({ enum: VALVE_TASK_KINDS }).notNull(),
    status: text({ enum: VALVE_TASK_STATUSES }).notNull(),
    gridId: integer().notNull().references(() => grids.id),
    /** The grid's steward when the task was made (registry assignment of that day). */
    assigneeUserId: integer().references(() => users.id),
    reason: text().notNull(),
    createdAt: timestamp({ withTimezone: true }).notNull(),
    doneAt: timestamp({ withTimezone: true }),
    doneBy: integer().references(() => users.id),
    note: text(),
  },
  (t) => [
    // One close and one re-open per household and season: reminders and payments may repeat.
    uniqueIndex('valve_tasks_household_season_kind_idx').on(t.householdId, t.season, t.kind),
    index('valve_tasks_assignee_idx').on(t.assigneeUserId, t.status),
    index('valve_tasks_grid_idx').on(t.gridId, t.status).where(sql`status = 'open'`),
  ],
);
