import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { PGlite } from '@electric-sql/pglite';
import { sql, type SQL } from 'drizzle-orm';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import { migrate as migratePglite } from 'drizzle-orm/pglite/migrator';
import { drizzle as drizzlePg } from 'drizzle-orm/node-postgres';
import { migrate as migratePg } from 'drizzle-orm/node-postgres/migrator';
import pg from 'pg';

/** One type for both drivers and for transaction handles (PgTransaction extends PgDatabase). */
export type Db = PgDatabase<PgQueryResultHKT>;
export type DbKind = 'pglite' | 'postgres';

export interface Database {
  db: Db;
  kind: DbKind;
  /** The raw PGlite instance in embedded mode (LISTEN/NOTIFY, dumps), else undefined. */
  pglite?: PGlite;
  /** The pg pool in PostgreSQL mode, else undefined. */
  pool?: pg.Pool;
  close(): Promise<void>;
}

export const migrationsFolder = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../db/migrations');

/** An instant as an SQL timestamptz value. */
export const instantSql = (at: Date): SQL => sql`${at.toISOString()}::timestamptz`;

/** Raw SQL → rows, the same on both drivers (their result objects differ in everything else). */
export async function queryRows<T>(db: Db, query: SQL): Promise<T[]> {
  const result: unknown = await db.execute(query);
  return (result as { rows: T[] }).rows;
}

/**
 * A hot query whose text never changes: built once (its varying values written as
 * `sql.placeholder('name')`), then run as a named prepared statement with the values of each
 * call — no SQL is built per call, and PostgreSQL plans it once per connection instead of on
 * every call (planning a wide join of the registry costs more than running it). PGlite ignores
 * the name. Use one per shape of text, for the few queries on a hot path.
 */
export class QueryShape<T> {
  private built: { sql: string; params: unknown[]; name: string } | undefined;

  constructor(private readonly build: () => SQL) {}

  async run(db: Db, values: Record<string, unknown>): Promise<T[]> {
    const inner = db as unknown as {
      dialect: { sqlToQuery(q: SQL): { sql: string; params: unknown[] } };
      session: { prepareQuery(q: { sql: string; params: unknown[] }, fields: undefined, name: string, arrayMode: false): { execute(values: Record<string, unknown>): Promise<unknown> } };
    };
    if (!this.built) {
      const query = inner.dialect.sqlToQuery(this.build());
      this.built = { ...query, name: `hs_${textHash(query.sql)}` };
    }
    const result = await inner.session.prepareQuery(this.built, undefined, this.built.name, false).execute(values);
    return (result as { rows: T[] }).rows;
  }
}

/**
 * A hot statement whose text is a constant, with its values as parameters: no SQL is built per
 * call (drizzle's builder was a fifth of the surge's CPU), and PostgreSQL plans it once per
 * connection under `name` (which must be unique to this text). PGlite ignores the name.
 */
export async function queryConstant<T>(db: Db, name: string, text: string, params: unknown[]): Promise<T[]> {
  const inner = db as unknown as {
    session: { prepareQuery(q: { sql: string; params: unknown[] }, fields: undefined, name: string, arrayMode: false): { execute(): Promise<unknown> } };
  };
  const result = await inner.session.prepareQuery({ sql: text, params }, undefined, name, false).execute();
  return (result as { rows: T[] }).rows;
}

/**
 * Several statements in ONE round trip, as one implicit transaction in which each statement sees
 * what committed before it started (READ COMMITTED takes a snapshot per statement): "take a lock,
 * then look under it" without the two extra round trips of BEGIN and COMMIT. It goes through the
 * simple query protocol, so the parameters are inlined as literals: pass only values the code
 * made itself (ids, instants, constants), never input. Not inside a transaction (it is its own).
 * Returns the rows of the last statement.
 */
export async function queryScript<T>(db: Db, statements: SQL[]): Promise<T[]> {
  const inner = db as unknown as { dialect: { sqlToQuery(q: SQL): { sql: string } }; $client?: unknown };
  const text = statements.map((s) => inner.dialect.sqlToQuery(s.inlineParams()).sql).join(';\n');
  const client = inner.$client;
  if (client instanceof PGlite) return ((await client.exec(text)).at(-1)?.rows ?? []) as T[];
  if (!(client instanceof pg.Pool)) throw new Error('queryScript needs the database handle, not a transaction');
  const results = (await client.query(text)) as unknown as pg.QueryResult | pg.QueryResult[];
  return (Array.isArray(results) ? results.at(-1)!.rows : results.rows) as T[];
}

