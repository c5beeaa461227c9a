import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Role, Scope } from '../../kernel/actor.ts';
import { createTestApp, type TestApp } from '../../test/test-app.ts';
import { makeTwoBranchCity, type TwoBranchCity } from './registry.fixture.ts';

/** Who sees what (domain.md §2), proven per role on lists, single reads and writes. */
let t: TestApp;
let city: TwoBranchCity;
beforeAll(async () => {
  t = await createTestApp();
  city = await makeTwoBranchCity(t.database.db);
});
afterAll(() => t.close());

const accountNos = (res: { json(): { items: { accountNo: string }[] } }) => res.json().items.map((h) => h.accountNo).sort();
const login = (role: Role, scopes: Scope[]) => t.loginAs(role, scopes);

describe('household reads are scoped by role', () => {
  it('office roles of branch A see branch A only', async () => {
    for (const role of ['admin', 'clerk', 'dispatcher', 'crew_lead'] as const) {
      const c = await login(role, [{ kind: 'branch', refId: city.branchA.id }]);
      const res = await c.get('/api/registry/households?pageSize=500');
      expect(res.statusCode, role).toBe(200);
      expect(accountNos(res), role).toEqual([city.household502.accountNo, city.household601.accountNo].sort());
      expect((await c.get(`/api/registry/households/${city.householdB.id}`)).statusCode, role).toBe(403);
    }
  });

  it('a steward sees the households of their grid only, phones whole', async () => {
    const steward = await login('steward', [{ kind: 'grid', refId: city.gridA1.id }]);
    const res = await steward.get('/api/registry/households');
    expect(accountNos(res)).toEqual([city.household502.accountNo]);
    expect(res.json().items[0].phone).toBe('13800005678');
    expect((await steward.get(`/api/registry/households/${city.household601.id}`)).statusCode).toBe(403);
    const compounds = await steward.get('/api/registry/compounds');
    expect(compounds.json().items.map((c: { id: number }) => c.id)).toEqual([city.compoundA.id]);
    const buildings = await steward.get('/api/registry/buildings');
    expect(buildings.json().items.map((b: { id: number }) => b.id)).toEqual([city.building3.id]);
  });

  it('a liaison sees their community only, with masked phones', async () => {
    const liaison = await login('liaison', [{ kind: 'community', refId: city.communityA.id }]);
    const res = await liaison.get('/api/registry/households');
    expect(accountNos(res)).toEqual([city.household502.accountNo, city.household601.accountNo].sort());
    const h502 = res.json().items.find((h: { room: string }) => h.room === '502');
    expect(h502.phone).toBe('138****5678');
    expect((await liaison.get(`/api/registry/households/${city.householdB.id}`)).statusCode).toBe(403);
    const communities = await liaison.get('/api/registry/communities');
    expect(communities.json().items.map((c: { id: number }) => c.id)).toEqual([city.communityA.id]);
  });

  it('a resident sees their own household and nothing else of the registry', async () => {
    const resident = await login('resident', [{ kind: 'household', refId: city.household502.id }]);
    expect(accountNos(await resident.get('/api/registry/households'))).toEqual([city.household502.accountNo]);
    expect((await resident.get(`/api/registry/households/${city.household502.id}`)).statusCode).toBe(200);
    expect((await resident.get(`/api/registry/households/${city.household601.id}`)).statusCode).toBe(403);
    for (const path of ['compounds', 'grids', 'branches', 'communities']) {
      expect((await resident.get(`/api/registry/${path}`)).statusCode, path).toBe(403);
    }
  });

  it('a property manager is refused here: the tenure module grants their compounds', async () => {
    const pm = await login('property_manager', [{ kind: 'property_company', refId: 1 }]);
    expect((await pm.get('/api/registry/households')).statusCode).toBe(403);
    expect((await pm.get('/api/registry/compounds')).statusCode).toBe(403);
    expect((await pm.get(`/api/registry/households/${city.household502.id}`)).statusCode).toBe(403);
  });

  it('signed-out callers get 401', async () => {
    expect((await t.anon.get('/api/registry/households')).statusCode).toBe(401);
  });
});

describe('org chart and network reads', () => {
  it('a steward reads the org chart of their own branch, not of others', async () => {
    const steward = await login('steward', [{ kind: 'grid', refId: city.gridA1.id }]);
    const grids = (await steward.get('/api/registry/grids?pageSize=500')).json().items.map((g: { id: number }) => g.id);
    expect(grids).toContain(city.gridA2.id);
    expect(grids).not.toContain(city.gridB.id);
    expect((await steward.get(`/api/registry/grids/${city.gridB.id}`)).statusCode).toBe(403);
  });
});

describe('only admin and clerk write, and only in their branch', () => {
  it('dispatcher, crew lead, steward, liaison and resident get 403 on every write', async () => {
    const writers: [Role, Scope[]][] = [
      ['dispatcher', [{ kind: 'branch', refId: city.branchA.id }]],
      ['crew_lead', [{ kind: 'branch', refId: city.branchA.id }]],
      ['steward', [{ kind: 'grid', refId: city.gridA1.id }]],
      ['liaison', [{ kind: 'community', refId: city.communityA.id }]],
      ['resident', [{ kind: 'household', refId: city.household502.id }]],
    ];
    for (const [role, scopes] of writers) {
      const c = await login(role, scopes);
      expect((await c.patch(`/api/registry/households/${city.household502.id}`, { holderName: '改名' })).json().error.code, role).toBe('registry_office_only');
      expect((await c.post('/api/registry/sections', { branchId: city.branchA.id, name: '新工段' })).json().error, role).toMatchObject({ code: 'role_not_allowed', params: { role } });
      expect((await c.patch(`/api/registry/compounds/${city.compoundA.id}`, { name: '改名' })).statusCode, role).toBe(403);
    }
  });

  it('a clerk of branch A cannot change branch B', async () => {
    const clerk = await login('clerk', [{ kind: 'branch', refId: city.branchA.id }]);
    expect((await clerk.patch(`/api/registry/households/${city.householdB.id}`, { holderName: '改名' })).statusCode).toBe(403);
    expect((await clerk.patch(`/api/registry/compounds/${city.compoundB.id}`, { address: '别处' })).json().error).toMatchObject({ code: 'other_branch' });
    expect((await clerk.post('/api/registry/sections', { branchId: city.branchB.id, name: '越界工段' })).statusCode).toBe(403);
    expect((await clerk.post('/api/registry/branches', { code: 'north', name: '北区分公司', city: 'zhengzhou' })).statusCode).toBe(403);
  });
});
