import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemActor } from '../../kernel/actor.ts';
import { queryRows } from '../../kernel/db.ts';
import type { TestApp } from '../../test/test-app.ts';
import { seasonBill, type Rules } from '../rulebook/index.ts';
import { shippedRulebooks } from '../rulebook/rules/index.ts';
import { processNextBatch, startBillRun } from './bill-run.service.ts';
import { pricedHouseholds, pricingOf } from './bill-run.sql.ts';
import { checkLedger } from './ledger.ts';
import { billSeason, billingTestApp, countRows, makePlace } from './billing.test-kit.ts';

let t: TestApp;
beforeAll(async () => {
  t = await billingTestApp();
});
afterAll(() => t.close());

/** A small deterministic PRNG, so a failure can be reproduced from the seed in its message. */
function prng(seed: number) {
  let s = seed >>> 0;
  return (n: number) => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s % n;
  };
}

const cm2ToM2 = (cm2: number) => `${Math.floor(cm2 / 100)}.${String(cm2 % 100).padStart(2, '0')}`;

describe('SQL pricing agrees with the rulebook', () => {
  it('on 400 random households under random rule numbers (same half-up rounding, once per bill)', async () => {
    const seed = 20261115;
    const rand = prng(seed);
    const place = await makePlace(t);
    const made: { id: number; hh: Parameters<typeof seasonBill>[1] }[] = [];
    for (let i = 0; i < 400; i++) {
      const gross = 1 + rand(2_000_000); // up to 20,000 m²
      const interior = rand(3) === 0 ? rand(gross) : null;
      const customerType = rand(4) === 0 ? 'nonResidential' : 'residential';
      const status = (['heating', 'heating', 'suspended', 'disconnected'] as const)[rand(4)]!;
      const metered = rand(3) === 0;
      const row = await place.household({
        grossAreaM2: cm2ToM2(gross),
        interiorAreaM2: interior === null ? null : cm2ToM2(interior),
        customerType,
        status,
        hasHeatMeter: metered,
      });
      made.push({ id: row.id, hh: { customerType, status, grossAreaCm2: gross, interiorAreaCm2: interior, ...(metered && { metered: { kwh: 0 } }) } });
    }
    const ids = made.map((m) => m.id);
    for (let round = 0; round < 5; round++) {
      const base = shippedRulebooks.zhengzhou!;
      const rules: Rules = {
        ...base,
        billingArea: { ...base.billingArea, grossAreaPercent: 50 + rand(51) },
        suspension: { ...base.suspension, basicFeePercent: rand(101) },
        season: { ...base.season, billedDays: 100 + rand(60) },
        tariffs: {
          ...base.tariffs,
          residential: { dailyPerM2YuanE4: 1 + rand(5000), metered: { basicPerM2SeasonYuanE4: 1 + rand(200_000), perKwhYuanE4: 2170 } },
          nonResidential: { dailyPerM2YuanE4: 1 + rand(9000), metered: { basicPerM2SeasonYuanE4: 1 + rand(300_000), perKwhYuanE4: 2170 } },
        },
      };
      const pricing = pricingOf('zhengzhou', 1, rules, '2026-27');
      const rows = await queryRows<{ household_id: number; amount_fen: string; basis: string; area: string }>(
        t.deps.db,
        pricedHouseholds([pricing], { fromId: Math.min(...ids) - 1, toId: Math.max(...ids) }),
      );
      expect(rows).toHaveLength(400);
      const byId = new Map(rows.map((r) => [r.household_id, r]));
      for (const m of made) {
        const expected = seasonBill(rules, m.hh, '2026-27');
        const got = byId.get(m.id)!;
        const where = `seed ${seed} round ${round} household ${JSON.stringify(m.hh)}`;
        expect(Number(got.amount_fen), where).toBe(expected.fen);
        expect(got.basis, where).toBe(expected.basis);
        expect(Number(got.area), where).toBe(expected.billingAreaCm2);
      }
    }
  });
});

