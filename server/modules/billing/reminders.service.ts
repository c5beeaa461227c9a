/**
 * Arrears reminders (催缴): an SMS through the notifier (outbox) to the household's phone, at most
 * once per household, season and day (unique index — a second click or a retry reminds nobody
 * twice), counted per season. When a household reaches the rulebook's remindersBeforeValveClose,
 * its grid's steward gets a valve-close task.
 */
import { sql } from 'drizzle-orm';
import { hasRole, type Actor } from '../../kernel/actor.ts';
import { writeAudit } from '../../kernel/audit.ts';
import type { Clock } from '../../kernel/clock.ts';
import { queryRows, type Db } from '../../kernel/db.ts';
import { Forbidden, Invalid } from '../../kernel/errors.ts';
import type { Notifier } from '../../kernel/notify.ts';
import type { RemindersSent, SendReminders } from './arrears.contract.ts';
import { arrearsCalendar, arrearsColumns, arrearsFrom, arrearsRow, defaultArrearsSeason, type ArrearsSqlRow } from './arrears.read.ts';
import { createValveTask } from './valve-tasks.service.ts';

/** One click reminds at most this many households; a bigger list is narrowed by compound or grid. */
export const MAX_REMINDERS_PER_REQUEST = 5_000;

export async function sendReminders(deps: { db: Db; clock: Clock; notifier: Notifier }, actor: Actor, input: SendReminders): Promise<RemindersSent> {
  if (!hasRole(actor, 'clerk', 'admin')) throw new Forbidden('Reminders are sent by the business office', 'office_only');
  const season = input.season ?? (await defaultArrearsSeason(deps.db, deps.clock));
  const days = await arrearsCalendar(deps.db, deps.clock, season);
  const byCity = new Map(days.map((d) => [d.city, d]));
  return deps.db.transaction(async (tx) => {
    const rows = await queryRows<ArrearsSqlRow>(
      tx,
      sql`SELECT ${arrearsColumns} ${arrearsFrom(actor, season, days, input)} ORDER BY h.id LIMIT ${MAX_REMINDERS_PER_REQUEST + 1}`,
    );
    if (rows.length > MAX_REMINDERS_PER_REQUEST) {
      throw new Invalid(`More than ${MAX_REMINDERS_PER_REQUEST} households are in arrears here; remind one compound or grid at a time`, [
        { field: 'compoundId', message: 'narrow the list', rule: 'narrow_the_list', params: { limit: MAX_REMINDERS_PER_REQUEST } },
      ], 'too_many_to_remind', { limit: MAX_REMINDERS_PER_REQUEST });
    }
    if (input.householdIds && rows.length < input.householdIds.length) {
      const found = new Set(rows.map((r) => r.householdId));
      const missing = input.householdIds.filter((id) => !found.has(id));
      throw new Invalid(`Households ${missing.join(', ')} are not in arrears for ${season} in your list`, [
        { field: 'householdIds', message: `not in arrears or not yours: ${missing.join(', ')}`, rule: 'not_in_arrears', params: { ids: missing.join(', ') } },
      ], 'not_in_arrears', { ids: missing.join(', '), season });
    }
    const sent: RemindersSent = { season, reminded: 0, alreadyToday: 0, withoutPhone: 0, valveCloseTasks: 0 };
    const remindedIds: number[] = [];
    for (const r of rows) {
      if (!r.phone) {
        sent.withoutPhone += 1;
        continue;
      }
      const row = arrearsRow(r);
      const [inserted] = await queryRows<{ id: number }>(
        tx,
        sql`INSERT INTO arrears_reminders (household_id, season, sent_on, sent_at, owed_fen, actor_id)
            VALUES (${r.householdId}, ${season}, ${r.today}::date, ${deps.clock.now().toISOString()}::timestamptz, ${row.owedFen}, ${actor.userId})
            ON CONFLICT (household_id, season, sent_on) DO NOTHING RETURNING id`,
      );
      if (!inserted) {
        sent.alreadyToday += 1;
        continue;
      }
      const count = r.reminders + 1;
      await deps.notifier.send(tx, {
        channel: 'sms',
        recipient: r.phone,
        template: 'arrears_reminder',
        body: `【供暖管家】户号${r.accountNo}（${r.address}）${season}采暖期供暖费尚欠${(row.owedFen / 100).toFixed(2)}元，请尽快缴纳。第${count}次催缴。`,
        data: { householdId: r.householdId, season, owedFen: row.owedFen, reminder: count },
      });
      sent.reminded += 1;
      remindedIds.push(r.householdId);
      const limit = byCity.get(r.city)!.remindersBeforeValveClose;
      if (limit > 0 && count >= limit && r.closeStatus === null) {
        const task = await createValveTask(tx, deps.clock, actor, {
          householdId: r.householdId,
          season,
          kind: 'close',
          gridId: r.gridId,
          city: r.city,
          reason: `${count} reminders for ${season}, still owes ${row.owedFen} fen`,
        });
        if (task !== null) sent.valveCloseTasks += 1;
      }
    }
    if (sent.reminded > 0) {
      await writeAudit(tx, deps.clock, actor, { action: 'billing.arrears.remind', entity: 'arrears_reminder', after: { ...sent, householdIds: remindedIds } });
    }
    return sent;
  });
}
