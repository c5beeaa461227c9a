import { randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryRows } from '../../kernel/db.ts';
import { MAX_FEN } from '../../kernel/money.ts';
import type { Client, TestApp } from '../../test/test-app.ts';
import { billSeason, billingTestApp, countRows, makePlace } from './billing.test-kit.ts';
import { checkLedger } from './ledger.ts';
import { signCallback } from './online/dev-provider.ts';
import { reconcileOpenOrders } from './online/orders.service.ts';
import { onlinePayDevSecret } from './online/providers.ts';

// Today (TEST_NOW) is 2026-11-20 in Asia/Shanghai; an 80 m² bill is 182,400 fen.
let t: TestApp;
let place: Awaited<ReturnType<typeof makePlace>>;
beforeAll(async () => {
  t = await billingTestApp();
  place = await makePlace(t);
});
afterAll(() => t.close());

const BILL = 182_400;

async function residentWithBills(...seasons: string[]) {
  const hh = await place.household({ grossAreaM2: '100.00', interiorAreaM2: '80.00' });
  for (const season of seasons) await billSeason(t, season);
  const bills = await queryRows<{ id: number; season: string }>(t.deps.db, sql`SELECT id, season FROM bills WHERE household_id = ${hh.id} ORDER BY season`);
  const resident = await t.loginAs('resident', [{ kind: 'household', refId: hh.id }]);
  return { hh, bills, resident };
}

const order = (c: Client, body: Record<string, unknown>, key: string = randomUUID()) => c.post('/api/billing/online/orders', body, { 'idempotency-key': key });

function ticketOf(payUrl: string): string {
  return new URL(payUrl, 'http://x').searchParams.get('t')!;
}

/** Post a callback as the provider would, signed unless a signature is given. */
function callback(provider: string, body: Record<string, unknown> | string, signature?: string) {
  const raw = typeof body === 'string' ? body : JSON.stringify(body);
  return t.app.inject({
    method: 'POST',
    url: `/api/billing/online/callback/${provider}`,
    payload: raw,
    headers: { 'content-type': 'application/json', 'x-pay-signature': signature ?? signCallback(onlinePayDevSecret(), t.clock, raw) },
  });
}

async function newOrder(amountFen = BILL) {
  const { hh, bills, resident } = await residentWithBills('2026-27');
  const res = await order(resident, { householdId: hh.id, provider: 'dev-wechat', billIds: [bills[0]!.id], amountFen, currency: 'CNY' });
  expect(res.statusCode).toBe(201);
  const o = res.json();
  const paid = { event: 'paid', merchantOrderNo: o.merchantOrderNo, providerOrderId: o.providerOrderId, tradeNo: `4200${o.id}`, amountFen, currency: 'CNY', at: t.clock.now().toISOString(), attach: { householdId: hh.id, billIds: [bills[0]!.id] } };
  return { hh, bills, resident, order: o, paid };
}

const paymentsOf = async (householdId: number) => (await queryRows<{ n: number }>(t.deps.db, sql`SELECT count(*)::int AS n FROM payments WHERE household_id = ${householdId}`))[0]!.n;

