import { asc, eq } from 'drizzle-orm';
import type { Db } from '../../kernel/db.ts';
import { NotFound } from '../../kernel/errors.ts';
import type { TenureView } from './tenure.contract.ts';
import { propertyCompanies, tenures } from './tenure.schema.ts';

/** Reading tenures with their company, as the API shows them. */
type TenureRow = typeof tenures.$inferSelect;
type CompanyBrief = { id: number; name: string; contactPhone: string | null } | null;

export const withCompany = {
  tenure: tenures,
  company: { id: propertyCompanies.id, name: propertyCompanies.name, contactPhone: propertyCompanies.contactPhone },
};

export function toTenureView(t: TenureRow, company: CompanyBrief): TenureView {
  return {
    id: t.id,
    compoundId: t.compoundId,
    propertyCompany: company,
    kind: t.kind,
    startsOn: t.startsOn,
    endsOn: t.endsOn,
    collectsAsAgent: t.collectsAsAgent,
    note: t.note,
    createdAt: t.createdAt.toISOString(),
  };
}

export async function tenuresOf(db: Db, compoundId: number): Promise<TenureView[]> {
  const rows = await db
    .select(withCompany)
    .from(tenures)
    .leftJoin(propertyCompanies, eq(propertyCompanies.id, tenures.propertyCompanyId))
    .where(eq(tenures.compoundId, compoundId))
    .orderBy(asc(tenures.startsOn));
  return rows.map((r) => toTenureView(r.tenure, r.company));
}

export async function tenureView(db: Db, id: number): Promise<TenureView> {
  const [row] = await db
    .select(withCompany)
    .from(tenures)
    .leftJoin(propertyCompanies, eq(propertyCompanies.id, tenures.propertyCompanyId))
    .where(eq(tenures.id, id));
  if (!row) throw new NotFound('tenure', id);
  return toTenureView(row.tenure, row.company);
}

