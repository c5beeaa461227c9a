import { randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryRows } from '../../kernel/db.ts';
import { MAX_FEN } from '../../kernel/money.ts';
import type { Client, TestApp } from '../../test/test-app.ts';
import { checkLedger } from './ledger.ts';
import { billSeason, billingTestApp, countRows, makePlace } from './billing.test-kit.ts';

let t: TestApp;
let place: Awaited<ReturnType<typeof makePlace>>;
let clerk: Client;
beforeAll(async () => {
  t = await billingTestApp();
  place = await makePlace(t);
});
afterAll(() => t.close());

const PAY = '/api/billing/payments/counter';
const pay = (c: Client, body: Record<string, unknown>, key: string = randomUUID()) => c.post(PAY, body, { 'idempotency-key': key });

/** A household with one 80 m² bill per named season (182,400 fen each). */
async function householdWithBills(...seasons: string[]) {
  const hh = await place.household({ grossAreaM2: '100.00', interiorAreaM2: '80.00' });
  for (const season of seasons) await billSeason(t, season);
  const bills = await queryRows<{ id: number; season: string }>(t.deps.db, sql`SELECT id, season FROM bills WHERE household_id = ${hh.id} ORDER BY season`);
  return { hh, bills };
}

async function moneyRows() {
  return {
    payments: await countRows(t, 'payments'),
    keys: await countRows(t, 'idempotency_keys'),
    entries: await countRows(t, 'journal_entries'),
    receipts: await countRows(t, 'receipts'),
    audit: await countRows(t, 'audit_log'),
  };
}

