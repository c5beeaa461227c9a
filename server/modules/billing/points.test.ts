/** Temporary collection points: proposals, opening, payments there, the day's cash-up, where to pay. */
import { randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryRows } from '../../kernel/db.ts';
import type { Client, TestApp } from '../../test/test-app.ts';
import { makeBuilding, makeCompound, makeHousehold, makePropertyCompany, makeTenure } from '../../test/factories.ts';
import { checkLedger } from './ledger.ts';
import { billSeason, billingTestApp, countRows, makePlace } from './billing.test-kit.ts';

// TEST_NOW: 2026-11-20, 10:00 in Zhengzhou.
const TODAY = '2026-11-20';
let t: TestApp;
let place: Awaited<ReturnType<typeof makePlace>>;
let clerk: Client;
let cashier: Client;
let agentCompound: { id: number };
beforeAll(async () => {
  t = await billingTestApp();
  place = await makePlace(t); // its compound has no tenure: served direct
  agentCompound = await makeCompound(t.deps.db, { branchId: place.branch.id });
  await makeTenure(t.deps.db, { compoundId: agentCompound.id, startsOn: '2020-01-01', collectsAsAgent: true });
  clerk = await t.loginAs('clerk', [{ kind: 'branch', refId: place.branch.id }]);
  cashier = await t.loginAs('clerk', [{ kind: 'branch', refId: place.branch.id }], { name: '收费员 王芳' });
}, 180_000); // a fresh database under a loaded machine can take a while
afterAll(() => t.close());

const open = (c: Client, over: Record<string, unknown> = {}) =>
  c.post('/api/billing/points', {
    name: '临时缴费点',
    address: '3号楼下',
    hours: '09:00–17:00',
    fromDate: TODAY,
    toDate: '2026-11-30',
    compoundIds: [place.compound.id],
    staffUserIds: [cashier.actorId],
    ...over,
  });
const payAt = (c: Client, pointId: number, body: Record<string, unknown>, key: string = randomUUID()) =>
  c.post(`/api/billing/points/${pointId}/payments`, body, { 'idempotency-key': key });

async function moneyRows() {
  const tables = ['payments', 'point_payments', 'journal_entries', 'receipts', 'idempotency_keys', 'point_cash_ups'];
  return Object.fromEntries(await Promise.all(tables.map(async (n) => [n, await countRows(t, n)])));
}

describe('proposals and opening', () => {
  it('proposes a point for the direct compound (not the agent one) until a point covers it', async () => {
    const before = (await clerk.get('/api/billing/points/proposals')).json().items as { compoundId: number; reason: string; suggested: { fromDate: string } }[];
    const mine = before.find((p) => p.compoundId === place.compound.id);
    expect(mine).toMatchObject({ reason: 'no_company', suggested: { fromDate: TODAY, toDate: '2027-03-14' } });
    expect(before.some((p) => p.compoundId === agentCompound.id)).toBe(false);

    const opened = await open(clerk);
    expect(opened.statusCode).toBe(201);
    expect(opened.json()).toMatchObject({ status: 'open', takingPaymentsToday: true, today: TODAY, staff: [{ id: cashier.actorId, name: '收费员 王芳' }] });
    const after = (await clerk.get('/api/billing/points/proposals')).json().items as { compoundId: number }[];
    expect(after.some((p) => p.compoundId === place.compound.id)).toBe(false);
  });

  it('refuses bad dates and strangers field by field, and other branches and residents', async () => {
    const backwards = await open(clerk, { fromDate: '2026-11-25', toDate: '2026-11-21' });
    expect(backwards.statusCode).toBe(422);
    expect(backwards.json().error.details).toEqual([{ field: 'toDate', message: expect.stringContaining('2026-11-25'), rule: 'before_start', params: { start: '2026-11-25' } }]);
    expect((await open(clerk, { fromDate: '2026-02-30' })).json().error.details).toEqual([{ field: 'fromDate', message: 'is not a calendar date', rule: 'not_a_date' }]);
    const stranger = await t.loginAs('clerk', [{ kind: 'branch', refId: (await makePlace(t)).branch.id }]);
    const wrongStaff = await open(clerk, { staffUserIds: [stranger.actorId] });
    expect(wrongStaff.json().error).toMatchObject({ code: 'unknown_staff', details: [{ field: 'staffUserIds' }] });
    expect((await open(stranger)).statusCode).toBe(403);
    const hh = await place.household();
    const resident = await t.loginAs('resident', [{ kind: 'household', refId: hh.id }]);
    expect((await open(resident)).statusCode).toBe(403);
    expect((await open(clerk, { name: '' })).statusCode).toBe(400);
  });
});

