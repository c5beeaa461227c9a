/**
 * Messages of the repairs flow. Staff get an in-app message and an SMS (a steward in the field
 * reads SMS first); the household gets an SMS to the phone on the registry. Everything goes
 * through the Notifier, so in development it lands in the outbox table.
 */
import { sql, type SQL } from 'drizzle-orm';
import { queryRows, type Db } from '../../kernel/db.ts';
import type { Notifier } from '../../kernel/notify.ts';

export interface Message {
  template: string;
  body: string;
  data: Record<string, unknown>;
}

export async function notifyUsers(tx: Db, notifier: Notifier, userIds: number[], message: Message): Promise<void> {
  const unique = [...new Set(userIds)];
  if (unique.length === 0) return;
  const rows = await queryRows<{ id: number; phone: string | null }>(
    tx,
    sql`SELECT id, phone FROM users WHERE active AND id IN (${sql.join(unique.map((id) => sql`${id}`), sql`, `)}) ORDER BY id`,
  );
  for (const u of rows) await sendToUser(tx, notifier, u, message);
}

/** A staff member's message: in-app, and by SMS when they have a phone. */
export async function sendToUser(tx: Db, notifier: Notifier, user: { id: number; phone: string | null }, message: Message): Promise<void> {
  await notifier.send(tx, { channel: 'inapp', recipient: String(user.id), ...message });
  if (user.phone) await notifier.send(tx, { channel: 'sms', recipient: user.phone, ...message });
}

export async function notifyHousehold(tx: Db, notifier: Notifier, householdId: number, message: Message): Promise<void> {
  const [row] = await queryRows<{ phone: string | null }>(tx, sql`SELECT phone FROM households WHERE id = ${householdId}`);
  if (row?.phone) await notifier.send(tx, { channel: 'sms', recipient: row.phone, ...message });
}

export const CATEGORY_NAMES: Record<string, string> = {
  not_warm: '不热',
  no_heat: '不供热',
  leak: '漏水',
  valve: '阀门',
  noise: '异响',
  other: '其他',
};

/**
 * Who a rung reaches, for rows (key, grid_id, target): the grid's crew lead; every crew lead of
 * its section; the admins of its branch. Shared by request and incident escalations.
 */
export async function rungRecipients(tx: Db, rungs: SQL): Promise<{ key: number; userId: number }[]> {
  return queryRows(
    tx,
    sql`SELECT s.key, u.id AS "userId"
        FROM (${rungs}) AS s(key, grid_id, target)
        JOIN grids g ON g.id = s.grid_id JOIN crews cr ON cr.id = g.crew_id JOIN sections se ON se.id = cr.section_id
        JOIN users u ON u.active AND (
             (s.target = 'crew_lead' AND u.id = cr.lead_user_id)
          OR (s.target = 'section' AND u.id IN (SELECT lead_user_id FROM crews WHERE section_id = se.id))
          OR (s.target = 'branch' AND u.role = 'admin'
              AND EXISTS (SELECT 1 FROM user_scopes us WHERE us.user_id = u.id AND us.kind = 'branch' AND us.ref_id = se.branch_id)))
        ORDER BY s.key, u.id`,
  );
}