describe('online payment through the dev cashier', () => {
  it('creates an order, pays at the cashier, posts the payment from the signed callback and issues the receipt', async () => {
    const { hh, bills, resident } = await residentWithBills('2025-26', '2026-27');
    const created = await order(resident, { householdId: hh.id, provider: 'dev-alipay', billIds: [bills[1]!.id], amountFen: BILL + 1_000, currency: 'CNY', season: '2026-27' });
    expect(created.statusCode).toBe(201);
    const o = created.json();
    expect(o).toMatchObject({ status: 'created', provider: 'dev-alipay', amountFen: BILL + 1_000, receiptId: null });
    expect(o.payUrl).toMatch(/^\/pay\/dev-cashier\?t=/);

    const ticket = await t.anon.get(`/api/billing/online/dev-cashier?t=${encodeURIComponent(ticketOf(o.payUrl))}`);
    expect(ticket.json()).toMatchObject({ amountFen: BILL + 1_000, state: 'notpay', orderId: o.id });
    const paid = await t.anon.post('/api/billing/online/dev-cashier/pay', { t: ticketOf(o.payUrl) });
    expect(paid.json()).toEqual({ orderId: o.id, callbacks: [{ status: 200, outcome: 'paid' }] });

    const after = (await resident.get(`/api/billing/online/orders/${o.id}`)).json();
    expect(after).toMatchObject({ status: 'paid', payUrl: null });
    // Only the chosen bill is settled (not the older arrears); the extra 10 yuan goes to credit.
    const view = (await resident.get(`/api/billing/households/${hh.id}/bills`)).json();
    expect(view.bills.map((b: { balanceFen: number }) => b.balanceFen)).toEqual([BILL, 0]);
    expect(view.creditFen).toBe(1_000);
    const receipt = (await resident.get(`/api/billing/receipts/${after.receiptId}`)).json();
    expect(receipt).toMatchObject({
      receipt: { amountFen: BILL + 1_000, householdId: hh.id },
      payment: { channel: 'online', provider: 'dev-alipay', allocations: [{ billId: bills[1]!.id, season: '2026-27', amountFen: BILL }], creditFen: 1_000 },
      eInvoice: null,
    });
    const [cash] = await queryRows<{ fen: string }>(t.deps.db, sql`SELECT sum(e.debit_fen - e.credit_fen)::text AS fen FROM journal_entries e
      JOIN ledger_accounts a ON a.id = e.account_id WHERE a.kind = 'cash_online' AND a.owner_id = 902`);
    expect(Number(cash!.fen)).toBeGreaterThanOrEqual(BILL + 1_000);
    expect(await checkLedger(t.deps.db)).toMatchObject({ balanced: true });
  });

  it('replays order creation under the same Idempotency-Key', async () => {
    const { hh, bills, resident } = await residentWithBills('2026-27');
    const key = randomUUID();
    const body = { householdId: hh.id, provider: 'dev-wechat', billIds: [bills[0]!.id], amountFen: BILL, currency: 'CNY' };
    const [a, b] = [await order(resident, body, key), await order(resident, body, key)];
    expect(b.headers['idempotent-replayed']).toBe('true');
    expect(b.json().id).toBe(a.json().id);
    expect((await order(resident, { ...body, amountFen: 1 }, key)).statusCode).toBe(409);
  });
});

describe('callback signature', () => {
  it('refuses a tampered, missing, malformed or stale signature with 401 and writes nothing', async () => {
    const { hh, paid } = await newOrder();
    const before = { callbacks: await countRows(t, 'online_callbacks'), payments: await countRows(t, 'payments'), audit: await countRows(t, 'audit_log') };
    const goodSig = signCallback(onlinePayDevSecret(), t.clock, JSON.stringify(paid));
    const tampered = await callback('dev-wechat', { ...paid, amountFen: 1 }, goodSig);
    expect(tampered.statusCode).toBe(401);
    expect(tampered.json().error.code).toBe('bad_signature');
    expect((await callback('dev-wechat', paid, '')).statusCode).toBe(401);
    expect((await callback('dev-wechat', paid, 't=1,n=zz,s=00')).statusCode).toBe(401);
    const wrongKey = signCallback('not-the-secret', t.clock, JSON.stringify(paid));
    expect((await callback('dev-wechat', paid, wrongKey)).statusCode).toBe(401);
    t.clock.advance(10 * 60_000);
    const stale = await callback('dev-wechat', paid, goodSig);
    expect(stale.json().error.code).toBe('stale_signature');
    expect((await callback('no-such-provider', paid)).statusCode).toBe(404);
    const malformed = await callback('dev-wechat', { ...paid, amountFen: 1.5, event: 'maybe' });
    expect(malformed.statusCode).toBe(400);
    expect(malformed.json().error.details.map((d: { field: string }) => d.field).sort()).toEqual(['amountFen', 'event']);
    expect((await callback('dev-wechat', 'not json')).statusCode).toBe(400);
    expect({ callbacks: await countRows(t, 'online_callbacks'), payments: await countRows(t, 'payments'), audit: await countRows(t, 'audit_log') }).toEqual(before);
    expect(await paymentsOf(hh.id)).toBe(0);
  });
});

