/**
 * Online orders: a resident (or clerk) picks bills and a provider; we store the order and ask
 * the provider for a pay URL. The money arrives later through a signed callback
 * (handleCallback) or, if that never comes, through a query (reconcileOrder, also run by the
 * sweep job for orders that stayed open too long).
 */
import { randomUUID } from 'node:crypto';
import { and, asc, eq, inArray, lte, sql } from 'drizzle-orm';
import type { Actor } from '../../../kernel/actor.ts';
import { writeAudit } from '../../../kernel/audit.ts';
import type { Clock } from '../../../kernel/clock.ts';
import { queryRows, type Db } from '../../../kernel/db.ts';
import { Invalid, NotFound } from '../../../kernel/errors.ts';
import { bills } from '../billing.schema.ts';
import { householdForReading } from '../household-access.ts';
import { onceForKey, type Stored } from '../idempotency.ts';
import type { CreateOnlineOrder, OnlineOrderView } from '../online.contract.ts';
import { onlineOrders } from '../online.schema.ts';
import { checkAmount } from '../payments.service.ts';
import { applyProviderEvent, type EventResult } from './events.service.ts';
import { providerFor } from './providers.ts';
import type { CallbackEvent, PaymentProvider } from './provider.ts';

export const CREATE_ORDER_ROUTE = 'POST /api/billing/online/orders';
/** How long a pay link stays payable (WeChat/Alipay H5 orders are typically 15–120 min). */
export const ORDER_TTL_MINUTES = 30;
/** An order still open this long after creation has probably lost its callback: ask the provider. */
export const RECONCILE_AFTER_MINUTES = 5;

type Deps = { db: Db; clock: Clock };
type OrderRow = typeof onlineOrders.$inferSelect;

export async function orderView(db: Db, order: OrderRow): Promise<OnlineOrderView> {
  const [receipt] = order.paymentId
    ? await queryRows<{ id: number }>(db, sql`SELECT id FROM receipts WHERE payment_id = ${order.paymentId}`)
    : [];
  return {
    id: order.id,
    merchantOrderNo: order.merchantOrderNo,
    provider: order.provider,
    providerOrderId: order.providerOrderId,
    householdId: order.householdId,
    billIds: order.billIds,
    amountFen: order.amountFen,
    currency: order.currency,
    status: order.status,
    payUrl: order.status === 'created' ? order.payUrl : null,
    qrPayload: order.status === 'created' ? order.qrPayload : null,
    origin: order.origin,
    paymentId: order.paymentId,
    receiptId: receipt?.id ?? null,
    createdAt: order.createdAt.toISOString(),
    expiresAt: order.expiresAt.toISOString(),
    paidAt: order.paidAt ? order.paidAt.toISOString() : null,
  };
}

/** The chosen bills must be the household's, of the named season, and still owe something. */
async function checkBills(tx: Db, householdId: number, input: CreateOnlineOrder): Promise<void> {
  const rows = await tx.select().from(bills).where(inArray(bills.id, input.billIds));
  const problems = input.billIds.flatMap((id, i) => {
    const bill = rows.find((b) => b.id === id);
    const field = `billIds/${i}`;
    if (!bill || bill.householdId !== householdId) return [{ field, message: `bill ${id} is not a bill of household ${householdId}`, rule: 'bill_of_other_household' }];
    if (input.season !== undefined && bill.season !== input.season) return [{ field, message: `is a bill of season ${bill.season}, not ${input.season}`, rule: 'bill_of_other_season', params: { billSeason: bill.season, season: input.season } }];
    if (bill.amountFen - bill.paidFen <= 0) return [{ field, message: `bill ${id} is already paid`, rule: 'bill_paid' }];
    return [];
  });
  if (problems.length > 0) throw new Invalid('Some chosen bills cannot be paid in this order', problems, 'bills_not_payable');
}

