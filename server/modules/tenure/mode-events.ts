import { asc, eq, gt, sql } from 'drizzle-orm';
import type { BusinessDate } from '../../kernel/business-time.ts';
import type { Clock } from '../../kernel/clock.ts';
import { queryRows, type Db } from '../../kernel/db.ts';
import { enqueueJob, type JobHandler, type JobScheduler } from '../../kernel/jobs.ts';
import { cityCalendar } from './calendar.ts';
import { modeEventsToRecord, modeSql } from './service-mode.ts';
import { compoundModeEvents, tenures } from './tenure.schema.ts';

/**
 * Mode-change events: the feed payments, repairs and bulletins follow. A tenure write records, in
 * its own transaction, every change it makes to the compound's modes from today on (future ones
 * too, so a payment channel can be prepared before a vacuum starts). The daily job then records
 * whatever the feed still misses for today — tenures written outside this module (imports, hand
 * fixes) and compounds never recorded — so "the mode changed because a date passed" is never lost.
 */
export type ModeChange = typeof compoundModeEvents.$inferSelect;

/** Append the events a tenure write implies. Call with the write's transaction, compound locked. */
export async function recordModeChanges(tx: Db, clock: Clock, compoundId: number, today: BusinessDate): Promise<ModeChange[]> {
  const spans = await tx.select().from(tenures).where(eq(tenures.compoundId, compoundId));
  const events = await tx.select().from(compoundModeEvents).where(eq(compoundModeEvents.compoundId, compoundId)).orderBy(asc(compoundModeEvents.id));
  const added = modeEventsToRecord(events, spans, today);
  if (!added.length) return [];
  const recordedAt = clock.now();
  return tx
    .insert(compoundModeEvents)
    .values(added.map((e) => ({ ...e, compoundId, recordedAt })))
    .returning();
}

/** Events recorded after the given event id (0 = from the start), oldest first: a cursor for consumers. */
export async function modeChangesSince(db: Db, afterEventId: number, limit = 500): Promise<ModeChange[]> {
  return db.select().from(compoundModeEvents).where(gt(compoundModeEvents.id, afterEventId)).orderBy(asc(compoundModeEvents.id)).limit(limit);
}

/**
 * Set-based reconciliation for one city's today: every compound whose announced mode differs
 * from its tenures' mode gets one event effective today. Running it again finds nothing to add.
 */
export async function recordDailyModeChanges(db: Db, clock: Clock, city: string, today: BusinessDate): Promise<number> {
  const current = modeSql('cu');
  return db.transaction(async (tx) => {
    // The same per-compound row locks a tenure write takes, so a write committing meanwhile is
    // either seen by the query below or waits for it: never recorded twice.
    await tx.execute(sql`SELECT c.id FROM compounds c JOIN branches b ON b.id = c.branch_id WHERE b.city = ${city} ORDER BY c.id FOR UPDATE OF c`);
    const inserted = await queryRows<{ id: number }>(
      tx,
      sql`WITH cu AS (
            SELECT c.id AS compound_id, t.id, t.kind, t.collects_as_agent
            FROM compounds c JOIN branches b ON b.id = c.branch_id AND b.city = ${city}
            LEFT JOIN LATERAL (
              SELECT id, kind, collects_as_agent FROM tenures
              WHERE compound_id = c.id AND starts_on <= ${today}::date AND (ends_on IS NULL OR ends_on > ${today}::date)
              ORDER BY starts_on DESC LIMIT 1) t ON true
          ), announced AS (
            SELECT DISTINCT ON (e.compound_id) e.compound_id, e.to_mode
            FROM compound_mode_events e JOIN cu ON cu.compound_id = e.compound_id
            WHERE e.effective_on <= ${today}::date
            ORDER BY e.compound_id, e.effective_on DESC, e.id DESC
          )
          INSERT INTO compound_mode_events (compound_id, effective_on, from_mode, to_mode, reason, recorded_at)
          SELECT cu.compound_id, ${today}::date, a.to_mode, ${current.mode}, ${current.reason}, ${clock.now().toISOString()}::timestamptz
          FROM cu LEFT JOIN announced a ON a.compound_id = cu.compound_id
          WHERE a.to_mode IS DISTINCT FROM ${current.mode}
          RETURNING id`,
    );
    return inserted.length;
  });
}

export const MODE_CHANGES_JOB = 'tenure.record-mode-changes';

export const modeChangesJob: JobHandler = async (ctx, job) => {
  const { city, date } = job.payload as { city: string; date: BusinessDate };
  return { recorded: await recordDailyModeChanges(ctx.db, ctx.clock, city, date) };
};

/**
 * Queue one job per city and business day (the unique key makes other instances' attempts
 * no-ops). Remembers what it queued so the 5-second tick does not write to the database.
 */
export function modeChangesScheduler(): JobScheduler {
  const queuedDay = new Map<string, BusinessDate>();
  return async (ctx) => {
    for (const day of await cityCalendar(ctx.db, ctx.clock)) {
      if (queuedDay.get(day.city) === day.today) continue;
      const uniqueKey = `${MODE_CHANGES_JOB}:${day.city}:${day.today}`;
      await enqueueJob(ctx.db, ctx.clock, { kind: MODE_CHANGES_JOB, uniqueKey, payload: { city: day.city, date: day.today } });
      queuedDay.set(day.city, day.today);
    }
  };
}
