/**
 * Shared set-up for the repairs tests: one grid with a steward, a deputy and a crew lead, a
 * neighbouring grid with its own steward, and a household (with its resident) on each.
 */
import { eq, sql } from 'drizzle-orm';
import { queryRows } from '../../kernel/db.ts';
import type { Client, TestApp } from '../../test/test-app.ts';
import { makeBranch, makeBuilding, makeCompound, makeGrid, makeGridAssignment, makeHousehold } from '../../test/factories.ts';
import { crews } from '../registry/index.ts';

export interface RepairsCity {
  branchId: number;
  gridId: number;
  otherGridId: number;
  communityId: number;
  householdId: number;
  householdPhone: string;
  otherHouseholdId: number;
  steward: Client;
  deputy: Client;
  crewLead: Client;
  otherSteward: Client;
  resident: Client;
  otherResident: Client;
  /** Another household on the steward's grid, for a second request. */
  neighbourHousehold(): Promise<number>;
}

export async function makeRepairsCity(t: TestApp): Promise<RepairsCity> {
  const db = t.deps.db;
  const branch = await makeBranch(db);
  const grid = await makeGrid(db, { branchId: branch.id });
  const otherGrid = await makeGrid(db, { branchId: branch.id });
  const compound = await makeCompound(db, { branchId: branch.id });
  const building = await makeBuilding(db, { compoundId: compound.id, gridId: grid.id });
  const otherBuilding = await makeBuilding(db, { compoundId: compound.id, gridId: otherGrid.id });
  const household = await makeHousehold(db, { buildingId: building.id });
  const otherHousehold = await makeHousehold(db, { buildingId: otherBuilding.id });
  const steward = await t.loginAs('steward', [{ kind: 'grid', refId: grid.id }], { phone: '13800000001', name: '网格员 王' });
  const deputy = await t.loginAs('steward', [{ kind: 'grid', refId: otherGrid.id }], { name: '副网格员 赵' });
  const otherSteward = await t.loginAs('steward', [{ kind: 'grid', refId: otherGrid.id }]);
  const crewLead = await t.loginAs('crew_lead', [], { phone: '13800000009', name: '班组长 李' });
  await db.update(crews).set({ leadUserId: crewLead.actorId }).where(eq(crews.id, grid.crewId));
  await makeGridAssignment(db, { gridId: grid.id, stewardUserId: steward.actorId, deputyUserId: deputy.actorId });
  await makeGridAssignment(db, { gridId: otherGrid.id, stewardUserId: otherSteward.actorId });
  const resident = await t.loginAs('resident', [{ kind: 'household', refId: household.id }]);
  const otherResident = await t.loginAs('resident', [{ kind: 'household', refId: otherHousehold.id }]);
  return {
    branchId: branch.id,
    gridId: grid.id,
    otherGridId: otherGrid.id,
    communityId: compound.communityId,
    householdId: household.id,
    householdPhone: household.phone!,
    otherHouseholdId: otherHousehold.id,
    steward,
    deputy,
    crewLead,
    otherSteward,
    resident,
    otherResident,
    neighbourHousehold: async () => (await makeHousehold(db, { buildingId: building.id })).id,
  };
}

/** Drive a request through the steps given, failing loudly on the first refusal. */
export async function walk(by: Client, id: number, ...steps: string[]): Promise<void> {
  for (const to of steps) {
    const res = await by.post(`/api/repairs/${id}/transitions`, { to });
    if (res.statusCode !== 200) throw new Error(`${to}: ${res.statusCode} ${res.body}`);
  }
}

export async function outboxFor(t: TestApp, template: string): Promise<{ channel: string; recipient: string; body: string }[]> {
  return queryRows(t.deps.db, sql`SELECT channel, recipient, body FROM outbox WHERE template = ${template} ORDER BY id`);
}

export async function count(t: TestApp, query: ReturnType<typeof sql>): Promise<number> {
  const [row] = await queryRows<{ n: number }>(t.deps.db, query);
  return row!.n;
}
