import { boolean, date, index, integer, pgTable, text, timestamp } from 'drizzle-orm/pg-core';
import { compounds } from '../registry/index.ts';

export const propertyCompanies = pgTable('property_companies', {
  id: integer().primaryKey().generatedAlwaysAsIdentity(),
  name: text().notNull().unique(),
  contactName: text(),
  contactPhone: text(),
  /** 统一社会信用代码, when known. */
  creditCode: text(),
});

export const TENURE_KINDS = ['contracted', 'emergency', 'owners_committee'] as const;

/**
 * Who manages a compound from a date to a date (服务期). Half-open [startsOn, endsOn): endsOn is
 * the first day the company is gone, null while open-ended. Tenures of one compound never overlap.
 */
export const tenures = pgTable(
  'tenures',
  {
    id: integer().primaryKey().generatedAlwaysAsIdentity(),
    compoundId: integer().notNull().references(() => compounds.id),
    propertyCompanyId: integer().references(() => propertyCompanies.id),
    kind: text({ enum: TENURE_KINDS }).notNull(),
    startsOn: date({ mode: 'string' }).notNull(),
    endsOn: date({ mode: 'string' }),
    /** Whether the company collects heating fees on the heating company's behalf (代收). */
    collectsAsAgent: boolean().notNull().default(false),
    note: text(),
    createdAt: timestamp({ withTimezone: true }).notNull(),
  },
  (t) => [index('tenures_compound_idx').on(t.compoundId, t.startsOn)],
);

export const SERVICE_MODES = ['agent', 'direct'] as const;

/** Each time a compound's service mode changes: what payment, repairs and bulletins react to. */
export const compoundModeEvents = pgTable(
  'compound_mode_events',
  {
    id: integer().primaryKey().generatedAlwaysAsIdentity(),
    compoundId: integer().notNull().references(() => compounds.id),
    effectiveOn: date({ mode: 'string' }).notNull(),
    fromMode: text({ enum: SERVICE_MODES }),
    toMode: text({ enum: SERVICE_MODES }).notNull(),
    reason: text().notNull(),
    recordedAt: timestamp({ withTimezone: true }).notNull(),
  },
  (t) => [index('compound_mode_events_compound_idx').on(t.compoundId, t.effectiveOn)],
);
