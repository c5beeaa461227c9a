import { randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryRows } from '../../kernel/db.ts';
import type { JobRow } from '../../kernel/jobs.ts';
import type { Client, TestApp } from '../../test/test-app.ts';
import { billSeason, billingTestApp, makePlace } from './billing.test-kit.ts';
import { findHousehold } from './household-access.ts';
import { recordPayment } from './payments.service.ts';
import { receiptNumberingJob } from './receipts.ts';

let t: TestApp;
let place: Awaited<ReturnType<typeof makePlace>>;
let clerk: Client;
beforeAll(async () => {
  t = await billingTestApp();
  place = await makePlace(t);
  clerk = await t.loginAs('clerk', [{ kind: 'branch', refId: place.branch.id }]);
});
afterAll(() => t.close());

const pay = (householdId: number, amountFen = 1_000, key = randomUUID()) =>
  clerk.post('/api/billing/payments/counter', { householdId, amountFen, currency: 'CNY' }, { 'idempotency-key': key });

const seqOf = (receiptNo: string) => Number(receiptNo.split('-').pop());

/** A payment committed by a process that died before numbering its receipt: recordPayment's transaction alone. */
async function paymentWithoutNumbering(householdId: number) {
  const household = await findHousehold(t.deps.db, householdId);
  const actor = { userId: null, role: 'system' as const, name: 'test', scopes: [] };
  return t.deps.db.transaction((tx) => recordPayment(tx, t.deps.clock, actor, household, { householdId, amountFen: 500, currency: 'CNY' }, { channel: 'counter' }));
}

describe('receipt numbers after the payment commits', () => {
  it('a payment answers with its numbered receipt; a replay of its key answers the same number', async () => {
    const hh = await place.household();
    await billSeason(t, '2026-27');
    const key = randomUUID();
    const first = await pay(hh.id, 1_000, key);
    expect(first.statusCode).toBe(201);
    expect(first.json().receipt.receiptNo).toMatch(new RegExp(`^${place.branch.code}-2026-\\d{7}$`));
    const replay = await pay(hh.id, 1_000, key);
    expect(replay.json().receipt).toEqual(first.json().receipt);
  });

  it('a receipt left waiting is numbered by the sweep, and the numbers stay gap-free around it', async () => {
    const hh = await place.household();
    await billSeason(t, '2026-27');
    const before = seqOf((await pay(hh.id)).json().receipt.receiptNo);
    const waiting = await paymentWithoutNumbering(hh.id);
    expect(waiting.receipt.receiptNo).toBeNull();
    const [row] = await queryRows<{ receipt_no: string | null }>(t.deps.db, sql`SELECT receipt_no FROM receipts WHERE id = ${waiting.receipt.id}`);
    expect(row!.receipt_no).toBeNull();

    expect(await receiptNumberingJob(t.deps, {} as JobRow)).toEqual({ numbered: 1 });
    const [swept] = await queryRows<{ receipt_no: string }>(t.deps.db, sql`SELECT receipt_no FROM receipts WHERE id = ${waiting.receipt.id}`);
    expect(seqOf(swept!.receipt_no)).toBe(before + 1);
    expect(seqOf((await pay(hh.id)).json().receipt.receiptNo)).toBe(before + 2);
    expect(await receiptNumberingJob(t.deps, {} as JobRow)).toEqual({ numbered: 0 });
  });

  it('a reader never sees a waiting receipt: the list and the receipt page number it first', async () => {
    const hh = await place.household();
    await billSeason(t, '2026-27');
    const waiting = await paymentWithoutNumbering(hh.id);
    const list = (await clerk.get(`/api/billing/households/${hh.id}/receipts`)).json();
    expect(list.receipts).toEqual([expect.objectContaining({ id: waiting.receipt.id, receiptNo: expect.stringMatching(/-2026-\d{7}$/) })]);
    const second = await paymentWithoutNumbering(hh.id);
    const detail = (await clerk.get(`/api/billing/receipts/${second.receipt.id}`)).json();
    expect(seqOf(detail.receipt.receiptNo)).toBe(seqOf(list.receipts[0].receiptNo) + 1);
  });

  it("the year of a receipt is the business year in the city's zone: 01:00 on New Year's Day in Zhengzhou is 2027", async () => {
    const hh = await place.household();
    await billSeason(t, '2026-27');
    t.clock.set('2026-12-31T17:00:00.000Z');
    clerk = await t.loginAs('clerk', [{ kind: 'branch', refId: place.branch.id }]); // the earlier session has expired
    const paid = await pay(hh.id);
    expect(paid.json().receipt.receiptNo).toBe(`${place.branch.code}-2027-0000001`);
    const [counter] = await queryRows<{ next: number }>(t.deps.db, sql`SELECT next FROM receipt_counters WHERE branch_id = ${place.branch.id} AND year = 2027`);
    expect(counter!.next).toBe(2);
  });
});
