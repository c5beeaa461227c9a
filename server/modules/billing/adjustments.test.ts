import { randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemActor } from '../../kernel/actor.ts';
import { queryRows } from '../../kernel/db.ts';
import { makeBuilding, makeCompound, makeHousehold, makePropertyCompany, makeTenure } from '../../test/factories.ts';
import type { Client, TestApp } from '../../test/test-app.ts';
import { issueCreditNote } from './adjustments.service.ts';
import { billSeason, billingTestApp, countRows, makePlace } from './billing.test-kit.ts';
import { issueEInvoice } from './einvoice.service.ts';
import { checkLedger } from './ledger.ts';

// Today (TEST_NOW) is 2026-11-20 in Asia/Shanghai; an 80 m² bill is 182,400 fen.
let t: TestApp;
let place: Awaited<ReturnType<typeof makePlace>>;
let clerk: Client;
beforeAll(async () => {
  t = await billingTestApp();
  place = await makePlace(t);
  clerk = await t.loginAs('clerk', [{ kind: 'branch', refId: place.branch.id }]);
});
afterAll(() => t.close());

const BILL = 182_400;
const key = () => ({ 'idempotency-key': randomUUID() });
const counter = (householdId: number, amountFen: number) => clerk.post('/api/billing/payments/counter', { householdId, amountFen, currency: 'CNY' }, key());

async function householdWithBill(seasons: string[] = ['2026-27']) {
  const hh = await place.household({ grossAreaM2: '100.00', interiorAreaM2: '80.00' });
  for (const season of seasons) await billSeason(t, season);
  const [bill] = await queryRows<{ id: number }>(t.deps.db, sql`SELECT id FROM bills WHERE household_id = ${hh.id} AND season = '2026-27'`);
  return { hh, billId: bill!.id };
}

async function bill(id: number) {
  const [row] = await queryRows<{ amount_fen: string; paid_fen: string }>(t.deps.db, sql`SELECT amount_fen::text, paid_fen::text FROM bills WHERE id = ${id}`);
  return { amountFen: Number(row!.amount_fen), paidFen: Number(row!.paid_fen) };
}

