/**
 * Reacting to the tenure module's mode-change feed: when a compound turns `direct` (its property
 * company leaves, or never collected), the clerks of its branch are told — in-app, through the
 * notifier outbox — that a temporary collection point is proposed, unless an open point already
 * covers it. One job per mode event (the unique key), so restarts and several instances never
 * notify twice; the scheduler's cursor lives in memory and a restart only re-offers old events,
 * which the unique key turns into no-ops.
 */
import { sql } from 'drizzle-orm';
import type { BusinessDate } from '../../kernel/business-time.ts';
import { queryRows } from '../../kernel/db.ts';
import { enqueueJob, type JobHandler, type JobScheduler } from '../../kernel/jobs.ts';
import { todayIn } from '../rulebook/index.ts';
import { modeChangesSince, serviceMode } from '../tenure/index.ts';

export const POINT_PROPOSAL_JOB = 'billing.propose-temporary-point';

export function pointProposalScheduler(): JobScheduler {
  let after = 0;
  return async (ctx) => {
    for (;;) {
      const events = await modeChangesSince(ctx.db, after);
      for (const e of events) {
        if (e.toMode === 'direct' && e.fromMode !== 'direct') {
          const payload = { eventId: e.id, compoundId: e.compoundId, effectiveOn: e.effectiveOn, reason: e.reason };
          await enqueueJob(ctx.db, ctx.clock, { kind: POINT_PROPOSAL_JOB, uniqueKey: `${POINT_PROPOSAL_JOB}:${e.id}`, payload });
        }
        after = e.id;
      }
      if (events.length < 500) return;
    }
  };
}

export const pointProposalJob: JobHandler = async (ctx, job) => {
  const { compoundId, effectiveOn, reason } = job.payload as { compoundId: number; effectiveOn: BusinessDate; reason: string };
  const [compound] = await queryRows<{ name: string; branch_id: number; city: string }>(
    ctx.db,
    sql`SELECT c.name, c.branch_id, b.city FROM compounds c JOIN branches b ON b.id = c.branch_id WHERE c.id = ${compoundId}`,
  );
  if (!compound) return { skipped: 'compound gone' };
  const today = await todayIn(ctx.db, ctx.clock, compound.city);
  const from = effectiveOn > today ? effectiveOn : today;
  // A plan that was corrected since (a successor signed in time) needs no point.
  if ((await serviceMode(ctx.db, compoundId, from)).mode !== 'direct') return { skipped: 'no longer direct' };
  const covered = await queryRows<{ id: number }>(
    ctx.db,
    sql`SELECT p.id FROM collection_points p JOIN collection_point_compounds pc ON pc.point_id = p.id
         WHERE pc.compound_id = ${compoundId} AND p.status = 'open' AND p.to_date >= ${from}::date LIMIT 1`,
  );
  if (covered.length) return { skipped: 'an open point covers it' };
  const clerks = await queryRows<{ id: number }>(
    ctx.db,
    sql`SELECT DISTINCT u.id FROM users u JOIN user_scopes s ON s.user_id = u.id
         WHERE u.active AND u.role = 'clerk' AND s.kind = 'branch' AND s.ref_id = ${compound.branch_id}`,
  );
  await ctx.db.transaction(async (tx) => {
    for (const clerk of clerks) {
      await ctx.notifier.send(tx, {
        channel: 'inapp',
        recipient: String(clerk.id),
        template: 'temporary_point_proposed',
        body: `${compound.name} 自 ${effectiveOn} 起由热力公司直接服务，建议开设临时缴费点（见“临时缴费点”页的建议）。`,
        data: { compoundId, effectiveOn, reason },
      });
    }
  });
  return { notified: clerks.length };
};
