/**
 * Shared set-up for the linkage tests: a community with a compound in a management vacuum
 * (direct mode since 1 Nov) whose building's grid has a steward, a deputy and a crew lead; the
 * community's liaison; a second community whose compound a property company manages as agent,
 * with its own steward and liaison (outsiders to the first group).
 */
import { eq, sql } from 'drizzle-orm';
import { queryRows } from '../../kernel/db.ts';
import type { JobRow } from '../../kernel/jobs.ts';
import type { Client, TestApp } from '../../test/test-app.ts';
import { makeBranch, makeBuilding, makeCommunity, makeCompound, makeGrid, makeGridAssignment, makeHousehold, makeTenure } from '../../test/factories.ts';
import { crews } from '../registry/index.ts';
import { modeChangesJob } from '../tenure/index.ts';
import { withLinkageGroups } from './linkage.jobs.ts';

export interface LinkageCity {
  branchId: number;
  communityId: number;
  vacuumCompoundId: number;
  buildingId: number;
  householdId: number;
  otherCommunityId: number;
  otherHouseholdId: number;
  steward: Client;
  deputy: Client;
  crewLead: Client;
  liaison: Client;
  otherSteward: Client;
  otherLiaison: Client;
  admin: Client;
  groupId(): Promise<number>;
}

/** Run the daily mode-change job of a city as the job loop would, with linkage's hook. */
export async function runModeChanges(t: TestApp, date: string, city = 'zhengzhou'): Promise<unknown> {
  const job: JobRow = { id: 0, kind: 'tenure.record-mode-changes', unique_key: null, payload: { city, date }, attempts: 1, max_attempts: 5 };
  return withLinkageGroups(modeChangesJob)({ db: t.deps.db, clock: t.deps.clock, log: t.deps.log, notifier: t.deps.notifier }, job);
}

export async function makeLinkageCity(t: TestApp): Promise<LinkageCity> {
  const db = t.deps.db;
  const branch = await makeBranch(db);
  const community = await makeCommunity(db);
  const grid = await makeGrid(db, { branchId: branch.id });
  const vacuum = await makeCompound(db, { branchId: branch.id, communityId: community.id });
  await makeTenure(db, { compoundId: vacuum.id, startsOn: '2020-01-01', endsOn: '2026-11-01' });
  const building = await makeBuilding(db, { compoundId: vacuum.id, gridId: grid.id });
  const household = await makeHousehold(db, { buildingId: building.id });

  const otherCommunity = await makeCommunity(db);
  const otherGrid = await makeGrid(db, { branchId: branch.id });
  const managed = await makeCompound(db, { branchId: branch.id, communityId: otherCommunity.id });
  await makeTenure(db, { compoundId: managed.id, startsOn: '2020-01-01', collectsAsAgent: true });
  const otherBuilding = await makeBuilding(db, { compoundId: managed.id, gridId: otherGrid.id });
  const otherHousehold = await makeHousehold(db, { buildingId: otherBuilding.id });

  const steward = await t.loginAs('steward', [{ kind: 'grid', refId: grid.id }], { name: '网格员 张伟', phone: '13937100001' });
  const deputy = await t.loginAs('steward', [], { name: '副网格员 赵' });
  const crewLead = await t.loginAs('crew_lead', [{ kind: 'branch', refId: branch.id }], { name: '班组长 孙强' });
  await db.update(crews).set({ leadUserId: crewLead.actorId }).where(eq(crews.id, grid.crewId));
  await makeGridAssignment(db, { gridId: grid.id, stewardUserId: steward.actorId, deputyUserId: deputy.actorId });
  const liaison = await t.loginAs('liaison', [{ kind: 'community', refId: community.id }], { name: '社区网格员 刘芳' });
  const otherSteward = await t.loginAs('steward', [{ kind: 'grid', refId: otherGrid.id }]);
  await makeGridAssignment(db, { gridId: otherGrid.id, stewardUserId: otherSteward.actorId });
  const otherLiaison = await t.loginAs('liaison', [{ kind: 'community', refId: otherCommunity.id }]);
  const admin = await t.loginAs('admin', [{ kind: 'branch', refId: branch.id }]);
  return {
    branchId: branch.id,
    communityId: community.id,
    vacuumCompoundId: vacuum.id,
    buildingId: building.id,
    householdId: household.id,
    otherCommunityId: otherCommunity.id,
    otherHouseholdId: otherHousehold.id,
    steward,
    deputy,
    crewLead,
    liaison,
    otherSteward,
    otherLiaison,
    admin,
    groupId: async () => {
      const [row] = await queryRows<{ id: number }>(db, sql`SELECT id FROM linkage_groups WHERE community_id = ${community.id}`);
      if (!row) throw new Error('no linkage group for the vacuum community');
      return row.id;
    },
  };
}

export async function auditCount(t: TestApp, action: string): Promise<number> {
  const [row] = await queryRows<{ n: number }>(t.deps.db, sql`SELECT count(*)::int AS n FROM audit_log WHERE action = ${action}`);
  return row!.n;
}