describe('credit notes', () => {
  it('is idempotent by sourceRef, even when called concurrently, and keeps the ledger balanced', async () => {
    const { hh, billId } = await householdWithBill();
    const input = { householdId: hh.id, season: '2026-27', amountFen: 12_345, reason: 'temperature' as const, sourceRef: `temperature:test:${hh.id}` };
    const results = await Promise.all(Array.from({ length: 8 }, () => issueCreditNote(t.deps, systemActor, input)));
    expect(results.filter((r) => r.created)).toHaveLength(1);
    expect(new Set(results.map((r) => r.creditNote.id)).size).toBe(1);
    const again = await issueCreditNote(t.deps, systemActor, input);
    expect(again).toEqual({ creditNote: results[0]!.creditNote, created: false });
    expect(again.creditNote).toMatchObject({ billId, toBillFen: 12_345, toCreditFen: 0 });
    expect(await bill(billId)).toEqual({ amountFen: BILL, paidFen: 12_345 });
    const [n] = await queryRows<{ n: number }>(t.deps.db, sql`SELECT count(*)::int AS n FROM credit_notes WHERE source_ref = ${input.sourceRef}`);
    expect(n!.n).toBe(1);
    await expect(issueCreditNote(t.deps, systemActor, { ...input, amountFen: 1 })).rejects.toMatchObject({ status: 409, code: 'source_ref_reused' });
    expect(await checkLedger(t.deps.db)).toMatchObject({ balanced: true, householdsOutOfStep: [] });
  });

  it('puts the part a paid bill no longer owes on customer credit, and never credits more than the bill', async () => {
    const { hh, billId } = await householdWithBill();
    expect((await counter(hh.id, BILL - 10_000)).statusCode).toBe(201);
    const { creditNote } = await issueCreditNote(t.deps, systemActor, { householdId: hh.id, season: '2026-27', amountFen: 30_000, reason: 'outage', sourceRef: `outage:${hh.id}` });
    expect(creditNote).toMatchObject({ toBillFen: 10_000, toCreditFen: 20_000 });
    expect(await bill(billId)).toEqual({ amountFen: BILL, paidFen: BILL });
    const view = (await clerk.get(`/api/billing/households/${hh.id}/adjustments`)).json();
    expect(view).toMatchObject({ creditFen: 20_000, creditNotes: [{ id: creditNote.id, reason: 'outage' }] });
    await expect(issueCreditNote(t.deps, systemActor, { householdId: hh.id, season: '2026-27', amountFen: BILL - 30_000 + 1, reason: 'adjustment', sourceRef: `adj:${hh.id}` }))
      .rejects.toMatchObject({ status: 422, code: 'credit_exceeds_bill' });
    expect(await checkLedger(t.deps.db)).toMatchObject({ balanced: true });
  });

  it('refuses bad figures, unknown households and seasons without a bill, writing nothing', async () => {
    const { hh } = await householdWithBill();
    const ok = { householdId: hh.id, season: '2026-27', amountFen: 100, reason: 'adjustment' as const, sourceRef: `bad:${hh.id}` };
    const before = { notes: await countRows(t, 'credit_notes'), entries: await countRows(t, 'journal_entries') };
    for (const amountFen of [0, -5, 1.5, 100_000_000_01]) {
      await expect(issueCreditNote(t.deps, systemActor, { ...ok, amountFen })).rejects.toMatchObject({ status: 422, details: [{ field: 'amountFen' }] });
    }
    await expect(issueCreditNote(t.deps, systemActor, { ...ok, reason: 'goodwill' as never })).rejects.toMatchObject({ status: 422, details: [{ field: 'reason' }] });
    await expect(issueCreditNote(t.deps, systemActor, { ...ok, householdId: 999_999 })).rejects.toMatchObject({ status: 404 });
    await expect(issueCreditNote(t.deps, systemActor, { ...ok, season: '2019-20' })).rejects.toMatchObject({ status: 422, code: 'no_bill_for_season' });
    expect({ notes: await countRows(t, 'credit_notes'), entries: await countRows(t, 'journal_entries') }).toEqual(before);

    // The clerk's route: the Idempotency-Key is the source reference.
    const body = { householdId: hh.id, season: '2026-27', amountFen: 500, reason: 'adjustment', memo: '抄表错误' };
    const k = key();
    const first = await clerk.post('/api/billing/credit-notes', body, k);
    expect(first.statusCode).toBe(201);
    expect((await clerk.post('/api/billing/credit-notes', body, k)).statusCode).toBe(200);
    expect((await clerk.post('/api/billing/credit-notes', { ...body, currency: 'USD' }, key())).statusCode).toBe(400);
    expect((await clerk.post('/api/billing/credit-notes', { ...body, amountFen: 0.5 }, key())).statusCode).toBe(400);
    const resident = await t.loginAs('resident', [{ kind: 'household', refId: hh.id }]);
    expect((await resident.post('/api/billing/credit-notes', body, key())).statusCode).toBe(403);
    const far = await makePlace(t);
    const farClerk = await t.loginAs('clerk', [{ kind: 'branch', refId: far.branch.id }]);
    expect((await farClerk.post('/api/billing/credit-notes', body, key())).statusCode).toBe(403);
    expect((await farClerk.get(`/api/billing/households/${hh.id}/adjustments`)).statusCode).toBe(403);
  });
});

