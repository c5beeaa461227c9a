/**
 * Copies of the benchmark city for the money benchmarks: `copyCity` clones the 1.3 M-household
 * city (CREATE DATABASE … TEMPLATE) and applies the tree's migrations; `billedCity` is such a
 * copy with the season's bills already run (what bench:bills leaves behind, else made here with
 * the real bill-run service), for the payment benchmarks.
 */
import { sql } from 'drizzle-orm';
import pg from 'pg';
import { systemActor } from '../server/kernel/actor.ts';
import { systemClock } from '../server/kernel/clock.ts';
import { migrateDatabase, openPostgres, queryRows, type Database } from '../server/kernel/db.ts';
import { silentLogger } from '../server/kernel/logger.ts';
import { runBillBatches, startBillRun } from '../server/modules/billing/index.ts';
import { benchCity, CITY_DB } from './city.ts';
import { BENCH_BASE_URL, databaseExists, dbUrl } from './lib.ts';

export const SEASON = process.env.BENCH_SEASON || '2026-27';
export const BILLED_DB = 'hs_bench_bills';

/** A fresh copy of the benchmark city under `name`, migrated; BENCH_LOG_SQL=ms logs its slow SQL. */
export async function copyCity(name: string): Promise<Database> {
  await benchCity();
  const admin = new pg.Client({ connectionString: BENCH_BASE_URL });
  await admin.connect();
  try {
    await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await admin.query(`CREATE DATABASE ${name} TEMPLATE ${CITY_DB}`);
    if (process.env.BENCH_LOG_SQL) await admin.query(`ALTER DATABASE ${name} SET log_min_duration_statement = ${Number(process.env.BENCH_LOG_SQL)}`);
  } finally {
    await admin.end();
  }
  const database = openPostgres(dbUrl(name), 2);
  await migrateDatabase(database);
  return database;
}

async function seasonBills(url: string): Promise<number> {
  const database = openPostgres(url, 1);
  try {
    const [row] = await queryRows<{ n: number }>(database.db, sql`SELECT count(*)::int AS n FROM bills WHERE season = ${SEASON}`);
    return row?.n ?? 0;
  } catch {
    return 0;
  } finally {
    await database.close();
  }
}

/** URL of a copy of the city whose season bills are run (reusing bench:bills' copy when it has them). */
export async function billedCity(): Promise<string> {
  const url = dbUrl(BILLED_DB);
  if ((await databaseExists(BILLED_DB)) && (await seasonBills(url)) > 0) {
    console.log(`using ${BILLED_DB} (bills of ${SEASON} run)`);
    const database = openPostgres(url, 1);
    await migrateDatabase(database);
    await database.close();
    return url;
  }
  const database = await copyCity(BILLED_DB);
  const deps = { db: database.db, clock: systemClock, log: silentLogger };
  const started = performance.now();
  const { run } = await startBillRun(deps, systemActor, { season: SEASON });
  await runBillBatches(deps, systemActor, run.id);
  await database.db.execute(sql`VACUUM ANALYZE`);
  await database.close();
  console.log(`ran the ${SEASON} bills of the benchmark city in ${((performance.now() - started) / 1000).toFixed(0)} s`);
  return url;
}
