import { sql } from 'drizzle-orm';
import { bigint, boolean, date, doublePrecision, index, integer, jsonb, pgTable, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';
import { users } from '../accounts/index.ts';
import { branches, buildings, grids, households, stations } from '../registry/index.ts';
import {
  COMPLAINT_STATUSES,
  MEASUREMENT_OUTCOMES,
  REDUCTION_KINDS,
  type MeasuredRoom,
  type SelfCheck,
} from './temperature.contract.ts';

/**
 * The temperature guarantee (温度达标有保障). Temperatures are °C as double precision (measured
 * values have one decimal; they are not money). Instants are timestamptz, business days `date`
 * in the rulebook's time zone. The names are the glossary's, so the daily bulletin can read them.
 */

/** Calibrated thermometers the stewards measure with; a measurement after `calibrationDueOn` is refused. */
export const temperatureInstruments = pgTable(
  'temperature_instruments',
  {
    id: integer().primaryKey().generatedAlwaysAsIdentity(),
    branchId: integer().notNull().references(() => branches.id),
    serialNo: text().notNull(),
    model: text().notNull(),
    accuracyC: doublePrecision().notNull(),
    calibratedOn: date({ mode: 'string' }).notNull(),
    /** The last day the calibration certificate covers. */
    calibrationDueOn: date({ mode: 'string' }).notNull(),
    createdAt: timestamp({ withTimezone: true }).notNull(),
  },
  (t) => [uniqueIndex('temperature_instruments_serial_idx').on(t.serialNo)],
);

/** A resident's own reading (自测室温): not evidence for a reduction, but the start of a complaint. */
export const temperatureReadings = pgTable(
  'temperature_readings',
  {
    id: integer().primaryKey().generatedAlwaysAsIdentity(),
    householdId: integer().notNull().references(() => households.id),
    room: text().notNull(),
    celsius: doublePrecision().notNull(),
    measuredAt: timestamp({ withTimezone: true }).notNull(),
    reportedBy: integer().notNull().references(() => users.id),
    createdAt: timestamp({ withTimezone: true }).notNull(),
  },
  (t) => [
    index('temperature_readings_household_idx').on(t.householdId, t.measuredAt),
    // The season chart groups the whole city's readings by day.
    index('temperature_readings_measured_idx').on(t.measuredAt),
  ],
);

/**
 * A temperature complaint (室温不达标投诉): its clock is the official measurement, due within the
 * rulebook's hours; routed to the grid's steward like a repair request.
 */
export const temperatureComplaints = pgTable(
  'temperature_complaints',
  {
    id: integer().primaryKey().generatedAlwaysAsIdentity(),
    householdId: integer().notNull().references(() => households.id),
    buildingId: integer().notNull().references(() => buildings.id),
    gridId: integer().notNull().references(() => grids.id),
    stationId: integer().references(() => stations.id),
    city: text().notNull(),
    readingId: integer().references(() => temperatureReadings.id),
    /** The resident's answers to the self-check list, shown before a complaint. */
    selfCheck: jsonb().$type<SelfCheck>().notNull(),
    note: text(),
    status: text({ enum: COMPLAINT_STATUSES }).notNull(),
    assigneeUserId: integer().notNull().references(() => users.id),
    openedBy: integer().notNull().references(() => users.id),
    openedAt: timestamp({ withTimezone: true }).notNull(),
    /** The request day: reductions count from here. */
    requestDay: date({ mode: 'string' }).notNull(),
    measureDueAt: timestamp({ withTimezone: true }).notNull(),
    measuredAt: timestamp({ withTimezone: true }),
    /** Set once when the clock passed unmet and the crew lead was told. */
    overdueAlertedAt: timestamp({ withTimezone: true }),
  },
  (t) => [
    index('temperature_complaints_household_idx').on(t.householdId, t.openedAt),
    index('temperature_complaints_grid_status_idx').on(t.gridId, t.status),
    index('temperature_complaints_station_idx').on(t.stationId, t.openedAt),
    index('temperature_complaints_open_due_idx').on(t.measureDueAt).where(sql`status = 'open'`),
  ],
);

/** The official measurement (测温) by the reference method; its outcome comes from the rulebook. */
export const officialMeasurements = pgTable(
  'official_measurements',
  {
    id: integer().primaryKey().generatedAlwaysAsIdentity(),
    householdId: integer().notNull().references(() => households.id),
    complaintId: integer().references(() => temperatureComplaints.id),
    gridId: integer().notNull().references(() => grids.id),
    city: text().notNull(),
    rulebookVersionId: integer().notNull(),
    stewardUserId: integer().notNull().references(() => users.id),
    instrumentId: integer().notNull().references(() => temperatureInstruments.id),
    measuredAt: timestamp({ withTimezone: true }).notNull(),
    measuredOn: date({ mode: 'string' }).notNull(),
    outdoorMeanC: doublePrecision().notNull(),
    doorsWindowsClosed: boolean().notNull(),
    userFaults: jsonb().$type<string[]>().notNull(),
    residentAcknowledged: boolean().notNull(),
    residentName: text(),
    rooms: jsonb().$type<MeasuredRoom[]>().notNull(),
    /** The coldest room's mean, rounded to 0.1 °C: the household's result. */
    resultC: doublePrecision().notNull(),
    outcome: text({ enum: MEASUREMENT_OUTCOMES }).notNull(),
    tierPercent: integer().notNull(),
    createdAt: timestamp({ withTimezone: true }).notNull(),
  },
  (t) => [
    index('official_measurements_household_idx').on(t.householdId, t.measuredAt),
    index('official_measurements_day_idx').on(t.city, t.measuredOn),
  ],
);

/** From the request day of a below-standard finding until a compliant re-measurement (exclusive). */
export const noncompliancePeriods = pgTable(
  'noncompliance_periods',
  {
    id: integer().primaryKey().generatedAlwaysAsIdentity(),
    householdId: integer().notNull().references(() => households.id),
    city: text().notNull(),
    season: text().notNull(),
    complaintId: integer().references(() => temperatureComplaints.id),
    openedByMeasurementId: integer().notNull().references(() => officialMeasurements.id),
    closedByMeasurementId: integer().references(() => officialMeasurements.id),
    /** When the resident asked: the episode's hours below standard count from here. */
    requestedAt: timestamp({ withTimezone: true }).notNull(),
    startsOn: date({ mode: 'string' }).notNull(),
    /** Exclusive: the day of the compliant re-measurement. */
    endsOn: date({ mode: 'string' }),
    closedAt: timestamp({ withTimezone: true }),
  },
  (t) => [
    uniqueIndex('noncompliance_periods_open_idx').on(t.householdId).where(sql`ends_on IS NULL`),
    index('noncompliance_periods_season_idx').on(t.season, t.householdId),
  ],
);

/** One settlement run (结算) of a season: on demand or at season end. */
export const temperatureSettlementRuns = pgTable('temperature_settlement_runs', {
  id: integer().primaryKey().generatedAlwaysAsIdentity(),
  city: text().notNull(),
  season: text().notNull(),
  rulebookVersionId: integer().notNull(),
  runBy: integer().references(() => users.id),
  startedAt: timestamp({ withTimezone: true }).notNull(),
  finishedAt: timestamp({ withTimezone: true }),
  households: integer().notNull().default(0),
  creditedFen: bigint({ mode: 'number' }).notNull().default(0),
});

/** The statement (减免明细): each day of a household, its temperature, outage and reduction. */
export const temperatureReductionDays = pgTable(
  'temperature_reduction_days',
  {
    householdId: integer().notNull().references(() => households.id),
    season: text().notNull(),
    day: date({ mode: 'string' }).notNull(),
    kind: text({ enum: REDUCTION_KINDS }).notNull(),
    measuredC: doublePrecision(),
    outdoorMeanC: doublePrecision(),
    outageHours: doublePrecision(),
    reason: text().notNull(),
    tierPercent: integer().notNull(),
    /** Exact amount in yuan × 10¹⁰; the household total is rounded once to fen. */
    reductionE10: bigint({ mode: 'number' }).notNull(),
    reductionFen: integer().notNull(),
    runId: integer().notNull().references(() => temperatureSettlementRuns.id),
  },
  (t) => [uniqueIndex('temperature_reduction_days_pk').on(t.householdId, t.season, t.day)],
);

/** Credit notes issued by settlement; the unique source ref is what makes a re-run a no-op. */
export const temperatureCredits = pgTable(
  'temperature_credits',
  {
    id: integer().primaryKey().generatedAlwaysAsIdentity(),
    householdId: integer().notNull().references(() => households.id),
    season: text().notNull(),
    sourceRef: text().notNull(),
    amountFen: bigint({ mode: 'number' }).notNull(),
    /** What the household was owed in total when this note was issued. */
    owedFen: bigint({ mode: 'number' }).notNull(),
    creditNoteId: integer(),
    runId: integer().notNull().references(() => temperatureSettlementRuns.id),
    createdAt: timestamp({ withTimezone: true }).notNull(),
  },
  (t) => [uniqueIndex('temperature_credits_source_idx').on(t.sourceRef), index('temperature_credits_household_idx').on(t.householdId, t.season)],
);
