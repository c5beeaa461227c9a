import { sql } from 'drizzle-orm';
import { bigint, boolean, check, date, index, integer, pgTable, text, timestamp } from 'drizzle-orm/pg-core';
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
 * the first day the company is gone, null while open-ended. Tenures of one compound never overlap
 * (checked by the service under a row lock on the compound; the CHECK only guards the dates).
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
  (t) => [
    index('tenures_compound_idx').on(t.compoundId, t.startsOn),
    // A property manager's compounds, and the forecast's "tenures ending within N days".
    index('tenures_company_idx').on(t.propertyCompanyId, t.startsOn),
    index('tenures_ends_on_idx').on(t.endsOn),
    check('tenures_dates_check', sql`${t.endsOn} IS NULL OR ${t.endsOn} > ${t.startsOn}`),
  ],
);

export const SERVICE_MODES = ['agent', 'direct'] as const;
/** Why a compound is in its mode; 'contracted_agent' is the only reason for 'agent'. */
export const SERVICE_MODE_REASONS = [
  'contracted_agent',
  'no_company',
  'emergency_manager',
  'company_not_collecting',
  'owners_committee',
] as const;

/**
 * Each time a compound's service mode changes: what payment, repairs and bulletins react to.
 * Read in id order, the events of a compound always describe its mode from the day they were
 * recorded on: the mode on date D is the toMode of the latest event (effectiveOn, then id) with
 * effectiveOn ≤ D. A later event with the same or an earlier effectiveOn corrects an earlier plan.
 */
export const compoundModeEvents = pgTable(
  'compound_mode_events',
  {
    id: integer().primaryKey().generatedAlwaysAsIdentity(),
    compoundId: integer().notNull().references(() => compounds.id),
    effectiveOn: date({ mode: 'string' }).notNull(),
    fromMode: text({ enum: SERVICE_MODES }),
    toMode: text({ enum: SERVICE_MODES }).notNull(),
    reason: text({ enum: SERVICE_MODE_REASONS }).notNull(),
    recordedAt: timestamp({ withTimezone: true }).notNull(),
  },
  (t) => [index('compound_mode_events_compound_idx').on(t.compoundId, t.effectiveOn)],
);

/**
 * One row: a counter bumped at commit by every transaction that changes what the public "my
 * steward" answer shows (buildings, compounds, communities, branches, grids, assignments, stewards'
 * names and phones, tenures, property companies — deferred triggers of migration 0015). The lookup
 * caches its per-building answer in-process and trusts it only while this number is unchanged,
 * so an edit on any app instance is seen by every instance on the next request.
 */
export const contactCardVersion = pgTable(
  'contact_card_version',
  {
    id: integer().primaryKey().default(1),
    n: bigint({ mode: 'number' }).notNull().default(0),
  },
  (t) => [check('contact_card_version_one_row', sql`${t.id} = 1`)],
);
