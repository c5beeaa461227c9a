/**
 * Overdue patrol rounds alert the crew lead of the plan's crew, once per missed due time (the
 * plan remembers which due time it alerted for). The scheduler queues one sweep per ten minutes;
 * the time slot is in the unique key, so several app instances queue it once.
 */
import { sql } from 'drizzle-orm';
import { queryRows } from '../../kernel/db.ts';
import { everySlot, type JobContext, type JobHandler, type JobScheduler } from '../../kernel/jobs.ts';
import { planStates } from './patrols.read.ts';

export const PATROLS_OVERDUE_JOB = 'temperature.patrols.overdue';

export async function alertOverduePatrols(ctx: JobContext): Promise<{ alerted: number }> {
  const overdue = (await planStates(ctx, null)).filter((p) => p.overdue && p.overdueAlertedFor !== p.dueAt);
  let alerted = 0;
  for (const plan of overdue) {
    await ctx.db.transaction(async (tx) => {
      // Claim the alert first: a concurrent sweep that lost the race updates nothing and sends nothing.
      const claimed = await queryRows<{ id: number }>(
        tx,
        sql`UPDATE patrol_plans SET overdue_alerted_for = ${plan.dueAt}::timestamptz
            WHERE id = ${plan.id} AND overdue_alerted_for IS DISTINCT FROM ${plan.dueAt}::timestamptz RETURNING id`,
      );
      if (claimed.length === 0) return;
      const [crew] = await queryRows<{ lead: number | null }>(tx, sql`SELECT lead_user_id AS lead FROM crews WHERE id = ${plan.crewId}`);
      if (!crew?.lead) return;
      await ctx.notifier.send(tx, {
        channel: 'inapp',
        recipient: String(crew.lead),
        template: 'patrol_overdue',
        body: `巡检超时：${plan.targetCode} ${plan.targetName} 应于 ${plan.dueAt} 前巡检${plan.boosts.length ? `（加密巡检：${plan.boosts.join('、')}）` : ''}`,
        data: { planId: plan.id, dueAt: plan.dueAt },
      });
      alerted += 1;
    });
  }
  return { alerted };
}

export const patrolsOverdueJob: JobHandler = (ctx) => alertOverduePatrols(ctx);

export const patrolsOverdueScheduler = (): JobScheduler => everySlot(PATROLS_OVERDUE_JOB, 'tenMinutes');
