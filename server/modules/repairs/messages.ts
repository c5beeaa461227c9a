/**
 * Messages of the repairs flow. Staff get an in-app message and an SMS (a steward in the field
 * reads SMS first); the household gets an SMS to the phone on the registry. Everything goes
 * through the Notifier, so in development it lands in the outbox table.
 */
import { sql } from 'drizzle-orm';
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
  for (const u of rows) {
    await notifier.send(tx, { channel: 'inapp', recipient: String(u.id), ...message });
    if (u.phone) await notifier.send(tx, { channel: 'sms', recipient: u.phone, ...message });
  }
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
