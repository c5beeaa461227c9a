import type { Transaction } from '@electric-sql/pglite';
import { sql, type SQL } from 'drizzle-orm';
import type pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { queryRows, type Db, type DbKind } from '../../kernel/db.ts';
import type { ColumnKey, StagedRow } from './import.columns.ts';
import { inIds } from './scope.ts';

/**
 * The set-based half of an import. Checked rows are streamed into a temporary staging table with
 * COPY (PostgreSQL: FROM STDIN; PGlite: FROM '/dev/blob'); the checks that need the registry
 * (unknown compound, unknown grid, account numbers twice in the file …) are then a handful of SQL
 * statements over the whole file, not one round trip per row. The table lives in the import's transaction and vanishes with it.
 */
export async function createStage(tx: Db): Promise<void> {
  await tx.execute(sql`
    CREATE TEMP TABLE import_stage (
      row_no int NOT NULL, account_no text NOT NULL, community text, compound text NOT NULL,
      building text NOT NULL, entrance text NOT NULL, room text NOT NULL, holder_name text NOT NULL,
      phone text, gross numeric(10, 2) NOT NULL, interior numeric(10, 2), customer_type text, status text,
      grid text, station text, has_heat_meter boolean
    ) ON COMMIT DROP`);
}

const STAGE_COLUMNS = 'row_no, account_no, community, compound, building, entrance, room, holder_name, phone, gross, interior, customer_type, status, grid, station, has_heat_meter';

/** A COPY text-format field: backslash, tab and line breaks escaped, null as \N. */
function copyField(value: string | null): string {
  if (value === null) return '\\N';
  return /[\\\t\n\r]/.test(value) ? value.replace(/[\\\t\n\r]/g, (c) => COPY_ESCAPES[c]!) : value;
}
const COPY_SPECIAL = /[\\\t\n\r]/;
const COPY_ESCAPES: Record<string, string> = { '\\': '\\\\', '\t': '\\t', '\n': '\\n', '\r': '\\r' };

/** Checked rows as COPY text (one line each, tab-separated). */
export function copyText(rows: StagedRow[]): string {
  let text = '';
  for (const r of rows) {
    const meter = r.hasHeatMeter === null ? '\\N' : r.hasHeatMeter ? 't' : 'f';
    // Names almost never hold a backslash, tab or line break: test them once, escape if so.
    const names = `${r.community ?? ''}${r.compound}${r.building}${r.entrance}${r.room}${r.holderName}${r.grid ?? ''}${r.station ?? ''}`;
    if (!COPY_SPECIAL.test(names)) {
      text += `${r.rowNo}\t${r.accountNo}\t${r.community ?? '\\N'}\t${r.compound}\t${r.building}\t${r.entrance}\t${r.room}\t${r.holderName}\t${r.phone ?? '\\N'}\t${r.grossM2}\t${r.interiorM2 ?? '\\N'}\t${r.customerType ?? '\\N'}\t${r.status ?? '\\N'}\t${r.grid ?? '\\N'}\t${r.station ?? '\\N'}\t${meter}\n`;
      continue;
    }
    text += `${r.rowNo}\t${copyField(r.accountNo)}\t${copyField(r.community)}\t${copyField(r.compound)}\t${copyField(r.building)}\t${copyField(r.entrance)}\t${copyField(r.room)}\t${copyField(r.holderName)}\t${copyField(r.phone)}\t${r.grossM2}\t${r.interiorM2 ?? '\\N'}\t${copyField(r.customerType)}\t${copyField(r.status)}\t${copyField(r.grid)}\t${copyField(r.station)}\t${meter}\n`;
  }
  return text;
}

/** Where checked rows go while the file is read: add batches, then finish once. */
export interface Stager {
  add(rows: StagedRow[]): Promise<void>;
  finish(): Promise<void>;
}

/**
 * The driver connection under a drizzle transaction handle. Services only get drizzle, and the
 * staging table is a temporary table of the transaction's own connection, so the pool
 * (`deps.db.$client`) will not do: another connection sees neither. Drizzle keeps the connection
 * on the handle's session — on node-postgres the pool client the transaction began on, on PGlite
 * its Transaction — an internal field, so the shape is checked before use.
 */
