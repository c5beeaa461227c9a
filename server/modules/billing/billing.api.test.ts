import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Client, TestApp } from '../../test/test-app.ts';
import { systemActor } from '../../kernel/actor.ts';
import { getBillRun, runBillBatches, startBillRun } from './bill-run.service.ts';
import { billingTestApp, countRows, makePlace } from './billing.test-kit.ts';

let t: TestApp;
let place: Awaited<ReturnType<typeof makePlace>>;
let clerk: Client;
let admin: Client;
beforeAll(async () => {
  t = await billingTestApp();
  place = await makePlace(t);
  clerk = await t.loginAs('clerk', [{ kind: 'branch', refId: place.branch.id }]);
  admin = await t.loginAs('admin', [{ kind: 'branch', refId: place.branch.id }]);
});
afterAll(() => t.close());

async function untilDone(c: Client, id: number) {
  for (let i = 0; i < 200; i++) {
    const run = (await c.get(`/api/billing/runs/${id}`)).json();
    if (run.status === 'done') return run;
    await new Promise((r) => setTimeout(r, 25));
  }
  throw new Error(`bill run ${id} did not finish`);
}

describe('bill runs over HTTP', () => {
  it('a clerk starts a run (202), follows its progress to the end; the run is audited', async () => {
    for (let i = 0; i < 7; i++) await place.household({ grossAreaM2: '100.00', interiorAreaM2: '100.00' });
    const res = await clerk.post('/api/billing/runs', { season: '2026-27', batchSize: 3 });
    expect(res.statusCode).toBe(202);
    expect(res.json()).toMatchObject({ season: '2026-27', resumed: false, totalHouseholds: 7 });
    const run = await untilDone(clerk, res.json().id);
    expect(run).toMatchObject({ processedHouseholds: 7, billsCreated: 7, amountFen: 7 * 228_000 });
    const audit = (await admin.get(`/api/audit?entity=bill_run&entityId=${run.id}`)).json();
    expect(audit.items.map((a: { action: string }) => a.action)).toEqual(
      expect.arrayContaining(['billing.run.start', 'billing.run.batch', 'billing.run.finish']),
    );
    // Running the season again bills nothing new.
    const again = await clerk.post('/api/billing/runs', { season: '2026-27' });
    expect((await untilDone(clerk, again.json().id)).billsCreated).toBe(0);
  });

  it('closing the app stops a background run at a batch boundary; starting again resumes it', async () => {
    const t2 = await billingTestApp();
    try {
      const p2 = await makePlace(t2);
      for (let i = 0; i < 40; i++) await p2.household();
      const c2 = await t2.loginAs('clerk', [{ kind: 'branch', refId: p2.branch.id }]);
      const res = await c2.post('/api/billing/runs', { season: '2026-27', batchSize: 1 });
      await t2.app.close(); // waits for the batch in flight, then the loop stops
      const stopped = await getBillRun(t2.deps.db, res.json().id);
      expect(stopped.status).toBe('running');
      expect(stopped.processedHouseholds).toBeLessThan(40);
      expect(await countRows(t2, 'bills')).toBe(stopped.billsCreated);
      const again = await startBillRun(t2.deps, systemActor, { season: '2026-27' });
      expect(again).toMatchObject({ resumed: true, run: { id: stopped.id } });
      const done = await runBillBatches(t2.deps, systemActor, stopped.id);
      expect(done).toMatchObject({ status: 'done', billsCreated: 40, processedHouseholds: 40 });
    } finally {
      await t2.database.close();
    }
  });

  it('refuses residents (403), malformed seasons (400) and unknown runs (404)', async () => {
    const hh = await place.household();
    const resident = await t.loginAs('resident', [{ kind: 'household', refId: hh.id }]);
    expect((await resident.post('/api/billing/runs', { season: '2026-27' })).statusCode).toBe(403);
    expect((await clerk.post('/api/billing/runs', { season: '2026-28' })).json().error.code).toBe('invalid_season_code');
    expect((await clerk.post('/api/billing/runs', { season: 'next' })).statusCode).toBe(400);
    expect((await clerk.get('/api/billing/runs/999999')).statusCode).toBe(404);
  });
});

describe('reading bills, receipts and the ledger', () => {
  it('a resident sees only their own household; clerks only their branch', async () => {
    const mine = await place.household();
    const theirs = await place.household();
    const elsewhere = await makePlace(t);
    const far = await elsewhere.household();
    const resident = await t.loginAs('resident', [{ kind: 'household', refId: mine.id }]);
    expect((await resident.get(`/api/billing/households/${mine.id}/bills`)).statusCode).toBe(200);
    expect((await resident.get(`/api/billing/households/${mine.id}/receipts`)).statusCode).toBe(200);
    expect((await resident.get(`/api/billing/households/${theirs.id}/bills`)).statusCode).toBe(403);
    expect((await resident.get(`/api/billing/households/${theirs.id}/receipts`)).statusCode).toBe(403);
    expect((await clerk.get(`/api/billing/households/${theirs.id}/bills`)).statusCode).toBe(200);
    expect((await clerk.get(`/api/billing/households/${far.id}/bills`)).statusCode).toBe(403);
    expect((await clerk.get('/api/billing/households/99999999/bills')).statusCode).toBe(404);
    const steward = await t.loginAs('steward', []);
    expect((await steward.get(`/api/billing/households/${mine.id}/bills`)).json().error.code).toBe('office_only');
  });

  it('after a payment the resident sees the balance and the receipt; the admin ledger check balances', async () => {
    const hh = await place.household({ grossAreaM2: '50.00', interiorAreaM2: '50.00' });
    const run = await clerk.post('/api/billing/runs', { season: '2026-27' });
    await untilDone(clerk, run.json().id);
    const paid = await clerk.post('/api/billing/payments/counter', { householdId: hh.id, amountFen: 14_000, currency: 'CNY' }, { 'idempotency-key': randomUUID() });
    expect(paid.statusCode).toBe(201);
    const resident = await t.loginAs('resident', [{ kind: 'household', refId: hh.id }]);
    const bills = (await resident.get(`/api/billing/households/${hh.id}/bills`)).json();
    expect(bills.bills).toEqual([expect.objectContaining({ season: '2026-27', amountFen: 114_000, paidFen: 14_000, balanceFen: 100_000 })]);
    const receipts = (await resident.get(`/api/billing/households/${hh.id}/receipts`)).json();
    expect(receipts.receipts).toEqual([expect.objectContaining({ receiptNo: paid.json().receipt.receiptNo, amountFen: 14_000 })]);

    const check = await admin.get('/api/billing/ledger/check');
    expect(check.statusCode).toBe(200);
    expect(check.json()).toMatchObject({ balanced: true, unbalancedTransactions: [], householdsOutOfStep: [] });
    expect(check.json().debitFen).toBe(check.json().creditFen);
    expect((await clerk.get('/api/billing/ledger/check')).statusCode).toBe(403);
  });
});
