import { eq, sql } from 'drizzle-orm';
import type { Actor } from '../../kernel/actor.ts';
import { writeAudit } from '../../kernel/audit.ts';
import { queryRows, type Db, type DbKind } from '../../kernel/db.ts';
import type { Deps } from '../../kernel/deps.ts';
import { BadRequest, NotFound } from '../../kernel/errors.ts';
import { checkRow, IMPORT_COLUMNS, mapHeader, type ColumnKey, type HeaderMap, type OptionalKey, type StagedRow } from './import.columns.ts';
import { detectFormat, readRows } from './import.read.ts';
import { suspendHouseholdIndexes, wantsBulkLoad } from './import.bulk.ts';
import { createStage, resolveStage, stageProblems, stager } from './import.stage.ts';
import type { ImportProblem, ImportReport } from './registry.contract.ts';
import { householdImports } from './registry.schema.ts';
import { writableBranches } from './scope.ts';

/**
 * Household import: all rows in, or nothing in plus a report of every bad row and field
 * (docs/import-format.md). One transaction; rows are checked one by one as the file streams
 * past, COPYed into a staging table in large batches, checked against the registry in SQL and
 * upserted with one INSERT … SELECT … ON CONFLICT (account_no) DO UPDATE … WHERE something
 * changed, so importing the same file twice changes nothing the second time. A large first import
 * loads in bulk mode (import.bulk.ts). Speed and where the time goes: docs/benchmarks.md.
 */
export const MAX_REPORTED_PROBLEMS = 10_000;
const STAGE_BATCH = 10_000;
const ANALYZE_AFTER_ROWS = 50_000;

export interface ImportSource {
  path: string;
  fileName: string;
}

export interface ImportProgress {
  phase: 'read' | 'check' | 'write' | 'done';
  rows: number;
  bytes: number;
}

export interface ImportOptions {
  onProgress?: (p: ImportProgress) => void;
}

/** Thrown inside the transaction to roll it back; carries the report out. */
class Rejected extends Error {
  constructor(readonly problems: ImportProblem[], readonly badRows: number, readonly rows: number) {
    super('import rejected');
  }
}

interface Counts {
  rows: number;
  inserted: number;
  updated: number;
  buildingsCreated: number;
  entrancesCreated: number;
}

function heading(header: HeaderMap, key: ColumnKey): string {
  return header.headings[key] ?? IMPORT_COLUMNS.find((c) => c.key === key)!.zh;
}

/** Read, check and stage the file; returns the header, the row count and the problems found. */
async function stageFile(tx: Db, kind: DbKind, source: ImportSource, opts: ImportOptions) {
  const format = await detectFormat(source.path, source.fileName);
  const reader = readRows(source.path, format);
  await createStage(tx);
  const stage = stager(tx, kind);
  let header: HeaderMap | undefined;
  let rowNo = 0;
  let rows = 0;
  let batch: StagedRow[] = [];
  const problems: ImportProblem[] = [];
  const badRows = new Set<number>();
  try {
    for await (const cellRows of reader.batches) {
      for (const cells of cellRows) {
        rowNo += 1;
        if (isBlank(cells)) continue;
        if (!header) {
          header = mapHeader(cells);
          // Without its columns no row can be read: report the header and stop.
          if (header.problems.length) throw new Rejected(header.problems, 1, 0);
          continue;
        }
        rows += 1;
        const checked = checkRow(rowNo, cells, header);
        if (checked.row) batch.push(checked.row);
        else {
          badRows.add(rowNo);
          for (const p of checked.problems) if (problems.length < MAX_REPORTED_PROBLEMS) problems.push(p);
        }
      }
      if (batch.length >= STAGE_BATCH) {
        // On PostgreSQL the server loads this batch while the next one is parsed and checked.
        await stage.add(batch);
        batch = [];
        opts.onProgress?.({ phase: 'read', rows, bytes: reader.bytesRead() });
      }
    }
    await stage.add(batch);
  } catch (err) {
    // Close the COPY on the way out: its connection takes no other statement (not even ROLLBACK) until then.
    await stage.finish().catch(() => {});
    throw err;
  }
  await stage.finish();
  if (!header || rows === 0) throw new BadRequest('The file has no household rows under its header', undefined, 'empty_file');
  return { header, rows, problems, badRows, bytes: reader.bytesRead() };
}