function transactionClient(tx: Db): unknown {
  const client = (tx as unknown as { session?: { client?: unknown } }).session?.client;
  if (!client) throw new Error('import: the transaction handle has no driver client (drizzle internals changed?)');
  return client;
}

/**
 * PostgreSQL: one COPY … FROM STDIN for the whole file, fed batch by batch while the file is
 * still being read, on the transaction's connection (the staging table is its temporary table).
 */
function copyStager(tx: Db): Stager {
  const client = transactionClient(tx) as pg.PoolClient;
  const stream = client.query(copyFrom(`COPY import_stage (${STAGE_COLUMNS}) FROM STDIN`));
  let failed: Error | undefined;
  let finished: Promise<void> | undefined;
  const drain = () =>
    new Promise<void>((resolve) => {
      const done = () => {
        stream.off('drain', done);
        stream.off('error', done);
        resolve();
      };
      stream.on('drain', done);
      stream.on('error', done);
    });
  stream.on('error', (err: Error) => (failed = err));
  return {
    async add(rows) {
      // Back-pressure: wait while the socket is full. (Keeping one batch in flight instead
      // measured no faster: the two cores are shared by Node's parsing and the server's COPY.)
      if (failed) throw failed;
      if (rows.length && !stream.write(copyText(rows))) await drain();
    },
    finish() {
      // Idempotent: called on the way out whatever happened, and once more to see its error.
      finished ??= new Promise<void>((resolve, reject) => {
        if (failed) return reject(failed);
        stream.once('error', reject);
        stream.end(() => (failed ? reject(failed) : resolve()));
      });
      return finished;
    },
  };
}

/**
 * PGlite: COPY … FROM '/dev/blob'. Each call costs ≈ 0.2 s on top of its rows (measured: 200,000
 * rows in 10,000-row calls 5.7 s, in one call 2.2 s), so batches are gathered into large blobs.
 */
const BLOB_ROWS = 250_000;

function blobStager(tx: Db): Stager {
  const client = transactionClient(tx) as Transaction;
  let parts: string[] = [];
  let rows = 0;
  const flush = async () => {
    if (rows === 0) return;
    const blob = new Blob(parts);
    parts = [];
    rows = 0;
    await client.query(`COPY import_stage (${STAGE_COLUMNS}) FROM '/dev/blob'`, [], { blob });
  };
  return {
    async add(batch) {
      parts.push(copyText(batch));
      rows += batch.length;
      if (rows >= BLOB_ROWS) await flush();
    },
    finish: flush,
  };
}

export function stager(tx: Db, kind: DbKind): Stager {
  return kind === 'postgres' ? copyStager(tx) : blobStager(tx);
}

/**
 * The staged rows with the registry ids they name, written once as import_rows: compound (by
 * name, within the community when the file gives one), existing building, grid and station.
 * One CREATE … AS SELECT instead of an UPDATE per id keeps a 1.3 M-row file to one pass.
 */
export async function resolveStage(tx: Db): Promise<void> {
  await tx.execute(sql`
    CREATE TEMP TABLE import_rows ON COMMIT DROP AS
    SELECT s.*, CASE WHEN r.n = 1 THEN r.id END AS compound_id, r.n AS compound_matches,
           CASE WHEN r.n = 1 THEN r.branch_id END AS branch_id,
           b.id AS building_id, b.grid_id AS building_grid_id, b.station_id AS building_station_id,
           g.id AS grid_id, g.branch_id AS grid_branch_id, st.id AS station_id, st.branch_id AS station_branch_id
    FROM import_stage s
    JOIN (SELECT k.compound, k.community, count(c.id)::int AS n, min(c.id) AS id, min(c.branch_id) AS branch_id
          FROM (SELECT DISTINCT compound, community FROM import_stage) k
          LEFT JOIN (compounds c JOIN communities m ON m.id = c.community_id)
            ON replace(c.name, ' ', '') = k.compound AND (k.community IS NULL OR replace(m.name, ' ', '') = k.community)
          GROUP BY k.compound, k.community) r
      ON r.compound = s.compound AND r.community IS NOT DISTINCT FROM s.community
    LEFT JOIN buildings b ON r.n = 1 AND b.compound_id = r.id AND b.name = s.building
    LEFT JOIN (SELECT g.id, g.code, sec.branch_id FROM grids g JOIN crews cr ON cr.id = g.crew_id JOIN sections sec ON sec.id = cr.section_id) g
      ON g.code = s.grid
    LEFT JOIN stations st ON st.code = s.station`);
  // Temporary tables are never auto-analysed; without statistics the checks and joins plan badly.
  await tx.execute(sql`ANALYZE import_rows`);
}

