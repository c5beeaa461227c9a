/**
 * Who may act on a household's temperature (domain.md §2): a resident their own household, a
 * steward the households of their grid, a crew lead their grids or branch, the office its branch
 * (company-wide without a branch scope, the registry's convention).
 */
import { sql } from 'drizzle-orm';
import { hasRole, scopeIds, type Actor, type Role } from '../../kernel/actor.ts';
import type { Db } from '../../kernel/db.ts';
import { Forbidden, Invalid, NotFound } from '../../kernel/errors.ts';
import { householdContext, type HouseholdContext } from '../registry/index.ts';

export async function placeOf(db: Db, householdId: number): Promise<HouseholdContext> {
  const place = await householdContext(db, householdId);
  if (!place) throw new NotFound('household', householdId);
  return place;
}

/** The resident's household: the one given (if theirs) or their only one. */
export async function residentHousehold(db: Db, actor: Actor, householdId: number | undefined): Promise<HouseholdContext> {
  const own = scopeIds(actor, 'household');
  // Checked before the lookup, so a resident cannot probe which household ids exist.
  if (householdId !== undefined && !own.includes(householdId)) throw new Forbidden('This is not your household', 'not_your_household');
  if (householdId === undefined && own.length !== 1) {
    throw new Invalid('Say which household', [
      own.length
        ? { field: 'householdId', message: 'required: you have several households', rule: 'required' }
        : { field: 'householdId', message: 'no household is linked to your account', rule: 'no_household_linked' },
    ], 'household_required');
  }
  return placeOf(db, householdId ?? own[0]!);
}

/** Whether a staff actor's scope covers a place; stewards are held to their grids. */
export function staffCovers(actor: Actor, place: { gridId: number; branchId: number }): boolean {
  if (actor.role === 'system') return true;
  if (hasRole(actor, 'steward')) return scopeIds(actor, 'grid').includes(place.gridId);
  if (hasRole(actor, 'crew_lead')) {
    const grids = scopeIds(actor, 'grid');
    const branches = scopeIds(actor, 'branch');
    if (grids.length === 0 && branches.length === 0) return true;
    return grids.includes(place.gridId) || branches.includes(place.branchId);
  }
  if (hasRole(actor, 'clerk', 'admin', 'dispatcher')) {
    const branches = scopeIds(actor, 'branch');
    return branches.length === 0 || branches.includes(place.branchId);
  }
  return false;
}

/** A household for a staff member: 404 if unknown, 403 outside their grid or branch. */
export async function staffHousehold(db: Db, actor: Actor, householdId: number, roles: Role[]): Promise<HouseholdContext> {
  if (actor.role !== 'system' && !hasRole(actor, ...roles)) throw new Forbidden(`Only ${roles.join(', ')} may do this`, 'role_not_allowed', { role: actor.role });
  const place = await placeOf(db, householdId);
  if (!staffCovers(actor, place)) throw new Forbidden('This household is outside your grid', 'outside_your_grid');
  return place;
}

/** A household any reader may see: the resident's own, or within a staff member's scope. */
export async function readableHousehold(db: Db, actor: Actor, householdId: number): Promise<HouseholdContext> {
  if (hasRole(actor, 'resident')) return residentHousehold(db, actor, householdId);
  return staffHousehold(db, actor, householdId, ['steward', 'crew_lead', 'clerk', 'admin', 'dispatcher']);
}

/** SQL predicate on grid and branch columns for staff lists (what staffCovers decides one by one). */
export function staffWhere(actor: Actor, gridCol: ReturnType<typeof sql>, branchCol: ReturnType<typeof sql>) {
  const list = (ids: number[]) => sql.join(ids.map((id) => sql`${id}`), sql`, `);
  const grids = scopeIds(actor, 'grid');
  const branches = scopeIds(actor, 'branch');
  if (hasRole(actor, 'steward')) return grids.length ? sql`${gridCol} IN (${list(grids)})` : sql`false`;
  if (grids.length === 0 && branches.length === 0) return sql`true`;
  const parts = [grids.length ? sql`${gridCol} IN (${list(grids)})` : null, branches.length ? sql`${branchCol} IN (${list(branches)})` : null].filter(
    (p): p is ReturnType<typeof sql> => p !== null,
  );
  return sql`(${sql.join(parts, sql` OR `)})`;
}
