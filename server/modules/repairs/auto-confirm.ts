/**
 * Silence is consent, after a while: a resolved request the resident neither confirms nor
 * reopens is confirmed after the rulebook's autoConfirmDays (per city, from the version in
 * force now). Set-based per city; the timeline says it was the system, not the resident, so
 * reports can tell "closed" from "confirmed fixed".
 */
import { sql } from 'drizzle-orm';
import { systemActor } from '../../kernel/actor.ts';
import { writeAudit } from '../../kernel/audit.ts';
import type { Clock } from '../../kernel/clock.ts';
import { queryRows, type Db } from '../../kernel/db.ts';
import { rulesFor } from '../rulebook/index.ts';
import { publishRequestsChanged } from './live.ts';

export async function autoConfirmSilent(db: Db, clock: Clock): Promise<number> {
  const now = clock.now();
  const cities = await queryRows<{ city: string }>(db, sql`SELECT DISTINCT city FROM repair_requests WHERE status = 'resolved'`);
  let confirmed = 0;
  for (const { city } of cities) {
    const { rules } = await rulesFor(db, city, now);
    const before = new Date(now.getTime() - rules.sla.autoConfirmDays * 86_400_000).toISOString();
    confirmed += await db.transaction(async (tx) => {
      const rows = await queryRows<{ id: number }>(
        tx,
        sql`UPDATE repair_requests SET status = 'confirmed', closed_at = ${now.toISOString()}::timestamptz,
                   updated_at = ${now.toISOString()}::timestamptz
            WHERE city = ${city} AND status = 'resolved' AND resolved_at <= ${before}::timestamptz
            RETURNING id`,
      );
      if (rows.length === 0) return 0;
      const idList = sql.join(rows.map((r) => sql`${r.id}`), sql`, `);
      await tx.execute(
        sql`INSERT INTO request_events (request_id, at, kind, actor_role, from_status, to_status, note)
            SELECT id, ${now.toISOString()}::timestamptz, 'auto_confirmed', 'system', 'resolved', 'confirmed',
                   ${`no answer within ${rules.sla.autoConfirmDays} days`}
            FROM repair_requests WHERE id IN (${idList})`,
      );
      await writeAudit(tx, clock, systemActor, {
        action: 'repair.auto_confirm',
        entity: 'repair_request',
        after: { city, requestIds: rows.map((r) => r.id), autoConfirmDays: rules.sla.autoConfirmDays },
      });
      await publishRequestsChanged(tx, rows.map((r) => r.id), 'repair.auto_confirmed');
      return rows.length;
    });
  }
  return confirmed;
}
