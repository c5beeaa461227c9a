import { and, eq, gt, inArray, isNull, lte, or, sql } from 'drizzle-orm';
import { scopeIds, type Actor } from '../../kernel/actor.ts';
import type { BusinessDate } from '../../kernel/business-time.ts';
import { queryRows, type Db } from '../../kernel/db.ts';
import { Forbidden, NotFound } from '../../kernel/errors.ts';
import { tenures } from './tenure.schema.ts';

/**
 * Who may see and change what (domain.md §2). Office staff act on their branches (company-wide
 * when their account has no branch scope); a steward on compounds with a building in their
 * grid; a liaison on their community; a property manager only on the compounds their company
 * manages, and only while the tenure runs.
 */
const OFFICE_ROLES = ['admin', 'clerk', 'dispatcher', 'crew_lead'] as const;
const WRITE_ROLES = ['admin', 'clerk'] as const;

export interface CompoundRef {
  id: number;
  name: string;
  address: string;
  branchId: number;
  communityId: number;
  city: string;
}

/** The compound with its branch's rulebook city; FOR UPDATE serialises tenure writes per compound. */
export async function loadCompound(db: Db, id: number, opts: { lock?: boolean } = {}): Promise<CompoundRef> {
  const [row] = await queryRows<CompoundRef>(
    db,
    sql`SELECT c.id, c.name, c.address, c.branch_id AS "branchId", c.community_id AS "communityId", b.city
        FROM compounds c JOIN branches b ON b.id = c.branch_id
        WHERE c.id = ${id} ${opts.lock ? sql`FOR UPDATE OF c` : sql``}`,
  );
  if (!row) throw new NotFound('compound', id);
  return row;
}

/** Compounds a property company manages on a date (its tenures covering that date). */
export async function compoundsInTenure(db: Db, propertyCompanyId: number, date: BusinessDate): Promise<number[]> {
  const rows = await db
    .selectDistinct({ id: tenures.compoundId })
    .from(tenures)
    .where(and(eq(tenures.propertyCompanyId, propertyCompanyId), lte(tenures.startsOn, date), or(isNull(tenures.endsOn), gt(tenures.endsOn, date))));
  return rows.map((r) => r.id).sort((a, b) => a - b);
}

/** Branches an office account is limited to; null = company-wide. Other roles get 403. */
export function officeBranches(actor: Actor): number[] | null {
  if (!(OFFICE_ROLES as readonly string[]).includes(actor.role)) throw new Forbidden('Only office staff see tenure dashboards', 'role_not_allowed', { role: actor.role });
  const branches = scopeIds(actor, 'branch');
  return branches.length ? branches : null;
}

export function assertCanManageTenures(actor: Actor, compound?: CompoundRef): void {
  if (!(WRITE_ROLES as readonly string[]).includes(actor.role)) throw new Forbidden('Only an administrator or a clerk changes property tenures', 'office_only');
  const branches = scopeIds(actor, 'branch');
  if (compound && branches.length && !branches.includes(compound.branchId)) throw new Forbidden('This compound belongs to another branch', 'other_branch');
}

async function inGrids(db: Db, compoundId: number, gridIds: number[]): Promise<boolean> {
  if (!gridIds.length) return false;
  const rows = await queryRows<{ one: number }>(
    db,
    sql`SELECT 1 AS one FROM buildings WHERE compound_id = ${compoundId} AND grid_id IN (${sql.join(gridIds.map((g) => sql`${g}`), sql`, `)}) LIMIT 1`,
  );
  return rows.length > 0;
}

async function managedOn(db: Db, compoundId: number, companyIds: number[], date: BusinessDate): Promise<boolean> {
  if (!companyIds.length) return false;
  const rows = await db
    .select({ id: tenures.id })
    .from(tenures)
    .where(
      and(
        eq(tenures.compoundId, compoundId),
        inArray(tenures.propertyCompanyId, companyIds),
        lte(tenures.startsOn, date),
        or(isNull(tenures.endsOn), gt(tenures.endsOn, date)),
      ),
    )
    .limit(1);
  return rows.length > 0;
}

/** 403 unless the actor may see this compound today. */
export async function assertCompoundVisible(db: Db, actor: Actor, compound: CompoundRef, today: BusinessDate): Promise<void> {
  let visible = false;
  if ((OFFICE_ROLES as readonly string[]).includes(actor.role)) {
    const branches = scopeIds(actor, 'branch');
    const grids = scopeIds(actor, 'grid');
    visible = (!branches.length && !grids.length) || branches.includes(compound.branchId) || (await inGrids(db, compound.id, grids));
  } else if (actor.role === 'steward') {
    visible = await inGrids(db, compound.id, scopeIds(actor, 'grid'));
  } else if (actor.role === 'liaison') {
    visible = scopeIds(actor, 'community').includes(compound.communityId);
  } else if (actor.role === 'property_manager') {
    visible = await managedOn(db, compound.id, scopeIds(actor, 'property_company'), today);
  }
  if (!visible) throw new Forbidden('This compound is outside your scope (a property company sees its compounds only during its tenure)', 'compound_outside_scope');
}
