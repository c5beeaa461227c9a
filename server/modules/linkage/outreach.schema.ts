import { sql } from 'drizzle-orm';
import { boolean, check, date, index, integer, pgTable, primaryKey, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';
import { users } from '../accounts/index.ts';
import { branches, communities, compounds, households } from '../registry/index.ts';
import { CALL_STATUSES, FAQ_TOPICS, NOTICE_SCOPES, VULNERABILITY_REASONS } from './linkage.contract.ts';

/**
 * 特殊时期: while it lasts, requests from its community or compound run on the rulebook's
 * `special` SLA profile. Half-open [startsOn, endsOn) business dates; exactly one of community /
 * compound. Periods covering the same compound never overlap (checked under a lock in the service).
 */
export const specialPeriods = pgTable(
  'special_periods',
  {
    id: integer().primaryKey().generatedAlwaysAsIdentity(),
    branchId: integer().notNull().references(() => branches.id),
    communityId: integer().references(() => communities.id),
    compoundId: integer().references(() => compounds.id),
    startsOn: date({ mode: 'string' }).notNull(),
    endsOn: date({ mode: 'string' }).notNull(),
    reason: text().notNull(),
    createdBy: integer().references(() => users.id),
    createdAt: timestamp({ withTimezone: true }).notNull(),
  },
  (t) => [
    index('special_periods_community_idx').on(t.communityId, t.startsOn),
    index('special_periods_compound_idx').on(t.compoundId, t.startsOn),
    check('special_periods_target_check', sql`(community_id IS NULL) <> (compound_id IS NULL)`),
    check('special_periods_dates_check', sql`ends_on > starts_on`),
  ],
);

/** Cold-snap surge mode of a branch: [startsAt, endsAt), endsAt null while switched on. */
export const coldSnaps = pgTable(
  'cold_snaps',
  {
    id: integer().primaryKey().generatedAlwaysAsIdentity(),
    branchId: integer().notNull().references(() => branches.id),
    startsAt: timestamp({ withTimezone: true }).notNull(),
    endsAt: timestamp({ withTimezone: true }),
    note: text().notNull(),
    createdBy: integer().references(() => users.id),
    createdAt: timestamp({ withTimezone: true }).notNull(),
  },
  (t) => [
    index('cold_snaps_branch_idx').on(t.branchId, t.startsAt),
    // At most one open-ended switch per branch.
    uniqueIndex('cold_snaps_open_idx').on(t.branchId).where(sql`ends_at IS NULL`),
  ],
);

/** A household a liaison flagged for pre-emptive checks (elderly living alone…), with consent noted. */
export const vulnerableHouseholds = pgTable('vulnerable_households', {
  householdId: integer()
    .primaryKey()
    .references(() => households.id),
  reason: text({ enum: VULNERABILITY_REASONS }).notNull(),
  /** Who agreed, how and when (名单需本人或家属同意): required, never a bare flag. */
  consentNote: text().notNull(),
  contactPhone: text(),
  note: text(),
  flaggedBy: integer().notNull().references(() => users.id),
  flaggedAt: timestamp({ withTimezone: true }).notNull(),
});

/** The cold snap's call list: one row per flagged household of the branch, tracked to done. */
export const coldSnapCalls = pgTable(
  'cold_snap_calls',
  {
    coldSnapId: integer().notNull().references(() => coldSnaps.id),
    householdId: integer().notNull().references(() => households.id),
    status: text({ enum: CALL_STATUSES }).notNull().default('pending'),
    outcome: text(),
    doneBy: integer().references(() => users.id),
    doneAt: timestamp({ withTimezone: true }),
  },
  (t) => [primaryKey({ columns: [t.coldSnapId, t.householdId] })],
);

/** A broadcast to the households of a compound, community, station or grid, with delivery counts. */
export const notices = pgTable(
  'notices',
  {
    id: integer().primaryKey().generatedAlwaysAsIdentity(),
    branchId: integer().notNull().references(() => branches.id),
    scopeKind: text({ enum: NOTICE_SCOPES }).notNull(),
    scopeId: integer().notNull(),
    title: text().notNull(),
    body: text().notNull(),
    households: integer().notNull(),
    smsSent: integer().notNull(),
    inappSent: integer().notNull(),
    createdBy: integer().references(() => users.id),
    createdAt: timestamp({ withTimezone: true }).notNull(),
  },
  (t) => [index('notices_scope_idx').on(t.scopeKind, t.scopeId, t.createdAt)],
);

/** 解答会: an outreach meeting in a community. */
export const qaSessions = pgTable(
  'qa_sessions',
  {
    id: integer().primaryKey().generatedAlwaysAsIdentity(),
    communityId: integer().notNull().references(() => communities.id),
    branchId: integer().notNull().references(() => branches.id),
    place: text().notNull(),
    startsAt: timestamp({ withTimezone: true }).notNull(),
    /** Staff who attend (names as the residents will see them). */
    staff: text().array().notNull(),
    noticeId: integer().references(() => notices.id),
    heldAt: timestamp({ withTimezone: true }),
    createdBy: integer().references(() => users.id),
    createdAt: timestamp({ withTimezone: true }).notNull(),
  },
  (t) => [index('qa_sessions_community_idx').on(t.communityId, t.startsAt)],
);

/** A question asked at a session, its answer, who follows it up by when; published → public FAQ. */
export const qaQuestions = pgTable(
  'qa_questions',
  {
    id: integer().primaryKey().generatedAlwaysAsIdentity(),
    sessionId: integer().notNull().references(() => qaSessions.id),
    topic: text({ enum: FAQ_TOPICS }).notNull(),
    questionZh: text().notNull(),
    answerZh: text().notNull(),
    questionEn: text().notNull(),
    answerEn: text().notNull(),
    followUpUserId: integer().references(() => users.id),
    followUpDueOn: date({ mode: 'string' }),
    published: boolean().notNull().default(false),
    publishedAt: timestamp({ withTimezone: true }),
    createdBy: integer().references(() => users.id),
    createdAt: timestamp({ withTimezone: true }).notNull(),
  },
  (t) => [
    index('qa_questions_session_idx').on(t.sessionId),
    index('qa_questions_published_idx').on(t.topic).where(sql`published`),
    check('qa_questions_follow_up_check', sql`(follow_up_user_id IS NULL) = (follow_up_due_on IS NULL)`),
  ],
);
