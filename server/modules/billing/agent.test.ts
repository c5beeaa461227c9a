import { randomUUID } from 'node:crypto';
import ExcelJS from 'exceljs';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryRows } from '../../kernel/db.ts';
import type { Client, TestApp } from '../../test/test-app.ts';
import { makeBranch, makeBuilding, makeCompound, makeHousehold, makePropertyCompany, makeTenure } from '../../test/factories.ts';
import { settlementsJob } from './agent.jobs.ts';
import { billingTestApp, countRows } from './billing.test-kit.ts';
import { checkLedger } from './ledger.ts';
import { drawUpEndedTenures } from './settlements.service.ts';

// Today (TEST_NOW) is 2026-11-20 in Asia/Shanghai.
let t: TestApp;
let branchId: number;
let clerk: Client;
beforeAll(async () => {
  t = await billingTestApp();
  branchId = (await makeBranch(t.deps.db)).id;
  clerk = await t.loginAs('clerk', [{ kind: 'branch', refId: branchId }]);
  // Creating the test app waits for the shared machine; give it time when it is busy.
}, 180_000);
afterAll(() => t.close());

const remit = (c: Client, body: Record<string, unknown>, key = randomUUID()) => c.post('/api/billing/remittances', body, { 'idempotency-key': key });

/**
 * A compound of the test branch whose company collects as agent until `endsOn`, three households
 * (unbilled: agent money lands on their credit, which changes nothing here), and the company's
 * collections: 1,000 + 2,000 fen from the first, 500 from the second, nothing from the third.
 */
async function agentCompound(endsOn: string | null = '2026-12-01', collectAt?: string) {
  const compound = await makeCompound(t.deps.db, { branchId });
  const building = await makeBuilding(t.deps.db, { compoundId: compound.id });
  const households = [];
  for (let i = 0; i < 3; i++) households.push(await makeHousehold(t.deps.db, { buildingId: building.id }));
  const company = await makePropertyCompany(t.deps.db);
  const tenure = await makeTenure(t.deps.db, { compoundId: compound.id, propertyCompanyId: company.id, startsOn: '2026-01-01', endsOn, collectsAsAgent: true });
  const now = t.clock.now();
  // Collections of a tenure that has ended by now were posted while it ran.
  if (collectAt) t.clock.set(collectAt);
  const collector = await t.loginAs('property_manager', [{ kind: 'property_company', refId: company.id }]);
  for (const [hh, amountFen] of [[households[0]!, 1_000], [households[0]!, 2_000], [households[1]!, 500]] as const) {
    const res = await collector.post('/api/billing/payments/agent', { householdId: hh.id, amountFen, currency: 'CNY' }, { 'idempotency-key': randomUUID() });
    expect(res.statusCode).toBe(201);
  }
  t.clock.set(now);
  const manager = await t.loginAs('property_manager', [{ kind: 'property_company', refId: company.id }]);
  return { compound, households, company, tenure, manager, clerk };
}

const remittanceBody = (companyId: number, amountFen: number, extra: Record<string, unknown> = {}) => ({
  propertyCompanyId: companyId,
  amountFen,
  currency: 'CNY',
  method: 'bank_transfer',
  remittedOn: '2026-11-19',
  reference: 'BANK-20261119-01',
  ...extra,
});

async function agentReceivable(companyId: number): Promise<number> {
  const [row] = await queryRows<{ fen: string }>(
    t.deps.db,
    sql`SELECT coalesce(sum(e.debit_fen - e.credit_fen), 0)::text AS fen FROM journal_entries e
          JOIN ledger_accounts a ON a.id = e.account_id WHERE a.kind = 'agent_receivable' AND a.owner_id = ${companyId}`,
  );
  return Number(row!.fen);
}

