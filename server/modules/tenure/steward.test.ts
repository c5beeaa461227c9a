/** The public "my steward" lookup and its pick-list: no sign-in, no personal data of households. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { users } from '../accounts/index.ts';
import { eq, sql } from 'drizzle-orm';
import { buildings, grids } from '../registry/index.ts';
import { contactCardVersion } from './tenure.schema.ts';
import {
  makeBranch,
  makeBuilding,
  makeCommunity,
  makeCompound,
  makeGrid,
  makeGridAssignment,
  makeHousehold,
  makePropertyCompany,
  makeTenure,
} from '../../test/factories.ts';
import { createTestApp, type TestApp } from '../../test/test-app.ts';

let t: TestApp;
const ids: Record<string, number> = {};
let accountNo: string;

beforeAll(async () => {
  t = await createTestApp(); // 2026-11-20, in the 2026-27 season
  const db = t.deps.db;
  const branch = await makeBranch(db, { name: '东区供热分公司', phone: '0371-96069', address: '郑东新区热力路1号营业厅' });
  const community = await makeCommunity(db, { name: '金色港湾社区', officePhone: '0371-66001122' });
  const managed = await makeCompound(db, { branchId: branch.id, communityId: community.id, name: '金色港湾小区' });
  const unmanaged = await makeCompound(db, { branchId: branch.id, communityId: community.id, name: '代书胡同3号院' });
  const grid = await makeGrid(db, { branchId: branch.id, name: '金色港湾1号网格' });
  const steward = await t.loginAs('steward', [{ kind: 'grid', refId: grid.id }], { name: '网格员 张伟', phone: '13800001111' });
  const deputy = await t.loginAs('steward', [{ kind: 'grid', refId: grid.id }], { name: '网格员 李强', phone: '13800002222' });
  const former = await t.loginAs('steward', [], { name: '前任 王五', phone: '13800003333' });
  await makeGridAssignment(db, { gridId: grid.id, stewardUserId: former.actorId, validFrom: '2024-01-01', validTo: '2026-01-01' });
  await makeGridAssignment(db, { gridId: grid.id, stewardUserId: steward.actorId, deputyUserId: deputy.actorId, validFrom: '2026-01-01' });
  const company = await makePropertyCompany(db, { name: '郑州华庭物业服务有限公司', contactName: '陈刚', contactPhone: '0371-65550303' });
  await makeTenure(db, { compoundId: managed.id, propertyCompanyId: company.id, startsOn: '2020-01-01' });
  const building = await makeBuilding(db, { compoundId: managed.id, gridId: grid.id, name: '3号楼' });
  const household = await makeHousehold(db, { buildingId: building.id, holderName: '张三丰', phone: '13912345678', room: '2-601' });
  accountNo = household.accountNo;
  const bare = await makeBuilding(db, { compoundId: unmanaged.id, gridId: grid.id, name: '1号楼' });
  Object.assign(ids, { community: community.id, managed: managed.id, unmanaged: unmanaged.id, building: building.id, bare: bare.id, grid: grid.id, deputy: deputy.actorId });
});
afterAll(() => t.close());

describe('my steward by account number', () => {
  it('names the steward and deputy, the grid, today’s mode, where to pay, whom to call and the season', async () => {
    const res = await t.anon.get(`/api/public/steward?accountNo=${accountNo}`);
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({
      community: { id: ids.community, name: '金色港湾社区' },
      compound: { id: ids.managed, name: '金色港湾小区', address: expect.any(String) },
      building: { id: ids.building, name: '3号楼' },
      grid: { id: ids.grid, name: '金色港湾1号网格' },
      steward: { name: '网格员 张伟', phone: '13800001111' },
      deputy: { name: '网格员 李强', phone: '13800002222' },
      serviceMode: { date: '2026-11-20', mode: 'agent', reason: 'contracted_agent', propertyCompany: { name: '郑州华庭物业服务有限公司', phone: '0371-65550303' } },
      whereToPay: {
        channels: ['property_company', 'heating_company_counter'],
        propertyCompany: { name: '郑州华庭物业服务有限公司', phone: '0371-65550303' },
        heatingCompany: { name: '东区供热分公司', counterAddress: '郑东新区热力路1号营业厅', hotline: '0371-96069' },
        collectionPoints: [],
      },
      whomToCall: [
        { role: 'steward', name: '网格员 张伟', phone: '13800001111' },
        { role: 'deputy', name: '网格员 李强', phone: '13800002222' },
        { role: 'property_company', name: '郑州华庭物业服务有限公司', phone: '0371-65550303' },
        { role: 'branch_hotline', name: '东区供热分公司', phone: '0371-96069' },
        { role: 'community_office', name: '金色港湾社区', phone: '0371-66001122' },
      ],
      season: { code: '2026-27', start: '2026-11-15', end: '2027-03-15', inSeason: true },
    });
  });

  it('never shows the household’s holder, phone or room', async () => {
    const body = (await t.anon.get(`/api/public/steward?accountNo=${accountNo}`)).body;
    for (const secret of ['张三丰', '13912345678', '2-601', '陈刚']) expect(body).not.toContain(secret);
  });

  it('an unknown account is a 404; a malformed or missing query a 400', async () => {
    const unknown = await t.anon.get('/api/public/steward?accountNo=NOPE0000');
    expect(unknown.statusCode).toBe(404);
    expect(unknown.json().error.code).toBe('not_found');
    for (const q of ['accountNo=%27%3B--', '', `accountNo=${accountNo}&buildingId=1`, 'holder=x']) {
      expect((await t.anon.get(`/api/public/steward?${q}`)).statusCode).toBe(400);
    }
  });

  it('needs no sign-in, and a signed-in resident gets the same answer', async () => {
    const resident = await t.loginAs('resident', [{ kind: 'household', refId: 1 }]);
    const anon = (await t.anon.get(`/api/public/steward?accountNo=${accountNo}`)).json();
    expect((await resident.get(`/api/public/steward?accountNo=${accountNo}`)).json()).toEqual(anon);
  });

  it('drops a deactivated deputy rather than publish a stale number', async () => {
    await t.deps.db.update(users).set({ active: false }).where(eq(users.id, ids.deputy!));
    const body = (await t.anon.get(`/api/public/steward?accountNo=${accountNo}`)).json();
    expect(body.deputy).toBeNull();
    expect(body.whomToCall.map((c: { role: string }) => c.role)).not.toContain('deputy');
    await t.deps.db.update(users).set({ active: true }).where(eq(users.id, ids.deputy!));
  });
});

describe('contact cards (the lookup’s per-building cache)', () => {
  const version = async () => (await t.deps.db.select().from(contactCardVersion))[0]!.n;

  it('a change committed anywhere shows on the next request, never a stale card', async () => {
    const before = (await t.anon.get(`/api/public/steward?accountNo=${accountNo}`)).json();
    expect(before.grid.name).toBe('金色港湾1号网格');
    // Written straight to the database, as another app instance would.
    await t.deps.db.update(grids).set({ name: '金色港湾一网格' }).where(eq(grids.id, ids.grid!));
    expect((await t.anon.get(`/api/public/steward?accountNo=${accountNo}`)).json().grid.name).toBe('金色港湾一网格');
    await t.deps.db.update(grids).set({ name: '金色港湾1号网格' }).where(eq(grids.id, ids.grid!));
    expect((await t.anon.get(`/api/public/steward?accountNo=${accountNo}`)).json()).toEqual(before);
  });

  it('bumps the version once per transaction, at commit, and not for unrelated writes', async () => {
    const start = await version();
    await t.deps.db.transaction(async (tx) => {
      await tx.update(grids).set({ name: sql`name` }).where(eq(grids.id, ids.grid!));
      await tx.update(buildings).set({ name: sql`name` }).where(eq(buildings.compoundId, ids.managed!));
      await tx.update(buildings).set({ name: sql`name` }).where(eq(buildings.compoundId, ids.unmanaged!));
    });
    expect(await version()).toBe(start + 1);
    await t.deps.db.update(users).set({ updatedAt: new Date(), passwordHash: null }).where(eq(users.id, ids.deputy!));
    expect(await version()).toBe(start + 1);
    await expect(
      t.deps.db.transaction(async (tx) => {
        await tx.update(grids).set({ name: sql`name` }).where(eq(grids.id, ids.grid!));
        throw new Error('rolled back');
      }),
    ).rejects.toThrow('rolled back');
    expect(await version()).toBe(start + 1);
  });
});

describe('my steward by building (pick-list)', () => {
  it('walks community → compound → building', async () => {
    const communities = (await t.anon.get('/api/public/communities?q=金色')).json().items;
    expect(communities).toEqual([{ id: ids.community, name: '金色港湾社区' }]);
    const compounds = (await t.anon.get(`/api/public/communities/${ids.community}/compounds`)).json().items;
    expect(compounds.map((c: { name: string }) => c.name).sort()).toEqual(['代书胡同3号院', '金色港湾小区']);
    expect((await t.anon.get(`/api/public/compounds/${ids.unmanaged}/buildings`)).json().items).toEqual([{ id: ids.bare, name: '1号楼' }]);
    expect((await t.anon.get('/api/public/communities/999999/compounds')).statusCode).toBe(404);
    expect((await t.anon.get('/api/public/compounds/999999/buildings')).statusCode).toBe(404);
  });

  it('a compound without a property company: pay the heating company directly', async () => {
    const body = (await t.anon.get(`/api/public/steward?buildingId=${ids.bare}`)).json();
    expect(body.serviceMode).toEqual({ date: '2026-11-20', mode: 'direct', reason: 'no_company', propertyCompany: null });
    expect(body.whereToPay).toMatchObject({ channels: ['heating_company_counter', 'heating_company_online'], propertyCompany: null, collectionPoints: [] });
    expect(body.whomToCall.map((c: { role: string }) => c.role)).toEqual(['steward', 'deputy', 'branch_hotline', 'community_office']);
    expect((await t.anon.get('/api/public/steward?buildingId=999999')).statusCode).toBe(404);
  });

  it('between seasons it shows the next season', async () => {
    t.clock.set('2027-06-01T02:00:00Z');
    const body = (await t.anon.get(`/api/public/steward?buildingId=${ids.bare}`)).json();
    expect(body.season).toEqual({ code: '2027-28', start: '2027-11-15', end: '2028-03-15', inSeason: false });
    expect(body.serviceMode.date).toBe('2027-06-01');
    t.clock.set('2026-11-20T02:00:00Z');
  });
});
