import { sql } from 'drizzle-orm';
import { index, integer, jsonb, pgTable, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';

/** Who did what, when, before and after: written in the same transaction as the change. */
export const auditLog = pgTable(
  'audit_log',
  {
    id: integer().primaryKey().generatedAlwaysAsIdentity(),
    at: timestamp({ withTimezone: true }).notNull(),
    actorId: integer(),
    actorRole: text().notNull(),
    action: text().notNull(),
    entity: text().notNull(),
    entityId: text(),
    before: jsonb(),
    after: jsonb(),
    requestId: text(),
  },
  (t) => [index('audit_log_at_idx').on(t.at), index('audit_log_entity_idx').on(t.entity, t.entityId)],
);

/**
 * Background work as rows. Any number of app instances claim due rows with FOR UPDATE SKIP LOCKED,
 * so a job never runs twice; uniqueKey stops the same job (say, one bulletin) being queued twice.
 */
export const jobs = pgTable(
  'jobs',
  {
    id: integer().primaryKey().generatedAlwaysAsIdentity(),
    kind: text().notNull(),
    uniqueKey: text(),
    payload: jsonb().notNull().default({}),
    runAt: timestamp({ withTimezone: true }).notNull(),
    status: text({ enum: ['queued', 'running', 'done', 'failed'] }).notNull().default('queued'),
    attempts: integer().notNull().default(0),
    maxAttempts: integer().notNull().default(5),
    lockedBy: text(),
    lockedAt: timestamp({ withTimezone: true }),
    finishedAt: timestamp({ withTimezone: true }),
    lastError: text(),
    result: jsonb(),
  },
  (t) => [
    uniqueIndex('jobs_unique_key_idx').on(t.uniqueKey),
    index('jobs_due_idx').on(t.runAt).where(sql`status = 'queued'`),
  ],
);

/**
 * Every message the app would send (SMS, WeChat, in-app). Development providers stop here, so a
 * person can see exactly what would have gone out; a real provider marks rows sent.
 */
export const outbox = pgTable(
  'outbox',
  {
    id: integer().primaryKey().generatedAlwaysAsIdentity(),
    createdAt: timestamp({ withTimezone: true }).notNull(),
    channel: text({ enum: ['sms', 'wechat', 'inapp'] }).notNull(),
    recipient: text().notNull(),
    template: text().notNull(),
    body: text().notNull(),
    data: jsonb().notNull().default({}),
    status: text({ enum: ['recorded', 'sent', 'failed'] }).notNull().default('recorded'),
    provider: text().notNull(),
  },
  (t) => [index('outbox_recipient_idx').on(t.recipient, t.createdAt)],
);
