/**
 * What a provider event (a verified callback, or the answer of a query) does to our order. One
 * transaction per event, serialised per order by an advisory lock on (provider, order number) —
 * taken before the order row exists, so even a callback racing the order's own creation, or N
 * duplicates arriving at once, are applied one after another:
 *   paid   + created            → the payment is posted (ledger, bills, receipt) — 'paid'
 *   paid   + closed/expired     → posted all the same: the money did move — 'paid_after_close'
 *   paid   + paid               → nothing — 'duplicate'
 *   paid   + no order           → order rebuilt from the signed attach, payment posted — 'recovered'
 *   paid   + other amount       → nothing posted, kept for a person to look at — 'amount_mismatch'
 *   closed + created            → order closed — 'closed'
 *   closed + paid               → ignored, the payment stands — 'stale_close'
 * Every event is kept in online_callbacks with its raw body.
 */
import { and, eq, sql } from 'drizzle-orm';
import type { Actor } from '../../../kernel/actor.ts';
import { writeAudit } from '../../../kernel/audit.ts';
import type { Clock } from '../../../kernel/clock.ts';
import type { Db } from '../../../kernel/db.ts';
import { DomainError } from '../../../kernel/errors.ts';
import { findHousehold } from '../household-access.ts';
import { onlineCallbacks, onlineOrders } from '../online.schema.ts';
import { recordPayment } from '../payments.service.ts';
import { findNumberedReceipt } from '../receipts.ts';
import type { CallbackEvent, PaymentProvider } from './provider.ts';

export type EventOutcome = 'paid' | 'paid_after_close' | 'duplicate' | 'recovered' | 'amount_mismatch' | 'closed' | 'stale_close' | 'unmatched';

export interface EventResult {
  outcome: EventOutcome;
  orderId: number | null;
  paymentId: number | null;
}

type OrderRow = typeof onlineOrders.$inferSelect;

/** Payments posted by a provider are the provider's doing, not a signed-in person's. */
export function providerActor(code: string): Actor {
  return { userId: null, role: 'system', name: `online:${code}`, scopes: [] };
}

async function postPaid(tx: Db, clock: Clock, provider: PaymentProvider, order: OrderRow, event: CallbackEvent): Promise<EventResult> {
  const actor = providerActor(provider.code);
  if (event.amountFen !== order.amountFen || event.currency !== order.currency) {
    await writeAudit(tx, clock, actor, {
      action: 'billing.online.amount_mismatch',
      entity: 'online_order',
      entityId: order.id,
      before: { amountFen: order.amountFen, currency: order.currency },
      after: { amountFen: event.amountFen, currency: event.currency },
    });
    return { outcome: 'amount_mismatch', orderId: order.id, paymentId: order.paymentId };
  }
  const household = await findHousehold(tx, order.householdId);
  const payment = await recordPayment(
    tx,
    clock,
    actor,
    household,
    { householdId: household.id, amountFen: order.amountFen, currency: 'CNY' },
    { channel: 'online', providerLedgerNo: provider.ledgerNo },
    { onlyBillIds: order.billIds },
  );
  await tx
    .update(onlineOrders)
    .set({ status: 'paid', paymentId: payment.paymentId, providerTradeNo: event.tradeNo, paidAt: clock.now() })
    .where(eq(onlineOrders.id, order.id));
  await writeAudit(tx, clock, actor, {
    action: 'billing.online.paid',
    entity: 'online_order',
    entityId: order.id,
    before: { status: order.status },
    after: { status: 'paid', paymentId: payment.paymentId, tradeNo: event.tradeNo },
  });
  return { outcome: order.status === 'created' ? 'paid' : 'paid_after_close', orderId: order.id, paymentId: payment.paymentId };
}

/** A paid callback for an order we never stored (our create rolled back after the provider had it). */
async function recover(tx: Db, clock: Clock, provider: PaymentProvider, event: CallbackEvent): Promise<EventResult> {
  if (event.event !== 'paid' || !event.attach) return { outcome: 'unmatched', orderId: null, paymentId: null };
  let household;
  try {
    household = await findHousehold(tx, event.attach.householdId);
  } catch (err) {
    if (err instanceof DomainError && err.status === 404) return { outcome: 'unmatched', orderId: null, paymentId: null };
    throw err;
  }
  const now = clock.now();
  const [order] = await tx
    .insert(onlineOrders)
    .values({
      merchantOrderNo: event.merchantOrderNo,
      provider: provider.code,
      providerOrderId: event.providerOrderId,
      householdId: household.id,
      branchId: household.branchId,
      billIds: event.attach.billIds,
      amountFen: event.amountFen,
      currency: event.currency,
      status: 'created',
      origin: 'callback',
      createdAt: now,
      expiresAt: now,
    })
    .returning();
  const result = await postPaid(tx, clock, provider, order!, event);
  return { ...result, outcome: result.outcome === 'amount_mismatch' ? 'amount_mismatch' : 'recovered' };
}

async function close(tx: Db, clock: Clock, provider: PaymentProvider, order: OrderRow, status: 'closed' | 'expired'): Promise<EventResult> {
  if (order.status === 'paid') return { outcome: 'stale_close', orderId: order.id, paymentId: order.paymentId };
  if (order.status !== 'created') return { outcome: 'duplicate', orderId: order.id, paymentId: null };
  await tx.update(onlineOrders).set({ status, closedAt: clock.now() }).where(eq(onlineOrders.id, order.id));
  await writeAudit(tx, clock, providerActor(provider.code), {
    action: `billing.online.${status}`,
    entity: 'online_order',
    entityId: order.id,
    before: { status: order.status },
    after: { status },
  });
  return { outcome: 'closed', orderId: order.id, paymentId: null };
}

/**
 * Apply one provider event. `via` says where it came from ('callback' or 'query') and is kept
 * with the raw body; `closeAs` lets the expiry sweep close an order as 'expired'.
 */
export async function applyProviderEvent(
  deps: { db: Db; clock: Clock },
  provider: PaymentProvider,
  event: CallbackEvent,
  record: { rawBody: string; via: 'callback' | 'query'; closeAs?: 'closed' | 'expired' },
): Promise<EventResult> {
  const applied = await deps.db.transaction(async (tx) => {
    await tx.execute(sql`SELECT pg_advisory_xact_lock(hashtextextended(${`online:${provider.code}:${event.merchantOrderNo}`}, 0))`);
    const [order] = await tx
      .select()
      .from(onlineOrders)
      .where(and(eq(onlineOrders.provider, provider.code), eq(onlineOrders.merchantOrderNo, event.merchantOrderNo)))
      .for('update');
    let result: EventResult;
    if (!order) result = await recover(tx, deps.clock, provider, event);
    else if (event.event === 'closed') result = await close(tx, deps.clock, provider, order, record.closeAs ?? 'closed');
    else if (order.status === 'paid') result = { outcome: 'duplicate', orderId: order.id, paymentId: order.paymentId };
    else result = await postPaid(tx, deps.clock, provider, order, event);
    await tx.insert(onlineCallbacks).values({
      provider: provider.code,
      merchantOrderNo: event.merchantOrderNo,
      event: record.via === 'query' ? `query_${event.event}` : event.event,
      amountFen: event.amountFen,
      rawBody: record.rawBody,
      outcome: result.outcome,
      orderId: result.orderId,
      receivedAt: deps.clock.now(),
    });
    return result;
  });
  // A posted payment's receipt gets its number once that transaction has committed (receipts.ts).
  if (applied.paymentId !== null) await findNumberedReceipt(deps.db, { paymentId: applied.paymentId });
  return applied;
}
