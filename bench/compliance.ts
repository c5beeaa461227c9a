/**
 * `npm run bench:compliance` — the compliance picture (issue #7) of the whole 1.3 M-household city
 * with its 2,876 stations and one season of readings (≥ 2,000,000 rows), through the real HTTP API
 * as an admin sees it, at each level. Target: ≤ 2 s. Same-run baseline: the bare scans the
 * summary cannot avoid (every household with its building and compound, and the recent readings),
 * as raw SQL on the same database.
 */
import { sql } from 'drizzle-orm';
import { queryRows } from '../server/kernel/db.ts';
import { report, startServer } from './lib.ts';
import { signInStaff } from './residents.ts';
import { temperatureCity } from './temperature-city.ts';

const { url, database } = await temperatureCity();
const [sizes] = await queryRows<{ households: number; stations: number; readings: number; periods: number }>(
  database.db,
  sql`SELECT (SELECT count(*) FROM households)::int AS households, (SELECT count(*) FROM stations)::int AS stations,
             (SELECT count(*) FROM temperature_readings)::int AS readings, (SELECT count(*) FROM noncompliance_periods)::int AS periods`,
);

/** Median and max of 5 timed runs (the first, cold one included). */
async function timed(run: () => Promise<number>): Promise<{ medianMs: number; maxMs: number; rows: number }> {
  const times: number[] = [];
  let rows = 0;
  for (let i = 0; i < 5; i++) {
    const started = performance.now();
    rows = await run();
    times.push(performance.now() - started);
  }
  times.sort((a, b) => a - b);
  return { medianMs: Math.round(times[2]!), maxMs: Math.round(times[4]!), rows };
}

const baseline = await timed(async () => {
  const [row] = await queryRows<{ n: number }>(
    database.db,
    sql`SELECT (SELECT count(*) FROM households h JOIN buildings b ON b.id = h.building_id JOIN compounds c ON c.id = b.compound_id)
             + (SELECT count(*) FROM temperature_readings WHERE measured_at >= now() - interval '3 days') AS n`,
  );
  return Number(row!.n);
});
await database.close();

const server = await startServer(url, { SIGN_IN_RATE_LIMIT_PER_MINUTE: '1000' });
try {
  // The bench city is seeded with the demo accounts (demo password).
  const { cookie } = await signInStaff(server.url, 'admin');
  const rows: object[] = [{ path: 'baseline: raw scans (households × buildings × compounds, readings of 3 days)', ...baseline, ratio: 1 }];
  let worst = 0;
  for (const path of ['/api/temperature/compliance?level=station', '/api/temperature/compliance?level=compound', '/api/temperature/compliance?level=grid', '/api/temperature/compliance?level=building', '/api/temperature/season-chart']) {
    const stats = await timed(async () => {
      const res = await fetch(`${server.url}${path}`, { headers: { cookie } });
      const body = (await res.json()) as { rows?: unknown[]; days?: unknown[] };
      if (!res.ok) throw new Error(`${path}: ${res.status} ${JSON.stringify(body)}`);
      return (body.rows ?? body.days ?? []).length;
    });
    if (path.includes('compliance')) worst = Math.max(worst, stats.maxMs);
    rows.push({ path: `GET ${path} (admin, whole city)`, ...stats, ratio: Math.round((stats.medianMs / baseline.medianMs) * 100) / 100 });
  }
  report('compliance', rows, [
    `${sizes!.households.toLocaleString()} households, ${sizes!.stations.toLocaleString()} stations, ${sizes!.readings.toLocaleString()} readings, ${sizes!.periods.toLocaleString()} non-compliance periods`,
    'target: compliance summary ≤ 2 s (median of 5 runs, first included; worst of the levels)',
  ]);
  process.exitCode = worst <= 2_000 ? 0 : 1;
} finally {
  await server.stop();
}
