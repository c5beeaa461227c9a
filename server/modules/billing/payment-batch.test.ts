import { randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Actor } from '../../kernel/actor.ts';
import { queryRows } from '../../kernel/db.ts';
import type { Client, TestApp } from '../../test/test-app.ts';
import { makePropertyCompany, makeTenure } from '../../test/factories.ts';
import { postCounterPayment } from './counter-payments.service.ts';
import { checkLedger } from './ledger.ts';
import { billSeason, billingTestApp, countRows, makePlace } from './billing.test-kit.ts';

// Payments posted at the same moment are written in shared transactions (payment-batch.ts); each
// must still answer exactly as it would alone. Today (TEST_NOW) is 2026-11-20 in Asia/Shanghai.
let t: TestApp;
beforeAll(async () => {
  t = await billingTestApp();
});
afterAll(() => t.close());

const COUNTER = '/api/billing/payments/counter';
const AGENT = '/api/billing/payments/agent';
const post = (c: Client, path: string, body: Record<string, unknown>, key: string = randomUUID()) => c.post(path, body, { 'idempotency-key': key });

/** Rows written in one transaction share its id (xmin): fewer ids than payments = batched. */
async function transactionsOf(paymentIds: number[]): Promise<number> {
  const [row] = await queryRows<{ n: number }>(t.deps.db, sql`SELECT count(DISTINCT xmin::text)::int AS n FROM payments WHERE id = ANY(${`{${paymentIds.join(',')}}`}::int[])`);
  return row!.n;
}

