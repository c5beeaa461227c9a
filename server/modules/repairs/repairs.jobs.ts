/**
 * The repairs module's background work, registered in server/jobs.ts. The scheduler queues one
 * sweep per minute (the minute is in the unique key, so every instance's scheduler may try and
 * only one row is queued); the escalation sweep itself is idempotent on top of that.
 */
import { enqueueJob, type JobHandler, type JobScheduler } from '../../kernel/jobs.ts';
import { autoConfirmSilent } from './auto-confirm.ts';
import { sweepOverdue } from './escalation.ts';

export const REPAIRS_SWEEP_JOB = 'repairs.sweep';

export const repairsSweepJob: JobHandler = async (ctx) => {
  const overdue = await sweepOverdue(ctx.db, ctx.clock, ctx.notifier);
  const autoConfirmed = await autoConfirmSilent(ctx.db, ctx.clock);
  return { ...overdue, autoConfirmed };
};

export function repairsSweepScheduler(): JobScheduler {
  let queuedMinute = '';
  return async (ctx) => {
    const minute = ctx.clock.now().toISOString().slice(0, 16);
    if (minute === queuedMinute) return;
    await enqueueJob(ctx.db, ctx.clock, { kind: REPAIRS_SWEEP_JOB, uniqueKey: `${REPAIRS_SWEEP_JOB}:${minute}`, maxAttempts: 2 });
    queuedMinute = minute;
  };
}