export interface StageProblem {
  row: number;
  key: ColumnKey;
  value: string;
  message: string;
  rule: string;
  params?: Record<string, string | number>;
}

/** A rule's name as an SQL literal (names are ours, never the file's). */
const said = (r: { rule: string }) => sql.raw(`'${r.rule}'`);

/** One rule about one row: which rows break it, the cell at fault, and what to say of it. */
interface RowRule {
  when: SQL;
  key: ColumnKey;
  value: SQL;
  rule: string;
  message: SQL;
  params?: SQL;
}

/**
 * The rules about one row alone, in one scan of the staged rows (a scan of 1.3 M rows per rule
 * cost seconds): the WHERE picks the bad rows, the lateral VALUES lists which rules each broke.
 */
function rowChecks(foreignBranch: SQL): SQL {
  const rules: RowRule[] = [
    { when: sql`s.compound_matches = 0 AND s.community IS NULL`, key: 'compound', value: sql`s.compound`, rule: 'unknown_compound_name', message: sql`'no compound of this name in the registry'` },
    { when: sql`s.compound_matches = 0 AND s.community IS NOT NULL`, key: 'compound', value: sql`s.compound`, rule: 'unknown_compound_in_community',
      message: sql`'no compound of this name in community ' || s.community`, params: sql`jsonb_build_object('community', s.community)` },
    { when: sql`s.compound_matches > 1`, key: 'compound', value: sql`s.compound`, rule: 'ambiguous_compound', message: sql`'several compounds have this name: add the 社区 (community) column'` },
    { when: sql`s.branch_id IS NOT NULL AND ${foreignBranch}`, key: 'compound', value: sql`s.compound`, rule: 'compound_other_branch', message: sql`'this compound belongs to another branch'` },
    { when: sql`s.grid IS NOT NULL AND s.grid_id IS NULL`, key: 'grid', value: sql`s.grid`, rule: 'unknown_grid_code', message: sql`'unknown grid code'` },
    { when: sql`s.station IS NOT NULL AND s.station_id IS NULL`, key: 'station', value: sql`s.station`, rule: 'unknown_station_code', message: sql`'unknown station code'` },
    { when: sql`s.building_id IS NOT NULL AND s.grid_id IS NOT NULL AND s.grid_id <> s.building_grid_id`, key: 'grid', value: sql`s.grid`, rule: 'building_in_other_grid',
      message: sql`'this building is in another grid: move buildings in the registry, not by import'` },
    { when: sql`s.building_id IS NOT NULL AND s.station_id IS NOT NULL AND s.station_id IS DISTINCT FROM s.building_station_id`, key: 'station', value: sql`s.station`,
      rule: 'building_on_other_station', message: sql`'this building is fed by another station: change it in the registry, not by import'` },
    { when: sql`s.building_id IS NULL AND s.grid_branch_id <> s.branch_id`, key: 'grid', value: sql`coalesce(s.grid, '')`, rule: 'grid_other_branch',
      message: sql`'the grid belongs to another branch than the compound'` },
    { when: sql`s.building_id IS NULL AND s.station_branch_id <> s.branch_id`, key: 'station', value: sql`coalesce(s.station, '')`, rule: 'station_other_branch',
      message: sql`'the station belongs to another branch than the compound'` },
  ];
  const any = sql.join(rules.map((r) => sql`(${r.when})`), sql` OR `);
  const values = sql.join(
    rules.map((r) => sql`((${r.when}), ${sql.raw(`'${r.key}'`)}, ${r.value}, ${said(r)}, ${r.message}, ${r.params ?? sql`NULL::jsonb`})`),
    sql`, `,
  );
  return sql`SELECT s.row_no, p.key, p.value, p.rule, p.message, p.params FROM import_rows s
    CROSS JOIN LATERAL (VALUES ${values}) AS p(bad, key, value, rule, message, params)
    WHERE (${any}) AND p.bad`;
}