describe('payments posted together', () => {
  it('share transactions, yet each answers as alone: refusals, replays and a second payment of a household', async () => {
    const place = await makePlace(t);
    const households = [];
    for (let i = 0; i < 8; i++) households.push(await place.household({ grossAreaM2: '100.00', interiorAreaM2: '80.00' }));
    const stranger = await makePlace(t);
    const foreign = await stranger.household();
    const agentHousehold = await place.household({ grossAreaM2: '100.00', interiorAreaM2: '80.00' });
    await billSeason(t, '2026-27');

    const inTenure = await makePropertyCompany(t.deps.db);
    await makeTenure(t.deps.db, { compoundId: place.compound.id, propertyCompanyId: inTenure.id, startsOn: '2026-01-01', endsOn: null, collectsAsAgent: true });
    const gone = await makePropertyCompany(t.deps.db);
    await makeTenure(t.deps.db, { compoundId: stranger.compound.id, propertyCompanyId: gone.id, startsOn: '2025-01-01', endsOn: '2026-11-01', collectsAsAgent: true });
    const agent = await t.loginAs('property_manager', [{ kind: 'property_company', refId: inTenure.id }]);
    const goneAgent = await t.loginAs('property_manager', [{ kind: 'property_company', refId: gone.id }]);
    const clerk = await t.loginAs('clerk', [{ kind: 'branch', refId: place.branch.id }, { kind: 'branch', refId: stranger.branch.id }]);
    const otherClerk = await t.loginAs('clerk', [{ kind: 'branch', refId: stranger.branch.id }]);

    const paidKey = randomUUID();
    const earlier = await post(clerk, COUNTER, { householdId: households[0]!.id, amountFen: 700, currency: 'CNY' }, paidKey);
    expect(earlier.statusCode).toBe(201);
    const keysBefore = await countRows(t, 'idempotency_keys');

    const answers = await Promise.all([
      ...households.map((hh, i) => post(clerk, COUNTER, { householdId: hh.id, amountFen: 1_000 + i, currency: 'CNY' })),
      post(clerk, COUNTER, { householdId: households[1]!.id, amountFen: 2_000, currency: 'CNY' }), // a second payment of a household
      post(clerk, COUNTER, { householdId: households[0]!.id, amountFen: 700, currency: 'CNY' }, paidKey), // a retry
      post(clerk, COUNTER, { householdId: 99_999_999, amountFen: 100, currency: 'CNY' }),
      post(otherClerk, COUNTER, { householdId: households[2]!.id, amountFen: 100, currency: 'CNY' }),
      post(clerk, COUNTER, { householdId: households[3]!.id, amountFen: 100, currency: 'CNY', season: '2019-20' }),
      post(agent, AGENT, { householdId: agentHousehold.id, amountFen: 3_000, currency: 'CNY' }),
      post(goneAgent, AGENT, { householdId: foreign.id, amountFen: 100, currency: 'CNY' }),
    ]);
    const [paid, second, retry, unknown, outOfBranch, noSeason, agentPaid, outOfTenure] = [answers.slice(0, 8), ...answers.slice(8)];
    expect(paid.map((r) => r.statusCode)).toEqual(Array(8).fill(201));
    expect(second!.statusCode).toBe(201);
    expect(retry!.statusCode).toBe(201);
    expect(retry!.headers['idempotent-replayed']).toBe('true');
    expect(retry!.json()).toEqual(earlier.json());
    expect([unknown!.statusCode, unknown!.json().error.code]).toEqual([404, 'not_found']);
    expect([outOfBranch!.statusCode, outOfBranch!.json().error.code]).toEqual([403, 'other_branch']);
    expect([noSeason!.statusCode, noSeason!.json().error.code]).toEqual([422, 'no_bill_for_season']);
    expect(agentPaid!.json()).toMatchObject({ channel: 'agent', propertyCompanyId: inTenure.id, amountFen: 3_000 });
    expect([outOfTenure!.statusCode, outOfTenure!.json().error.code]).toEqual([422, 'agent_outside_tenure']);

    // Each answer is its own payment with its own receipt; the refused ones left no key behind.
    const made = [...paid, second!, agentPaid!].map((r) => r.json());
    expect(made.map((p) => p.receipt.paymentId)).toEqual(made.map((p) => p.paymentId));
    expect(new Set(made.map((p) => p.receipt.receiptNo)).size).toBe(made.length);
    expect(await countRows(t, 'idempotency_keys')).toBe(keysBefore + made.length);

    // Stored answers replay, and the audit names each payment's own actor.
    const replay = await post(clerk, COUNTER, { householdId: households[5]!.id, amountFen: 1_005, currency: 'CNY' }, (await keyOf(made[5].paymentId)));
    expect(replay.json()).toEqual(made[5]);
    const audit = await queryRows<{ entity_id: string; actor_id: number }>(
      t.deps.db,
      sql`SELECT entity_id, actor_id FROM audit_log WHERE entity = 'payment' AND entity_id IN (${String(made[0].paymentId)}, ${String(agentPaid!.json().paymentId)})`,
    );
    const actorOf = new Map(audit.map((a) => [Number(a.entity_id), a.actor_id]));
    expect([actorOf.get(made[0].paymentId), actorOf.get(agentPaid!.json().paymentId)]).toEqual([clerk.actorId, agent.actorId]);

    // Household 1 paid twice: both settle its bill; the ledger traces every fen.
    const [bill] = await queryRows<{ paid_fen: string }>(t.deps.db, sql`SELECT paid_fen::text FROM bills WHERE household_id = ${households[1]!.id}`);
    expect(Number(bill!.paid_fen)).toBe(1_001 + 2_000);
    expect(await checkLedger(t.deps.db)).toMatchObject({ balanced: true, householdsOutOfStep: [], branchesOutOfStep: [] });
  });


  it('form when payments arrive together: fewer transactions than payments, every fen traced', async () => {
    const place = await makePlace(t);
    const households = [];
    for (let i = 0; i < 12; i++) households.push(await place.household({ grossAreaM2: '100.00', interiorAreaM2: '80.00' }));
    await billSeason(t, '2026-27');
    const clerk = await t.loginAs('clerk', [{ kind: 'branch', refId: place.branch.id }]);
    const actor: Actor = { userId: clerk.actorId, role: 'clerk', name: 'clerk', scopes: [{ kind: 'branch', refId: place.branch.id }] };
    // Called directly (no HTTP in front to space them out), twelve payments meet the coalescer at once.
    const made = await Promise.all(households.map((hh) => postCounterPayment(t.deps, actor, { householdId: hh.id, amountFen: 500, currency: 'CNY' }, randomUUID())));
    expect(made.every((m) => m.statusCode === 201 && !m.replayed)).toBe(true);
    expect(await transactionsOf(made.map((m) => m.body.paymentId))).toBeLessThan(made.length);
    const seqs = made.map((m) => Number(m.body.receipt.receiptNo.split('-').pop())).sort((a, b) => a - b);
    expect(seqs[11]! - seqs[0]!).toBe(11);
    expect(await checkLedger(t.deps.db)).toMatchObject({ balanced: true, householdsOutOfStep: [] });
  });
});

async function keyOf(paymentId: number): Promise<string | undefined> {
  const [row] = await queryRows<{ key: string }>(t.deps.db, sql`SELECT key FROM idempotency_keys WHERE (response->>'paymentId')::int = ${paymentId}`);
  return row?.key;
}