describe('callback delivery', () => {
  it('turns 20 concurrent duplicate callbacks into exactly one payment', async () => {
    const { hh, order: o, paid } = await newOrder();
    const results = await Promise.all(Array.from({ length: 20 }, () => callback('dev-wechat', paid)));
    expect(results.map((r) => r.statusCode)).toEqual(Array(20).fill(200));
    const outcomes = results.map((r) => r.json().outcome as string).sort();
    expect(outcomes.filter((x) => x === 'paid')).toHaveLength(1);
    expect(outcomes.filter((x) => x === 'duplicate')).toHaveLength(19);
    expect(new Set(results.map((r) => r.json().paymentId)).size).toBe(1);
    expect(await paymentsOf(hh.id)).toBe(1);
    const [calls] = await queryRows<{ n: number }>(t.deps.db, sql`SELECT count(*)::int AS n FROM online_callbacks WHERE order_id = ${o.id}`);
    expect(calls!.n).toBe(20);
    expect(await checkLedger(t.deps.db)).toMatchObject({ balanced: true });
  });

  it('posts a paid callback that arrives after the closed one, and ignores a close that arrives after payment', async () => {
    const first = await newOrder();
    const closed = { ...first.paid, event: 'closed', tradeNo: undefined };
    expect((await callback('dev-wechat', closed)).json().outcome).toBe('closed');
    expect((await first.resident.get(`/api/billing/online/orders/${first.order.id}`)).json().status).toBe('closed');
    expect((await callback('dev-wechat', first.paid)).json().outcome).toBe('paid_after_close');
    expect((await first.resident.get(`/api/billing/online/orders/${first.order.id}`)).json().status).toBe('paid');
    expect(await paymentsOf(first.hh.id)).toBe(1);

    const second = await newOrder();
    expect((await callback('dev-wechat', second.paid)).json().outcome).toBe('paid');
    expect((await callback('dev-wechat', { ...second.paid, event: 'closed' })).json().outcome).toBe('stale_close');
    expect((await second.resident.get(`/api/billing/online/orders/${second.order.id}`)).json().status).toBe('paid');
    expect(await paymentsOf(second.hh.id)).toBe(1);
  });

  it('recovers a paid callback for an order it never stored from the signed attach, once', async () => {
    const { hh, bills, resident } = await residentWithBills('2026-27');
    const merchantOrderNo = `HS${randomUUID().replaceAll('-', '').slice(0, 30)}`;
    const paid = { event: 'paid', merchantOrderNo, providerOrderId: 'wx-lost', tradeNo: '4200lost', amountFen: 50_000, currency: 'CNY', at: t.clock.now().toISOString(), attach: { householdId: hh.id, billIds: [bills[0]!.id] } };
    const first = await callback('dev-wechat', paid);
    expect(first.json()).toMatchObject({ outcome: 'recovered' });
    expect((await callback('dev-wechat', paid)).json().outcome).toBe('duplicate');
    const o = (await resident.get(`/api/billing/online/orders/${first.json().orderId}`)).json();
    expect(o).toMatchObject({ origin: 'callback', status: 'paid', amountFen: 50_000, merchantOrderNo });
    expect((await resident.get(`/api/billing/households/${hh.id}/bills`)).json().bills[0].paidFen).toBe(50_000);
    // Without an attach (or for an unknown household) the money cannot be placed: kept, unmatched.
    const stray = await callback('dev-wechat', { ...paid, merchantOrderNo: 'HSstray0000000001', attach: { householdId: 999_999, billIds: [] } });
    expect(stray.json()).toMatchObject({ outcome: 'unmatched', orderId: null, paymentId: null });
  });

  it('refuses a callback whose amount differs from the order: 422, nothing posted, kept for review', async () => {
    const { hh, order: o, paid } = await newOrder();
    const res = await callback('dev-wechat', { ...paid, amountFen: BILL - 1 });
    expect(res.statusCode).toBe(422);
    expect(res.json().error).toMatchObject({ code: 'amount_mismatch', details: [{ field: 'amountFen' }] });
    expect(await paymentsOf(hh.id)).toBe(0);
    const [kept] = await queryRows<{ outcome: string }>(t.deps.db, sql`SELECT outcome FROM online_callbacks WHERE order_id = ${o.id}`);
    expect(kept!.outcome).toBe('amount_mismatch');
    expect((await callback('dev-wechat', { ...paid, currency: 'USD' })).statusCode).toBe(422);
  });

  it('finds a lost callback by querying the provider, and expires orders nobody paid', async () => {
    const lost = await newOrder();
    const paidAtCashier = await t.anon.post('/api/billing/online/dev-cashier/pay', { t: ticketOf(lost.order.payUrl), callbacks: 0 });
    expect(paidAtCashier.json().callbacks).toEqual([]);
    expect((await lost.resident.get(`/api/billing/online/orders/${lost.order.id}`)).json().status).toBe('created');
    const refreshed = await lost.resident.post(`/api/billing/online/orders/${lost.order.id}/refresh`);
    expect(refreshed.json()).toMatchObject({ status: 'paid' });
    expect(refreshed.json().receiptId).toBeGreaterThan(0);

    const sweptPaid = await newOrder();
    await t.anon.post('/api/billing/online/dev-cashier/pay', { t: ticketOf(sweptPaid.order.payUrl), callbacks: 0 });
    const unpaid = await newOrder();
    t.clock.advance(6 * 60_000);
    await reconcileOpenOrders(t.deps);
    expect((await sweptPaid.resident.get(`/api/billing/online/orders/${sweptPaid.order.id}`)).json().status).toBe('paid');
    expect((await unpaid.resident.get(`/api/billing/online/orders/${unpaid.order.id}`)).json().status).toBe('created');
    t.clock.advance(30 * 60_000);
    await reconcileOpenOrders(t.deps);
    expect((await unpaid.resident.get(`/api/billing/online/orders/${unpaid.order.id}`)).json().status).toBe('expired');
    const late = await t.anon.post('/api/billing/online/dev-cashier/pay', { t: ticketOf(unpaid.order.payUrl) });
    expect(late.statusCode).toBe(409);
    expect(await paymentsOf(unpaid.hh.id)).toBe(0);
    expect(await checkLedger(t.deps.db)).toMatchObject({ balanced: true });
  });
});

