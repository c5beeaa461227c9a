import { and, asc, count, eq, ilike, inArray, type SQL } from 'drizzle-orm';
import { scopeIds, type Actor } from '../../kernel/actor.ts';
import { writeAudit } from '../../kernel/audit.ts';
import type { PagedOf } from '../../kernel/contract.ts';
import type { Deps } from '../../kernel/deps.ts';
import { Conflict, Forbidden, NotFound, sqlState } from '../../kernel/errors.ts';
import { assertCanManageTenures } from './access.ts';
import type { CreatePropertyCompany, PropertyCompanyListQuery, PropertyCompanyView, UpdatePropertyCompany } from './tenure.contract.ts';
import { propertyCompanies, tenures } from './tenure.schema.ts';

/**
 * Property companies (物业). Staff read them all; a property manager reads only their own
 * company; an administrator or clerk writes. A company with tenures is history and stays.
 */
const STAFF = ['admin', 'clerk', 'dispatcher', 'crew_lead', 'steward', 'liaison'];

function readableIds(actor: Actor): number[] | null {
  if (STAFF.includes(actor.role)) return null;
  if (actor.role === 'property_manager') return scopeIds(actor, 'property_company');
  throw new Forbidden('Property companies are listed for staff only', 'staff_only');
}

export async function listPropertyCompanies(deps: Deps, actor: Actor, q: PropertyCompanyListQuery): Promise<PagedOf<PropertyCompanyView>> {
  const own = readableIds(actor);
  const page = q.page ?? 1;
  const pageSize = q.pageSize ?? 50;
  const filters: SQL[] = [];
  if (own) filters.push(inArray(propertyCompanies.id, own.length ? own : [0]));
  if (q.q) filters.push(ilike(propertyCompanies.name, `%${q.q.replace(/[%_\\]/g, '\\$&')}%`));
  const where = filters.length ? and(...filters) : undefined;
  const [items, [total]] = await Promise.all([
    deps.db.select().from(propertyCompanies).where(where).orderBy(asc(propertyCompanies.name)).limit(pageSize).offset((page - 1) * pageSize),
    deps.db.select({ n: count() }).from(propertyCompanies).where(where),
  ]);
  return { items, total: total?.n ?? 0, page, pageSize };
}

export async function getPropertyCompany(deps: Deps, actor: Actor, id: number): Promise<PropertyCompanyView> {
  const own = readableIds(actor);
  const [row] = await deps.db.select().from(propertyCompanies).where(eq(propertyCompanies.id, id));
  if (!row || (own && !own.includes(id))) throw new NotFound('property company', id);
  return row;
}

function duplicateName(err: unknown): never {
  if (sqlState(err) === '23505') throw new Conflict('A property company with that name exists', [{ field: 'name', message: 'already taken', rule: 'duplicate' }], 'duplicate');
  throw err;
}

export async function createPropertyCompany(deps: Deps, actor: Actor, input: CreatePropertyCompany): Promise<PropertyCompanyView> {
  assertCanManageTenures(actor);
  try {
    return await deps.db.transaction(async (tx) => {
      const [row] = await tx.insert(propertyCompanies).values(input).returning();
      await writeAudit(tx, deps.clock, actor, { action: 'property_company.create', entity: 'property_company', entityId: row!.id, after: row });
      return row!;
    });
  } catch (err) {
    duplicateName(err);
  }
}

export async function updatePropertyCompany(deps: Deps, actor: Actor, id: number, input: UpdatePropertyCompany): Promise<PropertyCompanyView> {
  assertCanManageTenures(actor);
  const before = await getPropertyCompany(deps, actor, id);
  try {
    return await deps.db.transaction(async (tx) => {
      const [row] = await tx.update(propertyCompanies).set(input).where(eq(propertyCompanies.id, id)).returning();
      await writeAudit(tx, deps.clock, actor, { action: 'property_company.update', entity: 'property_company', entityId: id, before, after: row });
      return row!;
    });
  } catch (err) {
    duplicateName(err);
  }
}

export async function deletePropertyCompany(deps: Deps, actor: Actor, id: number): Promise<void> {
  assertCanManageTenures(actor);
  const before = await getPropertyCompany(deps, actor, id);
  const inUse = (n: number) =>
    new Conflict(`The company has ${n} tenure(s); tenures are history and keep their company`, [{ field: 'id', message: 'in use by tenures', rule: 'in_use' }], 'in_use', { tenures: n });
  await deps.db.transaction(async (tx) => {
    const [used] = await tx.select({ n: count() }).from(tenures).where(eq(tenures.propertyCompanyId, id));
    if (used && used.n > 0) throw inUse(used.n);
    await tx.delete(propertyCompanies).where(eq(propertyCompanies.id, id));
    await writeAudit(tx, deps.clock, actor, { action: 'property_company.delete', entity: 'property_company', entityId: id, before });
  }).catch((err: unknown) => {
    // A tenure written between the count and the delete trips the foreign key.
    throw sqlState(err) === '23503' ? inUse(1) : err;
  });
}
