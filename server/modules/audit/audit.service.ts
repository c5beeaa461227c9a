import { and, count, desc, eq, gte, lte, type SQL } from 'drizzle-orm';
import type { Actor } from '../../kernel/actor.ts';
import type { PagedOf } from '../../kernel/contract.ts';
import type { Deps } from '../../kernel/deps.ts';
import { Forbidden } from '../../kernel/errors.ts';
import { auditLog, outbox } from '../../kernel/kernel.schema.ts';
import { users } from '../accounts/index.ts';
import type { AuditEntryView, AuditQuery, OutboxMessageView, OutboxQuery } from './audit.contract.ts';

function checkAdmin(actor: Actor): void {
  if (actor.role !== 'admin') throw new Forbidden('Only an administrator reads the audit log and the outbox', 'admin_only');
}

export async function listAudit(deps: Deps, actor: Actor, q: AuditQuery): Promise<PagedOf<AuditEntryView>> {
  checkAdmin(actor);
  const page = q.page ?? 1;
  const pageSize = q.pageSize ?? 50;
  const filters: SQL[] = [];
  if (q.entity) filters.push(eq(auditLog.entity, q.entity));
  if (q.entityId) filters.push(eq(auditLog.entityId, q.entityId));
  if (q.action) filters.push(eq(auditLog.action, q.action));
  if (q.actorId) filters.push(eq(auditLog.actorId, q.actorId));
  if (q.from) filters.push(gte(auditLog.at, new Date(q.from)));
  if (q.to) filters.push(lte(auditLog.at, new Date(q.to)));
  const where = filters.length ? and(...filters) : undefined;
  const [rows, [total]] = await Promise.all([
    deps.db
      .select({ entry: auditLog, actorName: users.name })
      .from(auditLog)
      .leftJoin(users, eq(users.id, auditLog.actorId))
      .where(where)
      .orderBy(desc(auditLog.id))
      .limit(pageSize)
      .offset((page - 1) * pageSize),
    deps.db.select({ n: count() }).from(auditLog).where(where),
  ]);
  return {
    items: rows.map(({ entry, actorName }) => ({ ...entry, at: entry.at.toISOString(), actorName })),
    total: total?.n ?? 0,
    page,
    pageSize,
  };
}

export async function listOutbox(deps: Deps, actor: Actor, q: OutboxQuery): Promise<PagedOf<OutboxMessageView>> {
  checkAdmin(actor);
  const page = q.page ?? 1;
  const pageSize = q.pageSize ?? 50;
  const filters: SQL[] = [];
  if (q.channel) filters.push(eq(outbox.channel, q.channel));
  if (q.recipient) filters.push(eq(outbox.recipient, q.recipient));
  const where = filters.length ? and(...filters) : undefined;
  const [rows, [total]] = await Promise.all([
    deps.db.select().from(outbox).where(where).orderBy(desc(outbox.id)).limit(pageSize).offset((page - 1) * pageSize),
    deps.db.select({ n: count() }).from(outbox).where(where),
  ]);
  return { items: rows.map((r) => ({ ...r, createdAt: r.createdAt.toISOString() })), total: total?.n ?? 0, page, pageSize };
}
