import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryRows, type Db } from '../../kernel/db.ts';
import { createTestApp, type TestApp } from '../../test/test-app.ts';
import { BULK_MIN_ROWS, suspendHouseholdIndexes, wantsBulkLoad } from './import.bulk.ts';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

/** The secondary indexes and foreign keys of households, as the catalogue defines them. */
async function shape(db: Db): Promise<string[]> {
  const rows = await queryRows<{ def: string }>(db, sql`
    SELECT pg_get_indexdef(indexrelid) AS def FROM pg_index WHERE indrelid = 'households'::regclass
    UNION ALL SELECT conname || ' ' || pg_get_constraintdef(oid) FROM pg_constraint WHERE conrelid = 'households'::regclass AND contype = 'f'
    ORDER BY 1`);
  return rows.map((r) => r.def);
}

describe('bulk-load mode of large imports', () => {
  it('drops the secondary indexes and foreign keys, and puts back exactly what was there', async () => {
    const before = await shape(t.database.db);
    expect(before.some((d) => d.includes('FOREIGN KEY'))).toBe(true);
    await t.database.db.transaction(async (tx) => {
      const restore = await suspendHouseholdIndexes(tx, t.database.kind);
      const during = await shape(tx);
      // Only the primary key and the unique account number (the upsert's arbiter) stay.
      expect(during).toHaveLength(2);
      expect(during.every((d) => d.includes('UNIQUE'))).toBe(true);
      await restore();
      expect(await shape(tx)).toEqual(before);
    });
    expect(await shape(t.database.db)).toEqual(before);
  });

  it('rolls the indexes back with a failed import', async () => {
    const before = await shape(t.database.db);
    await expect(
      t.database.db.transaction(async (tx) => {
        await suspendHouseholdIndexes(tx, t.database.kind);
        throw new Error('import failed half way');
      }),
    ).rejects.toThrow('half way');
    expect(await shape(t.database.db)).toEqual(before);
  });

  it('is used only for large files into a registry at most half their size', async () => {
    await t.database.db.transaction(async (tx) => {
      expect(await wantsBulkLoad(tx, BULK_MIN_ROWS - 1)).toBe(false);
      expect(await wantsBulkLoad(tx, BULK_MIN_ROWS)).toBe(true); // the test registry is tiny
    });
  });
});
