import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditLog } from '../../kernel/kernel.schema.ts';
import { userScopes } from '../accounts/index.ts';
import { createTestApp, type Client, type TestApp } from '../../test/test-app.ts';
import { makeBranch, makeCommunity } from '../../test/factories.ts';

let t: TestApp;
let admin: Client;
let clerk: Client;
let branchId: number;
let communityId: number;
beforeAll(async () => {
  t = await createTestApp();
  admin = await t.loginAs('admin');
  const branch = await makeBranch(t.database.db);
  branchId = branch.id;
  communityId = (await makeCommunity(t.database.db)).id;
  clerk = await t.loginAs('clerk', [{ kind: 'branch', refId: branchId }]);
});
afterAll(() => t.close());

async function auditRows(entity: string, entityId: number) {
  return t.database.db.select().from(auditLog).where(and(eq(auditLog.entity, entity), eq(auditLog.entityId, String(entityId))));
}

async function created(c: Client, path: string, body: unknown): Promise<Record<string, unknown> & { id: number }> {
  const res = await c.post(`/api/registry/${path}`, body);
  expect(res.statusCode, res.body).toBe(201);
  return res.json();
}

describe('the org chart and the physical city, created and edited by a clerk', () => {
  let gridId: number;
  let buildingId: number;

  it('creates section → crew → grid → compound → station → building → entrance → pipe, each with an audit row', async () => {
    const section = await created(clerk, 'sections', { branchId, name: '第一工段' });
    const crew = await created(clerk, 'crews', { sectionId: section.id, name: '东风路班组' });
    const grid = await created(clerk, 'grids', { crewId: crew.id, code: 'T-0101', name: '东风路一网格' });
    const compound = await created(clerk, 'compounds', { communityId, branchId, name: '测试花园', address: '东风路 1 号' });
    const station = await created(clerk, 'stations', { branchId, code: 'HRZ-T01', name: '测试花园换热站' });
    const building = await created(clerk, 'buildings', { compoundId: compound.id, gridId: grid.id, stationId: station.id, name: '3#' });
    expect(building.name).toBe('3号楼');
    const entrance = await created(clerk, 'entrances', { buildingId: building.id, name: '2' });
    expect(entrance.name).toBe('2单元');
    const pipe = await created(clerk, 'pipe-segments', { branchId, code: 'P-T01', name: '测试支线', network: 'secondary', fromStationId: station.id, toBuildingId: building.id, lengthM: 120 });
    expect(pipe).toMatchObject({ fromStationId: station.id, toStationId: null, lengthM: 120 });
    for (const [entity, id] of [['section', section.id], ['grid', grid.id], ['building', building.id], ['pipe_segment', pipe.id]] as const) {
      const rows = await auditRows(entity, id);
      expect(rows.map((r) => r.action), entity).toEqual([`${entity}.create`]);
      expect(rows[0]!.actorId).toBe(clerk.actorId);
    }
    gridId = grid.id;
    buildingId = building.id;
  });

  it('patches with before and after in the audit log', async () => {
    const res = await clerk.patch(`/api/registry/buildings/${buildingId}`, { name: '3' });
    expect(res.statusCode).toBe(200);
    expect(res.json().name).toBe('3号楼');
    const renamed = await clerk.patch(`/api/registry/grids/${gridId}`, { name: '东风路网格（一）' });
    expect(renamed.json().name).toBe('东风路网格（一）');
    const [update] = (await auditRows('grid', gridId)).filter((r) => r.action === 'grid.update');
    expect(update!.before).toMatchObject({ name: '东风路一网格' });
    expect(update!.after).toMatchObject({ name: '东风路网格（一）' });
  });

  it('lists with filters, q and paging', async () => {
    const res = await clerk.get(`/api/registry/buildings?gridId=${gridId}&q=3&page=1&pageSize=1`);
    expect(res.json()).toMatchObject({ total: 1, page: 1, pageSize: 1, items: [{ id: buildingId }] });
    expect((await clerk.get(`/api/registry/buildings/${buildingId}`)).json().gridId).toBe(gridId);
  });

  it('refuses unknown references (422), a duplicate code (409) and a missing row (404)', async () => {
    const missing = await clerk.post('/api/registry/buildings', { compoundId: 999999, gridId, name: '9' });
    expect(missing.statusCode).toBe(422);
    expect(missing.json().error.details).toEqual([{ field: 'compoundId', message: 'compound 999999 does not exist', rule: 'unknown_ref', params: { entity: 'compound', id: 999999 } }]);
    const dup = await clerk.post('/api/registry/stations', { branchId, code: 'HRZ-T01', name: '重复' });
    expect(dup.statusCode).toBe(409);
    expect((await clerk.get('/api/registry/stations/999999')).statusCode).toBe(404);
    expect((await clerk.patch('/api/registry/stations/999999', { name: 'x' })).statusCode).toBe(404);
  });

  it('keeps a building and its grid in one branch', async () => {
    const other = await makeBranch(t.database.db);
    const compound = await created(admin, 'compounds', { communityId, branchId: other.id, name: '别的小区', address: '别处' });
    const res = await admin.post('/api/registry/buildings', { compoundId: compound.id, gridId, name: '1' });
    expect(res.statusCode).toBe(422);
    expect(res.json().error.details[0].message).toMatch(/one branch/);
  });

  it('only an admin opens a branch; crew leads must be crew-lead accounts', async () => {
    const branch = await created(admin, 'branches', { code: 'north', name: '北区分公司', city: 'zhengzhou' });
    expect(branch).toMatchObject({ code: 'north', address: null });
    const section = await created(admin, 'sections', { branchId: branch.id, name: '一工段' });
    const bad = await admin.post('/api/registry/crews', { sectionId: section.id, name: '班组', leadUserId: clerk.actorId });
    expect(bad.statusCode).toBe(422);
    const lead = await t.loginAs('crew_lead', [{ kind: 'branch', refId: branch.id }]);
    expect((await admin.post('/api/registry/crews', { sectionId: section.id, name: '班组', leadUserId: lead.actorId })).statusCode).toBe(201);
  });

  it('rejects unknown fields and bad codes (400)', async () => {
    expect((await clerk.post('/api/registry/sections', { branchId, name: 'x', extra: 1 })).statusCode).toBe(400);
    expect((await clerk.post('/api/registry/grids', { crewId: 1, code: '带空格 的', name: 'x' })).statusCode).toBe(400);
  });

  describe('steward assignments are dated; history is kept', () => {
    it('a new steward closes the current assignment on the day they start', async () => {
      const first = await t.loginAs('steward', [{ kind: 'grid', refId: gridId }], { phone: '13700000011', name: '张伟' });
      const second = await t.loginAs('steward', [{ kind: 'grid', refId: gridId }], { name: '李强' });
      const deputy = await t.loginAs('crew_lead', [{ kind: 'branch', refId: branchId }]);
      const a = await clerk.post(`/api/registry/grids/${gridId}/assignments`, { stewardUserId: first.actorId, deputyUserId: deputy.actorId, validFrom: '2026-09-01' });
      expect(a.statusCode, a.body).toBe(201);
      expect(a.json()).toMatchObject({ stewardName: '张伟', stewardPhone: '13700000011', validTo: null });
      const b = await clerk.post(`/api/registry/grids/${gridId}/assignments`, { stewardUserId: second.actorId, validFrom: '2026-12-01' });
      expect(b.statusCode).toBe(201);
      const history = (await clerk.get(`/api/registry/grids/${gridId}/assignments`)).json().items;
      expect(history.map((h: { stewardName: string; validFrom: string; validTo: string | null }) => [h.stewardName, h.validFrom, h.validTo])).toEqual([
        ['李强', '2026-12-01', null],
        ['张伟', '2026-09-01', '2026-12-01'],
      ]);
      expect((await auditRows('grid', gridId)).filter((r) => r.action === 'grid.assign_steward')).toHaveLength(2);
    });

    it('the grid scope follows the assignment: the new steward gains it, the replaced one loses it once started', async () => {
      const grid = await created(clerk, 'grids', { crewId: (await created(clerk, 'crews', { sectionId: (await created(clerk, 'sections', { branchId, name: '第九工段' })).id, name: '九班' })).id, code: 'T-0901', name: '九网格' });
      const before = await t.loginAs('steward', [], { name: '王芳' });
      const after = await t.loginAs('steward', [], { name: '赵磊' });
      const scopesOf = async (id: number) =>
        (await t.database.db.select().from(userScopes).where(eq(userScopes.userId, id))).map((s) => ({ kind: s.kind, refId: s.refId }));
      expect((await clerk.post(`/api/registry/grids/${grid.id}/assignments`, { stewardUserId: before.actorId, validFrom: '2025-10-01' })).statusCode).toBe(201);
      expect(await scopesOf(before.actorId)).toContainEqual({ kind: 'grid', refId: grid.id });
      // A future assignment grants the newcomer at once but leaves the current steward in charge.
      expect((await clerk.post(`/api/registry/grids/${grid.id}/assignments`, { stewardUserId: after.actorId, validFrom: '2099-01-01' })).statusCode).toBe(201);
      expect(await scopesOf(after.actorId)).toContainEqual({ kind: 'grid', refId: grid.id });
      expect(await scopesOf(before.actorId)).toContainEqual({ kind: 'grid', refId: grid.id });
      // Handing the grid back from a started date removes the replaced steward.
      const other = await t.loginAs('steward', [], { name: '钱坤' });
      const grid2 = await created(clerk, 'grids', { crewId: grid.crewId, code: 'T-0902', name: '九网格二' });
      await clerk.post(`/api/registry/grids/${grid2.id}/assignments`, { stewardUserId: other.actorId, validFrom: '2025-10-01' });
      expect((await clerk.post(`/api/registry/grids/${grid2.id}/assignments`, { stewardUserId: after.actorId, validFrom: '2025-11-01' })).statusCode).toBe(201);
      expect(await scopesOf(other.actorId)).not.toContainEqual({ kind: 'grid', refId: grid2.id });
      expect([403, 404]).toContain((await other.get(`/api/registry/grids/${grid2.id}`)).statusCode);
      expect((await after.get(`/api/registry/grids/${grid2.id}`)).statusCode).toBe(200);
    });

    it('refuses a start before the current one, a non-steward, and the steward as deputy', async () => {
      const s = await t.loginAs('steward', [{ kind: 'grid', refId: gridId }]);
      const early = await clerk.post(`/api/registry/grids/${gridId}/assignments`, { stewardUserId: s.actorId, validFrom: '2026-10-01' });
      expect(early.statusCode).toBe(422);
      expect(early.json().error).toMatchObject({ code: 'assignment_not_after_current', details: [{ field: 'validFrom', rule: 'after_current_assignment' }] });
      const notSteward = await clerk.post(`/api/registry/grids/${gridId}/assignments`, { stewardUserId: clerk.actorId, validFrom: '2027-01-01' });
      expect(notSteward.json().error).toMatchObject({ code: 'invalid_assignment', details: [{ field: 'stewardUserId', rule: 'not_an_assignee' }] });
      const self = await clerk.post(`/api/registry/grids/${gridId}/assignments`, { stewardUserId: s.actorId, deputyUserId: s.actorId, validFrom: '2027-01-01' });
      expect(self.json().error.details[0]).toMatchObject({ field: 'deputyUserId', rule: 'deputy_is_steward' });
      const steward = await t.loginAs('steward', [{ kind: 'grid', refId: gridId }]);
      expect((await steward.post(`/api/registry/grids/${gridId}/assignments`, { stewardUserId: s.actorId, validFrom: '2027-01-01' })).statusCode).toBe(403);
    });
  });

  describe('households', () => {
    let entranceId: number;
    beforeAll(async () => {
      entranceId = (await created(clerk, 'entrances', { buildingId, name: '1' })).id;
    });

    it('creates a household and shows its address and billing area (90 % of gross without interior area)', async () => {
      const h = await created(clerk, 'households', { accountNo: '0101000001', entranceId, room: '502室', holderName: '周桂兰', phone: '13800000001', grossAreaCm2: 8950 });
      expect(h).toMatchObject({ room: '502', address: '测试花园 3号楼 1单元 502', grossAreaCm2: 8950, interiorAreaCm2: null, billingAreaCm2: 8055, status: 'heating', customerType: 'residential', gridId });
      const patched = await clerk.patch(`/api/registry/households/${h.id}`, { interiorAreaCm2: 7230, status: 'suspended' });
      expect(patched.json()).toMatchObject({ interiorAreaCm2: 7230, billingAreaCm2: 7230, status: 'suspended' });
      const rows = await auditRows('household', h.id);
      expect(rows.map((r) => r.action)).toEqual(['household.create', 'household.update']);
    });

    it('refuses a duplicate account number (409) and an interior area above the gross (422)', async () => {
      const body = { accountNo: '0101000001', entranceId, room: '503', holderName: '王', grossAreaCm2: 9000 };
      expect((await clerk.post('/api/registry/households', body)).statusCode).toBe(409);
      const bigger = await clerk.post('/api/registry/households', { ...body, accountNo: '0101000002', interiorAreaCm2: 9500 });
      expect(bigger.statusCode).toBe(422);
      expect(bigger.json().error).toMatchObject({ code: 'interior_exceeds_gross', details: [{ field: 'interiorAreaCm2', rule: 'exceeds_gross_area' }] });
      expect((await clerk.post('/api/registry/households', { ...body, accountNo: '0101000003', phone: '12345' })).statusCode).toBe(400);
      expect((await clerk.post('/api/registry/households', { ...body, accountNo: '0101000003', grossAreaCm2: 0 })).statusCode).toBe(400);
    });
  });
});
