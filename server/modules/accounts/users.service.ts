import { and, count, desc, eq, ilike, or, sql, type SQL } from 'drizzle-orm';
import { SCOPES_BY_ROLE, type Actor, type Role, type Scope } from '../../kernel/actor.ts';
import { writeAudit } from '../../kernel/audit.ts';
import type { Db } from '../../kernel/db.ts';
import type { Deps } from '../../kernel/deps.ts';
import { Conflict, Forbidden, Invalid, NotFound, sqlState, type FieldProblem } from '../../kernel/errors.ts';
import type { PagedOf } from '../../kernel/contract.ts';
import type { CreateUser, UpdateUser, UserListQuery, UserView } from './accounts.contract.ts';
import { users, userScopes } from './accounts.schema.ts';
import { hashPassword } from './passwords.ts';
import { loadUserView, scopesOf, toUserView } from './users.read.ts';

const STAFF_ROLES: Role[] = ['steward', 'crew_lead', 'clerk', 'dispatcher', 'liaison', 'property_manager', 'admin'];

function checkAdmin(actor: Actor): void {
  if (actor.role !== 'admin') throw new Forbidden('Only an administrator manages accounts', 'admin_only');
}

function scopeProblems(role: Role, scopes: Scope[]): FieldProblem[] {
  const allowed = SCOPES_BY_ROLE[role];
  const problems = scopes
    .map((s, i) => ({ s, i }))
    .filter(({ s }) => !allowed.includes(s.kind))
    .map(({ s, i }): FieldProblem => ({
      field: `scopes.${i}.kind`,
      message: `a ${role} cannot have a ${s.kind} scope (allowed: ${allowed.join(', ')})`,
      rule: 'scope_not_for_role',
      params: { role, kind: s.kind },
    }));
  if (role === 'resident' && scopes.length === 0) problems.push({ field: 'scopes', message: 'a resident needs at least one household', rule: 'resident_needs_household' });
  if (role === 'property_manager' && scopes.length === 0) {
    problems.push({ field: 'scopes', message: 'a property manager needs their property company', rule: 'manager_needs_company' });
  }
  return problems;
}

export async function listUsers(deps: Deps, actor: Actor, q: UserListQuery): Promise<PagedOf<UserView>> {
  checkAdmin(actor);
  const page = q.page ?? 1;
  const pageSize = q.pageSize ?? 50;
  const filters: SQL[] = [];
  if (q.role) filters.push(eq(users.role, q.role));
  if (q.q) {
    const like = `%${q.q.replace(/[%_\\]/g, '\\$&')}%`;
    filters.push(or(ilike(users.name, like), ilike(users.username, like), ilike(users.phone, like))!);
  }
  const where = filters.length ? and(...filters) : undefined;
  const [rows, [total]] = await Promise.all([
    deps.db.select().from(users).where(where).orderBy(desc(users.id)).limit(pageSize).offset((page - 1) * pageSize),
    deps.db.select({ n: count() }).from(users).where(where),
  ]);
  const scopes = await scopesOf(deps.db, rows.map((r) => r.id));
  return { items: rows.map((r) => toUserView(r, scopes.get(r.id) ?? [])), total: total?.n ?? 0, page, pageSize };
}

async function replaceScopes(tx: Db, userId: number, scopes: Scope[]): Promise<void> {
  await tx.delete(userScopes).where(eq(userScopes.userId, userId));
  if (scopes.length) await tx.insert(userScopes).values(scopes.map((s) => ({ userId, ...s }))).onConflictDoNothing();
}

function uniqueViolation(err: unknown): never {
  if (sqlState(err) === '23505') {
    const constraint = String((err as { cause?: { constraint?: string } }).cause?.constraint ?? '');
    const field = constraint.includes('phone') ? 'phone' : 'username';
    throw new Conflict(`That ${field} is already taken`, [{ field, message: 'already taken', rule: 'duplicate' }], 'duplicate');
  }
  throw err;
}

export async function createUser(deps: Deps, actor: Actor, input: CreateUser): Promise<UserView> {
  checkAdmin(actor);
  const problems = scopeProblems(input.role, input.scopes);
  if (STAFF_ROLES.includes(input.role)) {
    if (!input.username) problems.push({ field: 'username', message: 'staff sign in with a username', rule: 'required' });
    if (!input.password) problems.push({ field: 'password', message: 'staff need an initial password', rule: 'required' });
  } else {
    if (!input.phone) problems.push({ field: 'phone', message: 'residents sign in with their phone', rule: 'required' });
    if (input.username || input.password) problems.push({ field: 'password', message: 'residents sign in with a code, not a password', rule: 'no_password_for_residents' });
  }
  if (problems.length) throw new Invalid('The account is not valid', problems, 'invalid_account');
  const passwordHash = input.password ? await hashPassword(input.password) : null;
  const now = deps.clock.now();
  try {
    const id = await deps.db.transaction(async (tx) => {
      const [row] = await tx
        .insert(users)
        .values({ role: input.role, name: input.name, username: input.username ?? null, phone: input.phone ?? null, passwordHash, createdAt: now, updatedAt: now })
        .returning();
      await replaceScopes(tx, row!.id, input.scopes);
      await writeAudit(tx, deps.clock, actor, { action: 'user.create', entity: 'user', entityId: row!.id, after: { ...row, scopes: input.scopes } });
      return row!.id;
    });
    return (await loadUserView(deps.db, id))!;
  } catch (err) {
    uniqueViolation(err);
  }
}

export async function updateUser(deps: Deps, actor: Actor, id: number, input: UpdateUser): Promise<UserView> {
  checkAdmin(actor);
  const before = await loadUserView(deps.db, id);
  if (!before) throw new NotFound('user', id);
  if (input.scopes) {
    const problems = scopeProblems(before.role, input.scopes);
    if (problems.length) throw new Invalid('The scopes do not fit the role', problems, 'scopes_not_for_role');
  }
  if (id === actor.userId && input.active === false) {
    throw new Invalid('You cannot deactivate your own account', [{ field: 'active', message: 'ask another administrator', rule: 'own_account' }], 'cannot_deactivate_self');
  }
  const passwordHash = input.password ? await hashPassword(input.password) : undefined;
  try {
    await deps.db.transaction(async (tx) => {
      await tx
        .update(users)
        .set({
          ...(input.name !== undefined && { name: input.name }),
          ...(input.phone !== undefined && { phone: input.phone }),
          ...(input.active !== undefined && { active: input.active }),
          ...(passwordHash && { passwordHash }),
          updatedAt: deps.clock.now(),
        })
        .where(eq(users.id, id));
      if (input.scopes) await replaceScopes(tx, id, input.scopes);
      // A deactivated account or a new password ends every open session of that user.
      if (input.active === false || passwordHash) {
        await tx.execute(sql`UPDATE sessions SET revoked_at = ${deps.clock.now().toISOString()}::timestamptz WHERE user_id = ${id} AND revoked_at IS NULL`);
      }
      const after = await loadUserView(tx, id);
      await writeAudit(tx, deps.clock, actor, {
        action: 'user.update',
        entity: 'user',
        entityId: id,
        before,
        after: { ...after, passwordChanged: Boolean(passwordHash) },
      });
    });
  } catch (err) {
    uniqueViolation(err);
  }
  return (await loadUserView(deps.db, id))!;
}