describe('counter payments', () => {
  beforeAll(async () => {
    clerk = await t.loginAs('clerk', [{ kind: 'branch', refId: place.branch.id }]);
  });

  it('pays the oldest bill first, takes partial payments, puts over-payment on credit, numbers receipts without gaps', async () => {
    const { hh, bills } = await householdWithBills('2025-26', '2026-27');
    const [old, current] = bills;
    const first = await pay(clerk, { householdId: hh.id, amountFen: 100_000, currency: 'CNY' });
    expect(first.statusCode).toBe(201);
    expect(first.json()).toMatchObject({ allocations: [{ billId: old!.id, season: '2025-26', amountFen: 100_000 }], creditFen: 0 });

    const second = await pay(clerk, { householdId: hh.id, amountFen: 100_000, currency: 'CNY' });
    expect(second.json().allocations).toEqual([
      { billId: old!.id, season: '2025-26', amountFen: 82_400 },
      { billId: current!.id, season: '2026-27', amountFen: 17_600 },
    ]);
    const third = await pay(clerk, { householdId: hh.id, amountFen: 200_000, currency: 'CNY', billId: current!.id, season: '2026-27' });
    expect(third.json()).toMatchObject({ allocations: [{ billId: current!.id, amountFen: 164_800 }], creditFen: 35_200 });

    const numbers = [first, second, third].map((r) => r.json().receipt.receiptNo as string);
    const seqs = numbers.map((n) => Number(n.split('-').pop()));
    expect(numbers[0]).toMatch(new RegExp(`^${place.branch.code}-2026-\\d{7}$`));
    expect(seqs).toEqual([seqs[0], seqs[0]! + 1, seqs[0]! + 2]);

    const view = (await clerk.get(`/api/billing/households/${hh.id}/bills`)).json();
    expect(view.creditFen).toBe(35_200);
    expect(view.bills.map((b: { balanceFen: number }) => b.balanceFen)).toEqual([0, 0]);
    const receipts = (await clerk.get(`/api/billing/households/${hh.id}/receipts`)).json();
    expect(receipts.receipts.map((r: { receiptNo: string }) => r.receiptNo).sort()).toEqual([...numbers].sort());
    expect(await checkLedger(t.deps.db)).toMatchObject({ balanced: true });
  });

  it('replays the same key and body, refuses the same key with another body, requires a key', async () => {
    const { hh } = await householdWithBills('2026-27');
    const key = randomUUID();
    const body = { householdId: hh.id, amountFen: 5_000, currency: 'CNY' };
    const a = await pay(clerk, body, key);
    const b = await pay(clerk, { currency: 'CNY', amountFen: 5_000, householdId: hh.id }, key); // same body, other key order
    expect(a.statusCode).toBe(201);
    expect(b.statusCode).toBe(201);
    expect(b.headers['idempotent-replayed']).toBe('true');
    expect(b.json()).toEqual(a.json());
    const before = await moneyRows();
    const c = await pay(clerk, { ...body, amountFen: 5_001 }, key);
    expect(c.statusCode).toBe(409);
    expect(c.json().error.code).toBe('idempotency_key_reused');
    const noKey = await clerk.post(PAY, body);
    expect(noKey.statusCode).toBe(400);
    expect(noKey.json().error.code).toBe('idempotency_key_required');
    expect(await moneyRows()).toEqual(before);
  });

  it('100 concurrent posts with one key make exactly one payment, all answered alike', async () => {
    const { hh } = await householdWithBills('2026-27');
    const key = randomUUID();
    const before = await moneyRows();
    const body = { householdId: hh.id, amountFen: 1_234, currency: 'CNY' };
    const answers = await Promise.all(Array.from({ length: 100 }, () => pay(clerk, body, key)));
    expect(answers.map((r) => r.statusCode)).toEqual(Array(100).fill(201));
    expect(new Set(answers.map((r) => r.json().paymentId)).size).toBe(1);
    const after = await moneyRows();
    expect(after.payments - before.payments).toBe(1);
    expect(after.receipts - before.receipts).toBe(1);
    expect(after.keys - before.keys).toBe(1);
  });

  it('100 concurrent different payments on one bill leave the ledger balanced and the bill at amount − payments', async () => {
    const { hh, bills } = await householdWithBills('2026-27');
    const answers = await Promise.all(
      Array.from({ length: 100 }, (_, i) => pay(clerk, { householdId: hh.id, amountFen: 1_000 + i, currency: 'CNY', billId: bills[0]!.id })),
    );
    expect(answers.map((r) => r.statusCode)).toEqual(Array(100).fill(201));
    const paid = answers.reduce((s, r) => s + (r.json().amountFen as number), 0);
    const [bill] = await queryRows<{ amount_fen: string; paid_fen: string }>(t.deps.db, sql`SELECT amount_fen, paid_fen FROM bills WHERE id = ${bills[0]!.id}`);
    expect(Number(bill!.paid_fen)).toBe(paid);
    // The bill's trail: raised by the bill-run journal it names, settled by the lines naming it.
    const [ledger] = await queryRows<{ settled: string; raised_by: string }>(
      t.deps.db,
      sql`SELECT (SELECT sum(credit_fen - debit_fen) FROM journal_entries WHERE bill_id = b.id)::text AS settled, t.kind AS raised_by
            FROM bills b JOIN journal_transactions t ON t.id = b.journal_transaction_id WHERE b.id = ${bills[0]!.id}`,
    );
    expect(ledger).toEqual({ settled: String(paid), raised_by: 'bill_run' });
    const check = await checkLedger(t.deps.db);
    expect(check).toMatchObject({ balanced: true, unbalancedTransactions: [], householdsOutOfStep: [] });
    const seqs = answers.map((r) => Number((r.json().receipt.receiptNo as string).split('-').pop())).sort((x, y) => x - y);
    expect(seqs[99]! - seqs[0]!).toBe(99); // 100 distinct consecutive numbers: no gap, no duplicate
    expect(new Set(seqs).size).toBe(100);
  });

  it('a bill raised by an older ledger (per-household receivable, a debit line naming the bill) is paid and still traced', async () => {
    const hh = await place.household();
    // The shape bill runs posted before migration 0015: the bill names no journal, its own debit line does.
    await t.deps.db.transaction(async (tx) => {
      const [run] = await queryRows<{ id: number }>(
        tx,
        sql`INSERT INTO bill_runs (season, status, rule_versions, batch_size, last_household_id, total_households, started_at)
            VALUES ('2024-25', 'done', '{}', 1, 0, 0, now()) RETURNING id`,
      );
      const [bill] = await queryRows<{ id: number }>(
        tx,
        sql`INSERT INTO bills (household_id, season, branch_id, bill_run_id, rulebook_version_id, basis, billing_area_cm2, billed_days, amount_fen, created_at)
            VALUES (${hh.id}, '2024-25', ${place.branch.id}, ${run!.id}, 1, 'area', 800000, 120, 50000, now()) RETURNING id`,
      );
      const [journal] = await queryRows<{ id: number }>(tx, sql`INSERT INTO journal_transactions (kind, memo, posted_at) VALUES ('bill_run', 'older ledger', now()) RETURNING id`);
      await tx.execute(sql`INSERT INTO ledger_accounts (kind, owner_id) VALUES ('household_receivable', ${hh.id}), ('revenue', ${place.branch.id}) ON CONFLICT DO NOTHING`);
      await tx.execute(sql`
        INSERT INTO journal_entries (transaction_id, account_id, debit_fen, credit_fen, bill_id)
        SELECT ${journal!.id}, id, CASE WHEN kind = 'household_receivable' THEN 50000 ELSE 0 END, CASE WHEN kind = 'revenue' THEN 50000 ELSE 0 END,
               CASE WHEN kind = 'household_receivable' THEN ${bill!.id}::int END
          FROM ledger_accounts WHERE (kind = 'household_receivable' AND owner_id = ${hh.id}) OR (kind = 'revenue' AND owner_id = ${place.branch.id})`);
    });
    expect((await checkLedger(t.deps.db)).balanced).toBe(true);
    const paid = await pay(clerk, { householdId: hh.id, amountFen: 20_000, currency: 'CNY', season: '2024-25' });
    expect(paid.statusCode).toBe(201);
    expect(await checkLedger(t.deps.db)).toMatchObject({ balanced: true, householdsOutOfStep: [], branchesOutOfStep: [] });
  });
});

