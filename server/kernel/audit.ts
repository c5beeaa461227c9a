import { auditLog } from './kernel.schema.ts';
import type { Actor } from './actor.ts';
import type { Clock } from './clock.ts';
import { sql, type SQL } from 'drizzle-orm';
import type { Db } from './db.ts';

export interface AuditEntry {
  action: string;
  entity: string;
  entityId?: string | number | null;
  before?: unknown;
  after?: unknown;
}

/** Strip secrets before they reach the audit log: it is browsable by admins. */
const SECRET_KEYS = new Set(['passwordHash', 'password', 'codeHash', 'tokenHash', 'token', 'csrfToken']);

function redact(value: unknown): unknown {
  if (value === null || value === undefined) return null;
  if (Array.isArray(value)) return value.map(redact);
  if (value instanceof Date) return value.toISOString();
  if (typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value as Record<string, unknown>)
        .filter(([k]) => !SECRET_KEYS.has(k))
        .map(([k, v]) => [k, redact(v)]),
    );
  }
  return value;
}

/** Write one audit row. Call it with the transaction handle of the change it records. */
export async function writeAudit(tx: Db, clock: Clock, actor: Actor, entry: AuditEntry): Promise<void> {
  const row = auditRow(clock, actor, entry);
  await tx.insert(auditLog).values({
    at: new Date(row.at),
    actorId: row.actor_id,
    actorRole: row.actor_role,
    action: row.action,
    entity: row.entity,
    entityId: row.entity_id,
    before: row.before,
    after: row.after,
    requestId: row.request_id,
  });
}

/** An audit row (redacted, the table's column names), for a hot path that writes it in its own statement. */
export interface AuditRow {
  at: string;
  actor_id: number | null;
  actor_role: string;
  action: string;
  entity: string;
  entity_id: string | null;
  before: unknown;
  after: unknown;
  request_id: string | null;
}

export function auditRow(clock: Clock, actor: Actor, entry: AuditEntry): AuditRow {
  return {
    at: clock.now().toISOString(),
    actor_id: actor.userId,
    actor_role: actor.role,
    action: entry.action,
    entity: entry.entity,
    entity_id: entry.entityId === undefined || entry.entityId === null ? null : String(entry.entityId),
    before: redact(entry.before),
    after: redact(entry.after),
    request_id: actor.requestId ?? null,
  };
}

/**
 * Audit rows as a sub-statement of a data-modifying CTE: for a change whose audit carries values
 * only the database knows yet (new ids, receipt numbers) and that must not cost a round trip of
 * its own (payments, incidents). `source` yields columns `entity_id`, `after` (jsonb) and, if the
 * change has one, `before` (jsonb) — built by the caller from its own values and rows that hold
 * no secret, so redaction is not needed.
 */
export function auditRowsFrom(clock: Clock, actor: Actor, entry: { action: string; entity: string }, source: SQL): SQL {
  // to_jsonb(s) -> 'before' is null when the source has no such column.
  return sql`INSERT INTO audit_log (at, actor_id, actor_role, action, entity, entity_id, before, after, request_id)
    SELECT ${clock.now().toISOString()}::timestamptz, ${actor.userId}::int, ${actor.role}, ${entry.action}, ${entry.entity},
           s.entity_id::text, to_jsonb(s) -> 'before', s.after, ${actor.requestId ?? null}::text
      FROM (${source}) s`;
}
