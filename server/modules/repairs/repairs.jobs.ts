/**
 * The repairs module's background work, registered in server/jobs.ts. The scheduler queues one
 * sweep per minute (the minute is in the unique key, so every instance's scheduler may try and
 * only one row is queued); the escalation sweep itself is idempotent on top of that.
 */
import { everySlot, type JobHandler, type JobScheduler } from '../../kernel/jobs.ts';
import { autoConfirmSilent } from './auto-confirm.ts';
import { sweepOverdue } from './escalation.ts';

export const REPAIRS_SWEEP_JOB = 'repairs.sweep';

export const repairsSweepJob: JobHandler = async (ctx) => {
  const overdue = await sweepOverdue(ctx.db, ctx.clock, ctx.notifier);
  const autoConfirmed = await autoConfirmSilent(ctx.db, ctx.clock);
  return { ...overdue, autoConfirmed };
};

export const repairsSweepScheduler = (): JobScheduler => everySlot(REPAIRS_SWEEP_JOB, 'minute');
