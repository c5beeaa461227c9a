import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq, sql } from 'drizzle-orm';
import { createTestApp, type TestApp } from '../../test/test-app.ts';
import { makeBranch, makeBuilding, makeCompound, makeGrid, makeGridAssignment, makeHousehold } from '../../test/factories.ts';
import { users } from '../accounts/index.ts';
import { crews } from '../registry/index.ts';
import { stewardAbsences } from './repairs.schema.ts';
import { count, makeRepairsCity, type RepairsCity } from './repairs.test-kit.ts';

/**
 * The last rungs of routing (routing.ts), beyond steward → deputy → crew lead on duty: a crew
 * lead on leave still owns the grid's work; a crew without a lead hands it to the branch's admin;
 * a branch with nobody at all is refused with 409, nothing saved.
 */
let t: TestApp;
let c: RepairsCity;
beforeAll(async () => {
  t = await createTestApp();
  c = await makeRepairsCity(t);
});
afterAll(() => t.close());

describe('routing when nobody of the grid is on duty', () => {
  it('goes to the crew lead even on leave, and the 201 answer is the request as read back', async () => {
    const now = t.clock.now().getTime();
    const [from, to] = [new Date(now - 60_000), new Date(now + 3_600_000)];
    for (const userId of [c.steward.actorId, c.deputy.actorId]) {
      expect((await c.crewLead.post('/api/repairs/absences', { userId, from: from.toISOString(), to: to.toISOString(), reason: '病假' })).statusCode).toBe(201);
    }
    // The roster API keeps stewards' absences; the lead's own leave is written as the branch would.
    await t.deps.db.insert(stewardAbsences).values({ userId: c.crewLead.actorId, startsAt: from, endsAt: to, reason: '年假', createdBy: c.crewLead.actorId, createdAt: from });
    const res = await c.resident.post('/api/repairs', { category: 'valve', note: '阀门拧不动' });
    expect(res.statusCode).toBe(201);
    expect(res.json()).toMatchObject({ assigneeUserId: c.crewLead.actorId, timeline: [{ note: 'routed to the crew_lead' }] });
    expect(res.json()).toEqual((await c.resident.get(`/api/repairs/${res.json().id}`)).json());
    t.clock.advance(3_600_000);
  });

  it("goes to the branch's admin when the crew has no lead; 409 when the branch has nobody", async () => {
    const db = t.deps.db;
    const branch = await makeBranch(db);
    const grid = await makeGrid(db, { branchId: branch.id });
    await db.update(crews).set({ leadUserId: null }).where(eq(crews.id, grid.crewId));
    const building = await makeBuilding(db, { compoundId: (await makeCompound(db, { branchId: branch.id })).id, gridId: grid.id });
    const household = await makeHousehold(db, { buildingId: building.id });
    const dispatcher = await t.loginAs('dispatcher');
    // Admins of other branches exist (test logins); none is scoped to this branch or company-wide.
    await db.update(users).set({ active: false }).where(sql`role = 'admin' AND NOT EXISTS (SELECT 1 FROM user_scopes s WHERE s.user_id = users.id)`);
    const refused = await dispatcher.post('/api/repairs', { category: 'leak', householdId: household.id });
    expect(refused.statusCode).toBe(409);
    expect(refused.json().error.code).toBe('nobody_on_duty');
    expect(await count(t, sql`SELECT count(*)::int AS n FROM repair_requests WHERE household_id = ${household.id}`)).toBe(0);
    const admin = await t.loginAs('admin', [{ kind: 'branch', refId: branch.id }]);
    const res = await dispatcher.post('/api/repairs', { category: 'leak', householdId: household.id });
    expect(res.statusCode).toBe(201);
    expect(res.json()).toMatchObject({ assigneeUserId: admin.actorId, timeline: [{ note: 'routed to the branch_admin' }] });
    // A steward named later takes the next one.
    const steward = await t.loginAs('steward', [{ kind: 'grid', refId: grid.id }]);
    await makeGridAssignment(db, { gridId: grid.id, stewardUserId: steward.actorId });
    expect((await dispatcher.post('/api/repairs', { category: 'leak', householdId: household.id })).json().assigneeUserId).toBe(steward.actorId);
  });
});
