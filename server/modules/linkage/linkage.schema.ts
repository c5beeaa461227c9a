import { sql } from 'drizzle-orm';
import { check, customType, date, index, integer, jsonb, pgTable, primaryKey, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';
import { users } from '../accounts/index.ts';
import { branches, communities } from '../registry/index.ts';
import { GROUP_ORIGINS, GROUP_STATUSES, LINKAGE_SIDES } from './linkage.contract.ts';

/** Raw bytes (attachments). PGlite hands back a Uint8Array, node-postgres a Buffer: normalise. */
const bytea = customType<{ data: Buffer; driverData: Buffer | Uint8Array }>({
  dataType: () => 'bytea',
  fromDriver: (v) => (Buffer.isBuffer(v) ? v : Buffer.from(v)),
});

/**
 * 热力-社区联动工作群: one per community. Who belongs is not stored but derived from the registry
 * (the stewards and deputies of the community's grids, their crew leads, the community's
 * liaisons), so a steward handover or a new liaison changes the group the same day.
 */
export const linkageGroups = pgTable(
  'linkage_groups',
  {
    id: integer().primaryKey().generatedAlwaysAsIdentity(),
    communityId: integer().notNull().references(() => communities.id),
    /** The branch that serves the community's compounds: whose dashboard its bulletins reach. */
    branchId: integer().notNull().references(() => branches.id),
    name: text().notNull(),
    status: text({ enum: GROUP_STATUSES }).notNull().default('active'),
    origin: text({ enum: GROUP_ORIGINS }).notNull(),
    createdBy: integer().references(() => users.id),
    createdAt: timestamp({ withTimezone: true }).notNull(),
  },
  (t) => [uniqueIndex('linkage_groups_community_idx').on(t.communityId), index('linkage_groups_branch_idx').on(t.branchId)],
);

/** The group's thread. Append-only: a message is evidence of who said what when. */
export const linkageMessages = pgTable(
  'linkage_messages',
  {
    id: integer().primaryKey().generatedAlwaysAsIdentity(),
    groupId: integer().notNull().references(() => linkageGroups.id),
    authorUserId: integer().notNull().references(() => users.id),
    side: text({ enum: LINKAGE_SIDES }).notNull(),
    body: text().notNull(),
    /** A request raised from the group page, linked so both sides can follow it. */
    repairRequestId: integer(),
    createdAt: timestamp({ withTimezone: true }).notNull(),
  },
  (t) => [index('linkage_messages_group_idx').on(t.groupId, t.id)],
);

/** A small file (photo of a valve, a scanned notice) attached to one message. */
export const linkageAttachments = pgTable(
  'linkage_attachments',
  {
    id: integer().primaryKey().generatedAlwaysAsIdentity(),
    messageId: integer().notNull().references(() => linkageMessages.id),
    groupId: integer().notNull().references(() => linkageGroups.id),
    fileName: text().notNull(),
    contentType: text().notNull(),
    sizeBytes: integer().notNull(),
    content: bytea().notNull(),
  },
  (t) => [index('linkage_attachments_message_idx').on(t.messageId)],
);

/**
 * 每日互通: one per group and business day, a frozen snapshot (kept and printable). The unique
 * index is what makes two app instances generating at once produce each bulletin exactly once.
 */
export const linkageBulletins = pgTable(
  'linkage_bulletins',
  {
    id: integer().primaryKey().generatedAlwaysAsIdentity(),
    groupId: integer().notNull().references(() => linkageGroups.id),
    bulletinDate: date({ mode: 'string' }).notNull(),
    /** What "new" covers: [windowFrom, windowTo). */
    windowFrom: timestamp({ withTimezone: true }).notNull(),
    windowTo: timestamp({ withTimezone: true }).notNull(),
    generatedAt: timestamp({ withTimezone: true }).notNull(),
    content: jsonb().notNull(),
  },
  (t) => [uniqueIndex('linkage_bulletins_group_date_idx').on(t.groupId, t.bulletinDate), index('linkage_bulletins_date_idx').on(t.bulletinDate)],
);

/** Each side's copy of a bulletin: acknowledged by someone of that side, reminded once by noon. */
export const linkageBulletinCopies = pgTable(
  'linkage_bulletin_copies',
  {
    bulletinId: integer().notNull().references(() => linkageBulletins.id),
    side: text({ enum: LINKAGE_SIDES }).notNull(),
    acknowledgedBy: integer().references(() => users.id),
    acknowledgedAt: timestamp({ withTimezone: true }),
    remindedAt: timestamp({ withTimezone: true }),
  },
  (t) => [
    primaryKey({ columns: [t.bulletinId, t.side] }),
    index('linkage_bulletin_copies_open_idx').on(t.bulletinId).where(sql`acknowledged_at IS NULL`),
    check('linkage_bulletin_copies_ack_check', sql`(acknowledged_at IS NULL) = (acknowledged_by IS NULL)`),
  ],
);
