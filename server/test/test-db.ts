import fs from 'node:fs';
import { randomBytes } from 'node:crypto';
import { PGlite } from '@electric-sql/pglite';
import pg from 'pg';
import { inject } from 'vitest';
import { openPostgres, wrapPglite, type Database } from '../kernel/db.ts';
import { urlFor } from './global-setup.ts';

/**
 * A fresh, migrated database for one test file: PGlite loaded from the run's dump, or a
 * PostgreSQL database cloned from the run's template (dropped again by the global teardown).
 */
export async function openTestDatabase(): Promise<Database> {
  if (inject('testDb') === 'pglite') {
    const dump = new Blob([fs.readFileSync(inject('pgliteTemplate'))]);
    return wrapPglite(await PGlite.create({ loadDataDir: dump }));
  }
  const base = inject('pgBaseUrl');
  const template = inject('pgTemplate');
  const name = `${template}_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: base });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE ${name} TEMPLATE ${template}`);
  } finally {
    await admin.end();
  }
  return openPostgres(urlFor(base, name), 20);
}