/**
 * Every rule that needs the whole file or the registry, as one UNION ALL. `branches` limits a
 * clerk to their own branch; 'all' for company-wide accounts and the CLI.
 */
function stageChecks(branches: number[] | 'all'): SQL {
  // Written as `rule:` entries so problems.test finds them and checks the web can say them.
  const repeated = { rule: 'account_no_repeated' };
  const foreignAccount = { rule: 'account_no_other_branch' };
  const gridless = { rule: 'new_building_needs_grid' };
  const mixed = { rule: 'new_building_mixed' };
  const foreign = (column: SQL) => (branches === 'all' ? sql`false` : sql`NOT ${inIds(column, branches)}`);
  return sql`
    SELECT s.row_no, 'accountNo' AS key, s.account_no AS value, ${said(repeated)} AS rule,
           'the same account number is on row ' || d.first_row AS message, jsonb_build_object('firstRow', d.first_row) AS params
    FROM import_rows s
    JOIN (SELECT account_no, min(row_no) AS first_row FROM import_rows GROUP BY account_no HAVING count(*) > 1) d
      ON d.account_no = s.account_no AND s.row_no <> d.first_row
    UNION ALL
    SELECT s.row_no, 'accountNo', s.account_no, ${said(foreignAccount)}, 'this account number belongs to a household of another branch', NULL::jsonb
    FROM import_rows s JOIN households h ON h.account_no = s.account_no JOIN buildings b ON b.id = h.building_id
    JOIN compounds c ON c.id = b.compound_id WHERE ${foreign(sql`c.branch_id`)}
    UNION ALL
    ${rowChecks(foreign(sql`s.branch_id`))}
    UNION ALL
    SELECT s.row_no, 'building', s.building,
           CASE WHEN n.grids = 0 THEN ${said(gridless)} ELSE ${said(mixed)} END,
           CASE WHEN n.grids = 0 THEN 'building ' || s.building || ' is new: give its grid code (网格) to create it'
                ELSE 'the rows of new building ' || s.building || ' name different grids or stations' END,
           jsonb_build_object('building', s.building)
    FROM import_rows s
    JOIN (SELECT compound_id, building, count(DISTINCT grid)::int AS grids, count(DISTINCT station)::int AS stations
          FROM import_rows WHERE building_id IS NULL AND compound_id IS NOT NULL GROUP BY compound_id, building) n
      ON n.compound_id = s.compound_id AND n.building = s.building AND s.building_id IS NULL
    WHERE n.grids <> 1 OR n.stations > 1`;
}

export async function stageProblems(tx: Db, branches: number[] | 'all', limit: number): Promise<{ problems: StageProblem[]; badRows: number[] }> {
  await tx.execute(sql`CREATE TEMP TABLE import_problems ON COMMIT DROP AS ${stageChecks(branches)}`);
  const problems = await queryRows<{ row_no: number; key: ColumnKey; value: string | null; rule: string; message: string; params: Record<string, string | number> | null }>(
    tx,
    sql`SELECT * FROM import_problems ORDER BY row_no LIMIT ${limit}`,
  );
  const rows = await queryRows<{ row_no: number }>(tx, sql`SELECT DISTINCT row_no FROM import_problems`);
  return {
    problems: problems.map((p) => ({ row: p.row_no, key: p.key, value: p.value ?? '', message: p.message, rule: p.rule, ...(p.params && { params: p.params }) })),
    badRows: rows.map((r) => r.row_no),
  };
}