describe('agent remittance (代收款上缴)', { timeout: 120_000 }, () => {
  it('records a remittance as balanced entries, replays a retry, and refuses more than is owed', async () => {
    const { company, tenure, clerk } = await agentCompound();
    const key = randomUUID();
    const first = await remit(clerk, remittanceBody(company.id, 1_200), key);
    expect(first.statusCode).toBe(201);
    expect(first.json()).toMatchObject({ tenureId: tenure.id, amountFen: 1_200, owedAfterFen: 2_300 });
    const retry = await remit(clerk, remittanceBody(company.id, 1_200), key);
    expect(retry.statusCode).toBe(201);
    expect(retry.headers['idempotent-replayed']).toBe('true');
    expect(retry.json()).toEqual(first.json());
    expect(await agentReceivable(company.id)).toBe(3_500 - 1_200);
    expect((await checkLedger(t.deps.db)).balanced).toBe(true);

    const before = { remittances: await countRows(t, 'remittances'), entries: await countRows(t, 'journal_entries'), audit: await countRows(t, 'audit_log') };
    const over = await remit(clerk, remittanceBody(company.id, 2_301));
    expect(over.statusCode).toBe(422);
    expect(over.json().error).toMatchObject({ code: 'remittance_exceeds_owed', params: { owedFen: 2_300 } });
    expect(over.json().error.details).toEqual([{ field: 'amountFen', message: 'exceeds what is owed (2300 fen)', rule: 'exceeds_owed', params: { owedFen: 2_300 } }]);
    const future = await remit(clerk, remittanceBody(company.id, 100, { remittedOn: '2026-11-21' }));
    expect(future.statusCode).toBe(422);
    expect(future.json().error).toMatchObject({ code: 'remitted_in_future', params: { today: '2026-11-20' }, details: [{ field: 'remittedOn', rule: 'in_future' }] });
    const reused = await remit(clerk, remittanceBody(company.id, 999), key);
    expect(reused.statusCode).toBe(409);
    expect({ remittances: await countRows(t, 'remittances'), entries: await countRows(t, 'journal_entries'), audit: await countRows(t, 'audit_log') }).toEqual(before);

    const [audit] = await queryRows<{ action: string }>(t.deps.db, sql`SELECT action FROM audit_log WHERE entity = 'remittance' AND entity_id = ${String(first.json().id)}`);
    expect(audit!.action).toBe('billing.remittance');
  });

  it('shows a property manager their own company only; clerks of other branches and other roles are refused', async () => {
    const { company, manager, clerk } = await agentCompound(null);
    const mine = await manager.get(`/api/billing/agents/${company.id}`);
    expect(mine.statusCode).toBe(200);
    expect(mine.json()).toMatchObject({ collectedFen: 3_500, remittedFen: 0, owedFen: 3_500, ledgerOwedFen: 3_500 });
    expect((await manager.get('/api/billing/agents')).json().items.map((i: { propertyCompanyId: number }) => i.propertyCompanyId)).toEqual([company.id]);

    const other = await agentCompound(null);
    expect((await manager.get(`/api/billing/agents/${other.company.id}`)).statusCode).toBe(403);
    expect((await manager.get(`/api/billing/agents/${other.company.id}/reconciliation?from=2026-01-01&to=2026-12-31`)).statusCode).toBe(403);
    expect((await remit(manager, remittanceBody(company.id, 100))).statusCode).toBe(403);
    const farClerk = await t.loginAs('clerk', [{ kind: 'branch', refId: (await makeBranch(t.deps.db)).id }]);
    expect((await farClerk.get(`/api/billing/agents/${company.id}`)).statusCode).toBe(403);
    expect((await remit(farClerk, remittanceBody(company.id, 100))).statusCode).toBe(403);
    const steward = await t.loginAs('steward');
    expect((await steward.get(`/api/billing/agents/${company.id}`)).statusCode).toBe(403);
    expect((await clerk.get(`/api/billing/agents/${company.id}`)).statusCode).toBe(200);
  });

  it('reconciles a period: opening owed, collected per household, remitted, closing owed; exports .xlsx', async () => {
    const { company, households, clerk } = await agentCompound(null);
    expect((await remit(clerk, remittanceBody(company.id, 1_000, { remittedOn: '2026-11-10', method: 'cash', reference: 'CASH-1' }))).statusCode).toBe(201);
    const q = `/api/billing/agents/${company.id}/reconciliation?from=2026-11-15&to=2026-11-20`;
    const res = await clerk.get(q);
    expect(res.statusCode).toBe(200);
    // The payments were posted "today" (inside the period); the remittance before it.
    expect(res.json()).toMatchObject({ openingOwedFen: -1_000, collectedFen: 3_500, remittedFen: 0, closingOwedFen: 2_500 });
    expect(res.json().households).toEqual([
      expect.objectContaining({ householdId: households[0]!.id, payments: 2, collectedFen: 3_000 }),
      expect.objectContaining({ householdId: households[1]!.id, payments: 1, collectedFen: 500 }),
    ]);
    const whole = (await clerk.get(`/api/billing/agents/${company.id}/reconciliation?from=2026-11-01&to=2026-11-20`)).json();
    expect(whole).toMatchObject({ openingOwedFen: 0, collectedFen: 3_500, remittedFen: 1_000, closingOwedFen: 2_500 });
    expect((await clerk.get(`/api/billing/agents/${company.id}/reconciliation?from=2026-11-20&to=2026-11-01`)).statusCode).toBe(422);

    const file = await clerk.get(`/api/billing/agents/${company.id}/reconciliation.xlsx?from=2026-11-01&to=2026-11-20`);
    expect(file.statusCode).toBe(200);
    expect(file.headers['content-type']).toContain('spreadsheetml');
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(file.rawPayload as unknown as ArrayBuffer);
    const sheet = book.getWorksheet('代收明细')!;
    const values = sheet.getSheetValues().flat().map(String);
    expect(values).toContain(households[0]!.accountNo);
    expect(values).toContain('30');
  });
});

