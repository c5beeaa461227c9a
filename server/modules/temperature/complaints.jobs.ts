/**
 * A temperature complaint whose official measurement is overdue (its clock, from the rulebook's
 * hours, ran out while it was still open) alerts the steward it is assigned to and the crew lead
 * of the grid's crew, once. The claim and the alert share a transaction, and SKIP LOCKED lets
 * several app instances sweep at once without alerting twice.
 */
import { sql } from 'drizzle-orm';
import { systemActor } from '../../kernel/actor.ts';
import { writeAudit } from '../../kernel/audit.ts';
import { queryRows } from '../../kernel/db.ts';
import { everySlot, type JobContext, type JobHandler, type JobScheduler } from '../../kernel/jobs.ts';

export const COMPLAINTS_OVERDUE_JOB = 'temperature.complaints.overdue';

/** Per transaction: a backlog after an outage is worked off in several short ones. */
const BATCH = 200;

interface Overdue {
  id: number;
  assignee: number;
  lead: number | null;
  accountNo: string;
  dueAt: string;
}

export async function alertOverdueComplaints(ctx: JobContext): Promise<{ alerted: number }> {
  let alerted = 0;
  for (;;) {
    const now = ctx.clock.now();
    const claimed = await ctx.db.transaction(async (tx) => {
      const rows = await queryRows<Overdue>(tx, sql`
        UPDATE temperature_complaints c SET overdue_alerted_at = ${now.toISOString()}::timestamptz
        FROM (SELECT id FROM temperature_complaints
              WHERE status = 'open' AND overdue_alerted_at IS NULL AND measure_due_at < ${now.toISOString()}::timestamptz
              ORDER BY measure_due_at LIMIT ${BATCH} FOR UPDATE SKIP LOCKED) due
        JOIN temperature_complaints x ON x.id = due.id
        JOIN households h ON h.id = x.household_id
        JOIN grids g ON g.id = x.grid_id
        JOIN crews cr ON cr.id = g.crew_id
        WHERE c.id = due.id
        RETURNING c.id, c.assignee_user_id AS assignee, cr.lead_user_id AS lead, h.account_no AS "accountNo",
                  to_char(c.measure_due_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI"Z"') AS "dueAt"`);
      for (const r of rows) {
        await writeAudit(tx, ctx.clock, systemActor, { action: 'temperature.complaint.overdue', entity: 'temperature_complaint', entityId: r.id, before: { overdueAlertedAt: null }, after: { overdueAlertedAt: now.toISOString(), measureDueAt: r.dueAt } });
        for (const recipient of new Set([r.assignee, r.lead].filter((u): u is number => u !== null))) {
          await ctx.notifier.send(tx, {
            channel: 'inapp',
            recipient: String(recipient),
            template: 'temperature_complaint_overdue',
            body: `室温投诉 #${r.id}（户号 ${r.accountNo}）应于 ${r.dueAt} 前正式测温，已超时`,
            data: { complaintId: r.id, measureDueAt: r.dueAt },
          });
        }
      }
      return rows.length;
    });
    alerted += claimed;
    if (claimed < BATCH) return { alerted };
  }
}

export const complaintsOverdueJob: JobHandler = (ctx) => alertOverdueComplaints(ctx);
export const complaintsOverdueScheduler = (): JobScheduler => everySlot(COMPLAINTS_OVERDUE_JOB, 'tenMinutes');