describe('season bill run', () => {
  it('bills every household once, posts balanced journals, and a re-run adds only missing bills', async () => {
    const zz = await makePlace(t, 'zhengzhou');
    const xa = await makePlace(t, 'xian');
    const heated = await zz.household({ grossAreaM2: '100.00', interiorAreaM2: '80.00' });
    const noInterior = await zz.household({ grossAreaM2: '100.00', interiorAreaM2: null });
    const shop = await zz.household({ grossAreaM2: '50.00', interiorAreaM2: '50.00', customerType: 'nonResidential' });
    const metered = await zz.household({ grossAreaM2: '100.00', interiorAreaM2: '100.00', hasHeatMeter: true });
    const suspendedXa = await xa.household({ grossAreaM2: '100.00', interiorAreaM2: '100.00', status: 'suspended' });
    const off = await zz.household({ status: 'disconnected' });

    const run = await billSeason(t, '2026-27', 150);
    expect(run.status).toBe('done');
    const bills = await queryRows<{ household_id: number; amount_fen: string; basis: string }>(
      t.deps.db,
      sql`SELECT household_id, amount_fen, basis FROM bills WHERE season = '2026-27'`,
    );
    const fenOf = (id: number) => Number(bills.find((b) => b.household_id === id)!.amount_fen);
    expect(fenOf(heated.id)).toBe(182_400); // 80 m² × 0.19 × 120
    expect(fenOf(noInterior.id)).toBe(205_200); // 90 m² × 0.19 × 120
    expect(fenOf(shop.id)).toBe(168_000); // 50 m² × 0.28 × 120
    expect(fenOf(metered.id)).toBe(68_400); // basic part only: 100 m² × 6.84
    expect(fenOf(suspendedXa.id)).toBe(68_400); // Xi'an: 30 % of 100 m² × 0.19 × 120
    expect(fenOf(off.id)).toBe(0);
    const billCount = await countRows(t, 'bills');
    expect(run.billsCreated).toBe(billCount);
    expect(run.processedHouseholds).toBe(run.totalHouseholds);

    const check = await checkLedger(t.deps.db);
    expect(check).toMatchObject({ balanced: true, householdsOutOfStep: [], unbalancedTransactions: [], billRunsOutOfStep: [], branchesOutOfStep: [] });
    expect(check.debitFen).toBe(bills.reduce((s, b) => s + Number(b.amount_fen), 0));
    // Per batch and branch one receivable debit and one revenue credit, never a line per household.
    const [shape] = await queryRows<{ other_shape: number; per_household: number; unnamed: number }>(
      t.deps.db,
      sql`SELECT (SELECT count(*)::int FROM journal_transactions j WHERE j.kind = 'bill_run'
                     AND (SELECT count(*) FROM journal_entries e WHERE e.transaction_id = j.id)
                      <> 2 * (SELECT count(DISTINCT branch_id) FROM bills b WHERE b.journal_transaction_id = j.id)) AS other_shape,
                 (SELECT count(*)::int FROM ledger_accounts WHERE kind IN ('receivable', 'household_receivable') AND owner_id NOT IN (SELECT id FROM branches)) AS per_household,
                 (SELECT count(*)::int FROM bills WHERE amount_fen > 0 AND journal_transaction_id IS NULL) AS unnamed`,
    );
    expect(shape).toEqual({ other_shape: 0, per_household: 0, unnamed: 0 });

    // A household added later: a second run bills only it; the ledger grows by its bill alone.
    const late = await zz.household({ grossAreaM2: '10.00', interiorAreaM2: '10.00' });
    const again = await billSeason(t, '2026-27');
    expect(again.billsCreated).toBe(1);
    expect(await countRows(t, 'bills')).toBe(billCount + 1);
    const after = await checkLedger(t.deps.db);
    expect(after.debitFen).toBe(check.debitFen + 22_800);
    expect(after.balanced).toBe(true);
    expect(late.id).toBeGreaterThan(off.id);
  });

  it('resumes where it stopped: a second start returns the running run, batches continue from the cursor', async () => {
    const place = await makePlace(t);
    for (let i = 0; i < 5; i++) await place.household();
    const first = await startBillRun(t.deps, systemActor, { season: '2027-28', batchSize: 100 });
    const afterOne = await processNextBatch(t.deps, systemActor, first.run.id);
    expect(afterOne.processedHouseholds).toBe(100);
    // "the process died" — a new start finds the same run and carries on
    const second = await startBillRun(t.deps, systemActor, { season: '2027-28', batchSize: 100 });
    expect(second).toMatchObject({ resumed: true, run: { id: first.run.id, cursorHouseholdId: afterOne.cursorHouseholdId } });
    let run = afterOne;
    while (run.status !== 'done') run = await processNextBatch(t.deps, systemActor, first.run.id);
    expect(run.billsCreated).toBe(run.totalHouseholds);
    const [dupes] = await queryRows<{ n: number }>(
      t.deps.db,
      sql`SELECT count(*)::int AS n FROM (SELECT household_id FROM bills GROUP BY household_id, season HAVING count(*) > 1) d`,
    );
    expect(dupes!.n).toBe(0);
    expect((await checkLedger(t.deps.db)).balanced).toBe(true);
  });

  it('the ledger check traces every fen: a bill changed behind the ledger is found by household, bill-run journal and branch', async () => {
    const place = await makePlace(t);
    const hh = await place.household({ grossAreaM2: '100.00', interiorAreaM2: '100.00' });
    await billSeason(t, '2028-29');
    const [bill] = await queryRows<{ id: number; branch_id: number; journal_transaction_id: number }>(
      t.deps.db,
      sql`SELECT id, branch_id, journal_transaction_id FROM bills WHERE household_id = ${hh.id} AND season = '2028-29'`,
    );
    expect((await checkLedger(t.deps.db)).balanced).toBe(true);
    await t.deps.db.execute(sql`UPDATE bills SET amount_fen = amount_fen + 1 WHERE id = ${bill!.id}`);
    try {
      expect(await checkLedger(t.deps.db)).toMatchObject({
        balanced: false,
        householdsOutOfStep: [],
        billRunsOutOfStep: [bill!.journal_transaction_id],
        branchesOutOfStep: [bill!.branch_id],
      });
      await t.deps.db.execute(sql`UPDATE bills SET amount_fen = amount_fen - 1, paid_fen = paid_fen + 1 WHERE id = ${bill!.id}`);
      expect(await checkLedger(t.deps.db)).toMatchObject({ balanced: false, householdsOutOfStep: [hh.id], branchesOutOfStep: [bill!.branch_id] });
    } finally {
      await t.deps.db.execute(sql`UPDATE bills SET paid_fen = paid_fen - 1 WHERE id = ${bill!.id}`);
    }
    expect((await checkLedger(t.deps.db)).balanced).toBe(true);
  });

  it('the database refuses an unbalanced journal and any change to posted lines', async () => {
    await expect(
      t.deps.db.transaction(async (tx) => {
        const [j] = await queryRows<{ id: number }>(tx, sql`INSERT INTO journal_transactions (kind, memo, posted_at) VALUES ('payment', 'x', now()) RETURNING id`);
        await tx.execute(sql`INSERT INTO ledger_accounts (kind, owner_id) VALUES ('revenue', 999999) ON CONFLICT DO NOTHING`);
        await tx.execute(sql`INSERT INTO journal_entries (transaction_id, account_id, debit_fen) SELECT ${j!.id}, id, 100 FROM ledger_accounts WHERE owner_id = 999999`);
      }),
    ).rejects.toThrow();
    await expect(t.deps.db.execute(sql`UPDATE journal_entries SET debit_fen = debit_fen + 1`)).rejects.toThrow();
    await expect(t.deps.db.execute(sql`DELETE FROM journal_entries`)).rejects.toThrow();
    expect((await checkLedger(t.deps.db)).balanced).toBe(true);
  });
});
