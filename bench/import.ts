/**
 * `npm run bench:import` — the household import (issue #3) at Zhengzhou scale.
 *
 * PostgreSQL: the benchmark city's 1.3 M households are exported to a CSV in the documented layout
 * (docs/import-format.md), a copy of the city without households is made (CREATE DATABASE …
 * TEMPLATE, then TRUNCATE households CASCADE), and the file is imported with the real import
 * service as the CLI does it; then the same file again (all unchanged). A raw `COPY` of the same
 * file into a bare table is the same-run baseline. PGlite: a generated 200,000-household city is
 * exported, emptied of households and imported back. Targets: ≥ 50,000 rows/s on PostgreSQL,
 * ≥ 15,000 rows/s on PGlite.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import { PGlite } from '@electric-sql/pglite';
import { sql } from 'drizzle-orm';
import pg from 'pg';
import { from as copyFrom, to as copyTo } from 'pg-copy-streams';
import { systemActor } from '../server/kernel/actor.ts';
import { systemClock } from '../server/kernel/clock.ts';
import { migrateDatabase, openPostgres, wrapPglite, type Database } from '../server/kernel/db.ts';
import type { Deps } from '../server/kernel/deps.ts';
import { silentLogger } from '../server/kernel/logger.ts';
import { outboxNotifier } from '../server/kernel/notify.ts';
import { importHouseholds, type ImportProgress } from '../server/modules/registry/index.ts';
import { ensureShippedRulebooks } from '../server/modules/rulebook/index.ts';
import { seedDemo } from '../server/seed/demo.ts';
import { benchCity, CITY_DB, CITY_HOUSEHOLDS } from './city.ts';
import { BENCH_BASE_URL, dbUrl, machine, report } from './lib.ts';

const PG_TARGET = 50_000;
const PGLITE_TARGET = 15_000;
const PGLITE_HOUSEHOLDS = Number(process.env.BENCH_PGLITE_HOUSEHOLDS || 200_000);
const IMPORT_DB = 'hs_bench_import';
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hs-bench-import-'));

/** The documented layout, Chinese headers, as an office's export would have it. */
const EXPORT_QUERY = `
  SELECT h.account_no AS "户号", m.name AS "社区", c.name AS "小区", b.name AS "楼栋", e.name AS "单元", h.room AS "房号",
         h.holder_name AS "户主", h.phone AS "电话", h.gross_area_m_2 AS "建筑面积", h.interior_area_m_2 AS "套内面积",
         CASE h.customer_type WHEN 'residential' THEN '居民' ELSE '非居民' END AS "用户类型",
         CASE h.status WHEN 'heating' THEN '供热' WHEN 'suspended' THEN '报停' ELSE '拆网' END AS "状态",
         g.code AS "网格", st.code AS "换热站", CASE WHEN h.has_heat_meter THEN '是' ELSE '否' END AS "热计量"
  FROM households h JOIN entrances e ON e.id = h.entrance_id JOIN buildings b ON b.id = h.building_id
  JOIN compounds c ON c.id = b.compound_id JOIN communities m ON m.id = c.community_id
  JOIN grids g ON g.id = b.grid_id LEFT JOIN stations st ON st.id = b.station_id`;

function depsOf(database: Database): Deps {
  return { db: database.db, dbKind: database.kind, clock: systemClock, notifier: outboxNotifier(systemClock, silentLogger), log: silentLogger };
}

async function withClient<T>(url: string, run: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await run(client);
  } finally {
    await client.end();
  }
}

interface Timed {
  seconds: number;
  phases: string;
  inserted: number;
  updated: number;
  unchanged: number;
}

/** Import through the service, as the CLI does; phase times from its progress callback. */
async function timedImport(database: Database, file: string): Promise<Timed> {
  const started = performance.now();
  const marks: Partial<Record<ImportProgress['phase'], number>> = {};
  const result = await importHouseholds(depsOf(database), { ...systemActor, name: 'bench' }, { path: file, fileName: path.basename(file) }, {
    onProgress: (p) => {
      if (p.phase !== 'read') marks[p.phase] = performance.now();
    },
  });
  const end = performance.now();
  if (result.status !== 'applied') throw new Error(`import rejected: ${JSON.stringify(result.problems.slice(0, 5))}`);
  const s = (a: number, b: number) => ((b - a) / 1000).toFixed(1);
  const phases = `read+stage ${s(started, marks.check!)} s, check ${s(marks.check!, marks.write!)} s, write ${s(marks.write!, marks.done!)} s, commit+analyze ${s(marks.done!, end)} s`;
  return { seconds: (end - started) / 1000, phases, inserted: result.inserted, updated: result.updated, unchanged: result.unchanged };
}

function row(database: string, what: string, rows: number, seconds: number, target: number | null, baseline?: number) {
  const rowsPerSec = Math.round(rows / seconds);
  return {
    database,
    what,
    rows,
    seconds: Number(seconds.toFixed(1)),
    rowsPerSec,
    ratioToCopy: baseline ? Number((rowsPerSec / baseline).toFixed(2)) : null,
    target: target ?? '',
    pass: target === null ? '' : rowsPerSec >= target ? 'pass' : 'FAIL',
  };
}

