/**
 * Who may see or take money for a household, decided from the actor's scope (not only by route
 * guards): a resident only their own household; a clerk the households of their branches; an
 * admin everything.
 */
import { sql } from 'drizzle-orm';
import { hasRole, scopeIds, type Actor } from '../../kernel/actor.ts';
import { queryRows, type Db } from '../../kernel/db.ts';
import { Forbidden, NotFound } from '../../kernel/errors.ts';

export interface BillingHousehold {
  id: number;
  compoundId: number;
  branchId: number;
  branchCode: string;
  city: string;
}

export async function findHousehold(db: Db, householdId: number): Promise<BillingHousehold> {
  const [row] = await queryRows<BillingHousehold>(
    db,
    sql`SELECT h.id, c.id AS "compoundId", c.branch_id AS "branchId", br.code AS "branchCode", br.city
          FROM households h
          JOIN buildings bu ON bu.id = h.building_id
          JOIN compounds c ON c.id = bu.compound_id
          JOIN branches br ON br.id = c.branch_id
         WHERE h.id = ${householdId}`,
  );
  if (!row) throw new NotFound('household', householdId);
  return row;
}

function isBranchStaff(actor: Actor, branchId: number): boolean {
  return hasRole(actor, 'admin') || (hasRole(actor, 'clerk') && scopeIds(actor, 'branch').includes(branchId));
}

/** Read access: the household's own resident, or the branch's clerks and admins. */
export async function householdForReading(db: Db, actor: Actor, householdId: number): Promise<BillingHousehold> {
  if (hasRole(actor, 'resident')) {
    // Checked before the lookup, so a resident cannot probe which household ids exist.
    if (!scopeIds(actor, 'household').includes(householdId)) throw new Forbidden('Residents see only their own household', 'not_your_household');
    return findHousehold(db, householdId);
  }
  if (!hasRole(actor, 'clerk', 'admin')) throw new Forbidden('Bills are shown to the household and to branch staff', 'office_only');
  const household = await findHousehold(db, householdId);
  if (!isBranchStaff(actor, household.branchId)) throw new Forbidden('This household belongs to another branch', 'other_branch');
  return household;
}

/** Counter payments: a clerk of the household's branch (or an admin) takes the money. */
export async function householdForCounter(db: Db, actor: Actor, householdId: number): Promise<BillingHousehold> {
  assertCounterRole(actor);
  const household = await findHousehold(db, householdId);
  assertCounterScope(actor, household);
  return household;
}

/** The counter's two checks apart, for a payment that finds the household in its locking query. */
export function assertCounterRole(actor: Actor): void {
  if (!hasRole(actor, 'clerk', 'admin')) throw new Forbidden('Counter payments are taken by clerks', 'office_only');
}

export function assertCounterScope(actor: Actor, household: BillingHousehold): void {
  if (!isBranchStaff(actor, household.branchId)) throw new Forbidden('This household belongs to another branch', 'other_branch');
}
