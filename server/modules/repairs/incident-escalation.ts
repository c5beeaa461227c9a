/**
 * Escalation during an incident (issue 6 §4 + §6): when a station fails, its 500 linked requests
 * all miss their clocks together, and climbing the ladder one by one would send the branch 500
 * messages about one fault. Instead the incident climbs the same ladder (the rulebook's) once:
 * its due time is the earliest unmet clock among its running requests, and each rung is recorded
 * once in incident_escalations (unique per incident and level, so two sweeping instances notify
 * once). The linked requests still record their own breaches — a breach is a fact for the report.
 */
import { sql, type SQL } from 'drizzle-orm';
import type { Clock } from '../../kernel/clock.ts';
import { queryRows, type Db } from '../../kernel/db.ts';
import { publishLive } from '../../kernel/live.ts';
import type { Notifier } from '../../kernel/notify.ts';
import { CLOCK_ROWS, RUNNING } from './clocks.ts';
import { notifyUsers, rungRecipients } from './messages.ts';

const TARGET_NAMES: Record<string, string> = { crew_lead: '班组长', section: '工区', branch: '分公司' };

/** Record (and notify) every rung open incidents have reached; returns how many were recorded. */
export async function escalateIncidents(tx: Db, clock: Clock, notifier: Notifier, ladder: SQL): Promise<number> {
  const now = clock.now().toISOString();
  const won = await queryRows<{ id: number; incidentId: number; level: number; target: string; gridId: number; branchId: number; linked: number }>(
    tx,
    sql`WITH due AS (
          SELECT i.id, i.city, i.grid_id, min(c.due_at) AS due_at, count(DISTINCT r.id)::int AS linked
          FROM incidents i JOIN repair_requests r ON r.incident_id = i.id CROSS JOIN LATERAL ${CLOCK_ROWS}
          WHERE i.status = 'open' AND ${RUNNING} AND c.met_at IS NULL
          GROUP BY i.id, i.city, i.grid_id
        ), ins AS (
          INSERT INTO incident_escalations (incident_id, level, target, due_at, escalated_at)
          SELECT d.id, l.level, l.target, d.due_at, ${now}::timestamptz
          FROM due d JOIN ${ladder} ON l.city = d.city
          WHERE d.due_at + make_interval(mins => l.after_minutes) <= ${now}::timestamptz
          ON CONFLICT DO NOTHING
          RETURNING id, incident_id, level, target
        )
        SELECT ins.id, ins.incident_id AS "incidentId", ins.level, ins.target, d.grid_id AS "gridId", se.branch_id AS "branchId", d.linked
        FROM ins JOIN due d ON d.id = ins.incident_id
        JOIN grids g ON g.id = d.grid_id JOIN crews cr ON cr.id = g.crew_id JOIN sections se ON se.id = cr.section_id
        ORDER BY ins.id`,
  );
  if (won.length === 0) return 0;
  const rungs = sql.join(won.map((w) => sql`(${w.id}::int, ${w.gridId}::int, ${w.target}::text)`), sql`, `);
  const recipients = await rungRecipients(tx, sql`VALUES ${rungs}`);
  const byId = new Map(won.map((w) => [w.id, w]));
  for (const row of recipients) {
    const e = byId.get(row.key)!;
    await notifyUsers(tx, notifier, [row.userId], {
      template: 'incident_escalated',
      body: `事件 #${e.incidentId}（${e.linked} 户未恢复）处理超时，已升级至${TARGET_NAMES[e.target] ?? e.target}（第 ${e.level} 级）`,
      data: { incidentId: e.incidentId, level: e.level, target: e.target, linked: e.linked },
    });
  }
  for (const w of won) {
    await publishLive(tx, [`grid:${w.gridId}`, `branch:${w.branchId}`], { kind: 'incident.escalated', incidentId: w.incidentId, level: w.level });
  }
  return won.length;
}
