import { integer, pgTable, text, timestamp } from 'drizzle-orm/pg-core';
import { repairRequests } from './repairs.schema.ts';

/**
 * Who called, when a request was opened on someone's behalf (代报): a dispatcher taking a hotline
 * or 12345 case, or a community liaison reporting for an elderly resident. The household's own
 * phone stays on the registry; the caller may be a neighbour or a relative, so the steward needs
 * both. One row per request at most, written in the request's own transaction.
 */
export const requestCallers = pgTable('request_callers', {
  requestId: integer()
    .primaryKey()
    .references(() => repairRequests.id),
  callerName: text().notNull(),
  callerPhone: text(),
  /** The 12345 platform's case number, so the city's follow-up call finds the request. */
  caseRef: text(),
  recordedAt: timestamp({ withTimezone: true }).notNull(),
});
