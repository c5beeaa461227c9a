import { index, integer, jsonb, pgTable, text, timestamp, boolean } from 'drizzle-orm/pg-core';
import { users } from '../accounts/index.ts';
import { repairRequests } from '../repairs/index.ts';

/**
 * API keys of Open311 clients (the city's 12345 hotline platform). Only a SHA-256 hash of the
 * key is stored; the key itself is shown once at creation. Each key acts as its own service
 * account (a dispatcher user that cannot sign in), so requests it opens have a reporter, an
 * audit trail and the dispatcher's rules (channel 12345, any branch).
 */
export const open311ApiKeys = pgTable('open311_api_keys', {
  id: integer().primaryKey().generatedAlwaysAsIdentity(),
  keyHash: text().notNull().unique(),
  /** The first characters of the key, so an admin can tell keys apart without the secret. */
  keyPrefix: text().notNull(),
  clientName: text().notNull(),
  userId: integer().notNull().references(() => users.id),
  active: boolean().notNull().default(true),
  createdAt: timestamp({ withTimezone: true }).notNull(),
  createdBy: integer().references(() => users.id),
});

/**
 * What an Open311 post carried beyond the repair request itself. The contact fields are the
 * caller's personal data: kept for the steward's call-back, never returned by the GET calls.
 */
export const open311Requests = pgTable(
  'open311_requests',
  {
    requestId: integer().primaryKey().references(() => repairRequests.id),
    apiKeyId: integer().notNull().references(() => open311ApiKeys.id),
    addressString: text(),
    lat: text(),
    long: text(),
    mediaUrl: text(),
    accountId: text(),
    deviceId: text(),
    email: text(),
    firstName: text(),
    lastName: text(),
    phone: text(),
    attributes: jsonb().$type<Record<string, string>>(),
    createdAt: timestamp({ withTimezone: true }).notNull(),
  },
  (t) => [index('open311_requests_created_idx').on(t.createdAt)],
);
