/**
 * `npm run bench:bills` — the season bill run (issue #5) for the 1.3 M-household city, with the
 * real service as the CLI runs it (`bills run --season 2026-27`: batches, journal, audit), on a
 * copy of the benchmark city (CREATE DATABASE … TEMPLATE, then the tree's migrations).
 * Same-run baseline: ONE raw `INSERT INTO bills … SELECT` of the same priced rows (the run's own
 * pricing SELECT over every household) into the same table with the same indexes, timed and
 * rolled back. The run then goes in batches (bills and their per-branch journal in one statement). Targets: ≤ 30 s for 1.3 M households and ≤ 2× the raw insert.
 * BENCH_BILLS_BATCH sets the batch size (default: the service's); BENCH_LOG_SQL=ms logs slow SQL.
 */
import os from 'node:os';
import { sql } from 'drizzle-orm';
import { systemActor } from '../server/kernel/actor.ts';
import { systemClock } from '../server/kernel/clock.ts';
import { queryRows } from '../server/kernel/db.ts';
import { silentLogger } from '../server/kernel/logger.ts';
import { billRuns, checkLedger, runBillBatches, startBillRun } from '../server/modules/billing/index.ts';
import { pricedHouseholds, pricingOf, type CityPricing } from '../server/modules/billing/bill-run.sql.ts';
import { rulesFor } from '../server/modules/rulebook/index.ts';
import { copyCity, SEASON } from './billed.ts';
import { CITY_HOUSEHOLDS } from './city.ts';
import { report } from './lib.ts';

/** Its own copy, so the payment benchmarks can keep using hs_bench_bills meanwhile. */
const RUN_DB = 'hs_bench_billrun';
const TIME_TARGET_S = 30;
const RATIO_TARGET = 2;
/** Thrown to roll the baseline's transaction back. */
class RollBack extends Error {}
const load1 = () => os.loadavg().map((n) => n.toFixed(1)).join(' / ');

const loadAtStart = load1();
let started = performance.now();
const database = await copyCity(RUN_DB);
const deps = { db: database.db, clock: systemClock, log: silentLogger };
console.log(`copied the city into ${RUN_DB} in ${((performance.now() - started) / 1000).toFixed(1)} s`);

try {
  // Baseline: the same rows in one INSERT … SELECT, rolled back (so the run below starts clean).
  const cities = await queryRows<{ city: string }>(database.db, sql`SELECT DISTINCT city FROM branches ORDER BY city`);
  const pricing: CityPricing[] = [];
  for (const { city } of cities) {
    const { versionId, rules } = await rulesFor(database.db, city, systemClock.now());
    pricing.push(pricingOf(city, versionId, rules, SEASON));
  }
  const [extent] = await queryRows<{ last: number }>(database.db, sql`SELECT max(id) AS last FROM households`);
  const range = { fromId: 0, toId: extent!.last, season: SEASON };
  const loadBeforeRaw = load1();
  started = performance.now();
  let rawRows = 0;
  await database.db
    .transaction(async (tx) => {
      const [holder] = await tx
        .insert(billRuns)
        .values({ season: SEASON, status: 'running', ruleVersions: {}, batchSize: 1, lastHouseholdId: range.toId, totalHouseholds: 0, startedAt: new Date() })
        .returning({ id: billRuns.id });
      const [row] = await queryRows<{ n: number }>(
        tx,
        sql`WITH ins AS (
              INSERT INTO bills (household_id, season, branch_id, bill_run_id, rulebook_version_id, basis, billing_area_cm2, billed_days, amount_fen, created_at)
              SELECT p.household_id, ${SEASON}, p.branch_id, ${holder!.id}, p.version_id, p.basis, p.area::bigint, p.days::int, p.amount_fen, now()
                FROM (${pricedHouseholds(pricing, range)}) p
              RETURNING 1)
            SELECT count(*)::int AS n FROM ins`,
      );
      rawRows = row!.n;
      throw new RollBack();
    })
    .catch((err: unknown) => {
      if (!(err instanceof RollBack)) throw err;
    });
  const rawSeconds = (performance.now() - started) / 1000;
  console.log(`raw INSERT … SELECT of ${rawRows.toLocaleString()} bills: ${rawSeconds.toFixed(1)} s (rolled back); load ${load1()}`);
  await database.db.execute(sql`VACUUM ANALYZE bills`);

  // The real run, as `npm run cli -- bills run --season 2026-27` does it.
  const loadBeforeRun = load1();
  started = performance.now();
  const { run } = await startBillRun(deps, systemActor, { season: SEASON, ...(process.env.BENCH_BILLS_BATCH && { batchSize: Number(process.env.BENCH_BILLS_BATCH) }) });
  let batches = 0;
  const done = await runBillBatches(deps, systemActor, run.id, (r) => {
    batches += 1;
    if (batches % 20 === 0) console.log(`bill run: ${r.processedHouseholds.toLocaleString()} / ${r.totalHouseholds.toLocaleString()} households after ${((performance.now() - started) / 1000).toFixed(1)} s, load ${load1()}`);
  });
  const runSeconds = (performance.now() - started) / 1000;
  const loadAfterRun = load1();

  started = performance.now();
  const ledger = await checkLedger(database.db);
  const checkSeconds = (performance.now() - started) / 1000;
  const [bills] = await queryRows<{ n: number; fen: string }>(database.db, sql`SELECT count(*)::int AS n, coalesce(sum(amount_fen), 0)::text AS fen FROM bills WHERE season = ${SEASON}`);
  const ratio = runSeconds / rawSeconds;
  const met = runSeconds <= TIME_TARGET_S && ratio <= RATIO_TARGET;
  report('bills', [
    { what: `raw INSERT … SELECT of the same rows (rolled back)`, rows: rawRows, seconds: +rawSeconds.toFixed(1), rowsPerSec: Math.round(rawRows / rawSeconds) },
    { what: `bill run ${SEASON} (service, batch ${done.batchSize}, ${batches} batches)`, rows: done.billsCreated, seconds: +runSeconds.toFixed(1), rowsPerSec: Math.round(done.billsCreated / runSeconds) },
  ], [
    `${CITY_HOUSEHOLDS.toLocaleString()} households; ${bills!.n.toLocaleString()} bills of ${SEASON}, ${(Number(bills!.fen) / 100).toLocaleString()} 元 in all`,
    `ratio run / raw insert = ${ratio.toFixed(2)} (target ≤ ${RATIO_TARGET}); run ${runSeconds.toFixed(1)} s (target ≤ ${TIME_TARGET_S} s) → ${met ? 'met ✅' : 'NOT met ❌'}`,
    `ledger after the run: debits ${ledger.debitFen} = credits ${ledger.creditFen}: ${ledger.balanced ? 'balanced, every bill-run line equals its bills, every branch receivable equals Σ (amount − paid) ✅' : `NOT balanced ❌ ${JSON.stringify(ledger).slice(0, 300)}`} (check ${checkSeconds.toFixed(1)} s)`,
    `load average (1/5/15 min): at start ${loadAtStart}, before the raw insert ${loadBeforeRaw}, before the run ${loadBeforeRun}, after ${loadAfterRun}`,
  ]);
  process.exitCode = met && ledger.balanced && done.billsCreated === rawRows ? 0 : 1;
} finally {
  await database.close();
}