describe('settlement statements (交接结算单)', { timeout: 120_000 }, () => {
  it('draws up a statement once per tenure when the tenure end passes (daily job), and a clerk gets the same one', async () => {
    const { tenure, clerk } = await agentCompound('2026-11-15', '2026-11-10T02:00:00.000Z');
    const ran = await settlementsJob({ db: t.deps.db, clock: t.clock, log: t.deps.log, notifier: t.deps.notifier }, {
      id: 0, kind: 'billing.draw-up-settlements', unique_key: null, payload: { city: 'zhengzhou', date: '2026-11-20' }, attempts: 1, max_attempts: 5,
    });
    expect(ran).toMatchObject({ drawnUp: expect.any(Number) });
    expect(await drawUpEndedTenures(t.deps.db, t.clock, 'zhengzhou', '2026-11-20')).toBe(0);
    const rows = await queryRows<{ id: number; origin: string }>(t.deps.db, sql`SELECT id, origin FROM settlement_statements WHERE tenure_id = ${tenure.id}`);
    expect(rows).toHaveLength(1);
    expect(rows[0]!.origin).toBe('tenure_ended');
    const again = await clerk.post('/api/billing/settlements', { tenureId: tenure.id });
    expect(again.statusCode).toBe(200);
    expect(again.json().id).toBe(rows[0]!.id);
  });

  it('does not draw up a tenure whose end is still ahead, except on a clerk’s demand; an open-ended one never', async () => {
    const ending = await agentCompound('2026-12-01');
    await drawUpEndedTenures(t.deps.db, t.clock, 'zhengzhou', '2026-11-20');
    expect(await queryRows(t.deps.db, sql`SELECT id FROM settlement_statements WHERE tenure_id = ${ending.tenure.id}`)).toEqual([]);
    const created = await ending.clerk.post('/api/billing/settlements', { tenureId: ending.tenure.id });
    expect(created.statusCode).toBe(201);
    expect(created.json()).toMatchObject({ status: 'open', origin: 'clerk', collectedFen: 3_500, remittedFen: 0, owedFen: 3_500 });
    const open = await agentCompound(null);
    const refused = await open.clerk.post('/api/billing/settlements', { tenureId: open.tenure.id });
    expect(refused.statusCode).toBe(422);
    expect(refused.json().error.code).toBe('tenure_not_ending');
  });

  it('shows collected, remitted and owed by household; closes only when nothing is owed', async () => {
    const { company, households, tenure, clerk, manager } = await agentCompound('2026-12-01');
    const statement = (await clerk.post('/api/billing/settlements', { tenureId: tenure.id })).json();
    expect(statement.households.map((h: { householdId: number; collectedFen: number }) => [h.householdId, h.collectedFen])).toEqual([
      [households[0]!.id, 3_000],
      [households[1]!.id, 500],
    ]);
    expect((await remit(clerk, remittanceBody(company.id, 1_500, { tenureId: tenure.id }))).statusCode).toBe(201);

    const refused = await clerk.post(`/api/billing/settlements/${statement.id}/close`);
    expect(refused.statusCode).toBe(422);
    expect(refused.json().error).toMatchObject({ code: 'settlement_still_owed', message: expect.stringContaining('¥20.00') });
    const seen = await manager.get(`/api/billing/settlements/${statement.id}`);
    expect(seen.json()).toMatchObject({ collectedFen: 3_500, remittedFen: 1_500, owedFen: 2_000, status: 'open' });
    expect((await manager.post(`/api/billing/settlements/${statement.id}/close`)).statusCode).toBe(403);

    expect((await remit(clerk, remittanceBody(company.id, 2_000, { reference: 'BANK-2' }))).statusCode).toBe(201);
    const closed = await clerk.post(`/api/billing/settlements/${statement.id}/close`);
    expect(closed.statusCode).toBe(200);
    expect(closed.json()).toMatchObject({ status: 'closed', collectedFen: 3_500, remittedFen: 3_500, owedFen: 0 });
    expect((await clerk.post(`/api/billing/settlements/${statement.id}/close`)).statusCode).toBe(409);
    expect((await remit(clerk, remittanceBody(company.id, 1, { tenureId: tenure.id }))).json().error.code).toBe('settlement_closed');
    expect(await agentReceivable(company.id)).toBe(0);

    const list = (await manager.get('/api/billing/settlements?status=closed')).json();
    expect(list.items.map((s: { id: number }) => s.id)).toEqual([statement.id]);
    const other = await agentCompound('2026-12-01');
    expect((await manager.get(`/api/billing/settlements/${(await other.clerk.post('/api/billing/settlements', { tenureId: other.tenure.id })).json().id}`)).statusCode).toBe(403);
    const file = await clerk.get(`/api/billing/settlements/${statement.id}/export.xlsx`);
    expect(file.statusCode).toBe(200);
    expect(file.headers['content-disposition']).toContain(`settlement-${statement.id}.xlsx`);
  });
});
