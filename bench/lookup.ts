/**
 * `npm run bench:lookup` — the public "my steward" lookup by account number against the
 * 1.3 M-household city: autocannon, 10 connections, random existing account numbers, beside a bare
 * `SELECT 1` endpoint measured in the same run. Targets (issue #3): p99 ≤ 20 ms, ratio ≥ 0.5.
 */
import { sql } from 'drizzle-orm';
import { openPostgres, queryRows } from '../server/kernel/db.ts';
import { benchCity, CITY_HOUSEHOLDS } from './city.ts';
import type { Request } from 'autocannon';
import { load, report, startServer } from './lib.ts';

const url = await benchCity();
const database = openPostgres(url, 1);
// A random sample of real account numbers, so every request hits a different household.
const accounts = (await queryRows<{ account_no: string }>(database.db, sql`SELECT account_no FROM households TABLESAMPLE SYSTEM (1) LIMIT 20000`)).map((r) => r.account_no);
await database.close();
const pick = () => accounts[Math.floor(Math.random() * accounts.length)]!;

const server = await startServer(url);
try {
  const lookup = (req: Request) => ({ ...req, path: `/api/public/steward?accountNo=${pick()}` });
  await load('warm-up', { url: server.url, duration: 5, requests: [{ setupRequest: lookup }] });
  // Baseline before AND after, their mean compared: on a shared machine a burst of other work
  // during one window otherwise decides the ratio.
  const before = await load('bare SELECT 1 (before)', { url: `${server.url}/api/bench/select1`, duration: 10 });
  const result = await load('steward lookup by account number', { url: server.url, duration: 15, requests: [{ setupRequest: lookup }] });
  const after = await load('bare SELECT 1 (after)', { url: `${server.url}/api/bench/select1`, duration: 10 });
  const baselineRate = (before.requestsPerSec + after.requestsPerSec) / 2;
  const ratio = result.requestsPerSec / baselineRate;
  report('lookup', [before, result, after], [
    `${CITY_HOUSEHOLDS.toLocaleString()} households, ${accounts.length} sampled account numbers`,
    `ratio lookup / mean SELECT 1 (${Math.round(baselineRate)} req/s) = ${ratio.toFixed(2)} (target ≥ 0.5); p99 ${result.p99Ms} ms (target ≤ 20 ms)`,
    result.non2xx + result.errors === 0 ? 'no errors' : `ERRORS: ${result.non2xx} non-2xx, ${result.errors} errors`,
  ]);
  process.exitCode = ratio >= 0.5 && result.p99Ms <= 20 && result.non2xx === 0 ? 0 : 1;
} finally {
  await server.stop();
}
