import { sql } from 'drizzle-orm';
import { jobs } from './kernel.schema.ts';
import type { Clock } from './clock.ts';
import { queryRows, type Db } from './db.ts';
import type { Logger } from './logger.ts';
import type { Notifier } from './notify.ts';

export interface JobRow {
  id: number;
  kind: string;
  unique_key: string | null;
  payload: Record<string, unknown>;
  attempts: number;
  max_attempts: number;
}

export interface JobContext {
  db: Db;
  clock: Clock;
  log: Logger;
  /** Jobs notify people (escalations, reminders) through the same provider as requests do. */
  notifier: Notifier;
}

export type JobHandler = (ctx: JobContext, job: JobRow) => Promise<unknown>;
/** Called every tick to queue recurring work (bulletins, escalations); must be idempotent. */
export type JobScheduler = (ctx: JobContext) => Promise<void>;

/**
 * A scheduler that queues one `kind` job per time slot: a minute, or ten minutes. The slot is in
 * the job's unique key, so several app instances ticking at once queue it once; the closure only
 * spares the insert on later ticks of the same slot.
 */
export function everySlot(kind: string, slot: 'minute' | 'tenMinutes', maxAttempts = 2): JobScheduler {
  const length = slot === 'minute' ? 16 : 15; // '2026-11-27T12:34' or '2026-11-27T12:3'
  let queued = '';
  return async (ctx) => {
    const current = ctx.clock.now().toISOString().slice(0, length);
    if (current === queued) return;
    await enqueueJob(ctx.db, ctx.clock, { kind, uniqueKey: `${kind}:${current}`, maxAttempts });
    queued = current;
  };
}

/** A worker that died mid-job leaves it 'running'; after this long another worker may retry it. */
const STALE_AFTER_MS = 10 * 60_000;

export async function enqueueJob(
  db: Db,
  clock: Clock,
  job: { kind: string; uniqueKey?: string; payload?: Record<string, unknown>; runAt?: Date; maxAttempts?: number },
): Promise<boolean> {
  const inserted = await db
    .insert(jobs)
    .values({
      kind: job.kind,
      uniqueKey: job.uniqueKey ?? null,
      payload: job.payload ?? {},
      runAt: job.runAt ?? clock.now(),
      maxAttempts: job.maxAttempts ?? 5,
    })
    .onConflictDoNothing({ target: jobs.uniqueKey })
    .returning({ id: jobs.id });
  return inserted.length > 0;
}

/** Claim due jobs for this worker. SKIP LOCKED means concurrent workers never get the same row. */
export async function claimJobs(db: Db, clock: Clock, workerId: string, limit: number): Promise<JobRow[]> {
  const now = clock.now();
  const staleBefore = new Date(now.getTime() - STALE_AFTER_MS);
  return queryRows<JobRow>(
    db,
    sql`UPDATE jobs SET status = 'running', locked_by = ${workerId}, locked_at = ${now.toISOString()}::timestamptz,
               attempts = attempts + 1
        WHERE id IN (
          SELECT id FROM jobs
          WHERE (status = 'queued' AND run_at <= ${now.toISOString()}::timestamptz)
             OR (status = 'running' AND locked_at < ${staleBefore.toISOString()}::timestamptz)
          ORDER BY run_at, id
          LIMIT ${limit}
          FOR UPDATE SKIP LOCKED)
        RETURNING id, kind, unique_key, payload, attempts, max_attempts`,
  );
}

async function finish(ctx: JobContext, job: JobRow, outcome: { result?: unknown; error?: unknown }): Promise<void> {
  const now = ctx.clock.now();
  if (outcome.error === undefined) {
    await ctx.db.execute(
      sql`UPDATE jobs SET status = 'done', finished_at = ${now.toISOString()}::timestamptz,
                 result = ${JSON.stringify(outcome.result ?? null)}::jsonb, last_error = NULL
          WHERE id = ${job.id}`,
    );
    return;
  }
  const message = outcome.error instanceof Error ? outcome.error.message : JSON.stringify(outcome.error);
  const giveUp = job.attempts >= job.max_attempts;
  // Exponential back-off so a failing job does not spin: 30 s, 1 min, 2 min …
  const retryAt = new Date(now.getTime() + 30_000 * 2 ** (job.attempts - 1));
  await ctx.db.execute(
    sql`UPDATE jobs SET status = ${giveUp ? 'failed' : 'queued'}, last_error = ${message},
               run_at = ${retryAt.toISOString()}::timestamptz, locked_by = NULL,
               finished_at = ${giveUp ? now.toISOString() : null}::timestamptz
        WHERE id = ${job.id}`,
  );
}

/** Run every due job once; returns how many ran. Unknown kinds fail loudly rather than vanish. */
export async function runDueJobs(
  ctx: JobContext,
  handlers: Record<string, JobHandler>,
  workerId: string,
  limit = 20,
): Promise<number> {
  const claimed = await claimJobs(ctx.db, ctx.clock, workerId, limit);
  for (const job of claimed) {
    const handler = handlers[job.kind];
    try {
      if (!handler) throw new Error(`no handler for job kind "${job.kind}"`);
      const result = await handler(ctx, job);
      await finish(ctx, job, { result });
    } catch (error) {
      ctx.log.error({ err: error, jobId: job.id, kind: job.kind }, 'job failed');
      await finish(ctx, job, { error });
    }
  }
  return claimed.length;
}

/** The in-process loop started by main.ts; returns a stop function that waits for the tick. */
export function startJobLoop(
  ctx: JobContext,
  opts: { handlers: Record<string, JobHandler>; schedulers: JobScheduler[]; workerId: string; intervalMs?: number },
): () => Promise<void> {
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> = Promise.resolve();
  const tick = async () => {
    try {
      for (const schedule of opts.schedulers) await schedule(ctx);
      while (!stopped && (await runDueJobs(ctx, opts.handlers, opts.workerId)) > 0);
    } catch (err) {
      ctx.log.error({ err }, 'job loop tick failed');
    }
    if (!stopped) timer = setTimeout(() => (running = tick()), opts.intervalMs ?? 5_000);
  };
  running = tick();
  return async () => {
    stopped = true;
    if (timer) clearTimeout(timer);
    await running;
  };
}
