import { randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryRows } from '../../kernel/db.ts';
import type { Client, TestApp } from '../../test/test-app.ts';
import { makePropertyCompany, makeTenure } from '../../test/factories.ts';
import { checkLedger } from './ledger.ts';
import { billSeason, billingTestApp, countRows, makePlace } from './billing.test-kit.ts';

// Today (TEST_NOW) is 2026-11-20 in Asia/Shanghai.
let t: TestApp;
beforeAll(async () => {
  t = await billingTestApp();
});
afterAll(() => t.close());

const AGENT = '/api/billing/payments/agent';
const post = (c: Client, body: Record<string, unknown>, key = randomUUID()) => c.post(AGENT, body, { 'idempotency-key': key });

/** A compound with one billed household, a property company and its manager's login. */
async function compoundWithAgent(tenure: { startsOn: string; endsOn?: string | null; collectsAsAgent?: boolean } | null) {
  const place = await makePlace(t);
  const hh = await place.household({ grossAreaM2: '100.00', interiorAreaM2: '100.00' });
  await billSeason(t, '2026-27');
  const company = await makePropertyCompany(t.deps.db);
  if (tenure) await makeTenure(t.deps.db, { compoundId: place.compound.id, propertyCompanyId: company.id, ...tenure });
  const manager = await t.loginAs('property_manager', [{ kind: 'property_company', refId: company.id }]);
  return { place, hh, company, manager };
}

async function moneyRows() {
  return { payments: await countRows(t, 'payments'), keys: await countRows(t, 'idempotency_keys'), entries: await countRows(t, 'journal_entries') };
}

describe('agent collection (代收)', () => {
  it('a company in tenure that collects as agent posts a payment; it lands on its agent receivable', async () => {
    const { hh, company, manager } = await compoundWithAgent({ startsOn: '2026-01-01', endsOn: null, collectsAsAgent: true });
    const key = randomUUID();
    const res = await post(manager, { householdId: hh.id, amountFen: 228_000, currency: 'CNY' }, key);
    expect(res.statusCode).toBe(201);
    expect(res.json()).toMatchObject({ channel: 'agent', propertyCompanyId: company.id, creditFen: 0, allocations: [{ season: '2026-27', amountFen: 228_000 }] });
    const replay = await post(manager, { householdId: hh.id, amountFen: 228_000, currency: 'CNY' }, key);
    expect(replay.json()).toEqual(res.json());
    const [owed] = await queryRows<{ fen: string }>(
      t.deps.db,
      sql`SELECT sum(e.debit_fen - e.credit_fen)::text AS fen FROM journal_entries e
            JOIN ledger_accounts a ON a.id = e.account_id WHERE a.kind = 'agent_receivable' AND a.owner_id = ${company.id}`,
    );
    expect(Number(owed!.fen)).toBe(228_000);
    expect((await checkLedger(t.deps.db)).balanced).toBe(true);
  });

  it.each([
    ['whose tenure ended', { startsOn: '2025-01-01', endsOn: '2026-11-01' }, 'agent_outside_tenure', /ended on 2026-11-01/],
    ['whose tenure has not started', { startsOn: '2026-12-01', endsOn: null }, 'agent_outside_tenure', /starts on 2026-12-01/],
    ['with no tenure of the compound', null, 'agent_outside_tenure', /no tenure/],
    ['that manages but does not collect', { startsOn: '2026-01-01', collectsAsAgent: false }, 'agent_not_collecting', /does not collect/],
  ] as const)('refuses a company %s with 422 and the reason, writing nothing', async (_name, tenure, code, reason) => {
    const { place, hh, manager } = await compoundWithAgent(tenure);
    const before = await moneyRows();
    const res = await post(manager, { householdId: hh.id, amountFen: 1_000, currency: 'CNY' });
    expect(res.statusCode).toBe(422);
    expect(res.json().error).toMatchObject({ code, params: { compoundId: place.compound.id }, details: [{ field: 'householdId', rule: code === 'agent_outside_tenure' ? 'outside_tenure' : 'not_collecting' }] });
    expect(res.json().error.message).toMatch(reason);
    expect(await moneyRows()).toEqual(before);
  });

  it('refuses other roles and companies the manager does not act for (403)', async () => {
    const { place, hh, company } = await compoundWithAgent({ startsOn: '2026-01-01', collectsAsAgent: true });
    const clerk = await t.loginAs('clerk', [{ kind: 'branch', refId: place.branch.id }]);
    const otherManager = await t.loginAs('property_manager', [{ kind: 'property_company', refId: (await makePropertyCompany(t.deps.db)).id }]);
    const before = await moneyRows();
    const byClerk = await post(clerk, { householdId: hh.id, amountFen: 1_000, currency: 'CNY' });
    expect([byClerk.statusCode, byClerk.json().error.code]).toEqual([403, 'role_not_allowed']);
    expect((await post(otherManager, { householdId: hh.id, amountFen: 1_000, currency: 'CNY', propertyCompanyId: company.id })).statusCode).toBe(403);
    // acting for its own company, outside that company's tenure: 422, not a payment
    expect((await post(otherManager, { householdId: hh.id, amountFen: 1_000, currency: 'CNY' })).statusCode).toBe(422);
    expect(await moneyRows()).toEqual(before);
  });
});
