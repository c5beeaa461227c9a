/**
 * `npm run bench:settlement` — the season settlement run (issue #7) of the whole 1.3 M-household
 * city: every household with a non-compliance period gets its statement day by day and a credit
 * note in billing, through the real service as the settlement page calls it. Target: ≤ 60 s.
 * Same-run baseline: one raw INSERT … SELECT of as many statement rows as the run writes, rolled
 * back. Then a second run, which must credit nothing.
 */
import { sql } from 'drizzle-orm';
import { systemActor } from '../server/kernel/actor.ts';
import { systemClock } from '../server/kernel/clock.ts';
import { queryRows } from '../server/kernel/db.ts';
import type { Deps } from '../server/kernel/deps.ts';
import { silentLogger } from '../server/kernel/logger.ts';
import { outboxNotifier } from '../server/kernel/notify.ts';
import { runSettlement } from '../server/modules/temperature/index.ts';
import { report } from './lib.ts';
import { SEASON, temperatureCity } from './temperature-city.ts';

const { database } = await temperatureCity();
const deps: Deps = { db: database.db, dbKind: 'postgres', clock: systemClock, notifier: outboxNotifier(systemClock, silentLogger), log: silentLogger };
const actor = { ...systemActor, role: 'admin' as const, name: 'bench' };

// Earlier runs' statements and credits are removed so the run does its whole work again (the
// season's bills here are temperature-city's fixtures; their ledger lines of earlier runs stay).
await database.db.execute(sql`DELETE FROM temperature_reduction_days WHERE season = ${SEASON}`);
await database.db.execute(sql`DELETE FROM temperature_credits WHERE season = ${SEASON}`);
await database.db.execute(sql`DELETE FROM credit_notes WHERE source_ref LIKE ${`temperature-guarantee:${SEASON}:%`}`);
await database.db.execute(sql`UPDATE bills SET paid_fen = 0 WHERE season = ${SEASON} AND paid_fen <> 0`);

const first = performance.now();
const run = await runSettlement(deps, actor, { season: SEASON, city: 'zhengzhou' });
const firstMs = performance.now() - first;
const [written] = await queryRows<{ n: number }>(database.db, sql`SELECT count(*)::int AS n FROM temperature_reduction_days WHERE season = ${SEASON}`);

const again = performance.now();
const second = await runSettlement(deps, actor, { season: SEASON, city: 'zhengzhou' });
const secondMs = performance.now() - again;

const base = performance.now();
class Rollback extends Error {}
await database.db
  .transaction(async (tx) => {
    await tx.execute(sql`CREATE TEMP TABLE baseline_days (LIKE temperature_reduction_days INCLUDING INDEXES) ON COMMIT DROP`);
    await tx.execute(sql`INSERT INTO baseline_days SELECT * FROM temperature_reduction_days WHERE season = ${SEASON}`);
    throw new Rollback();
  })
  .catch((err: unknown) => {
    if (!(err instanceof Rollback)) throw err;
  });
const baseMs = performance.now() - base;

report('settlement', [
  { step: 'baseline: raw INSERT … SELECT of the statement rows (temp table, same index)', seconds: +(baseMs / 1000).toFixed(2), rows: written!.n, ratio: 1 },
  { step: `settlement run: ${run.households.toLocaleString()} households, ${run.creditNotes.toLocaleString()} credit notes, ${run.skipped.length} skipped`, seconds: +(firstMs / 1000).toFixed(2), rows: written!.n, ratio: Math.round(firstMs / baseMs) },
  { step: `second run: ${second.creditNotes} credit notes, ¥${second.creditedFen / 100}`, seconds: +(secondMs / 1000).toFixed(2), rows: written!.n, ratio: Math.round(secondMs / baseMs) },
], [`credited ¥${(run.creditedFen / 100).toLocaleString()} in the first run`, 'target: season settlement run ≤ 60 s']);
await database.close();
process.exitCode = firstMs <= 60_000 && second.creditNotes === 0 ? 0 : 1;
