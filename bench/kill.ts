/**
 * `npm run bench:kill` — SIGKILL safety of payments (issue #5) on PostgreSQL: the real server on
 * the billed city, 10 clients streaming counter payments (each its own Idempotency-Key), the
 * server killed with SIGKILL mid-stream, started again; then every payment answered 2xx must be
 * in the database exactly once (its payment id, its key), the clients retry what went unanswered
 * with the same keys (as a till would) and get each paid once, and the ledger balances.
 */
import { randomUUID } from 'node:crypto';
import os from 'node:os';
import { sql } from 'drizzle-orm';
import { openPostgres, queryRows } from '../server/kernel/db.ts';
import { checkLedger } from '../server/modules/billing/index.ts';
import { billedCity, SEASON } from './billed.ts';
import { report, startServer } from './lib.ts';
import { signInStaff, type Session } from './residents.ts';

const CLIENTS = 10;
const KILL_AFTER_MS = Number(process.env.BENCH_KILL_AFTER_MS || 10000);

interface Attempt {
  key: string;
  householdId: number;
  status: number | 'no answer';
  paymentId?: number;
  /** The answer was a replay of a payment committed earlier (the header the server sets). */
  replayed?: boolean;
}

const url = await billedCity();
const database = openPostgres(url, 2);
const db = database.db;
const households = (
  await queryRows<{ id: number }>(
    db,
    sql`SELECT b.household_id AS id FROM bills b JOIN households h ON h.id = b.household_id JOIN buildings bu ON bu.id = h.building_id
          JOIN compounds c ON c.id = bu.compound_id
         WHERE b.season = ${SEASON} AND b.amount_fen - b.paid_fen >= 100000
           AND c.branch_id IN (SELECT s.ref_id FROM user_scopes s JOIN users u ON u.id = s.user_id WHERE u.username = 'clerk' AND s.kind = 'branch')
         ORDER BY random() LIMIT 2000`,
  )
).map((r) => r.id);
const [start] = await queryRows<{ payments: number; lastPayment: number }>(db, sql`SELECT count(*)::int AS payments, coalesce(max(id), 0) AS "lastPayment" FROM payments`);

async function pay(server: string, clerk: Session, a: Attempt): Promise<void> {
  try {
    const res = await fetch(`${server}/api/billing/payments/counter`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', cookie: clerk.cookie, 'x-csrf-token': clerk.csrf, 'idempotency-key': a.key },
      body: JSON.stringify({ householdId: a.householdId, amountFen: 100, currency: 'CNY', season: SEASON }),
    });
    const body = (await res.json()) as { paymentId?: number };
    a.status = res.status;
    a.replayed = res.headers.get('idempotent-replayed') === 'true';
    if (body.paymentId !== undefined) a.paymentId = body.paymentId;
  } catch {
    a.status = 'no answer'; // the connection died with the server
  }
}

let server = await startServer(url, { SIGN_IN_RATE_LIMIT_PER_MINUTE: '1000' });
const attempts: Attempt[] = [];
let killedAt = 0;
try {
  const clerk = await signInStaff(server.url, 'clerk');
  let stop = false;
  const streams = Array.from({ length: CLIENTS }, async () => {
    while (!stop) {
      const a: Attempt = { key: randomUUID(), householdId: households[Math.floor(Math.random() * households.length)]!, status: 'no answer' };
      attempts.push(a);
      await pay(server.url, clerk, a);
      if (a.status === 'no answer') return;
    }
  });
  await new Promise((r) => setTimeout(r, KILL_AFTER_MS));
  await server.stop('SIGKILL');
  killedAt = attempts.length;
  stop = true;
  await Promise.all(streams);
} finally {
  if (server.child.exitCode === null && server.child.signalCode === null) await server.stop('SIGKILL');
}

// After the kill: what was answered 2xx must be there exactly once.
const ok = attempts.filter((a) => typeof a.status === 'number' && a.status >= 200 && a.status < 300);
const unanswered = attempts.filter((a) => a.status === 'no answer');
const okIds = ok.map((a) => a.paymentId!);
const [found] = await queryRows<{ payments: number; keys: number }>(
  db,
  sql`SELECT (SELECT count(DISTINCT p.id)::int FROM payments p WHERE p.id = ANY(string_to_array(${okIds.join(',')}, ',')::int[])) AS payments,
             (SELECT count(*)::int FROM idempotency_keys k WHERE k.key = ANY(string_to_array(${ok.map((a) => a.key).join(',')}, ','))
                AND (k.response->>'paymentId')::int = ANY(string_to_array(${okIds.join(',')}, ',')::int[])) AS keys`,
);
const [committed] = await queryRows<{ n: number }>(db, sql`SELECT count(*)::int AS n FROM payments WHERE id > ${start!.lastPayment}`);
const lostOrDoubled = ok.length - found!.payments;

// Restart and retry every unanswered payment with its own key, as a till would.
server = await startServer(url, { SIGN_IN_RATE_LIMIT_PER_MINUTE: '1000' });
try {
  const clerk = await signInStaff(server.url, 'clerk');
  for (const a of unanswered) {
    await pay(server.url, clerk, a);
  }
} finally {
  await server.stop();
}
const [final] = await queryRows<{ n: number; distinct: number }>(
  db,
  sql`SELECT count(*)::int AS n, count(DISTINCT k.key)::int AS distinct FROM payments p
        LEFT JOIN idempotency_keys k ON (k.response->>'paymentId')::int = p.id WHERE p.id > ${start!.lastPayment}`,
);
const ledger = await checkLedger(db);
await database.close();

const allPaid = attempts.every((a) => a.status === 201);
const exactlyOnce = lostOrDoubled === 0 && found!.keys === ok.length && final!.n === attempts.length && final!.distinct === attempts.length;
report('kill', [
  { what: 'payments sent before SIGKILL', n: killedAt },
  { what: 'answered 2xx before the kill', n: ok.length },
  { what: 'of those found in the database exactly once (payment id and key)', n: found!.payments },
  { what: 'unanswered (in flight at the kill)', n: unanswered.length },
  { what: 'committed in the database after the kill', n: committed!.n },
  { what: 'retried after restart with the same key: replayed (had committed before the kill)', n: unanswered.filter((a) => a.replayed).length },
  { what: 'retried after restart with the same key: paid now', n: unanswered.filter((a) => a.status === 201 && !a.replayed).length },
  { what: 'payments in the database at the end (one per key)', n: final!.n },
], [
  `SIGKILL after ${KILL_AFTER_MS} ms of ${CLIENTS} clients streaming counter payments; load average ${os.loadavg().map((n) => n.toFixed(1)).join(' / ')}`,
  exactlyOnce && allPaid ? 'every payment answered 2xx is in the database exactly once; every unanswered one retried with its key was paid once ✅' : `FAILED ❌: lost or doubled ${lostOrDoubled}, keys ${found!.keys}/${ok.length}, final ${final!.n}/${final!.distinct} for ${attempts.length} attempts`,
  `ledger ${ledger.balanced ? 'balanced ✅' : `NOT balanced ❌ ${JSON.stringify(ledger).slice(0, 200)}`}`,
]);
process.exitCode = exactlyOnce && allPaid && ledger.balanced ? 0 : 1;