describe('refunds of customer credit', () => {
  it('pays credit back at the counter or online, balanced, and refuses more than the credit', async () => {
    const { hh } = await householdWithBill();
    await counter(hh.id, BILL + 50_000);
    const refund = (body: Record<string, unknown>, headers = key()) => clerk.post('/api/billing/refunds', { householdId: hh.id, currency: 'CNY', reason: '多缴退款', ...body }, headers);
    const before = await countRows(t, 'refunds');
    const tooMuch = await refund({ amountFen: 50_001, channel: 'counter' });
    expect(tooMuch.statusCode).toBe(422);
    expect(tooMuch.json().error).toMatchObject({ code: 'refund_exceeds_credit', details: [{ field: 'amountFen', message: 'at most 50000' }] });
    expect((await refund({ amountFen: 100, channel: 'online' })).json().error.details[0].field).toBe('provider');
    expect((await refund({ amountFen: 100, channel: 'counter', provider: 'dev-wechat' })).statusCode).toBe(422);
    expect((await refund({ amountFen: 0, channel: 'counter' })).statusCode).toBe(400);
    expect((await refund({ amountFen: 100, channel: 'counter', currency: 'USD' })).statusCode).toBe(400);
    expect(await countRows(t, 'refunds')).toBe(before);

    const k = key();
    const first = await refund({ amountFen: 30_000, channel: 'counter' }, k);
    expect(first.statusCode).toBe(201);
    expect(first.json()).toMatchObject({ amountFen: 30_000, channel: 'counter', creditLeftFen: 20_000 });
    const replay = await refund({ amountFen: 30_000, channel: 'counter' }, k);
    expect(replay.headers['idempotent-replayed']).toBe('true');
    const online = await refund({ amountFen: 20_000, channel: 'online', provider: 'dev-wechat' });
    expect(online.json()).toMatchObject({ provider: 'dev-wechat', creditLeftFen: 0 });
    expect((await refund({ amountFen: 1, channel: 'counter' })).statusCode).toBe(422);
    const view = (await clerk.get(`/api/billing/households/${hh.id}/adjustments`)).json();
    expect(view.creditFen).toBe(0);
    expect(view.refunds).toHaveLength(2);
    expect(await checkLedger(t.deps.db)).toMatchObject({ balanced: true });
    const resident = await t.loginAs('resident', [{ kind: 'household', refId: hh.id }]);
    expect((await resident.post('/api/billing/refunds', { householdId: hh.id, amountFen: 1, currency: 'CNY', channel: 'counter', reason: '退款' }, key())).statusCode).toBe(403);
  });

  it('lets concurrent refunds spend the credit only once', async () => {
    const { hh } = await householdWithBill();
    await counter(hh.id, BILL + 10_000);
    const results = await Promise.all(Array.from({ length: 5 }, () =>
      clerk.post('/api/billing/refunds', { householdId: hh.id, amountFen: 10_000, currency: 'CNY', channel: 'counter', reason: '多缴退款' }, key())));
    expect(results.map((r) => r.statusCode).sort()).toEqual([201, 422, 422, 422, 422]);
    expect(await checkLedger(t.deps.db)).toMatchObject({ balanced: true });
  });
});

describe('e-invoices', () => {
  it('records a request for a receipt once, the job issues it, and the receipt shows it', async () => {
    const { hh } = await householdWithBill();
    const receiptId = (await counter(hh.id, 1_000)).json().receipt.id as number;
    const resident = await t.loginAs('resident', [{ kind: 'household', refId: hh.id }]);
    const url = `/api/billing/receipts/${receiptId}/e-invoice`;
    expect((await resident.post(url, { buyerType: 'company', buyerName: '某某公司' })).json().error.details[0].field).toBe('buyerTaxId');
    expect((await resident.post(url, { buyerType: 'company', buyerName: '某某公司', buyerTaxId: 'bad id' })).statusCode).toBe(400);
    const stranger = await t.loginAs('resident', [{ kind: 'household', refId: hh.id + 100_000 }]);
    expect((await stranger.post(url, { buyerType: 'personal', buyerName: '张三' })).statusCode).toBe(403);
    expect((await resident.post('/api/billing/receipts/999999/e-invoice', { buyerType: 'personal', buyerName: '张三' })).statusCode).toBe(404);

    const first = await resident.post(url, { buyerType: 'personal', buyerName: '张三', email: 'zhang@example.com' });
    expect(first.statusCode).toBe(201);
    expect(first.json()).toMatchObject({ status: 'requested', provider: 'dev-einvoice', invoiceNo: null });
    const again = await resident.post(url, { buyerType: 'personal', buyerName: '李四' });
    expect(again.statusCode).toBe(200);
    expect(again.json()).toMatchObject({ id: first.json().id, buyerName: '张三' });
    const [job] = await queryRows<{ n: number }>(t.deps.db, sql`SELECT count(*)::int AS n FROM jobs WHERE unique_key = ${`billing.einvoice.issue:${first.json().id}`}`);
    expect(job!.n).toBe(1);

    const issued = await issueEInvoice(t.deps, first.json().id);
    expect(issued).toMatchObject({ status: 'issued', invoiceNo: expect.stringMatching(/^DEV\d{12}$/) });
    expect((await issueEInvoice(t.deps, first.json().id)).issuedAt).toBe(issued.issuedAt);
    const receipt = (await resident.get(`/api/billing/receipts/${receiptId}`)).json();
    expect(receipt.eInvoice).toMatchObject({ status: 'issued', invoiceNo: issued.invoiceNo });
  });
});

