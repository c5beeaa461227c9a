import { integer, pgTable, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';
import { ESCALATION_TARGETS } from './repairs.contract.ts';
import { incidents } from './repairs.schema.ts';

/**
 * During an incident its linked requests do not climb the ladder one by one (500 messages to
 * the branch about one station): the incident climbs it once, rung by rung. The unique index
 * makes two sweeping instances record and notify each rung exactly once.
 */
export const incidentEscalations = pgTable(
  'incident_escalations',
  {
    id: integer().primaryKey().generatedAlwaysAsIdentity(),
    incidentId: integer().notNull().references(() => incidents.id),
    level: integer().notNull(),
    target: text({ enum: ESCALATION_TARGETS }).notNull(),
    /** The earliest missed due time among the linked requests when the rung was reached. */
    dueAt: timestamp({ withTimezone: true }).notNull(),
    escalatedAt: timestamp({ withTimezone: true }).notNull(),
  },
  (t) => [uniqueIndex('incident_escalations_once_idx').on(t.incidentId, t.level)],
);
