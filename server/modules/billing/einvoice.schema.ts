import { index, integer, jsonb, pgTable, text, timestamp } from 'drizzle-orm/pg-core';
import { users } from '../accounts/index.ts';
import { households } from '../registry/index.ts';
import { receipts } from './billing.schema.ts';

/**
 * E-invoice requests (电子发票): recorded in the requester's transaction like an outbox row, then
 * handed to the invoice provider by a job, which records what the provider answered.
 */
export const E_INVOICE_STATUSES = ['requested', 'issued', 'failed'] as const;

export const eInvoiceRequests = pgTable(
  'e_invoice_requests',
  {
    id: integer().primaryKey().generatedAlwaysAsIdentity(),
    /** One e-invoice per receipt: asking again returns the existing request. */
    receiptId: integer().notNull().unique().references(() => receipts.id),
    householdId: integer().notNull().references(() => households.id),
    buyerType: text({ enum: ['personal', 'company'] }).notNull(),
    buyerName: text().notNull(),
    buyerTaxId: text(),
    email: text(),
    status: text({ enum: E_INVOICE_STATUSES }).notNull(),
    provider: text().notNull(),
    invoiceNo: text(),
    /** What was sent to and answered by the provider, for support and audits. */
    providerPayload: jsonb().$type<Record<string, unknown>>().notNull(),
    requestedBy: integer().references(() => users.id),
    requestedAt: timestamp({ withTimezone: true }).notNull(),
    issuedAt: timestamp({ withTimezone: true }),
  },
  (t) => [index('e_invoice_requests_household_idx').on(t.householdId)],
);
