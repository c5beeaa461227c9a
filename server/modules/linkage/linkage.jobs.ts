/**
 * Linkage's background work, registered in server/jobs.ts:
 *   - after the daily mode-change job of a city, the groups of communities now in direct mode;
 *   - at the bulletin time, one bulletin run per city and business day;
 *   - at the reminder time, one reminder run per city and day for unacknowledged copies.
 * Unique keys per city and date make every instance's scheduler enqueue the same job once; the
 * jobs table's SKIP LOCKED claim runs it once; the bulletins' unique index keeps it exactly once
 * even when a stale job is retried.
 */
import { bulletinTimes, type BulletinTimes } from '../../kernel/config.ts';
import { businessDate, type BusinessDate } from '../../kernel/business-time.ts';
import { enqueueJob, type JobHandler, type JobScheduler } from '../../kernel/jobs.ts';
import { knownCities } from '../rulebook/index.ts';
import { atLocalTime, generateDailyBulletins, remindUnacknowledged } from './bulletins.service.ts';
import { ensureLinkageGroups } from './groups.service.ts';

export const BULLETINS_JOB = 'linkage.bulletins';
export const BULLETIN_REMINDERS_JOB = 'linkage.bulletin-reminders';

/** The tenure module's mode-change job, followed by opening the groups its result calls for (idempotent). */
export function withLinkageGroups(modeChanges: JobHandler): JobHandler {
  return async (ctx, job) => {
    const result = await modeChanges(ctx, job);
    const { city, date } = job.payload as { city: string; date: BusinessDate };
    const groupsCreated = await ensureLinkageGroups(ctx.db, ctx.clock, city, date);
    return { ...(typeof result === 'object' && result !== null ? result : { result }), linkageGroupsCreated: groupsCreated };
  };
}

export const bulletinsJob: JobHandler = async (ctx, job) => {
  const { city, date, generateAt } = job.payload as { city: string; date: BusinessDate; generateAt: string };
  return { bulletins: await generateDailyBulletins(ctx.db, ctx.clock, city, date, generateAt) };
};

export const bulletinRemindersJob: JobHandler = async (ctx, job) => {
  const { city, date } = job.payload as { city: string; date: BusinessDate };
  return { reminded: await remindUnacknowledged(ctx.db, ctx.clock, ctx.notifier, city, date) };
};

/** Queues each city's bulletin run once its local bulletin time has passed, and the reminder run after the reminder time. */
export function bulletinScheduler(times: BulletinTimes = bulletinTimes()): JobScheduler {
  const queued = new Set<string>();
  return async (ctx) => {
    const now = ctx.clock.now();
    for (const c of await knownCities(ctx.db)) {
      const timeZone = c.rules.city.timeZone;
      const today = businessDate(now, timeZone);
      const due: [string, string, Record<string, unknown>][] = [];
      if (now >= atLocalTime(today, times.generateAt, timeZone)) due.push([BULLETINS_JOB, `${BULLETINS_JOB}:${c.city}:${today}`, { city: c.city, date: today, generateAt: times.generateAt }]);
      if (now >= atLocalTime(today, times.remindAt, timeZone)) due.push([BULLETIN_REMINDERS_JOB, `${BULLETIN_REMINDERS_JOB}:${c.city}:${today}`, { city: c.city, date: today }]);
      for (const [kind, uniqueKey, payload] of due) {
        if (queued.has(uniqueKey)) continue;
        await enqueueJob(ctx.db, ctx.clock, { kind, uniqueKey, payload });
        queued.add(uniqueKey);
      }
    }
  };
}