async function postgresRuns() {
  const cityUrl = await benchCity();
  const csv = path.join(dir, 'households-1300000.csv');
  await withClient(cityUrl, async (client) => {
    await pipeline(client.query(copyTo(`COPY (${EXPORT_QUERY}) TO STDOUT WITH (FORMAT csv, HEADER)`)), fs.createWriteStream(csv));
  });
  console.log(`exported ${CITY_HOUSEHOLDS.toLocaleString()} households to ${csv} (${(fs.statSync(csv).size / 2 ** 20).toFixed(0)} MiB)`);

  await withClient(BENCH_BASE_URL, async (admin) => {
    await admin.query(`DROP DATABASE IF EXISTS ${IMPORT_DB} WITH (FORCE)`);
    await admin.query(`CREATE DATABASE ${IMPORT_DB} TEMPLATE ${CITY_DB} STRATEGY FILE_COPY`);
    // Profiling: BENCH_LOG_SQL=300 logs the import's statements over 300 ms in the server's log.
    if (process.env.BENCH_LOG_SQL) await admin.query(`ALTER DATABASE ${IMPORT_DB} SET log_min_duration_statement = ${Number(process.env.BENCH_LOG_SQL)}`);
  });
  const url = dbUrl(IMPORT_DB);
  // bills, payments, receipts and repair requests point at households: all go (empty in the city).
  await withClient(url, async (c) => {
    await c.query('TRUNCATE households CASCADE');
    await c.query('VACUUM ANALYZE households');
  });

  const database = openPostgres(url, 4);
  try {
    const fresh = await timedImport(database, csv);
    console.log(`fresh import: ${fresh.seconds.toFixed(1)} s (${fresh.phases}); ${fresh.inserted} inserted`);
    const again = await timedImport(database, csv);
    console.log(`re-import: ${again.seconds.toFixed(1)} s (${again.phases}); ${again.unchanged} unchanged`);
    if (fresh.inserted !== CITY_HOUSEHOLDS || again.unchanged !== CITY_HOUSEHOLDS) throw new Error('the import did not write what it read');
    const copySeconds = await withClient(url, async (client) => {
      await client.query(`CREATE TABLE bench_raw_copy (${Array.from({ length: 15 }, (_, i) => `c${i} text`).join(', ')})`);
      const started = performance.now();
      await pipeline(fs.createReadStream(csv), client.query(copyFrom('COPY bench_raw_copy FROM STDIN WITH (FORMAT csv, HEADER)')));
      const seconds = (performance.now() - started) / 1000;
      await client.query('DROP TABLE bench_raw_copy');
      return seconds;
    });
    const copyRate = CITY_HOUSEHOLDS / copySeconds;
    return {
      rows: [
        row('PostgreSQL', 'raw COPY into a bare table (baseline)', CITY_HOUSEHOLDS, copySeconds, null),
        row('PostgreSQL', 'fresh import (CSV, empty registry)', CITY_HOUSEHOLDS, fresh.seconds, PG_TARGET, copyRate),
        row('PostgreSQL', 're-import, all unchanged', CITY_HOUSEHOLDS, again.seconds, null, copyRate),
      ],
      notes: [`PostgreSQL fresh: ${fresh.phases}`, `PostgreSQL re-import: ${again.phases}`],
    };
  } finally {
    await database.close();
    await withClient(BENCH_BASE_URL, (admin) => admin.query(`DROP DATABASE IF EXISTS ${IMPORT_DB} WITH (FORCE)`));
  }
}

async function pgliteRuns() {
  const client = await PGlite.create();
  const database = wrapPglite(client);
  try {
    const deps = depsOf(database);
    await migrateDatabase(database);
    await ensureShippedRulebooks(deps);
    await seedDemo(deps, { households: PGLITE_HOUSEHOLDS });
    const exported = await client.query(`COPY (${EXPORT_QUERY}) TO '/dev/blob' WITH (FORMAT csv, HEADER)`);
    const csv = path.join(dir, `households-${PGLITE_HOUSEHOLDS}.csv`);
    fs.writeFileSync(csv, Buffer.from(await exported.blob!.arrayBuffer()));
    await database.db.execute(sql`TRUNCATE households CASCADE`);
    const fresh = await timedImport(database, csv);
    console.log(`PGlite fresh import: ${fresh.seconds.toFixed(1)} s (${fresh.phases})`);
    const again = await timedImport(database, csv);
    console.log(`PGlite re-import: ${again.seconds.toFixed(1)} s (${again.phases})`);
    return {
      rows: [
        row('PGlite', 'fresh import (CSV, empty registry)', PGLITE_HOUSEHOLDS, fresh.seconds, PGLITE_TARGET),
        row('PGlite', 're-import, all unchanged', PGLITE_HOUSEHOLDS, again.seconds, null),
      ],
      notes: [`PGlite fresh: ${fresh.phases}`, `PGlite re-import: ${again.phases}`],
    };
  } finally {
    await database.close();
  }
}

try {
  const only = process.env.BENCH_ONLY; // 'postgres' | 'pglite' while profiling
  const pgResult = only === 'pglite' ? { rows: [], notes: [] } : await postgresRuns();
  const liteResult = only === 'postgres' ? { rows: [], notes: [] } : await pgliteRuns();
  const rows = [...pgResult.rows, ...liteResult.rows];
  report('import', rows, [...pgResult.notes, ...liteResult.notes, machine()]);
  process.exitCode = rows.every((r) => r.pass !== 'FAIL') ? 0 : 1;
} finally {
  fs.rmSync(dir, { recursive: true, force: true });
}