describe('refused payments write nothing', () => {
  it.each([
    ['zero', { amountFen: 0 }, 400],
    ['negative', { amountFen: -100 }, 400],
    ['fractional fen', { amountFen: 12.5 }, 400],
    ['absurdly large', { amountFen: MAX_FEN + 1 }, 400],
    ['wrong currency', { currency: 'USD' }, 400],
    ['no currency', { currency: undefined }, 400],
    ['amount as text', { amountFen: '100' }, 400],
    ['unknown household', { householdId: 99_999_999 }, 404],
    ['a bill of another season', { season: '2025-26', useBill: true }, 422],
    ['a season with no bill', { season: '2019-20' }, 422],
    ['a bill of another household', { useOtherBill: true }, 422],
  ])('%s', async (_name, change, status) => {
    const { hh, bills } = await householdWithBills('2026-27');
    const other = await householdWithBills('2026-27');
    const { useBill, useOtherBill, ...over } = change as Record<string, unknown>;
    const body: Record<string, unknown> = {
      householdId: hh.id,
      amountFen: 1_000,
      currency: 'CNY',
      ...(useBill ? { billId: bills[0]!.id } : {}),
      ...(useOtherBill ? { billId: other.bills[0]!.id } : {}),
      ...over,
    };
    if (body.currency === undefined) delete body.currency;
    const before = await moneyRows();
    const res = await pay(clerk, body);
    expect(res.statusCode).toBe(status);
    expect(res.json().error.message).toBeTruthy();
    expect(await moneyRows()).toEqual(before);
  });

  it('a clerk of another branch and a resident may not take a payment', async () => {
    const { hh } = await householdWithBills('2026-27');
    const elsewhere = await makePlace(t);
    const otherClerk = await t.loginAs('clerk', [{ kind: 'branch', refId: elsewhere.branch.id }]);
    const resident = await t.loginAs('resident', [{ kind: 'household', refId: hh.id }]);
    const before = await moneyRows();
    expect((await pay(otherClerk, { householdId: hh.id, amountFen: 100, currency: 'CNY' })).statusCode).toBe(403);
    expect((await pay(resident, { householdId: hh.id, amountFen: 100, currency: 'CNY' })).statusCode).toBe(403);
    const after = await moneyRows();
    expect({ ...after, audit: 0 }).toEqual({ ...before, audit: 0 }); // sign-ins are audited; money rows are not touched
  });
});