export async function createOnlineOrder(deps: Deps, actor: Actor, input: CreateOnlineOrder, key: string): Promise<Stored<OnlineOrderView>> {
  checkAmount(input);
  const provider = providerFor(deps, input.provider);
  return onceForKey(deps, actor, { key, route: CREATE_ORDER_ROUTE, body: input }, async (tx) => {
    const household = await householdForReading(tx, actor, input.householdId);
    await checkBills(tx, household.id, input);
    const now = deps.clock.now();
    const expiresAt = new Date(now.getTime() + ORDER_TTL_MINUTES * 60_000);
    const merchantOrderNo = `HS${randomUUID().replaceAll('-', '').slice(0, 30)}`;
    const [order] = await tx
      .insert(onlineOrders)
      .values({
        merchantOrderNo,
        provider: provider.code,
        householdId: household.id,
        branchId: household.branchId,
        billIds: input.billIds,
        amountFen: input.amountFen,
        currency: input.currency,
        status: 'created',
        createdBy: actor.userId,
        createdAt: now,
        expiresAt,
      })
      .returning();
    // The provider is asked inside our transaction: if it fails, no order and no key are stored
    // and the resident's retry starts afresh. A callback cannot overtake this commit for long —
    // events.service.ts takes the same per-order lock and recovers orders it cannot find.
    const created = await provider.createOrder({
      merchantOrderNo,
      amountFen: input.amountFen,
      description: `供暖费 heating fee, household ${household.id}`,
      expiresAt,
      attach: { householdId: household.id, billIds: input.billIds },
    });
    const [stored] = await tx
      .update(onlineOrders)
      .set({ providerOrderId: created.providerOrderId, payUrl: created.payUrl, qrPayload: created.qrPayload })
      .where(eq(onlineOrders.id, order!.id))
      .returning();
    const view = await orderView(tx, stored!);
    await writeAudit(tx, deps.clock, actor, { action: 'billing.online.order_created', entity: 'online_order', entityId: order!.id, after: view });
    return { statusCode: 201, body: view };
  });
}

async function loadOrder(db: Db, id: number): Promise<OrderRow> {
  const [order] = await db.select().from(onlineOrders).where(eq(onlineOrders.id, id));
  if (!order) throw new NotFound('online order', id);
  return order;
}

/**
 * Ask the provider what became of an open order and apply it: paid → post the payment; closed →
 * close; still unpaid after expiry → close it at the provider first (so it can no longer be paid),
 * then mark it expired — unless the close reveals it was paid in the meantime.
 */
export async function reconcileOrder(deps: Deps, provider: PaymentProvider, order: OrderRow): Promise<EventResult | null> {
  if (order.status !== 'created') return null;
  let state = await provider.queryOrder(order.merchantOrderNo);
  const expired = deps.clock.now() >= order.expiresAt;
  if (state.status === 'notpay' && expired) state = await provider.closeOrder(order.merchantOrderNo);
  if (state.status === 'notpay') return null;
  const event: CallbackEvent = {
    event: state.status,
    merchantOrderNo: order.merchantOrderNo,
    providerOrderId: order.providerOrderId ?? '',
    tradeNo: state.status === 'paid' ? state.tradeNo : null,
    amountFen: state.status === 'paid' ? state.amountFen : order.amountFen,
    currency: order.currency,
    at: state.status === 'paid' ? state.at : deps.clock.now().toISOString(),
    attach: { householdId: order.householdId, billIds: order.billIds },
  };
  return applyProviderEvent(deps, provider, event, { rawBody: JSON.stringify(state), via: 'query', closeAs: expired ? 'expired' : 'closed' });
}

/** The resident's "I paid — where is my receipt?": shows the order, asking the provider if it is still open. */
export async function refreshOnlineOrder(deps: Deps, actor: Actor, id: number): Promise<OnlineOrderView> {
  const order = await loadOrder(deps.db, id);
  await householdForReading(deps.db, actor, order.householdId);
  if (order.status === 'created') await reconcileOrder(deps, providerFor(deps, order.provider), order);
  return orderView(deps.db, await loadOrder(deps.db, id));
}

export async function getOnlineOrder(deps: Deps, actor: Actor, id: number): Promise<OnlineOrderView> {
  const order = await loadOrder(deps.db, id);
  await householdForReading(deps.db, actor, order.householdId);
  return orderView(deps.db, order);
}

/** The sweep: open orders old enough to have lost their callback, oldest first, a bounded batch per run. */
export async function reconcileOpenOrders(deps: Deps, limit = 100): Promise<{ checked: number; changed: number }> {
  const before = new Date(deps.clock.now().getTime() - RECONCILE_AFTER_MINUTES * 60_000);
  const open = await deps.db
    .select()
    .from(onlineOrders)
    .where(and(eq(onlineOrders.status, 'created'), lte(onlineOrders.createdAt, before)))
    .orderBy(asc(onlineOrders.createdAt))
    .limit(limit);
  let changed = 0;
  for (const order of open) {
    if (await reconcileOrder(deps, providerFor(deps, order.provider), order)) changed += 1;
  }
  return { checked: open.length, changed };
}

/** A provider's callback: verify the signature over the raw bytes (nothing is written if it fails), then apply it. */
export async function handleCallback(deps: Deps, providerCode: string, rawBody: string, signature: string | undefined): Promise<EventResult> {
  const provider = providerFor(deps, providerCode);
  const event = provider.verifyCallback(rawBody, signature);
  return applyProviderEvent(deps, provider, event, { rawBody, via: 'callback' });
}
