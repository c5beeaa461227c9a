import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../test/test-app.ts';
import { makeBranch, makeHousehold } from '../../test/factories.ts';
import { buildings, grids, stations } from '../registry/index.ts';
import { coldSnapActive } from './index.ts';
import { auditCount, makeLinkageCity, type LinkageCity } from './linkage.test-kit.ts';

describe('cold-snap surge mode and the call list of vulnerable households', () => {
  let t: TestApp;
  let city: LinkageCity;
  let snapId: number;
  let neighbourId: number;

  beforeAll(async () => {
    t = await createTestApp(); // 10:00 Shanghai, 20 Nov 2026
    city = await makeLinkageCity(t);
    const db = t.deps.db;
    neighbourId = (await makeHousehold(db, { buildingId: city.buildingId })).id;
    // A station of the branch on a patrol plan, to see the temperature module's boost follow the switch.
    const [station] = await db.insert(stations).values({ branchId: city.branchId, code: `ST-CS-${process.pid}`, name: '寒潮测试站' }).returning();
    const [grid] = await db.select({ crewId: grids.crewId }).from(buildings).innerJoin(grids, eq(grids.id, buildings.gridId)).where(eq(buildings.id, city.buildingId));
    const plan = await city.crewLead.post('/api/patrols/plans', { targetKind: 'station', stationId: station!.id, crewId: grid!.crewId });
    expect(plan.statusCode, plan.body).toBe(201);
  }, 240_000);
  afterAll(async () => t.close());

  const boosts = async () => (await city.crewLead.get('/api/patrols/plans')).json().items[0].boosts;

  it('lets the community’s liaison flag a household, with consent noted; nobody else', async () => {
    const flag = { householdId: city.householdId, reason: 'elderly_alone', consentNote: '本人口头同意，女儿电话确认 11-18', contactPhone: '13800000001' };
    expect((await city.liaison.post('/api/linkage/vulnerable-households', flag)).statusCode).toBe(204);
    expect((await city.otherLiaison.post('/api/linkage/vulnerable-households', flag)).statusCode).toBe(403);
    expect((await city.steward.post('/api/linkage/vulnerable-households', flag)).statusCode).toBe(403);
    const blank = await city.liaison.post('/api/linkage/vulnerable-households', { ...flag, consentNote: '  ' });
    expect(blank.statusCode).toBe(422);
    expect(blank.json().error.details[0].field).toBe('consentNote');
    expect((await city.liaison.post('/api/linkage/vulnerable-households', { ...flag, consentNote: undefined })).statusCode).toBe(400);
    const list = (await city.steward.get('/api/linkage/vulnerable-households')).json().items;
    expect(list).toEqual([expect.objectContaining({ householdId: city.householdId, reason: 'elderly_alone', phone: '13800000001', flaggedBy: '社区网格员 刘芳' })]);
    expect((await city.otherLiaison.get('/api/linkage/vulnerable-households')).json().items).toEqual([]);
    expect(await auditCount(t, 'linkage.vulnerable.flag')).toBe(1);
  });

  it('switches a branch into cold-snap mode once, draws the call list and boosts patrols', async () => {
    expect(await boosts()).toEqual([]);
    const res = await city.admin.post('/api/linkage/cold-snaps', { branchId: city.branchId, note: '寒潮蓝色预警，最低 -12℃' });
    expect(res.statusCode).toBe(201);
    expect(res.json()).toMatchObject({ active: true, endsAt: null, calls: { total: 1, done: 0 } });
    snapId = res.json().id;
    expect(await coldSnapActive(t.deps.db, city.branchId, t.clock.now())).toBe(true);
    expect(await boosts()).toEqual(['coldSnap']);
    const twice = await city.admin.post('/api/linkage/cold-snaps', { branchId: city.branchId, note: '再开一次' });
    expect(twice.statusCode).toBe(409);
    expect(twice.json().error.code).toBe('cold_snap_on');
    const past = await city.admin.post('/api/linkage/cold-snaps', { branchId: city.branchId, note: '补录', startsAt: '2026-11-19T00:00:00.000Z' });
    expect(past.statusCode).toBe(422);
    expect(past.json().error.details[0].field).toBe('startsAt');
    const elsewhere = await makeBranch(t.deps.db);
    const otherAdmin = await t.loginAs('admin', [{ kind: 'branch', refId: elsewhere.id }]);
    expect((await otherAdmin.post('/api/linkage/cold-snaps', { branchId: city.branchId, note: 'x' })).statusCode).toBe(403);
    expect((await otherAdmin.post(`/api/linkage/cold-snaps/${snapId}/end`)).statusCode).toBe(403);
    expect((await city.liaison.post('/api/linkage/cold-snaps', { branchId: city.branchId, note: 'x' })).statusCode).toBe(403);
    expect(await auditCount(t, 'linkage.cold_snap.start')).toBe(1);
  });

  it('shows each caller the calls in their reach; a household flagged during the snap joins at once', async () => {
    expect((await city.liaison.post('/api/linkage/vulnerable-households', { householdId: neighbourId, reason: 'disabled', consentNote: '家属书面同意' })).statusCode).toBe(204);
    const mine = (await city.liaison.get('/api/linkage/cold-snap-calls')).json().items;
    expect(mine.map((c: { householdId: number }) => c.householdId).sort()).toEqual([city.householdId, neighbourId].sort());
    expect(mine.find((c: { householdId: number }) => c.householdId === city.householdId)).toMatchObject({ coldSnapId: snapId, status: 'pending', phone: '13800000001', reason: 'elderly_alone' });
    expect((await city.steward.get('/api/linkage/cold-snap-calls')).json().items).toHaveLength(2);
    expect((await city.otherSteward.get('/api/linkage/cold-snap-calls')).json().items).toEqual([]);
    expect((await city.otherLiaison.get('/api/linkage/cold-snap-calls')).json().items).toEqual([]);
  });

  it('tracks each call to done: who, when, outcome — once, and only in reach', async () => {
    const url = `/api/linkage/cold-snaps/${snapId}/calls/${city.householdId}/done`;
    expect((await city.otherSteward.post(url, { outcome: '已联系' })).statusCode).toBe(403);
    expect((await city.steward.post(url, { outcome: '   ' })).statusCode).toBe(422);
    const done = await city.steward.post(url, { outcome: '电话联系，室温 19℃，老人安好' });
    expect(done.statusCode).toBe(200);
    expect(done.json()).toMatchObject({ status: 'done', outcome: '电话联系，室温 19℃，老人安好', doneBy: '网格员 张伟', doneAt: t.clock.now().toISOString() });
    expect((await city.liaison.post(url, { outcome: '再次' })).statusCode).toBe(409);
    expect((await city.steward.post(`/api/linkage/cold-snaps/${snapId}/calls/${city.otherHouseholdId}/done`, { outcome: 'x' })).statusCode).toBe(403);
    const snaps = (await city.admin.get('/api/linkage/cold-snaps')).json().items;
    expect(snaps[0]).toMatchObject({ id: snapId, calls: { total: 2, done: 1 } });
    expect(await auditCount(t, 'linkage.cold_snap.call')).toBe(1);
  });

  it('switches off (audited): patrols calm down, the call list empties, the record stays', async () => {
    t.clock.advance(3_600_000);
    const res = await city.admin.post(`/api/linkage/cold-snaps/${snapId}/end`);
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ active: false, endsAt: t.clock.now().toISOString() });
    expect((await city.admin.post(`/api/linkage/cold-snaps/${snapId}/end`)).statusCode).toBe(409);
    expect(await coldSnapActive(t.deps.db, city.branchId, t.clock.now())).toBe(false);
    expect(await coldSnapActive(t.deps.db, city.branchId, new Date(t.clock.now().getTime() - 60_000))).toBe(true);
    expect(await boosts()).toEqual([]);
    expect((await city.liaison.get('/api/linkage/cold-snap-calls')).json().items).toEqual([]);
    expect((await city.admin.get(`/api/linkage/cold-snap-calls?coldSnapId=${snapId}`)).json().items).toHaveLength(2);
    expect(await auditCount(t, 'linkage.cold_snap.end')).toBe(1);
    // A new snap may start once the last one is off.
    expect((await city.admin.post('/api/linkage/cold-snaps', { branchId: city.branchId, note: '第二轮寒潮' })).statusCode).toBe(201);
  });

  it('takes a household off the list; calls already made stay on record', async () => {
    expect((await city.liaison.delete(`/api/linkage/vulnerable-households/${city.householdId}`)).statusCode).toBe(204);
    expect((await city.liaison.delete(`/api/linkage/vulnerable-households/${city.householdId}`)).statusCode).toBe(404);
    expect((await city.admin.get(`/api/linkage/cold-snap-calls?coldSnapId=${snapId}`)).json().items.find((c: { householdId: number }) => c.householdId === city.householdId)).toMatchObject({ status: 'done' });
    expect((await city.liaison.get('/api/linkage/vulnerable-households')).json().items.map((v: { householdId: number }) => v.householdId)).toEqual([neighbourId]);
  });
});
