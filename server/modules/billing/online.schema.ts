import { sql } from 'drizzle-orm';
import { bigint, check, index, integer, jsonb, pgTable, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';
import { users } from '../accounts/index.ts';
import { branches, households } from '../registry/index.ts';
import { payments } from './billing.schema.ts';

/**
 * Online payments (在线缴费): our orders at a payment provider, every callback the provider sent
 * (kept raw, verified or not-yet-matched, so disputes can be replayed), and the development
 * provider's own side of the trade (what a real provider would keep on its servers).
 */
const fen = () => bigint({ mode: 'number' });

export const ONLINE_ORDER_STATUSES = ['created', 'paid', 'closed', 'expired'] as const;
export type OnlineOrderStatus = (typeof ONLINE_ORDER_STATUSES)[number];

export const onlineOrders = pgTable(
  'online_orders',
  {
    id: integer().primaryKey().generatedAlwaysAsIdentity(),
    /** Our order number (out_trade_no), sent to the provider and echoed in every callback. */
    merchantOrderNo: text().notNull().unique(),
    provider: text().notNull(),
    providerOrderId: text(),
    householdId: integer().notNull().references(() => households.id),
    branchId: integer().notNull().references(() => branches.id),
    /** The bills the resident chose; the payment settles these oldest first, the rest goes to credit. */
    billIds: jsonb().$type<number[]>().notNull(),
    amountFen: fen().notNull(),
    currency: text().notNull(),
    status: text({ enum: ONLINE_ORDER_STATUSES }).notNull(),
    payUrl: text(),
    qrPayload: text(),
    /** 'resident' = created through the API; 'callback' = rebuilt from a paid callback whose order we never stored. */
    origin: text({ enum: ['resident', 'callback'] }).notNull().default('resident'),
    paymentId: integer().unique().references(() => payments.id),
    providerTradeNo: text(),
    createdBy: integer().references(() => users.id),
    createdAt: timestamp({ withTimezone: true }).notNull(),
    expiresAt: timestamp({ withTimezone: true }).notNull(),
    paidAt: timestamp({ withTimezone: true }),
    closedAt: timestamp({ withTimezone: true }),
  },
  (t) => [
    index('online_orders_household_idx').on(t.householdId),
    index('online_orders_open_idx').on(t.expiresAt).where(sql`status = 'created'`),
    check('online_orders_positive', sql`amount_fen > 0`),
  ],
);

export const onlineCallbacks = pgTable(
  'online_callbacks',
  {
    id: integer().primaryKey().generatedAlwaysAsIdentity(),
    provider: text().notNull(),
    merchantOrderNo: text().notNull(),
    event: text().notNull(),
    amountFen: fen(),
    rawBody: text().notNull(),
    /** What the callback did: paid, duplicate, paid_after_close, recovered, stale_close, closed, amount_mismatch, reconciled. */
    outcome: text().notNull(),
    orderId: integer().references(() => onlineOrders.id),
    receivedAt: timestamp({ withTimezone: true }).notNull(),
  },
  (t) => [index('online_callbacks_order_no_idx').on(t.provider, t.merchantOrderNo)],
);

/** The development provider's side: what it believes was paid or closed (answers queryOrder). */
export const devPayTrades = pgTable(
  'dev_pay_trades',
  {
    providerOrderId: text().primaryKey(),
    provider: text().notNull(),
    merchantOrderNo: text().notNull(),
    amountFen: fen().notNull(),
    status: text({ enum: ['paid', 'closed'] }).notNull(),
    tradeNo: text(),
    at: timestamp({ withTimezone: true }).notNull(),
  },
  (t) => [uniqueIndex('dev_pay_trades_merchant_idx').on(t.provider, t.merchantOrderNo)],
);
