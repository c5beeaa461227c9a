import { sql } from 'drizzle-orm';
import { check, index, integer, pgTable, text, timestamp } from 'drizzle-orm/pg-core';
import { PHOTO_TYPES } from '../../kernel/contract.ts';
import { bytea } from '../../kernel/photos.ts';
import { users } from '../accounts/index.ts';
import { patrolRounds } from './patrols.schema.ts';
import { temperatureReadings } from './temperature.schema.ts';

/**
 * Photos of a resident's reading (the thermometer on the wall) or of a patrol round (what the
 * crew saw). One table for both, the bytes in the database like repairs' photos (the app is
 * stateless; see kernel/photos.ts): a photo belongs to exactly one reading or one round.
 */
export const temperaturePhotos = pgTable(
  'temperature_photos',
  {
    id: integer().primaryKey().generatedAlwaysAsIdentity(),
    readingId: integer().references(() => temperatureReadings.id),
    roundId: integer().references(() => patrolRounds.id),
    contentType: text({ enum: PHOTO_TYPES }).notNull(),
    bytes: integer().notNull(),
    sha256: text().notNull(),
    data: bytea().notNull(),
    uploadedBy: integer().notNull().references(() => users.id),
    uploadedAt: timestamp({ withTimezone: true }).notNull(),
  },
  (t) => [
    index('temperature_photos_reading_idx').on(t.readingId),
    index('temperature_photos_round_idx').on(t.roundId),
    check('temperature_photos_one_owner', sql`(${t.readingId} IS NULL) <> (${t.roundId} IS NULL)`),
    check('temperature_photos_bytes_positive', sql`${t.bytes} > 0`),
  ],
);