/** 32-bit FNV-1a of a string, in base 36: a short, stable statement name. */
function textHash(text: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  return `${(h >>> 0).toString(36)}_${text.length}`;
}

export class DataDirLocked extends Error {}

/**
 * Two processes on one PGlite directory corrupt it silently, so the first takes a lock file
 * holding its pid; a second one refuses to start unless that pid is gone (a stale lock).
 */
export function lockDataDir(dataDir: string): () => void {
  fs.mkdirSync(dataDir, { recursive: true });
  const lockPath = path.join(dataDir, 'heat-steward.lock');
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      fs.writeFileSync(lockPath, String(process.pid), { flag: 'wx' });
      return () => fs.rmSync(lockPath, { force: true });
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      const holder = Number(fs.readFileSync(lockPath, 'utf8'));
      if (Number.isInteger(holder) && holder > 0 && holder !== process.pid && isAlive(holder)) {
        throw new DataDirLocked(
          `The data directory ${dataDir} is in use by process ${holder}. ` +
            'Stop that process first, or start this one with another DATA_DIR (or DATABASE_URL).',
        );
      }
      fs.rmSync(lockPath, { force: true }); // stale: its process is gone
    }
  }
  throw new DataDirLocked(`Could not take the lock on ${dataDir}`);
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

export async function openPglite(dataDir: string): Promise<Database> {
  const unlock = lockDataDir(dataDir);
  try {
    const client = await PGlite.create({ dataDir: path.join(dataDir, 'pgdata') });
    return wrapPglite(client, unlock);
  } catch (err) {
    unlock();
    throw err;
  }
}

export function wrapPglite(client: PGlite, onClose: () => void = () => {}): Database {
  const db = drizzlePglite({ client, casing: 'snake_case' }) as unknown as Db;
  return {
    db,
    kind: 'pglite',
    pglite: client,
    async close() {
      await client.close();
      onClose();
    },
  };
}

export function openPostgres(url: string, max = 10): Database {
  const pool = new pg.Pool({ connectionString: url, max });
  // An idle client that loses its server emits 'error'; without a listener that kills the process.
  pool.on('error', () => {});
  const db = drizzlePg({ client: pool, casing: 'snake_case' }) as unknown as Db;
  return { db, kind: 'postgres', pool, close: () => pool.end() };
}

export async function openDatabase(opts: { databaseUrl?: string | undefined; dataDir: string }): Promise<Database> {
  return opts.databaseUrl ? openPostgres(opts.databaseUrl) : openPglite(opts.dataDir);
}

/**
 * Apply the one generated migration history. On PostgreSQL several app instances may start at
 * once, so the migration runs on one connection holding an advisory lock.
 */
export async function migrateDatabase(database: Database): Promise<void> {
  if (database.kind === 'pglite') {
    await migratePglite(database.db as never, { migrationsFolder });
    return;
  }
  const client = await database.pool!.connect();
  try {
    await client.query('SELECT pg_advisory_lock(7307001)');
    await migratePg(drizzlePg({ client }), { migrationsFolder });
  } finally {
    await client.query('SELECT pg_advisory_unlock(7307001)').catch(() => {});
    client.release();
  }
}

/** The name of the newest applied migration, for /api/health. */
export async function migrationVersion(db: Db): Promise<string> {
  const journal = JSON.parse(fs.readFileSync(path.join(migrationsFolder, 'meta/_journal.json'), 'utf8')) as {
    entries: { idx: number; tag: string; when: number }[];
  };
  const rows = await queryRows<{ created_at: string }>(
    db,
    sql`SELECT created_at FROM drizzle.__drizzle_migrations ORDER BY created_at DESC LIMIT 1`,
  );
  const last = rows[0] ? Number(rows[0].created_at) : undefined;
  return journal.entries.find((e) => e.when === last)?.tag ?? 'none';
}
