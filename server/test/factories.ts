import { eq } from 'drizzle-orm';
import type { Db } from '../kernel/db.ts';
import {
  branches,
  buildings,
  communities,
  compounds,
  crews,
  entrances,
  gridAssignments,
  grids,
  households,
  sections,
  subdistricts,
} from '../modules/registry/index.ts';
import { propertyCompanies, tenures, type TENURE_KINDS } from '../modules/tenure/index.ts';

/**
 * Minimal registry and tenure rows for module tests, inserted straight with drizzle so a test
 * does not depend on the registry services. Every factory creates the parents it is not given,
 * and names are unique per call, so tests can call them freely.
 */
let seq = 0;
const next = () => ++seq;
const NOW = new Date('2026-01-01T00:00:00Z');

type Row<T extends { $inferSelect: unknown }> = T['$inferSelect'];

export async function makeBranch(db: Db, over: Partial<typeof branches.$inferInsert> = {}): Promise<Row<typeof branches>> {
  const n = next();
  const [row] = await db.insert(branches).values({ code: `B${n}`, name: `分公司${n}`, phone: '0371-6000000', ...over }).returning();
  return row!;
}

export async function makeGrid(db: Db, over: { branchId?: number; name?: string } = {}): Promise<Row<typeof grids>> {
  const branchId = over.branchId ?? (await makeBranch(db)).id;
  const n = next();
  const [section] = await db.insert(sections).values({ branchId, name: `工段${n}` }).returning();
  const [crew] = await db.insert(crews).values({ sectionId: section!.id, name: `班组${n}` }).returning();
  const [row] = await db.insert(grids).values({ crewId: crew!.id, code: `G${n}`, name: over.name ?? `网格${n}` }).returning();
  return row!;
}

export async function makeGridAssignment(
  db: Db,
  over: { gridId: number; stewardUserId: number; deputyUserId?: number | null; validFrom?: string; validTo?: string | null },
): Promise<Row<typeof gridAssignments>> {
  const [row] = await db.insert(gridAssignments).values({ validFrom: '2020-01-01', ...over }).returning();
  return row!;
}

export async function makeCommunity(db: Db, over: { subdistrictId?: number; name?: string; officePhone?: string } = {}): Promise<Row<typeof communities>> {
  const n = next();
  const subdistrictId = over.subdistrictId ?? (await db.insert(subdistricts).values({ name: `街道${n}` }).returning())[0]!.id;
  const [row] = await db.insert(communities).values({ name: `社区${n}`, ...over, subdistrictId }).returning();
  return row!;
}

export async function makeCompound(db: Db, over: { branchId?: number; communityId?: number; name?: string } = {}): Promise<Row<typeof compounds>> {
  const branchId = over.branchId ?? (await makeBranch(db)).id;
  const communityId = over.communityId ?? (await makeCommunity(db)).id;
  const n = next();
  const [row] = await db
    .insert(compounds)
    .values({ name: over.name ?? `小区${n}`, address: `测试路${n}号`, branchId, communityId })
    .returning();
  return row!;
}

export async function makeBuilding(db: Db, over: { compoundId?: number; gridId?: number; name?: string } = {}): Promise<Row<typeof buildings>> {
  const compound = over.compoundId
    ? (await db.select().from(compounds).where(eq(compounds.id, over.compoundId)))[0]!
    : await makeCompound(db);
  const gridId = over.gridId ?? (await makeGrid(db, { branchId: compound.branchId })).id;
  const [row] = await db.insert(buildings).values({ compoundId: compound.id, gridId, name: over.name ?? `${next()}号楼` }).returning();
  return row!;
}

export async function makeHousehold(
  db: Db,
  over: Partial<typeof households.$inferInsert> & { buildingId?: number } = {},
): Promise<Row<typeof households>> {
  const buildingId = over.buildingId ?? (await makeBuilding(db)).id;
  const n = next();
  const entranceId =
    over.entranceId ?? (await db.insert(entrances).values({ buildingId, name: `${n}单元` }).returning())[0]!.id;
  const [row] = await db
    .insert(households)
    .values({
      accountNo: `T${String(n).padStart(9, '0')}`,
      room: `${n}01`,
      holderName: `住户${n}`,
      phone: `1390000${String(n).padStart(4, '0')}`,
      grossAreaM2: '100.00',
      createdAt: NOW,
      updatedAt: NOW,
      ...over,
      buildingId,
      entranceId,
    })
    .returning();
  return row!;
}

export async function makePropertyCompany(db: Db, over: Partial<typeof propertyCompanies.$inferInsert> = {}): Promise<Row<typeof propertyCompanies>> {
  const n = next();
  const [row] = await db.insert(propertyCompanies).values({ name: `物业公司${n}`, contactPhone: '0371-6500000', ...over }).returning();
  return row!;
}

/** A tenure row written straight to the table, as an import or a hand fix would (no mode events). */
export async function makeTenure(
  db: Db,
  over: { compoundId: number; startsOn: string; endsOn?: string | null; kind?: (typeof TENURE_KINDS)[number]; propertyCompanyId?: number | null; collectsAsAgent?: boolean },
): Promise<Row<typeof tenures>> {
  const [row] = await db.insert(tenures).values({ kind: 'contracted', collectsAsAgent: true, createdAt: NOW, ...over }).returning();
  return row!;
}
