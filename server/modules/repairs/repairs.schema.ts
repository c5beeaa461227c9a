import { sql } from 'drizzle-orm';
import { index, integer, pgTable, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';
import { users } from '../accounts/index.ts';
import { buildings, grids, households, stations } from '../registry/index.ts';
import {
  CHANNELS,
  CLOCKS,
  ESCALATION_CAUSES,
  INCIDENT_SCOPES,
  ESCALATION_TARGETS,
  EVENT_KINDS,
  REPAIR_CATEGORIES,
  REPAIR_PRIORITIES,
  REQUEST_STATUSES,
  SLA_PROFILES,
} from './repairs.contract.ts';

/**
 * One fault felt by many: when enough not-warm/no-heat reports from the households of one
 * heat-exchange station (or one building) arrive within the rulebook's window, they are one
 * incident. At most one open incident per station or building (partial unique indexes).
 */
export const incidents = pgTable(
  'incidents',
  {
    id: integer().primaryKey().generatedAlwaysAsIdentity(),
    scope: text({ enum: INCIDENT_SCOPES }).notNull(),
    stationId: integer().references(() => stations.id),
    buildingId: integer().references(() => buildings.id),
    /** The grid of the report that opened it, whose crew lead is alerted. */
    gridId: integer().notNull().references(() => grids.id),
    city: text().notNull(),
    status: text({ enum: ['open', 'resolved'] }).notNull().default('open'),
    /** The first linked report: when residents started to feel the outage. */
    startedAt: timestamp({ withTimezone: true }).notNull(),
    openedAt: timestamp({ withTimezone: true }).notNull(),
    resolvedAt: timestamp({ withTimezone: true }),
  },
  (t) => [
    uniqueIndex('incidents_open_station_idx').on(t.stationId).where(sql`status = 'open' AND scope = 'station'`),
    uniqueIndex('incidents_open_building_idx').on(t.buildingId).where(sql`status = 'open' AND scope = 'building'`),
  ],
);

/**
 * Repair requests (报修/工单) and everything that happens to them. A request is routed at
 * creation to one owner (assignee) and carries its three SLA clocks as due times; waiting
 * (for access or parts) pauses them by moving the due times of the clocks still running.
 * Breaches and escalations are separate append-only tables so later progress never erases them.
 */
export const repairRequests = pgTable(
  'repair_requests',
  {
    id: integer().primaryKey().generatedAlwaysAsIdentity(),
    householdId: integer().notNull().references(() => households.id),
    /** Denormalised at creation, so a grid's queue and the station's burst are one index scan. */
    buildingId: integer().notNull().references(() => buildings.id),
    gridId: integer().notNull().references(() => grids.id),
    stationId: integer().references(() => stations.id),
    /** Rulebook city whose SLA targets and auto-confirm days apply. */
    city: text().notNull(),
    category: text({ enum: REPAIR_CATEGORIES }).notNull(),
    priority: text({ enum: REPAIR_PRIORITIES }).notNull(),
    channel: text({ enum: CHANNELS }).notNull(),
    note: text(),
    reportedBy: integer().notNull().references(() => users.id),
    status: text({ enum: REQUEST_STATUSES }).notNull(),
    /** The one person who owns the request now: never null, requests never wait unowned. */
    assigneeUserId: integer().notNull().references(() => users.id),
    /** The state a waiting request returns to. */
    pausedFrom: text({ enum: REQUEST_STATUSES }),
    waitingSince: timestamp({ withTimezone: true }),
    /** Total time spent waiting, for reports; seconds so a long wait for parts cannot overflow. */
    pausedSeconds: integer().notNull().default(0),
    duplicateOfId: integer(),
    /** The station or building fault this report is part of (topology-aware grouping). */
    incidentId: integer().references(() => incidents.id),
    /** 1–5 from the resident on confirming; null when auto-confirmed or not given. */
    rating: integer(),
    /** 0 for the first attempt, +1 per reopen: clocks, breaches and escalations are per round. */
    round: integer().notNull().default(0),
    escalationLevel: integer().notNull().default(0),
    /** The rulebook SLA profile the due times of this round were fixed from (sla-profile.ts). */
    slaProfile: text({ enum: SLA_PROFILES }).notNull().default('standard'),
    firstResponseDueAt: timestamp({ withTimezone: true }).notNull(),
    onSiteDueAt: timestamp({ withTimezone: true }).notNull(),
    resolveDueAt: timestamp({ withTimezone: true }).notNull(),
    respondedAt: timestamp({ withTimezone: true }),
    onSiteAt: timestamp({ withTimezone: true }),
    resolvedAt: timestamp({ withTimezone: true }),
    closedAt: timestamp({ withTimezone: true }),
    createdAt: timestamp({ withTimezone: true }).notNull(),
    updatedAt: timestamp({ withTimezone: true }).notNull(),
  },
  (t) => [
    index('repair_requests_household_idx').on(t.householdId, t.createdAt),
    index('repair_requests_grid_status_idx').on(t.gridId, t.status),
    index('repair_requests_assignee_idx').on(t.assigneeUserId, t.status),
    // The escalation sweep looks only at requests whose clocks run.
    index('repair_requests_running_idx')
      .on(t.firstResponseDueAt)
      .where(sql`status IN ('submitted', 'accepted', 'on_site', 'reopened')`),
    index('repair_requests_resolved_idx').on(t.resolvedAt).where(sql`status = 'resolved'`),
    // Burst detection counts a station's (or building's) recent reports.
    index('repair_requests_station_idx').on(t.stationId, t.createdAt),
    index('repair_requests_building_idx').on(t.buildingId, t.createdAt),
    // An incident's requests: resolving it, counting them, and the station incident absorbing a
    // building incident (which otherwise scans every request while it holds the station's lock).
    index('repair_requests_incident_idx').on(t.incidentId).where(sql`incident_id IS NOT NULL`),
  ],
);

/** Every transition, reassignment and escalation of a request: the resident's timeline. */
export const requestEvents = pgTable(
  'request_events',
  {
    id: integer().primaryKey().generatedAlwaysAsIdentity(),
    requestId: integer().notNull().references(() => repairRequests.id),
    at: timestamp({ withTimezone: true }).notNull(),
    kind: text({ enum: EVENT_KINDS }).notNull(),
    /** Null for the system (jobs). */
    actorId: integer().references(() => users.id),
    actorRole: text().notNull(),
    fromStatus: text({ enum: REQUEST_STATUSES }),
    toStatus: text({ enum: REQUEST_STATUSES }).notNull(),
    /** Owner after the event, for creation and reassignment. */
    assigneeUserId: integer().references(() => users.id),
    note: text(),
  },
  (t) => [index('request_events_request_idx').on(t.requestId, t.at)],
);

/** A clock that passed its due time unmet, once per request, round and clock; never deleted. */
export const requestBreaches = pgTable(
  'request_breaches',
  {
    id: integer().primaryKey().generatedAlwaysAsIdentity(),
    requestId: integer().notNull().references(() => repairRequests.id),
    round: integer().notNull(),
    clock: text({ enum: CLOCKS }).notNull(),
    dueAt: timestamp({ withTimezone: true }).notNull(),
    recordedAt: timestamp({ withTimezone: true }).notNull(),
  },
  (t) => [uniqueIndex('request_breaches_once_idx').on(t.requestId, t.round, t.clock)],
);

/**
 * One step up the ladder (crew lead → section → branch). The unique index is what makes two
 * app instances sweeping at once escalate (and notify) exactly once.
 */
export const requestEscalations = pgTable(
  'request_escalations',
  {
    id: integer().primaryKey().generatedAlwaysAsIdentity(),
    requestId: integer().notNull().references(() => repairRequests.id),
    round: integer().notNull(),
    /** The clock that was missed, or 'reopened' when the resident disputed the fix. */
    cause: text({ enum: ESCALATION_CAUSES }).notNull(),
    level: integer().notNull(),
    target: text({ enum: ESCALATION_TARGETS }).notNull(),
    escalatedAt: timestamp({ withTimezone: true }).notNull(),
  },
  (t) => [uniqueIndex('request_escalations_once_idx').on(t.requestId, t.round, t.cause, t.level)],
);

/** Duty roster exceptions: while a steward is away, their grid's requests go to the deputy. */
export const stewardAbsences = pgTable(
  'steward_absences',
  {
    id: integer().primaryKey().generatedAlwaysAsIdentity(),
    userId: integer().notNull().references(() => users.id),
    startsAt: timestamp({ withTimezone: true }).notNull(),
    /** Exclusive. */
    endsAt: timestamp({ withTimezone: true }).notNull(),
    reason: text().notNull(),
    createdBy: integer().notNull().references(() => users.id),
    createdAt: timestamp({ withTimezone: true }).notNull(),
  },
  (t) => [index('steward_absences_user_idx').on(t.userId, t.startsAt)],
);
