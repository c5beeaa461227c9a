/**
 * `npm run bench:forecast` — the vacuum forecast (compounds whose tenure ends within 60 days with
 * no successor, ranked by season days covered) and the branch dashboard over the 1.3 M-household
 * city, through the real HTTP API as a clerk would call it. Target (issue #3): ≤ 500 ms.
 */
import { sql } from 'drizzle-orm';
import { systemClock } from '../server/kernel/clock.ts';
import { openPostgres, queryRows } from '../server/kernel/db.ts';
import { forecast, vacuumNow } from '../server/modules/tenure/index.ts';
import { benchCity } from './city.ts';
import { report, startServer } from './lib.ts';
import { signInStaff } from './residents.ts';

const url = await benchCity();
// The demo city's ordinary tenures are open-ended; for a forecast worth measuring, one compound in
// ten gets a tenure ending within the next 60 days with no successor (bench database only).
const database = openPostgres(url, 1);
await database.db.execute(sql`UPDATE tenures SET ends_on = current_date + 1 + (id % 59)
  WHERE id % 10 = 0 AND ends_on IS NULL AND starts_on < current_date`);
const [atRisk] = await queryRows<{ n: number }>(database.db, sql`SELECT count(*)::int AS n FROM tenures WHERE ends_on > current_date AND ends_on <= current_date + 60`);

/** Median and max of 7 timed runs (the first, cold one included). */
async function timed(run: () => Promise<number>): Promise<{ runs: number; medianMs: number; maxMs: number; items: number }> {
  const times: number[] = [];
  let items = 0;
  for (let i = 0; i < 7; i++) {
    const started = performance.now();
    items = await run();
    times.push(performance.now() - started);
  }
  times.sort((a, b) => a - b);
  return { runs: times.length, medianMs: Math.round(times[3]!), maxMs: Math.round(times[6]!), items };
}

// The whole city, every branch: the service called in-process as the dashboard job would.
const deps = { db: database.db, clock: systemClock };
const cityWide = [
  { path: 'forecast(), all branches, in-process', ...(await timed(async () => (await forecast(deps, { withinDays: 60 })).length)) },
  { path: 'vacuumNow(), all branches, in-process', ...(await timed(async () => (await vacuumNow(deps, {})).length)) },
];
await database.close();
const server = await startServer(url, { SIGN_IN_RATE_LIMIT_PER_MINUTE: '1000' });
try {
  // The bench city is seeded with the demo accounts (demo password).
  const { cookie } = await signInStaff(server.url, 'clerk');
  const rows = [...cityWide];
  // Through HTTP as the demo clerk (scoped to the demo branch), sign-in and JSON included.
  for (const path of ['/api/tenure/forecast?withinDays=60', '/api/tenure/dashboard']) {
    const stats = await timed(async () => {
      const res = await fetch(`${server.url}${path}`, { headers: { cookie } });
      const body = (await res.json()) as { items?: unknown[]; branches?: unknown[] };
      if (!res.ok) throw new Error(`${path}: ${res.status} ${JSON.stringify(body)}`);
      return (body.items ?? body.branches ?? []).length;
    });
    rows.push({ path: `GET ${path} (clerk, one branch)`, ...stats });
  }
  report('forecast', rows, [`${atRisk?.n ?? 0} tenures end within 60 days`, 'target: forecast ≤ 500 ms over all compounds of the 1.3 M-household city (median of 7 runs, first run included)']);
  process.exitCode = rows[0]!.maxMs <= 500 ? 0 : 1;
} finally {
  await server.stop();
}
