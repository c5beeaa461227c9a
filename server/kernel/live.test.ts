import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { openTestDatabase } from '../test/test-db.ts';
import type { Database } from './db.ts';
import { LiveHub, parseTopic, publishLive, type LiveEvent } from './live.ts';
import { silentLogger } from './logger.ts';

let database: Database;
let hub: LiveHub;
const got: LiveEvent[] = [];

beforeAll(async () => {
  database = await openTestDatabase();
  hub = new LiveHub(database.db, database.kind, silentLogger);
  await hub.subscribe(['grid:1', 'queue:user:5'], (e) => got.push(e)).ready;
});
afterAll(async () => {
  await hub.close();
  await database.close();
});

async function until(pred: () => boolean): Promise<void> {
  for (let i = 0; i < 250 && !pred(); i++) await new Promise((r) => setTimeout(r, 20));
  expect(pred()).toBe(true);
}

describe('the live bus', () => {
  it('delivers at commit, never on rollback, only the subscribed topics', async () => {
    got.length = 0;
    await database.db
      .transaction(async (tx) => {
        await publishLive(tx, 'grid:1', { n: 'rolled back' });
        throw new Error('rollback');
      })
      .catch(() => {});
    await database.db.transaction(async (tx) => {
      await publishLive(tx, ['grid:1', 'grid:2', 'queue:user:5'], { n: 'committed' });
      await tx.execute(sql`SELECT 1`);
    });
    await publishLive(database.db, 'grid:2', { n: 'not mine' });
    await publishLive(database.db, 'queue:user:5', { n: 'last' });
    await until(() => got.some((e) => e.payload.n === 'last'));
    expect(got).toEqual([
      { type: 'change', topics: ['grid:1', 'queue:user:5'], payload: { n: 'committed' } },
      { type: 'change', topics: ['queue:user:5'], payload: { n: 'last' } },
    ]);
  });

  it('refuses malformed topics and oversized messages before touching the database', async () => {
    await expect(publishLive(database.db, 'grid', {})).rejects.toThrow(/not a live topic/);
    await expect(publishLive(database.db, 'grid:1', { blob: 'x'.repeat(8000) })).rejects.toThrow(/too large/);
    expect(parseTopic('queue:user:5')).toEqual({ kind: 'queue:user', id: 5 });
    expect(parseTopic('grid:1,grid:2')).toBeNull();
  });

  it('stops delivering to an unsubscribed listener', async () => {
    const mine: LiveEvent[] = [];
    const sub = hub.subscribe(['grid:9'], (e) => mine.push(e));
    await sub.ready;
    await publishLive(database.db, 'grid:9', { n: 1 });
    await until(() => mine.length === 1);
    sub.unsubscribe();
    await publishLive(database.db, 'grid:9', { n: 2 });
    await publishLive(database.db, 'grid:1', { n: 'marker' });
    await until(() => got.some((e) => e.payload.n === 'marker'));
    expect(mine).toHaveLength(1);
  });

  it('re-LISTENs after losing its connection and tells subscribers to resync', async () => {
    if (database.kind === 'pglite') {
      // PGlite runs in this process: there is no connection to lose. The hub still delivers.
      await publishLive(database.db, 'grid:1', { n: 'pglite' });
      await until(() => got.some((e) => e.payload.n === 'pglite'));
      return;
    }
    got.length = 0;
    hub.dropConnection();
    await until(() => got.some((e) => e.type === 'resync'));
    await publishLive(database.db, 'grid:1', { n: 'after reconnect' });
    await until(() => got.some((e) => e.payload.n === 'after reconnect'));
  });
});