describe('payments at a point', () => {
  let pointId: number;
  let hh: { id: number };
  beforeAll(async () => {
    pointId = (await open(clerk, { name: '付款测试点' })).json().id;
    hh = await place.household({ grossAreaM2: '100.00', interiorAreaM2: '80.00' });
    await billSeason(t, '2026-27');
  });

  it('the point staff take a payment into the point cash account, with a receipt; a retry replays it', async () => {
    const key = randomUUID();
    const body = { householdId: hh.id, amountFen: 50_000, currency: 'CNY' };
    const first = await payAt(cashier, pointId, body, key);
    expect(first.statusCode).toBe(201);
    expect(first.json()).toMatchObject({ channel: 'temp_point', amountFen: 50_000, receipt: { receiptNo: expect.stringMatching(/-2026-\d{7}$/) } });
    const before = await moneyRows();
    const retry = await payAt(cashier, pointId, body, key);
    expect(retry.statusCode).toBe(201);
    expect(retry.headers['idempotent-replayed']).toBe('true');
    expect(retry.json()).toEqual(first.json());
    expect(await moneyRows()).toEqual(before);
    const [cash] = await queryRows<{ debit: string }>(
      t.deps.db,
      sql`SELECT sum(e.debit_fen)::text AS debit FROM journal_entries e JOIN ledger_accounts a ON a.id = e.account_id
           WHERE a.kind = 'cash_temp_point' AND a.owner_id = ${pointId}`,
    );
    expect(Number(cash!.debit)).toBe(50_000);
    expect(await checkLedger(t.deps.db)).toMatchObject({ balanced: true });
  });

  it.each([
    ['zero', { amountFen: 0 }, 400],
    ['negative', { amountFen: -5 }, 400],
    ['fractional fen', { amountFen: 10.5 }, 400],
    ['amount as text', { amountFen: '100' }, 400],
    ['wrong currency', { currency: 'USD' }, 400],
    ['unknown household', { householdId: 99_999_999 }, 404],
  ])('refuses %s and writes nothing', async (_name, over, status) => {
    const before = await moneyRows();
    const res = await payAt(cashier, pointId, { householdId: hh.id, amountFen: 100, currency: 'CNY', ...over });
    expect(res.statusCode).toBe(status);
    expect(res.json().error.message).toBeTruthy();
    expect(await moneyRows()).toEqual(before);
  });

  it('refuses a clerk who is not its staff, a household of another compound, a closed point, a point outside its dates', async () => {
    const before = await moneyRows();
    const notStaff = await payAt(clerk, pointId, { householdId: hh.id, amountFen: 100, currency: 'CNY' });
    expect(notStaff.statusCode).toBe(403);
    expect(notStaff.json().error.code).toBe('not_point_staff');
    const building = await makeBuilding(t.deps.db, { compoundId: agentCompound.id });
    const outsider = await makeHousehold(t.deps.db, { buildingId: building.id });
    expect((await payAt(cashier, pointId, { householdId: outsider.id, amountFen: 100, currency: 'CNY' })).json().error.code).toBe('household_not_served');

    const later = (await open(clerk, { name: '下周的点', fromDate: '2026-11-23', toDate: '2026-11-27' })).json();
    const early = await payAt(cashier, later.id, { householdId: hh.id, amountFen: 100, currency: 'CNY' });
    expect(early.statusCode).toBe(422);
    expect(early.json().error).toMatchObject({ code: 'point_outside_dates', message: expect.stringContaining('2026-11-23 to 2026-11-27') });

    const closing = (await open(clerk, { name: '要关的点' })).json();
    const closed = await clerk.post(`/api/billing/points/${closing.id}/close`, { reason: '新物业已进场' });
    expect(closed.json()).toMatchObject({ status: 'closed', closeReason: '新物业已进场', takingPaymentsToday: false });
    const refused = await payAt(cashier, closing.id, { householdId: hh.id, amountFen: 100, currency: 'CNY' });
    expect(refused.statusCode).toBe(422);
    expect(refused.json().error).toMatchObject({ code: 'point_closed', message: expect.stringContaining('新物业已进场') });
    expect(await moneyRows()).toEqual(before);
  });
});

