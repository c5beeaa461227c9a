/**
 * `npm run bench:payments` — payment posting (issue #5) on the billed 1.3 M-household city:
 * counter payments by the demo clerk (households of the clerk's branch) and agent payments by the
 * demo property company (households of compounds in its collecting tenure), autocannon 10
 * connections each, every request with its own Idempotency-Key and a household with an unpaid
 * bill, beside the bare one-row insert endpoint of the same run. Afterwards every 2xx must be one
 * payment row and the ledger must balance. Targets: ≥ 800 payments/s, p99 ≤ 100 ms.
 */
import os from 'node:os';
import { randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import type { Request } from 'autocannon';
import { openPostgres, queryRows, type Db } from '../server/kernel/db.ts';
import { checkLedger } from '../server/modules/billing/index.ts';
import { billedCity, SEASON } from './billed.ts';
import { load, report, startServer, withCpu, type LoadResult } from './lib.ts';
import { signInStaff, type Session } from './residents.ts';

const DURATION_S = Number(process.env.BENCH_PAYMENTS_SECONDS || 20);
const SAMPLE = 5000;
const load1 = () => os.loadavg().map((n) => n.toFixed(1)).join(' / ');

/** Households with at least 1 元 still owed on their season bill, within a scope of the given user. */
async function unpaidHouseholds(db: Db, username: string, scope: 'branch' | 'property_company'): Promise<number[]> {
  const inScope = scope === 'branch'
    ? sql`c.branch_id IN (SELECT s.ref_id FROM user_scopes s JOIN users u ON u.id = s.user_id WHERE u.username = ${username} AND s.kind = 'branch')`
    : sql`c.id IN (SELECT t.compound_id FROM tenures t JOIN user_scopes s ON s.kind = 'property_company' AND s.ref_id = t.property_company_id
                     JOIN users u ON u.id = s.user_id
                    WHERE u.username = ${username} AND t.collects_as_agent AND t.starts_on <= current_date AND (t.ends_on IS NULL OR t.ends_on > current_date))`;
  const rows = await queryRows<{ id: number }>(
    db,
    sql`SELECT b.household_id AS id FROM bills b JOIN households h ON h.id = b.household_id
          JOIN buildings bu ON bu.id = h.building_id JOIN compounds c ON c.id = bu.compound_id
         WHERE b.season = ${SEASON} AND b.amount_fen - b.paid_fen >= 100000 AND ${inScope}
         ORDER BY random() LIMIT ${SAMPLE}`,
  );
  return rows.map((r) => r.id);
}

function payments(session: Session, path: string, households: number[], keys: string[]) {
  return (req: Request) => {
    const key = randomUUID();
    keys.push(key);
    const householdId = households[Math.floor(Math.random() * households.length)]!;
    return {
      ...req,
      method: 'POST' as const,
      path,
      headers: { ...req.headers, cookie: session.cookie, 'x-csrf-token': session.csrf, 'idempotency-key': key },
      body: JSON.stringify({ householdId, amountFen: 100, currency: 'CNY', season: SEASON }),
    };
  };
}

const loadAtStart = load1();
const url = await billedCity();
const database = openPostgres(url, 2);
const counterHouseholds = await unpaidHouseholds(database.db, 'clerk', 'branch');
const agentHouseholds = await unpaidHouseholds(database.db, 'property', 'property_company');
const [before] = await queryRows<{ n: number }>(database.db, sql`SELECT count(*)::int AS n FROM payments`);
const server = await startServer(url, { SIGN_IN_RATE_LIMIT_PER_MINUTE: '1000' });
try {
  const clerk = await signInStaff(server.url, 'clerk');
  const agent = await signInStaff(server.url, 'property');
  const keys: string[] = [];
  const counter = payments(clerk, '/api/billing/payments/counter', counterHouseholds, keys);
  const warmUp = await load('warm-up', { url: server.url, duration: 5, requests: [{ setupRequest: counter }] });
  const loadBeforeRuns = load1();
  const baseline = await withCpu(server, () => load('bare one-row insert', { url: `${server.url}/api/bench/insert`, method: 'POST', body: '{}', duration: 15 }));
  const rows: LoadResult[] = [baseline];
  rows.push(await withCpu(server, () => load(`counter payments (clerk, ${counterHouseholds.length} households)`, { url: server.url, duration: DURATION_S, requests: [{ setupRequest: counter }] })));
  if (agentHouseholds.length > 0) {
    const agentPay = payments(agent, '/api/billing/payments/agent', agentHouseholds, keys);
    rows.push(await withCpu(server, () => load(`agent payments (property company, ${agentHouseholds.length} households)`, { url: server.url, duration: DURATION_S, requests: [{ setupRequest: agentPay }] })));
  }
  const loadAfterRuns = load1();

  // Every 2xx is exactly one payment, and the money adds up.
  const answered2xx = [warmUp, ...rows.slice(1)].reduce((n, r) => n + r.total - r.non2xx - r.errors, 0);
  const [after] = await queryRows<{ n: number; keyed: number }>(
    database.db,
    sql`SELECT (SELECT count(*)::int FROM payments) AS n,
               (SELECT count(*)::int FROM idempotency_keys WHERE status_code = 201 AND key = ANY(string_to_array(${keys.join(',')}, ','))) AS keyed`,
  );
  const ledger = await checkLedger(database.db);
  const made = after!.n - before!.n;
  const notes = [
    `${(rows.length - 1)} scenarios × ${DURATION_S} s, 10 connections, 100 fen each on the ${SEASON} bill, a fresh Idempotency-Key per request (${keys.length} keys sent, incl. warm-up)`,
    ...rows.slice(1).map((r) => `${r.name}: ratio to bare insert ${(r.requestsPerSec / baseline.requestsPerSec).toFixed(2)}; ${r.requestsPerSec} payments/s (target ≥ 800), p99 ${r.p99Ms} ms (target ≤ 100) → ${r.requestsPerSec >= 800 && r.p99Ms <= 100 ? 'met ✅' : 'NOT met ❌'}`),
    agentHouseholds.length === 0 ? 'agent payments not measured: the property company has no collecting tenure with unpaid bills in this city' : '',
    // Requests still in flight when autocannon stops are committed but not counted as answered.
    `payments created ${made} for ${after!.keyed} keys (one each ${made === after!.keyed ? '✅' : '❌'}); answered 2xx within the timed windows ${answered2xx} ${answered2xx <= made ? '≤ created ✅' : '> created ❌'}; ledger ${ledger.balanced ? 'balanced ✅' : `NOT balanced ❌ ${JSON.stringify(ledger).slice(0, 200)}`}`,
    `load average (1/5/15 min): at start ${loadAtStart}, before the runs ${loadBeforeRuns}, after ${loadAfterRuns}`,
  ].filter(Boolean);
  report('payments', rows, notes);
  process.exitCode = ledger.balanced && made === after!.keyed && answered2xx <= made && rows.slice(1).every((r) => r.requestsPerSec >= 800 && r.p99Ms <= 100 && r.non2xx === 0) ? 0 : 1;
} finally {
  await server.stop();
  await database.close();
}
