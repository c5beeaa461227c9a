/**
 * The daily billing job: draw up the settlement statements of tenures whose end has passed
 * (when a tenure ends, the outgoing company must settle everything it collected). One job per
 * city and business day (unique key), like the tenure module's mode-change job.
 */
import { businessDate, type BusinessDate } from '../../kernel/business-time.ts';
import { enqueueJob, type JobHandler, type JobScheduler } from '../../kernel/jobs.ts';
import { knownCities } from '../rulebook/index.ts';
import { drawUpEndedTenures } from './settlements.service.ts';

export const SETTLEMENTS_JOB = 'billing.draw-up-settlements';

export const settlementsJob: JobHandler = async (ctx, job) => {
  const { city, date } = job.payload as { city: string; date: BusinessDate };
  return { drawnUp: await drawUpEndedTenures(ctx.db, ctx.clock, city, date) };
};

export function settlementsScheduler(): JobScheduler {
  const queuedDay = new Map<string, BusinessDate>();
  return async (ctx) => {
    for (const c of await knownCities(ctx.db)) {
      const today = businessDate(ctx.clock.now(), c.rules.city.timeZone);
      if (queuedDay.get(c.city) === today) continue;
      await enqueueJob(ctx.db, ctx.clock, { kind: SETTLEMENTS_JOB, uniqueKey: `${SETTLEMENTS_JOB}:${c.city}:${today}`, payload: { city: c.city, date: today } });
      queuedDay.set(c.city, today);
    }
  };
}
