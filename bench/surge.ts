/**
 * `npm run bench:surge` — the first morning of the season (issue #6) on the 1.3 M-household city:
 * signed-in residents of random households tap one-click repair requests (POST /api/repairs),
 * autocannon 10 connections for 30 s, beside the bare one-row insert endpoint of the same run.
 * In the same run a station outage: 500 households of one station report "no heat" within 60 s;
 * it must end as ONE incident with exactly those 500 requests linked, none lost or duplicated.
 * Targets: ≥ 1,000 requests/s, p99 ≤ 100 ms, ratio to the bare insert reported (aim ≥ 0.4).
 *
 * Residents sign in through the real SMS-code flow (bench/residents.ts). BENCH_SURGE_RESIDENTS
 * sets how many random households get a session (default 2,000); BENCH_LOG_SQL=ms logs slow SQL.
 */
import os from 'node:os';
import { sql } from 'drizzle-orm';
import type { Request } from 'autocannon';
import { openPostgres, queryRows } from '../server/kernel/db.ts';
import { benchCity, CITY_HOUSEHOLDS } from './city.ts';
import { load, report, startServer, withCpu } from './lib.ts';
import { residentSessions, type Resident } from './residents.ts';

const RESIDENTS = Number(process.env.BENCH_SURGE_RESIDENTS || 2000);
const DURATION_S = 30;
const OUTAGE_HOUSEHOLDS = 500;
const OUTAGE_SPREAD_MS = 50_000;
/** The first cold morning: mostly "not warm", a few of everything else. */
const CATEGORIES = [...Array(12).fill('not_warm'), ...Array(3).fill('no_heat'), 'leak', 'leak', 'valve', 'noise', 'other'] as string[];

const load1 = () => os.loadavg().map((n) => n.toFixed(1)).join(' / ');
const loadAtStart = load1();
const url = await benchCity();
const database = openPostgres(url, 2);
const db = database.db;

// The outage station: one that feeds ≥ 500 heating households and has had no repair request yet
// (so an earlier run's incident cannot absorb this run's reports).
const [station] = await queryRows<{ id: number; households: number; buildings: number }>(
  db,
  sql`SELECT b.station_id AS id, count(*)::int AS households, count(DISTINCT b.id)::int AS buildings
        FROM households h JOIN buildings b ON b.id = h.building_id
       WHERE b.station_id IS NOT NULL AND h.status = 'heating'
         AND NOT EXISTS (SELECT 1 FROM repair_requests r WHERE r.station_id = b.station_id)
       GROUP BY b.station_id HAVING count(*) >= ${OUTAGE_HOUSEHOLDS}
       ORDER BY random() LIMIT 1`,
);
if (!station) throw new Error('no untouched station with 500 households is left in the benchmark city (BENCH_FRESH=1 rebuilds it)');
const outageIds = (
  await queryRows<{ id: number }>(
    db,
    sql`SELECT h.id FROM households h JOIN buildings b ON b.id = h.building_id
         WHERE b.station_id = ${station.id} AND h.status = 'heating' ORDER BY random() LIMIT ${OUTAGE_HOUSEHOLDS}`,
  )
).map((r) => r.id);
// The morning's other reporters: random households anywhere else in the city.
const surgeIds = (
  await queryRows<{ id: number }>(
    db,
    sql`SELECT h.id FROM households h TABLESAMPLE SYSTEM (1) JOIN buildings b ON b.id = h.building_id
         WHERE b.station_id IS DISTINCT FROM ${station.id} ORDER BY random() LIMIT ${RESIDENTS}`,
  )
).map((r) => r.id);

