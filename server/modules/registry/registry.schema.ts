import { sql } from 'drizzle-orm';
import { boolean, date, index, integer, jsonb, numeric, pgTable, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';
import { users } from '../accounts/index.ts';
import { CUSTOMER_TYPES, HOUSEHOLD_STATUSES, PIPE_NETWORKS } from './registry.contract.ts';

export { CUSTOMER_TYPES, HOUSEHOLD_STATUSES };

/**
 * The heated city: the heating company's field organisation (branch → section → crew → grid),
 * the civil side (subdistrict → community), and the physical side (compound → building →
 * entrance → household; station → buildings it feeds; pipe segments). Areas are m² with two
 * decimals as on the property certificate; billing area is derived by the rulebook.
 */
export const branches = pgTable('branches', {
  id: integer().primaryKey().generatedAlwaysAsIdentity(),
  code: text().notNull().unique(),
  name: text().notNull(),
  /** Rulebook city code whose rules apply to this branch's households. */
  city: text().notNull().default('zhengzhou'),
  address: text(),
  phone: text(),
});

export const sections = pgTable('sections', {
  id: integer().primaryKey().generatedAlwaysAsIdentity(),
  branchId: integer().notNull().references(() => branches.id),
  name: text().notNull(),
});

export const crews = pgTable('crews', {
  id: integer().primaryKey().generatedAlwaysAsIdentity(),
  sectionId: integer().notNull().references(() => sections.id),
  name: text().notNull(),
  leadUserId: integer().references(() => users.id),
});

export const grids = pgTable(
  'grids',
  {
    id: integer().primaryKey().generatedAlwaysAsIdentity(),
    crewId: integer().notNull().references(() => crews.id),
    code: text().notNull().unique(),
    name: text().notNull(),
  },
  (t) => [index('grids_crew_idx').on(t.crewId)],
);

/** Who is a grid's steward (and deputy) from when to when: history is kept, never overwritten. */
export const gridAssignments = pgTable(
  'grid_assignments',
  {
    id: integer().primaryKey().generatedAlwaysAsIdentity(),
    gridId: integer().notNull().references(() => grids.id),
    stewardUserId: integer().notNull().references(() => users.id),
    deputyUserId: integer().references(() => users.id),
    validFrom: date({ mode: 'string' }).notNull(),
    /** Exclusive end date; null while current. */
    validTo: date({ mode: 'string' }),
  },
  (t) => [index('grid_assignments_grid_idx').on(t.gridId, t.validFrom)],
);

export const subdistricts = pgTable('subdistricts', {
  id: integer().primaryKey().generatedAlwaysAsIdentity(),
  name: text().notNull().unique(),
});

export const communities = pgTable('communities', {
  id: integer().primaryKey().generatedAlwaysAsIdentity(),
  subdistrictId: integer().notNull().references(() => subdistricts.id),
  name: text().notNull().unique(),
  officePhone: text(),
});

export const compounds = pgTable(
  'compounds',
  {
    id: integer().primaryKey().generatedAlwaysAsIdentity(),
    communityId: integer().notNull().references(() => communities.id),
    branchId: integer().notNull().references(() => branches.id),
    name: text().notNull(),
    address: text().notNull(),
  },
  (t) => [uniqueIndex('compounds_community_name_idx').on(t.communityId, t.name), index('compounds_branch_idx').on(t.branchId)],
);

/** 换热站: feeds a set of buildings. */
export const stations = pgTable('stations', {
  id: integer().primaryKey().generatedAlwaysAsIdentity(),
  branchId: integer().notNull().references(() => branches.id),
  code: text().notNull().unique(),
  name: text().notNull(),
  address: text(),
});

export const buildings = pgTable(
  'buildings',
  {
    id: integer().primaryKey().generatedAlwaysAsIdentity(),
    compoundId: integer().notNull().references(() => compounds.id),
    /** Every household belongs to exactly one grid, through its building. */
    gridId: integer().notNull().references(() => grids.id),
    stationId: integer().references(() => stations.id),
    name: text().notNull(),
  },
  (t) => [
    uniqueIndex('buildings_compound_name_idx').on(t.compoundId, t.name),
    index('buildings_grid_idx').on(t.gridId),
    index('buildings_station_idx').on(t.stationId),
  ],
);

export const entrances = pgTable(
  'entrances',
  {
    id: integer().primaryKey().generatedAlwaysAsIdentity(),
    buildingId: integer().notNull().references(() => buildings.id),
    name: text().notNull(),
  },
  (t) => [uniqueIndex('entrances_building_name_idx').on(t.buildingId, t.name)],
);

export const households = pgTable(
  'households',
  {
    id: integer().primaryKey().generatedAlwaysAsIdentity(),
    /** 户号: the account number printed on bills; residents and hotlines quote it. */
    accountNo: text().notNull().unique(),
    entranceId: integer().notNull().references(() => entrances.id),
    /** Denormalised from the entrance so routing (household → building → grid) is one join. */
    buildingId: integer().notNull().references(() => buildings.id),
    room: text().notNull(),
    holderName: text().notNull(),
    phone: text(),
    grossAreaM2: numeric({ precision: 10, scale: 2 }).notNull(),
    interiorAreaM2: numeric({ precision: 10, scale: 2 }),
    customerType: text({ enum: CUSTOMER_TYPES }).notNull().default('residential'),
    status: text({ enum: HOUSEHOLD_STATUSES }).notNull().default('heating'),
    hasHeatMeter: boolean().notNull().default(false),
    createdAt: timestamp({ withTimezone: true }).notNull(),
    updatedAt: timestamp({ withTimezone: true }).notNull(),
  },
  (t) => [
    index('households_building_idx').on(t.buildingId),
    index('households_entrance_idx').on(t.entranceId),
    index('households_phone_idx').on(t.phone).where(sql`phone IS NOT NULL`),
    // The search box: account-number prefixes and the last digits of a phone, as btree range
    // scans (text_pattern_ops makes LIKE 'abc%' indexable under any collation; pg_trgm is not
    // available on every PGlite build).
    index('households_account_prefix_idx').using('btree', sql`account_no text_pattern_ops`),
    index('households_phone_suffix_idx').using('btree', sql`reverse(phone) text_pattern_ops`).where(sql`phone IS NOT NULL`),
  ],
);

/**
 * One household import (file upload or CLI): what came in, what it changed, and — when it was
 * rejected — every bad row, so the report can be downloaded later as .xlsx.
 */
export const householdImports = pgTable('household_imports', {
  id: integer().primaryKey().generatedAlwaysAsIdentity(),
  createdAt: timestamp({ withTimezone: true }).notNull(),
  actorId: integer().references(() => users.id),
  fileName: text().notNull(),
  status: text({ enum: ['applied', 'rejected'] }).notNull(),
  rows: integer().notNull(),
  inserted: integer().notNull().default(0),
  updated: integer().notNull().default(0),
  unchanged: integer().notNull().default(0),
  buildingsCreated: integer().notNull().default(0),
  entrancesCreated: integer().notNull().default(0),
  badRows: integer().notNull().default(0),
  problems: jsonb().notNull().default([]),
  problemsTruncated: boolean().notNull().default(false),
});

/** 管段: network between a station and the buildings (or another station). */
export const pipeSegments = pgTable(
  'pipe_segments',
  {
    id: integer().primaryKey().generatedAlwaysAsIdentity(),
    branchId: integer().notNull().references(() => branches.id),
    code: text().notNull().unique(),
    name: text().notNull(),
    fromStationId: integer().references(() => stations.id),
    toStationId: integer().references(() => stations.id),
    toBuildingId: integer().references(() => buildings.id),
    lengthM: integer(),
    network: text({ enum: PIPE_NETWORKS }).notNull().default('secondary'),
  },
  (t) => [index('pipe_segments_branch_idx').on(t.branchId)],
);