describe('order input and scope', () => {
  it('refuses bad amounts, currencies, bills and providers field by field, writing nothing', async () => {
    const { hh, bills, resident } = await residentWithBills('2025-26', '2026-27');
    const other = await residentWithBills('2026-27');
    const ok = { householdId: hh.id, provider: 'dev-wechat', billIds: [bills[1]!.id], amountFen: BILL, currency: 'CNY' };
    const before = await countRows(t, 'online_orders');
    const cases: [Record<string, unknown>, number, string][] = [
      [{ amountFen: 0 }, 400, 'amountFen'],
      [{ amountFen: -100 }, 400, 'amountFen'],
      [{ amountFen: 12.5 }, 400, 'amountFen'],
      [{ amountFen: MAX_FEN + 1 }, 400, 'amountFen'],
      [{ currency: 'USD' }, 400, 'currency'],
      [{ provider: 'paypal' }, 400, 'provider'],
      [{ billIds: [] }, 400, 'billIds'],
      [{ billIds: [other.bills[0]!.id] }, 422, 'billIds/0'],
      [{ billIds: [bills[0]!.id], season: '2026-27' }, 422, 'billIds/0'],
    ];
    for (const [change, status, field] of cases) {
      const res = await order(resident, { ...ok, ...change });
      expect(res.statusCode, JSON.stringify(change)).toBe(status);
      expect(JSON.stringify(res.json().error.details), JSON.stringify(change)).toContain(field);
    }
    expect((await resident.post('/api/billing/online/orders', ok)).json().error.code).toBe('idempotency_key_required');
    expect(await countRows(t, 'online_orders')).toBe(before);
  });

  it('lets only the household and its branch staff start or see its orders', async () => {
    const { hh, bills, order: o } = await newOrder();
    const body = { householdId: hh.id, provider: 'dev-wechat', billIds: [bills[0]!.id], amountFen: 100, currency: 'CNY' };
    const stranger = await t.loginAs('resident', [{ kind: 'household', refId: hh.id + 100_000 }]);
    expect((await order(stranger, body)).statusCode).toBe(403);
    expect((await stranger.get(`/api/billing/online/orders/${o.id}`)).statusCode).toBe(403);
    const otherBranch = await makePlace(t);
    const farClerk = await t.loginAs('clerk', [{ kind: 'branch', refId: otherBranch.branch.id }]);
    expect((await order(farClerk, body)).statusCode).toBe(403);
    expect((await farClerk.get(`/api/billing/receipts/1`)).statusCode).not.toBe(200);
    const steward = await t.loginAs('steward');
    expect((await order(steward, body)).statusCode).toBe(403);
    const clerk = await t.loginAs('clerk', [{ kind: 'branch', refId: place.branch.id }]);
    expect((await order(clerk, { ...body, householdId: 999_999 })).statusCode).toBe(404);
    expect((await order(clerk, body)).statusCode).toBe(201);
    expect((await t.anon.post('/api/billing/online/orders', body, { 'idempotency-key': randomUUID() })).statusCode).toBe(401);
  });
});