const server = await startServer(url, { SIGN_IN_RATE_LIMIT_PER_MINUTE: '100000' });
try {
  let started = performance.now();
  const residents = await residentSessions(server.url, db, [...surgeIds, ...outageIds]);
  const byHousehold = new Map(residents.map((r) => [r.householdId, r]));
  const surgeResidents = surgeIds.map((id) => byHousehold.get(id)!);
  const outageResidents = outageIds.map((id) => byHousehold.get(id)!);
  console.log(`${residents.length} residents signed in with SMS codes in ${((performance.now() - started) / 1000).toFixed(1)} s`);

  const oneClick = (req: Request) => {
    const r = surgeResidents[Math.floor(Math.random() * surgeResidents.length)]!;
    const category = CATEGORIES[Math.floor(Math.random() * CATEGORIES.length)]!;
    return { ...req, method: 'POST' as const, path: '/api/repairs', headers: { ...req.headers, cookie: r.cookie, 'x-csrf-token': r.csrf }, body: JSON.stringify({ category }) };
  };
  // The warm-up is the fresh city's first reports: no station has an incident yet, so most outage
  // reports look at their burst and stations tip into incidents (the burst machinery, incidents.ts).
  const warmUp = await withCpu(server, () => load('warm-up: first 5 s of a quiet city', { url: server.url, duration: 5, requests: [{ setupRequest: oneClick }] }));
  const baseline = await withCpu(server, () => load('bare one-row insert', { url: `${server.url}/api/bench/insert`, method: 'POST', body: '{}', duration: 15 }));

  // The outage: its 500 reports spread over 50 s, while the surge runs.
  const runStart = new Date(Date.now() - 1000);
  const loadBeforeSurge = load1();
  const outageAnswers: { status: number; id?: number }[] = [];
  const report1 = async (r: Resident): Promise<void> => {
    const res = await fetch(`${server.url}/api/repairs`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', cookie: r.cookie, 'x-csrf-token': r.csrf },
      body: JSON.stringify({ category: 'no_heat', note: '家里暖气完全不热' }),
    });
    const body = (await res.json()) as { id?: number };
    outageAnswers.push({ status: res.status, ...(body.id !== undefined && { id: body.id }) });
  };
  started = performance.now();
  const outage = Promise.all(
    outageResidents.map((r, i) => new Promise<void>((resolve) => setTimeout(() => void report1(r).finally(resolve), 3000 + (i * OUTAGE_SPREAD_MS) / OUTAGE_HOUSEHOLDS))),
  ).then(() => (performance.now() - started) / 1000);
  const surge = await withCpu(server, () => load('one-click repair requests (residents)', { url: server.url, duration: DURATION_S, requests: [{ setupRequest: oneClick }] }));
  const outageSeconds = await outage;
  const loadAfterSurge = load1();

  // The outage must be one incident with exactly its 500 requests.
  const [linked] = await queryRows<{ requests: number; households: number; incidents: number[]; unlinked: number }>(
    db,
    sql`SELECT count(*)::int AS requests, count(DISTINCT household_id)::int AS households,
               coalesce(array_agg(DISTINCT incident_id) FILTER (WHERE incident_id IS NOT NULL), '{}') AS incidents,
               count(*) FILTER (WHERE incident_id IS NULL)::int AS unlinked
          FROM repair_requests WHERE household_id = ANY(string_to_array(${outageIds.join(',')}, ',')::int[]) AND created_at >= ${runStart.toISOString()}::timestamptz`,
  );
  const stationIncidents = await queryRows<{ id: number; scope: string; linked: number }>(
    db,
    sql`SELECT i.id, i.scope, (SELECT count(*)::int FROM repair_requests r WHERE r.incident_id = i.id) AS linked
          FROM incidents i LEFT JOIN buildings b ON b.id = i.building_id
         WHERE (i.station_id = ${station.id} OR b.station_id = ${station.id}) AND i.opened_at >= ${runStart.toISOString()}::timestamptz`,
  );
  const [created] = await queryRows<{ requests: number; incidents: number }>(
    db,
    sql`SELECT (SELECT count(*)::int FROM repair_requests WHERE created_at >= ${runStart.toISOString()}::timestamptz) AS requests,
               (SELECT count(*)::int FROM incidents WHERE opened_at >= ${runStart.toISOString()}::timestamptz) AS incidents`,
  );
  const ok201 = outageAnswers.filter((a) => a.status === 201);
  const answeredIds = new Set(ok201.map((a) => a.id));
  const problems: string[] = [];
  if (ok201.length !== OUTAGE_HOUSEHOLDS) problems.push(`${OUTAGE_HOUSEHOLDS - ok201.length} outage reports were not answered 201 (${[...new Set(outageAnswers.map((a) => a.status))].join(', ')})`);
  if (answeredIds.size !== ok201.length) problems.push('two outage reports were answered with the same request id');
  if (linked!.requests !== OUTAGE_HOUSEHOLDS || linked!.households !== OUTAGE_HOUSEHOLDS) problems.push(`${linked!.requests} outage requests from ${linked!.households} households are in the database (want ${OUTAGE_HOUSEHOLDS} / ${OUTAGE_HOUSEHOLDS})`);
  if (linked!.unlinked !== 0) problems.push(`${linked!.unlinked} outage requests are not linked to an incident`);
  if (stationIncidents.length !== 1 || linked!.incidents.length !== 1 || stationIncidents[0]!.id !== linked!.incidents[0]) {
    problems.push(`the outage became ${stationIncidents.length} incidents on the station and its buildings: ${JSON.stringify(stationIncidents)}`);
  } else if (stationIncidents[0]!.linked !== OUTAGE_HOUSEHOLDS || stationIncidents[0]!.scope !== 'station') {
    problems.push(`incident ${stationIncidents[0]!.id} (${stationIncidents[0]!.scope}) has ${stationIncidents[0]!.linked} linked requests, want ${OUTAGE_HOUSEHOLDS} on the station`);
  }
  const outageLine = problems.length === 0
    ? `station outage: station #${station.id} (${station.buildings} buildings, ${station.households} households): ${OUTAGE_HOUSEHOLDS} reports in ${outageSeconds.toFixed(1)} s → ONE incident #${stationIncidents[0]!.id} with ${stationIncidents[0]!.linked} linked requests, none lost or duplicated ✅`
    : `station outage on station #${station.id} FAILED: ${problems.join('; ')}`;

  const ratio = surge.requestsPerSec / baseline.requestsPerSec;
  report('surge', [warmUp, baseline, surge], [
    `${CITY_HOUSEHOLDS.toLocaleString()} households; ${surgeResidents.length} residents of random households signed in by SMS code; 10 connections, ${DURATION_S} s`,
    `requests created during the surge (incl. outage): ${created!.requests}, incidents opened: ${created!.incidents}`,
    `ratio one-click / bare insert = ${ratio.toFixed(2)} (aim ≥ 0.4); ${surge.requestsPerSec} req/s (target ≥ 1,000); p99 ${surge.p99Ms} ms (target ≤ 100 ms)`,
    outageLine,
    `load average (1/5/15 min): at start ${loadAtStart}, before the surge ${loadBeforeSurge}, after ${loadAfterSurge}`,
    surge.non2xx + surge.errors === 0 ? 'no errors' : `ERRORS: ${surge.non2xx} non-2xx, ${surge.errors} errors`,
  ]);
  const met = surge.requestsPerSec >= 1000 && surge.p99Ms <= 100 && surge.non2xx === 0 && surge.errors === 0;
  process.exitCode = problems.length === 0 && met ? 0 : 1;
} finally {
  await server.stop();
  await database.close();
}