describe('payment rate by compound', () => {
  it('shows billed vs paid net of credit notes, flags vacuum compounds, and exports .xlsx', async () => {
    const rateBranch = await makePlace(t);
    const agentCompound = await makeCompound(t.deps.db, { branchId: rateBranch.branch.id, name: 'A 物业小区' });
    const company = await makePropertyCompany(t.deps.db);
    await makeTenure(t.deps.db, { compoundId: agentCompound.id, propertyCompanyId: company.id, startsOn: '2025-01-01' });
    const agentBuilding = await makeBuilding(t.deps.db, { compoundId: agentCompound.id });
    const vacuumHouse = await rateBranch.household({ grossAreaM2: '100.00', interiorAreaM2: '80.00' });
    const agentHouses = [
      await makeHousehold(t.deps.db, { buildingId: agentBuilding.id, grossAreaM2: '100.00', interiorAreaM2: '80.00' }),
      await makeHousehold(t.deps.db, { buildingId: agentBuilding.id, grossAreaM2: '100.00', interiorAreaM2: '80.00' }),
    ];
    await billSeason(t, '2026-27');
    const branchClerk = await t.loginAs('clerk', [{ kind: 'branch', refId: rateBranch.branch.id }]);
    await branchClerk.post('/api/billing/payments/counter', { householdId: agentHouses[0]!.id, amountFen: BILL, currency: 'CNY' }, key());
    await branchClerk.post('/api/billing/payments/counter', { householdId: vacuumHouse.id, amountFen: 50_000, currency: 'CNY' }, key());
    // A 2,400 fen reduction: billed drops to 180,000, and the payment of 50,000 stays 50,000 paid.
    await issueCreditNote(t.deps, systemActor, { householdId: vacuumHouse.id, season: '2026-27', amountFen: 2_400, reason: 'temperature', sourceRef: `rate:${vacuumHouse.id}` });

    const crewLead = await t.loginAs('crew_lead', [{ kind: 'branch', refId: rateBranch.branch.id }]);
    const res = await crewLead.get('/api/billing/payment-rate?season=2026-27');
    expect(res.statusCode).toBe(200);
    const view = res.json();
    expect(view).toMatchObject({ branchId: rateBranch.branch.id, billedFen: 2 * BILL + 180_000, paidFen: BILL + 50_000 });
    const byId = Object.fromEntries(view.compounds.map((c: { compoundId: number }) => [c.compoundId, c]));
    expect(byId[agentCompound.id]).toMatchObject({ households: 2, billedFen: 2 * BILL, paidFen: BILL, rate: 0.5, serviceMode: 'agent', vacuum: false });
    expect(byId[rateBranch.compound.id]).toMatchObject({ households: 1, billedFen: 180_000, paidFen: 50_000, rate: 0.2778, serviceMode: 'direct', vacuum: true });

    expect((await clerk.get(`/api/billing/payment-rate?season=2026-27&branchId=${rateBranch.branch.id}`)).statusCode).toBe(403);
    expect((await (await t.loginAs('resident', [{ kind: 'household', refId: vacuumHouse.id }])).get(`/api/billing/payment-rate?season=2026-27&branchId=${rateBranch.branch.id}`)).statusCode).toBe(403);
    expect((await crewLead.get('/api/billing/payment-rate?season=26-27')).statusCode).toBe(400);

    const xlsx = await crewLead.get('/api/billing/payment-rate.xlsx?season=2026-27');
    expect(xlsx.headers['content-type']).toContain('spreadsheetml');
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(xlsx.rawPayload as unknown as ArrayBuffer);
    const cells = book.worksheets[0]!.getSheetValues().flat().map(String);
    expect(cells).toContain('A 物业小区');
    expect(cells).toContain('27.78%');
    expect(cells).toContain('是');

    const payments = await branchClerk.get(`/api/billing/payments.xlsx?branchId=${rateBranch.branch.id}&season=2026-27`);
    expect(payments.statusCode).toBe(200);
    const paymentsBook = new ExcelJS.Workbook();
    await paymentsBook.xlsx.load(payments.rawPayload as unknown as ArrayBuffer);
    expect(paymentsBook.worksheets[0]!.rowCount).toBe(3); // header + 2 payments
    expect((await clerk.get(`/api/billing/payments.xlsx?branchId=${rateBranch.branch.id}`)).statusCode).toBe(403);
    expect((await branchClerk.get('/api/billing/payments.xlsx')).statusCode).toBe(422);
    const own = await (await t.loginAs('resident', [{ kind: 'household', refId: vacuumHouse.id }])).get(`/api/billing/payments.xlsx?householdId=${vacuumHouse.id}`);
    expect(own.statusCode).toBe(200);
  });
});
