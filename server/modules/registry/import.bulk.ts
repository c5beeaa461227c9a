import { sql } from 'drizzle-orm';
import { queryRows, type Db, type DbKind } from '../../kernel/db.ts';

/**
 * Bulk-load mode for large imports into a small registry (a city's first import). Measured on
 * 1.3 M rows (docs/benchmarks.md): inserting into households costs ≈ 5 s for the rows and the
 * unique account-number index, but ≈ 25 s more to keep the five other indexes up to date row by
 * row, and ≈ 15 s for the two foreign-key checks (one lookup per row each). Dropping those
 * indexes and foreign keys, inserting, then rebuilding the indexes (one sort each) and re-adding
 * the foreign keys (one join each) does the same work several times faster — PostgreSQL's own
 * advice for populating a table ("Populating a Database" in its manual).
 *
 * It all happens inside the import's transaction, so a failed import rolls the indexes and keys
 * back with everything else. The price is an ACCESS EXCLUSIVE lock on households until the
 * import commits (readers wait a few seconds), which is why it is kept for imports that at least
 * double the table. Definitions are read from the catalogue, so the rebuild always matches what
 * the migrations created; the primary key and the unique account-number index (the upsert's
 * arbiter) are never touched.
 */
export const BULK_MIN_ROWS = 100_000;

interface Definition {
  name: string;
  def: string;
}

/** True when an import of `rows` rows should load in bulk mode. */
export async function wantsBulkLoad(tx: Db, rows: number): Promise<boolean> {
  if (rows < BULK_MIN_ROWS) return false;
  // The planner's estimate is enough here (and free): -1 = never analysed, i.e. new and small.
  const [row] = await queryRows<{ n: number }>(tx, sql`SELECT greatest(reltuples, 0)::float8 AS n FROM pg_class WHERE oid = 'households'::regclass`);
  return (row?.n ?? 0) * 2 <= rows;
}

/**
 * Drop the secondary indexes and foreign keys of households; returns the function that puts
 * them back (call it after the insert, in the same transaction).
 */
export async function suspendHouseholdIndexes(tx: Db, kind: DbKind): Promise<() => Promise<void>> {
  const indexes = await queryRows<Definition>(tx, sql`
    SELECT quote_ident(c.relname) AS name, pg_get_indexdef(i.indexrelid) AS def
    FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid
    WHERE i.indrelid = 'households'::regclass AND NOT i.indisprimary AND NOT i.indisunique
    ORDER BY c.relname`);
  const keys = await queryRows<Definition>(tx, sql`
    SELECT quote_ident(conname) AS name, pg_get_constraintdef(oid) AS def
    FROM pg_constraint WHERE conrelid = 'households'::regclass AND contype = 'f' ORDER BY conname`);
  for (const k of keys) await tx.execute(sql.raw(`ALTER TABLE households DROP CONSTRAINT ${k.name}`));
  for (const i of indexes) await tx.execute(sql.raw(`DROP INDEX ${i.name}`));
  return async () => {
    // Sorting 1.3 M keys in memory instead of on disk; SET LOCAL ends with the transaction.
    if (kind === 'postgres') await tx.execute(sql`SET LOCAL maintenance_work_mem = '256MB'`);
    for (const i of indexes) await tx.execute(sql.raw(i.def));
    for (const k of keys) await tx.execute(sql.raw(`ALTER TABLE households ADD CONSTRAINT ${k.name} ${k.def}`));
  };
}