function isBlank(cells: string[]): boolean {
  for (const c of cells) if (c !== '' && c.trim() !== '') return false;
  return true;
}

/** Create missing buildings and entrances, then upsert households; counts what changed. */
async function applyStage(tx: Db, kind: DbKind, header: HeaderMap, rows: number, now: Date): Promise<Omit<Counts, 'rows'>> {
  const [buildings] = await queryRows<{ n: number }>(tx, sql`
    WITH created AS (
      INSERT INTO buildings (compound_id, grid_id, station_id, name)
      SELECT compound_id, max(grid_id), max(station_id), building FROM import_rows WHERE building_id IS NULL
      GROUP BY compound_id, building
      ON CONFLICT (compound_id, name) DO NOTHING RETURNING 1)
    SELECT count(*)::int AS n FROM created`);
  const [entrances] = await queryRows<{ n: number }>(tx, sql`
    WITH created AS (
      INSERT INTO entrances (building_id, name)
      SELECT DISTINCT b.id, s.entrance FROM import_rows s JOIN buildings b ON b.compound_id = s.compound_id AND b.name = s.building
      ON CONFLICT (building_id, name) DO NOTHING RETURNING 1)
    SELECT count(*)::int AS n FROM created`);
  // Optional columns the file leaves out keep what the registry has; present ones are the truth.
  const optional: Record<OptionalKey, [string, string]> = {
    phone: ['phone', 's.phone'],
    interiorArea: ['interior_area_m_2', 's.interior'],
    customerType: ['customer_type', "coalesce(s.customer_type, 'residential')"],
    status: ['status', "coalesce(s.status, 'heating')"],
    hasHeatMeter: ['has_heat_meter', 'coalesce(s.has_heat_meter, false)'],
  };
  const updated = ['entrance_id', 'building_id', 'room', 'holder_name', 'gross_area_m_2'];
  for (const [key, [column]] of Object.entries(optional)) if (header.positions[key as OptionalKey] !== undefined) updated.push(column);
  const set = sql.raw(updated.map((c) => `${c} = excluded.${c}`).join(', '));
  const changed = sql.raw(`(${updated.map((c) => `households.${c}`).join(', ')}) IS DISTINCT FROM (${updated.map((c) => `excluded.${c}`).join(', ')})`);
  const insertColumns = Object.values(optional).map(([column]) => column).join(', ');
  const insertValues = Object.values(optional).map(([, value]) => value).join(', ');
  const restore = (await wantsBulkLoad(tx, rows)) ? await suspendHouseholdIndexes(tx, kind) : undefined;
  const [upsert] = await queryRows<{ inserted: number; updated: number }>(tx, sql`
    WITH written AS (
      INSERT INTO households (account_no, entrance_id, building_id, room, holder_name, gross_area_m_2, ${sql.raw(insertColumns)}, created_at, updated_at)
      SELECT s.account_no, e.id, b.id, s.room, s.holder_name, s.gross, ${sql.raw(insertValues)},
             ${now.toISOString()}::timestamptz, ${now.toISOString()}::timestamptz
      FROM import_rows s
      JOIN buildings b ON b.compound_id = s.compound_id AND b.name = s.building
      JOIN entrances e ON e.building_id = b.id AND e.name = s.entrance
      ON CONFLICT (account_no) DO UPDATE SET ${set}, updated_at = excluded.updated_at
      WHERE ${changed}
      RETURNING (xmax = 0) AS fresh)
    SELECT count(*) FILTER (WHERE fresh)::int AS inserted, count(*) FILTER (WHERE NOT fresh)::int AS updated FROM written`);
  await restore?.();
  return { inserted: upsert!.inserted, updated: upsert!.updated, buildingsCreated: buildings!.n, entrancesCreated: entrances!.n };
}

