/**
 * The benchmark city: 1,300,000 households (Zhengzhou scale) in a PostgreSQL database of its own,
 * generated once by the same demo generator as `npm run cli -- demo --households N` and reused by
 * later benchmarks (BENCH_CITY_HOUSEHOLDS changes the size; BENCH_FRESH=1 rebuilds it).
 */
import { sql } from 'drizzle-orm';
import { systemClock } from '../server/kernel/clock.ts';
import { migrateDatabase, openPostgres, queryRows } from '../server/kernel/db.ts';
import type { Deps } from '../server/kernel/deps.ts';
import { silentLogger } from '../server/kernel/logger.ts';
import { outboxNotifier } from '../server/kernel/notify.ts';
import { ensureShippedRulebooks } from '../server/modules/rulebook/index.ts';
import { seedDemo } from '../server/seed/demo.ts';
import { databaseExists, dbUrl, freshDatabase } from './lib.ts';

export const CITY_HOUSEHOLDS = Number(process.env.BENCH_CITY_HOUSEHOLDS || 1_300_000);
/** BENCH_CITY_DB names a copy to use instead (several people benchmarking on one machine each keep their own). */
export const CITY_DB = process.env.BENCH_CITY_DB || `hs_bench_city_${CITY_HOUSEHOLDS}`;

export async function householdCount(url: string): Promise<number> {
  const database = openPostgres(url, 1);
  try {
    const [row] = await queryRows<{ n: number }>(database.db, sql`SELECT count(*)::int AS n FROM households`);
    return row?.n ?? 0;
  } catch {
    return 0;
  } finally {
    await database.close();
  }
}

/** URL of the benchmark city, building it first when it is missing or incomplete. */
export async function benchCity(): Promise<string> {
  const url = dbUrl(CITY_DB);
  if (!process.env.BENCH_FRESH && (await databaseExists(CITY_DB)) && (await householdCount(url)) === CITY_HOUSEHOLDS) {
    console.log(`using the existing benchmark city ${CITY_DB}`);
    return url;
  }
  await freshDatabase(CITY_DB);
  const database = openPostgres(url, 4);
  const deps: Deps = { db: database.db, dbKind: 'postgres', clock: systemClock, notifier: outboxNotifier(systemClock, silentLogger), log: silentLogger };
  const started = Date.now();
  await migrateDatabase(database);
  await ensureShippedRulebooks(deps);
  let last = 0;
  await seedDemo(deps, {
    households: CITY_HOUSEHOLDS,
    onProgress: (done) => {
      if (done - last >= 100_000 || done === CITY_HOUSEHOLDS) {
        last = done;
        process.stdout.write(`\rgenerating the benchmark city: ${done.toLocaleString()} / ${CITY_HOUSEHOLDS.toLocaleString()} households`);
      }
    },
  });
  await database.db.execute(sql`VACUUM ANALYZE`);
  await database.close();
  console.log(`\nbenchmark city of ${CITY_HOUSEHOLDS.toLocaleString()} households built in ${((Date.now() - started) / 1000).toFixed(0)} s`);
  return url;
}