describe('end-of-day cash-up', () => {
  it('records the variance once per day, audited; the day is then closed to payments', async () => {
    const point = (await open(clerk, { name: '结账测试点' })).json();
    const hh = await place.household();
    for (const amountFen of [1_000, 2_500]) expect((await payAt(cashier, point.id, { householdId: hh.id, amountFen, currency: 'CNY' })).statusCode).toBe(201);

    const future = await cashier.post(`/api/billing/points/${point.id}/cash-ups`, { date: '2026-11-21', countedFen: 0 });
    expect(future.json().error).toMatchObject({ code: 'day_in_future', details: [{ field: 'date' }] });
    const outsider = await t.loginAs('steward', []);
    expect((await outsider.post(`/api/billing/points/${point.id}/cash-ups`, { date: TODAY, countedFen: 3_400 })).statusCode).toBe(403);

    const res = await cashier.post(`/api/billing/points/${point.id}/cash-ups`, { date: TODAY, countedFen: 3_400, note: '少一张十元' });
    expect(res.statusCode).toBe(201);
    expect(res.json()).toMatchObject({ date: TODAY, countedFen: 3_400, recordedFen: 3_500, varianceFen: -100, paymentCount: 2, note: '少一张十元', actorName: '收费员 王芳' });
    const [audit] = await queryRows<{ after: { varianceFen: number } }>(t.deps.db, sql`SELECT after FROM audit_log WHERE action = 'billing.point.cash_up' AND entity_id = ${String(res.json().id)}`);
    expect(audit!.after.varianceFen).toBe(-100);
    // The shortage is posted: the point's cash account now holds what was counted, the branch's variance account the 1 元 short.
    const balances = await queryRows<{ kind: string; fen: string }>(
      t.deps.db,
      sql`SELECT a.kind, sum(e.debit_fen - e.credit_fen)::text AS fen FROM journal_entries e JOIN ledger_accounts a ON a.id = e.account_id
           WHERE (a.kind = 'cash_temp_point' AND a.owner_id = ${point.id})
              OR (a.kind = 'cash_variance' AND e.transaction_id = (SELECT journal_transaction_id FROM point_cash_ups WHERE id = ${res.json().id}))
           GROUP BY a.kind ORDER BY a.kind`,
    );
    expect(balances).toEqual([{ kind: 'cash_temp_point', fen: '3400' }, { kind: 'cash_variance', fen: '100' }]);
    expect((await checkLedger(t.deps.db)).balanced).toBe(true);

    const twice = await clerk.post(`/api/billing/points/${point.id}/cash-ups`, { date: TODAY, countedFen: 3_500 });
    expect(twice.statusCode).toBe(409);
    expect(twice.json().error.code).toBe('already_cashed_up');
    const locked = await payAt(cashier, point.id, { householdId: hh.id, amountFen: 100, currency: 'CNY' });
    expect(locked.statusCode).toBe(409);
    expect(locked.json().error.code).toBe('day_cashed_up');

    const day = (await clerk.get(`/api/billing/points/${point.id}/days/${TODAY}`)).json();
    expect(day).toMatchObject({ recordedFen: 3_500, cashUp: { varianceFen: -100 } });
    expect(day.payments.map((p: { amountFen: number }) => p.amountFen)).toEqual([1_000, 2_500]);
  });
});

