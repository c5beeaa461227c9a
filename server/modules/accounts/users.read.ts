import { and, eq, inArray } from 'drizzle-orm';
import type { Actor, Scope } from '../../kernel/actor.ts';
import type { Db } from '../../kernel/db.ts';
import type { UserView } from './accounts.contract.ts';
import { users, userScopes } from './accounts.schema.ts';

export type UserRow = typeof users.$inferSelect;

export async function scopesOf(db: Db, userIds: number[]): Promise<Map<number, Scope[]>> {
  const map = new Map<number, Scope[]>();
  if (userIds.length === 0) return map;
  const rows = await db.select().from(userScopes).where(inArray(userScopes.userId, userIds));
  for (const r of rows) {
    const list = map.get(r.userId) ?? [];
    list.push({ kind: r.kind, refId: r.refId });
    map.set(r.userId, list);
  }
  return map;
}

export function toUserView(row: UserRow, scopes: Scope[]): UserView {
  return {
    id: row.id,
    role: row.role,
    name: row.name,
    username: row.username,
    phone: row.phone,
    active: row.active,
    scopes,
    createdAt: row.createdAt.toISOString(),
  };
}

export async function loadUserView(db: Db, id: number): Promise<UserView | undefined> {
  const [row] = await db.select().from(users).where(eq(users.id, id));
  if (!row) return undefined;
  return toUserView(row, (await scopesOf(db, [id])).get(id) ?? []);
}

export function actorOf(row: UserRow, scopes: Scope[], requestId?: string): Actor {
  return { userId: row.id, role: row.role, name: row.name, scopes, requestId };
}

export async function findActiveResidentByPhone(db: Db, phone: string): Promise<UserRow | undefined> {
  const [row] = await db
    .select()
    .from(users)
    .where(and(eq(users.phone, phone), eq(users.role, 'resident'), eq(users.active, true)));
  return row;
}