function reportOf(id: number, fileName: string, status: ImportReport['status'], counts: Counts, problems: ImportProblem[], badRows: number): ImportReport {
  const kept = problems.slice(0, MAX_REPORTED_PROBLEMS);
  return {
    importId: id,
    status,
    fileName,
    ...counts,
    unchanged: status === 'applied' ? counts.rows - counts.inserted - counts.updated : 0,
    badRows,
    problems: kept,
    problemsTruncated: badRows > new Set(kept.map((p) => p.row)).size,
    reportUrl: kept.length ? `/api/registry/imports/${id}/problems.xlsx` : null,
  };
}

export async function importHouseholds(deps: Deps, actor: Actor, source: ImportSource, opts: ImportOptions = {}): Promise<ImportReport> {
  const branches = writableBranches(actor);
  const now = deps.clock.now();
  const record = async (tx: Db, status: ImportReport['status'], counts: Counts, problems: ImportProblem[], badRows: number) => {
    const { unchanged, problemsTruncated } = reportOf(0, source.fileName, status, counts, problems, badRows);
    const [row] = await tx
      .insert(householdImports)
      .values({ createdAt: now, actorId: actor.userId, fileName: source.fileName, status, ...counts, unchanged, badRows, problems: problems.slice(0, MAX_REPORTED_PROBLEMS), problemsTruncated })
      .returning({ id: householdImports.id });
    const report = reportOf(row!.id, source.fileName, status, counts, problems, badRows);
    await writeAudit(tx, deps.clock, actor, { action: `household.import_${status}`, entity: 'household_import', entityId: row!.id, after: { ...report, problems: undefined } });
    return report;
  };
  try {
    const report = await deps.db.transaction(async (tx) => {
      const staged = await stageFile(tx, deps.dbKind, source, opts);
      opts.onProgress?.({ phase: 'check', rows: staged.rows, bytes: staged.bytes });
      await resolveStage(tx);
      const found = await stageProblems(tx, branches, MAX_REPORTED_PROBLEMS);
      for (const r of found.badRows) staged.badRows.add(r);
      const problems = [
        ...staged.problems,
        ...found.problems.map(({ key, ...p }) => ({ ...p, column: heading(staged.header, key) })),
      ].sort((a, b) => a.row - b.row);
      if (staged.badRows.size > 0) throw new Rejected(problems, staged.badRows.size, staged.rows);
      opts.onProgress?.({ phase: 'write', rows: staged.rows, bytes: staged.bytes });
      const counts = { rows: staged.rows, ...(await applyStage(tx, deps.dbKind, staged.header, staged.rows, now)) };
      const report = await record(tx, 'applied', counts, [], 0);
      opts.onProgress?.({ phase: 'done', rows: staged.rows, bytes: staged.bytes });
      return report;
    });
    // After a large import, fresh statistics keep the search box on its indexes.
    if (report.inserted + report.updated >= ANALYZE_AFTER_ROWS) await deps.db.execute(sql`ANALYZE households`);
    return report;
  } catch (err) {
    if (!(err instanceof Rejected)) throw err;
    const counts = { rows: err.rows, inserted: 0, updated: 0, buildingsCreated: 0, entrancesCreated: 0 };
    return deps.db.transaction((tx) => record(tx, 'rejected', counts, err.problems, err.badRows));
  }
}

/** A past import's report, for the business office (admin, clerk). */
export async function importReport(deps: Deps, actor: Actor, id: number): Promise<ImportReport> {
  writableBranches(actor);
  const [row] = await deps.db.select().from(householdImports).where(eq(householdImports.id, id));
  if (!row) throw new NotFound('import', id);
  const counts = { rows: row.rows, inserted: row.inserted, updated: row.updated, buildingsCreated: row.buildingsCreated, entrancesCreated: row.entrancesCreated };
  return reportOf(row.id, row.fileName, row.status, counts, row.problems as ImportProblem[], row.badRows);
}
