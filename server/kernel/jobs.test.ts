import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { queryRows } from './db.ts';
import { enqueueJob, runDueJobs, type JobContext } from './jobs.ts';
import { silentLogger } from './logger.ts';
import { createTestApp, type TestApp } from '../test/test-app.ts';

let t: TestApp;
let ctx: JobContext;
beforeAll(async () => {
  t = await createTestApp();
  ctx = { db: t.deps.db, clock: t.clock, log: silentLogger, notifier: t.deps.notifier };
});
afterAll(() => t.close());

describe('jobs table', () => {
  it('queues a job once per unique key', async () => {
    expect(await enqueueJob(ctx.db, ctx.clock, { kind: 'noop', uniqueKey: 'bulletin:2026-11-20:1' })).toBe(true);
    expect(await enqueueJob(ctx.db, ctx.clock, { kind: 'noop', uniqueKey: 'bulletin:2026-11-20:1' })).toBe(false);
    await runDueJobs(ctx, { noop: async () => 'done' }, 'w');
  });

  it('two workers running at once never run the same job twice (FOR UPDATE SKIP LOCKED)', async () => {
    for (let i = 0; i < 40; i++) await enqueueJob(ctx.db, ctx.clock, { kind: 'count', payload: { i } });
    const seen: number[] = [];
    const handlers = {
      count: async (_c: JobContext, job: { payload: Record<string, unknown> }) => {
        seen.push(job.payload.i as number);
        await new Promise((r) => setTimeout(r, 2));
      },
    };
    const worker = async (id: string) => {
      while ((await runDueJobs(ctx, handlers, id, 3)) > 0);
    };
    await Promise.all([worker('a'), worker('b'), worker('c')]);
    expect(seen.sort((x, y) => x - y)).toEqual([...Array(40).keys()]);
    const rows = await queryRows<{ n: number }>(ctx.db, sql`SELECT count(*)::int AS n FROM jobs WHERE kind = 'count' AND status = 'done'`);
    expect(rows[0]!.n).toBe(40);
  });

  it('does not run a job before its time', async () => {
    await enqueueJob(ctx.db, ctx.clock, { kind: 'later', runAt: new Date(ctx.clock.now().getTime() + 60_000) });
    let ran = 0;
    expect(await runDueJobs(ctx, { later: async () => ran++ }, 'w')).toBe(0);
    t.clock.advance(61_000);
    expect(await runDueJobs(ctx, { later: async () => ran++ }, 'w')).toBe(1);
    expect(ran).toBe(1);
  });

  it('retries a failing job with back-off and gives up after its attempts, keeping the error', async () => {
    await enqueueJob(ctx.db, ctx.clock, { kind: 'flaky', uniqueKey: 'flaky', maxAttempts: 2 });
    const fail = { flaky: async () => Promise.reject(new Error('station feed down')) };
    expect(await runDueJobs(ctx, fail, 'w')).toBe(1);
    expect(await runDueJobs(ctx, fail, 'w')).toBe(0); // waiting for its back-off
    t.clock.advance(31_000);
    expect(await runDueJobs(ctx, fail, 'w')).toBe(1);
    const [row] = await queryRows<{ status: string; last_error: string; attempts: number }>(
      ctx.db,
      sql`SELECT status, last_error, attempts FROM jobs WHERE unique_key = 'flaky'`,
    );
    expect(row).toEqual({ status: 'failed', last_error: 'station feed down', attempts: 2 });
  });

  it('an unknown job kind fails loudly instead of vanishing', async () => {
    await enqueueJob(ctx.db, ctx.clock, { kind: 'nobody-handles-me', uniqueKey: 'orphan', maxAttempts: 1 });
    await runDueJobs(ctx, {}, 'w');
    const [row] = await queryRows<{ status: string; last_error: string }>(ctx.db, sql`SELECT status, last_error FROM jobs WHERE unique_key = 'orphan'`);
    expect(row!.status).toBe('failed');
    expect(row!.last_error).toMatch(/no handler/);
  });
});
