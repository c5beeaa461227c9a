import { index, integer, jsonb, pgTable, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';
import { users } from '../accounts/index.ts';
import { branches, crews, grids, pipeSegments, stations } from '../registry/index.ts';
import { PATROL_TARGETS, type PatrolChecklist, type PatrolFinding, type PatrolReadings } from './patrols.contract.ts';

/**
 * Network patrols (巡检): a plan per station or pipe segment with the crew that walks it; a round
 * is one visit with its checklist and readings. The interval comes from the rulebook, shortened
 * for risky places at read time, so a plan never stores a stale frequency.
 */
export const patrolPlans = pgTable(
  'patrol_plans',
  {
    id: integer().primaryKey().generatedAlwaysAsIdentity(),
    branchId: integer().notNull().references(() => branches.id),
    targetKind: text({ enum: PATROL_TARGETS }).notNull(),
    stationId: integer().references(() => stations.id),
    pipeSegmentId: integer().references(() => pipeSegments.id),
    /** The crew whose lead is alerted when a round is overdue. */
    crewId: integer().notNull().references(() => crews.id),
    createdAt: timestamp({ withTimezone: true }).notNull(),
    /** Set once per missed due time: the overdue alert is sent once, not every sweep. */
    overdueAlertedFor: timestamp({ withTimezone: true }),
  },
  (t) => [
    uniqueIndex('patrol_plans_station_idx').on(t.stationId),
    uniqueIndex('patrol_plans_pipe_idx').on(t.pipeSegmentId),
  ],
);

export const patrolRounds = pgTable(
  'patrol_rounds',
  {
    id: integer().primaryKey().generatedAlwaysAsIdentity(),
    planId: integer().notNull().references(() => patrolPlans.id),
    patrolledBy: integer().notNull().references(() => users.id),
    recordedAt: timestamp({ withTimezone: true }).notNull(),
    checklist: jsonb().$type<PatrolChecklist>().notNull(),
    readings: jsonb().$type<PatrolReadings>().notNull(),
    findings: jsonb().$type<PatrolFinding[]>().notNull(),
    note: text(),
    /** The repairs work order a finding opened, when there was one. */
    workOrderId: integer(),
  },
  (t) => [index('patrol_rounds_plan_idx').on(t.planId, t.recordedAt)],
);

/**
 * A work order a patrol finding opened (巡检工单), routed like a repair request to whoever is on
 * duty for the station's grid, with the rulebook's urgent clock. Kept here rather than in
 * repair_requests because a repair request belongs to a household and a station has none.
 */
export const patrolWorkOrders = pgTable(
  'patrol_work_orders',
  {
    id: integer().primaryKey().generatedAlwaysAsIdentity(),
    planId: integer().notNull().references(() => patrolPlans.id),
    gridId: integer().notNull().references(() => grids.id),
    category: text({ enum: ['leak', 'noise', 'other'] }).notNull(),
    findings: jsonb().$type<PatrolFinding[]>().notNull(),
    status: text({ enum: ['open', 'resolved'] }).notNull(),
    assigneeUserId: integer().notNull().references(() => users.id),
    openedAt: timestamp({ withTimezone: true }).notNull(),
    onSiteDueAt: timestamp({ withTimezone: true }).notNull(),
    resolvedAt: timestamp({ withTimezone: true }),
  },
  (t) => [index('patrol_work_orders_grid_idx').on(t.gridId, t.status)],
);