describe("the point's day", () => {
  it('numbers a receipt left waiting (its process died between the payment and the numbering) as it lists the day', async () => {
    const point = (await open(clerk, { name: '补号测试点' })).json();
    const { receipt } = (await payAt(cashier, point.id, { householdId: (await place.household()).id, amountFen: 1_200, currency: 'CNY' })).json();
    const { paymentId, receiptNo } = receipt as { paymentId: number; receiptNo: string };
    // Undo the numbering, counter included, so the receipt waits as if its process had died.
    await t.deps.db.execute(sql`UPDATE receipt_counters c SET next = c.next - 1 FROM receipts r WHERE r.payment_id = ${paymentId} AND c.branch_id = r.branch_id AND c.year = r.year`);
    await t.deps.db.execute(sql`UPDATE receipts SET seq = NULL, receipt_no = NULL WHERE payment_id = ${paymentId}`);

    const day = (await cashier.get(`/api/billing/points/${point.id}/days/${TODAY}`)).json();
    expect(day.payments).toEqual([expect.objectContaining({ paymentId, receiptNo })]);
    const [stored] = await queryRows<{ receiptNo: string | null }>(t.deps.db, sql`SELECT receipt_no AS "receiptNo" FROM receipts WHERE payment_id = ${paymentId}`);
    expect(stored!.receiptNo).toBe(receiptNo);
  });
});

describe('where to pay', () => {
  it('follows the service mode: points and the counter while direct, the property company first once it collects', async () => {
    const compound = await makeCompound(t.deps.db, { branchId: place.branch.id });
    const hh = await makeHousehold(t.deps.db, { buildingId: (await makeBuilding(t.deps.db, { compoundId: compound.id })).id });
    const resident = await t.loginAs('resident', [{ kind: 'household', refId: hh.id }]);
    const kinds = async () => {
      const body = (await resident.get(`/api/billing/households/${hh.id}/where-to-pay`)).json();
      return { mode: body.serviceMode as string, kinds: (body.channels as { kind: string }[]).map((c) => c.kind), body };
    };
    expect(await kinds()).toMatchObject({ mode: 'direct', kinds: ['counter', 'online'] });

    await open(clerk, { name: '新小区缴费点', address: '小区东门', compoundIds: [compound.id] });
    const direct = await kinds();
    expect(direct).toMatchObject({ mode: 'direct', kinds: ['temp_point', 'counter', 'online'] });
    expect(direct.body.channels[0]).toMatchObject({ name: '新小区缴费点', address: '小区东门', hours: '09:00–17:00', fromDate: TODAY, openToday: true });

    // A company that manages but does not collect leaves the compound direct: no agent channel.
    await makeTenure(t.deps.db, { compoundId: compound.id, startsOn: '2026-11-01', endsOn: '2026-11-20', collectsAsAgent: false });
    expect((await kinds()).kinds).not.toContain('agent');
    const company = await makePropertyCompany(t.deps.db, { name: '新物业公司', contactPhone: '0371-66668888' });
    await makeTenure(t.deps.db, { compoundId: compound.id, startsOn: '2026-11-20', collectsAsAgent: true, propertyCompanyId: company.id });
    const agent = await kinds();
    expect(agent).toMatchObject({ mode: 'agent', kinds: ['agent', 'temp_point', 'counter', 'online'] });
    expect(agent.body.channels[0]).toEqual({ kind: 'agent', propertyCompanyId: company.id, name: '新物业公司', phone: '0371-66668888' });

    const other = await place.household();
    expect((await resident.get(`/api/billing/households/${other.id}/where-to-pay`)).statusCode).toBe(403);
  });
});
