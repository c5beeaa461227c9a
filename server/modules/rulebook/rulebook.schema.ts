import { date, index, integer, jsonb, pgTable, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';
import { users } from '../accounts/index.ts';
import type { Rules } from './rulebook.contract.ts';

/**
 * Effective-dated versions of each city's rulebook. A version applies from 00:00 of its
 * `effectiveFrom` business date in the city's zone (Asia/Shanghai) until the next version of the
 * city starts. A business date, not an instant: decrees name days, and a date compares exactly
 * with the business dates every rule question is asked about.
 *
 * Rows are never deleted. Once a bill run uses a version (`lockedAt` set) it is frozen: a change
 * is a new version effective from a later date, so issued bills can always be explained.
 */
export const rulebookVersions = pgTable(
  'rulebook_versions',
  {
    id: integer().primaryKey().generatedAlwaysAsIdentity(),
    /** City code, e.g. 'zhengzhou'; equals rules.city.code. */
    city: text().notNull(),
    effectiveFrom: date({ mode: 'string' }).notNull(),
    rules: jsonb().$type<Rules>().notNull(),
    /** Why this version exists (the decree, the correction). */
    note: text().notNull().default(''),
    /** Null for the shipped rulebooks seeded at start-up. */
    createdBy: integer().references(() => users.id),
    createdAt: timestamp({ withTimezone: true }).notNull(),
    lockedAt: timestamp({ withTimezone: true }),
  },
  (t) => [
    // Two versions of one city starting the same day would make "the version in force" a guess.
    uniqueIndex('rulebook_versions_city_from_idx').on(t.city, t.effectiveFrom),
    index('rulebook_versions_created_by_idx').on(t.createdBy),
  ],
);

export type RulebookVersionRow = typeof rulebookVersions.$inferSelect;
