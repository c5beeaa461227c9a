import { sql } from 'drizzle-orm';
import { check, index, integer, pgTable, text, timestamp } from 'drizzle-orm/pg-core';
import { bytea } from '../../kernel/photos.ts';
import { users } from '../accounts/index.ts';
import { PHOTO_KINDS, PHOTO_TYPES } from './repairs.contract.ts';
import { repairRequests } from './repairs.schema.ts';

/**
 * Photos of a request: what the resident saw, what the steward fixed. Kept in the database, not
 * on disk, so every app instance serves them (the app is stateless) and a photo is saved in the
 * same transaction as the request it belongs to. Reads that list photos never select `data`.
 */
export const requestPhotos = pgTable(
  'request_photos',
  {
    id: integer().primaryKey().generatedAlwaysAsIdentity(),
    requestId: integer().notNull().references(() => repairRequests.id),
    /** report: taken by the reporter; resolve: the steward's proof of the fix. */
    kind: text({ enum: PHOTO_KINDS }).notNull(),
    contentType: text({ enum: PHOTO_TYPES }).notNull(),
    bytes: integer().notNull(),
    sha256: text().notNull(),
    data: bytea().notNull(),
    uploadedBy: integer().notNull().references(() => users.id),
    uploadedAt: timestamp({ withTimezone: true }).notNull(),
  },
  (t) => [index('request_photos_request_idx').on(t.requestId), check('request_photos_bytes_positive', sql`${t.bytes} > 0`)],
);
