/**
 * The escalation sweep: set-based, safe to run on any number of app instances at once.
 *   1. every running clock past its due time gets its breach row (once per request, round, clock);
 *   2. every rung of the ladder whose time has come gets its escalation row — the unique index
 *      on (request, round, cause, level) decides which instance "wins" the insert, and only the
 *      rows an instance actually inserted are notified, so nobody is told twice;
 *   3. the winners' recipients (crew lead, the section's crew leads, the branch's admins) get an
 *      in-app message and an SMS through the Notifier.
 * Waiting requests are skipped: their clocks are paused. Requests of an open incident record
 * their breaches but do not climb one by one: the incident climbs the ladder once for all of them.
 */
import { sql, type SQL } from 'drizzle-orm';
import type { Clock } from '../../kernel/clock.ts';
import { queryRows, type Db } from '../../kernel/db.ts';
import type { Notifier } from '../../kernel/notify.ts';
import { publishRequestsChanged } from './live.ts';
import { CLOCK_ROWS, RUNNING } from './clocks.ts';
import { CATEGORY_NAMES, notifyUsers, rungRecipients } from './messages.ts';
import { rulesFor } from '../rulebook/index.ts';
import { escalateIncidents } from './incident-escalation.ts';
import type { EscalationTarget } from './repairs.contract.ts';

/**
 * The ladder (who hears about a missed clock, and how long after the due time) is the
 * rulebook's `sla.escalation.ladder`, per city, from the version in force at the sweep. A level
 * is reached only while the clock is still unmet, so progress stops the climb (but never
 * erases a breach or an escalation already recorded).
 */
export async function laddersInForce(db: Db, now: Date): Promise<SQL> {
  const cities = await queryRows<{ city: string }>(db, sql`SELECT DISTINCT city FROM branches ORDER BY city`);
  const rungs: SQL[] = [];
  for (const { city } of cities) {
    const { rules } = await rulesFor(db, city, now);
    for (const l of rules.sla.escalation.ladder) rungs.push(sql`(${city}::text, ${l.level}::int, ${l.target}::text, ${l.afterMinutes}::int)`);
  }
  // No city at all: an empty ladder that matches nothing.
  return rungs.length ? sql`(VALUES ${sql.join(rungs, sql`, `)}) AS l(city, level, target, after_minutes)`
    : sql`(SELECT NULL::text, NULL::int, NULL::text, NULL::int WHERE false) AS l(city, level, target, after_minutes)`;
}

const CLOCK_NAMES: Record<string, string> = { first_response: '首次响应', on_site: '到场', resolve: '处理完成', reopened: '住户重开' };

/** A request that is part of an open incident: the incident climbs the ladder for it (incident-escalation.ts). */
const IN_OPEN_INCIDENT = sql`EXISTS (SELECT 1 FROM incidents i WHERE i.id = r.incident_id AND i.status = 'open')`;

export interface SweepResult {
  breaches: number;
  escalations: number;
  incidentEscalations: number;
}

export async function sweepOverdue(db: Db, clock: Clock, notifier: Notifier): Promise<SweepResult> {
  const now = clock.now().toISOString();
  const ladder = await laddersInForce(db, clock.now());
  return db.transaction(async (tx) => {
    const breaches = await queryRows<{ id: number }>(
      tx,
      sql`INSERT INTO request_breaches (request_id, round, clock, due_at, recorded_at)
          SELECT r.id, r.round, c.clock, c.due_at, ${now}::timestamptz
          FROM repair_requests r CROSS JOIN LATERAL ${CLOCK_ROWS}
          WHERE ${RUNNING} AND r.first_response_due_at <= ${now}::timestamptz
            AND c.met_at IS NULL AND c.due_at <= ${now}::timestamptz
          ON CONFLICT DO NOTHING RETURNING id`,
    );
    const won = await queryRows<{ id: number; requestId: number; cause: string; level: number; target: EscalationTarget }>(
      tx,
      sql`INSERT INTO request_escalations (request_id, round, cause, level, target, escalated_at)
          SELECT r.id, r.round, c.clock, l.level, l.target, ${now}::timestamptz
          FROM repair_requests r CROSS JOIN LATERAL ${CLOCK_ROWS}
          JOIN ${ladder} ON l.city = r.city
          WHERE ${RUNNING} AND r.first_response_due_at <= ${now}::timestamptz AND NOT ${IN_OPEN_INCIDENT}
            AND c.met_at IS NULL AND c.due_at + make_interval(mins => l.after_minutes) <= ${now}::timestamptz
          ON CONFLICT DO NOTHING
          RETURNING id, request_id AS "requestId", cause, level, target`,
    );
    const incidentEscalations = await escalateIncidents(tx, clock, notifier, ladder);
    if (won.length === 0) return { breaches: breaches.length, escalations: 0, incidentEscalations };
    const wonIds = sql.join(won.map((w) => sql`${w.id}`), sql`, `);
    await tx.execute(
      sql`UPDATE repair_requests r SET escalation_level = e.level
          FROM (SELECT request_id, max(level) AS level FROM request_escalations WHERE id IN (${wonIds}) GROUP BY request_id) e
          WHERE r.id = e.request_id AND r.escalation_level < e.level`,
    );
    await tx.execute(
      sql`INSERT INTO request_events (request_id, at, kind, actor_role, from_status, to_status, note)
          SELECT r.id, ${now}::timestamptz, 'escalated', 'system', r.status, r.status,
                 'level ' || e.level || ' (' || e.target || '): ' || e.cause || ' overdue'
          FROM request_escalations e JOIN repair_requests r ON r.id = e.request_id WHERE e.id IN (${wonIds})`,
    );
    await notifyRecipients(tx, notifier, wonIds, won);
    await publishRequestsChanged(tx, [...new Set(won.map((w) => w.requestId))], 'repair.escalated');
    return { breaches: breaches.length, escalations: won.length, incidentEscalations };
  });
}

async function notifyRecipients(tx: Db, notifier: Notifier, wonIds: SQL, won: { id: number; requestId: number; cause: string; level: number }[]): Promise<void> {
  const recipients = await rungRecipients(
    tx,
    sql`SELECT e.id, r.grid_id, e.target FROM request_escalations e JOIN repair_requests r ON r.id = e.request_id WHERE e.id IN (${wonIds})`,
  );
  const categories = new Map(
    (await queryRows<{ id: number; category: string }>(tx, sql`SELECT e.id, r.category FROM request_escalations e JOIN repair_requests r ON r.id = e.request_id WHERE e.id IN (${wonIds})`)).map((r) => [r.id, r.category]),
  );
  const byId = new Map(won.map((w) => [w.id, w]));
  for (const row of recipients) {
    const e = byId.get(row.key)!;
    const category = categories.get(row.key) ?? '';
    await notifyUsers(tx, notifier, [row.userId], {
      template: 'repair_escalated',
      body: `报修 #${e.requestId}（${CATEGORY_NAMES[category] ?? category}）${CLOCK_NAMES[e.cause] ?? e.cause}超时，升级至第 ${e.level} 级`,
      data: { requestId: e.requestId, cause: e.cause, level: e.level },
    });
  }
}
