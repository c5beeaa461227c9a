/** The sweep that finds online orders whose callback never came (or that expired) and asks the provider. */
import { enqueueJob, type JobHandler, type JobScheduler } from '../../../kernel/jobs.ts';
import { reconcileOpenOrders } from './orders.service.ts';

export const ONLINE_RECONCILE_JOB = 'billing.online.reconcile';

export const onlineReconcileJob: JobHandler = async (ctx) => reconcileOpenOrders(ctx);

/** Once a minute, like the repairs sweep; the unique key keeps several instances from queuing it twice. */
export function onlineReconcileScheduler(): JobScheduler {
  let queuedMinute = '';
  return async (ctx) => {
    const minute = ctx.clock.now().toISOString().slice(0, 16);
    if (minute === queuedMinute) return;
    await enqueueJob(ctx.db, ctx.clock, { kind: ONLINE_RECONCILE_JOB, uniqueKey: `${ONLINE_RECONCILE_JOB}:${minute}`, maxAttempts: 2 });
    queuedMinute = minute;
  };
}
