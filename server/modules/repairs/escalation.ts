/**
 * The escalation sweep: set-based, safe to run on any number of app instances at once.
 *   1. every running clock past its due time gets its breach row (once per request, round, clock);
 *   2. every rung of the ladder whose time has come gets its escalation row — the unique index
 *      on (request, round, cause, level) decides which instance "wins" the insert, and only the
 *      rows an instance actually inserted are notified, so nobody is told twice;
 *   3. the winners' recipients (crew lead, the section's crew leads, the branch's admins) get an
 *      in-app message and an SMS through the Notifier.
 * Waiting requests are skipped: their clocks are paused.
 */
import { sql } from 'drizzle-orm';
import type { Clock } from '../../kernel/clock.ts';
import { queryRows, type Db } from '../../kernel/db.ts';
import type { Notifier } from '../../kernel/notify.ts';
import { CATEGORY_NAMES, notifyUsers } from './messages.ts';
import type { EscalationTarget } from './repairs.contract.ts';

/**
 * The ladder as data: who hears about a missed clock, and how long after the due time. A level
 * is reached only while the clock is still unmet, so progress stops the climb (but never
 * erases a breach or an escalation already recorded).
 */
export const ESCALATION_LADDER: readonly { level: number; target: EscalationTarget; afterMinutes: number }[] = [
  { level: 1, target: 'crew_lead', afterMinutes: 0 },
  { level: 2, target: 'section', afterMinutes: 60 },
  { level: 3, target: 'branch', afterMinutes: 240 },
];

const CLOCK_NAMES: Record<string, string> = { first_response: '首次响应', on_site: '到场', resolve: '处理完成', reopened: '住户重开' };

/** The three clocks of `r` as rows (clock, due, met), for joins. */
const CLOCK_ROWS = sql`(VALUES ('first_response', r.first_response_due_at, r.responded_at),
                               ('on_site', r.on_site_due_at, r.on_site_at),
                               ('resolve', r.resolve_due_at, r.resolved_at)) AS c(clock, due_at, met_at)`;
const RUNNING = sql`r.status IN ('submitted', 'accepted', 'on_site', 'reopened')`;

export interface SweepResult {
  breaches: number;
  escalations: number;
}

export async function sweepOverdue(db: Db, clock: Clock, notifier: Notifier): Promise<SweepResult> {
  const now = clock.now().toISOString();
  const ladder = sql.join(
    ESCALATION_LADDER.map((l) => sql`(${l.level}::int, ${l.target}::text, ${l.afterMinutes}::int)`),
    sql`, `,
  );
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
          CROSS JOIN (VALUES ${ladder}) AS l(level, target, after_minutes)
          WHERE ${RUNNING} AND r.first_response_due_at <= ${now}::timestamptz
            AND c.met_at IS NULL AND c.due_at + make_interval(mins => l.after_minutes) <= ${now}::timestamptz
          ON CONFLICT DO NOTHING
          RETURNING id, request_id AS "requestId", cause, level, target`,
    );
    if (won.length === 0) return { breaches: breaches.length, escalations: 0 };
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
    return { breaches: breaches.length, escalations: won.length };
  });
}

/** Recipients per escalation: the crew lead; every crew lead of the section; the branch admins. */
async function notifyRecipients(tx: Db, notifier: Notifier, wonIds: ReturnType<typeof sql.join>, won: { id: number; requestId: number; cause: string; level: number }[]): Promise<void> {
  const recipients = await queryRows<{ escalationId: number; userId: number; category: string }>(
    tx,
    sql`SELECT e.id AS "escalationId", u.id AS "userId", r.category
        FROM request_escalations e JOIN repair_requests r ON r.id = e.request_id
        JOIN grids g ON g.id = r.grid_id JOIN crews cr ON cr.id = g.crew_id JOIN sections se ON se.id = cr.section_id
        JOIN users u ON u.active AND (
             (e.target = 'crew_lead' AND u.id = cr.lead_user_id)
          OR (e.target = 'section' AND u.id IN (SELECT lead_user_id FROM crews WHERE section_id = se.id))
          OR (e.target = 'branch' AND u.role = 'admin'
              AND EXISTS (SELECT 1 FROM user_scopes s WHERE s.user_id = u.id AND s.kind = 'branch' AND s.ref_id = se.branch_id)))
        WHERE e.id IN (${wonIds}) ORDER BY e.id, u.id`,
  );
  const byId = new Map(won.map((w) => [w.id, w]));
  for (const row of recipients) {
    const e = byId.get(row.escalationId)!;
    await notifyUsers(tx, notifier, [row.userId], {
      template: 'repair_escalated',
      body: `报修 #${e.requestId}（${CATEGORY_NAMES[row.category] ?? row.category}）${CLOCK_NAMES[e.cause] ?? e.cause}超时，升级至第 ${e.level} 级`,
      data: { requestId: e.requestId, cause: e.cause, level: e.level },
    });
  }
}
