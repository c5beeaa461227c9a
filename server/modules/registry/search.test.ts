import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type Client, type TestApp } from '../../test/test-app.ts';
import { makeTwoBranchCity, type TwoBranchCity } from './registry.fixture.ts';
import { parseSearch } from './search.service.ts';

describe('parseSearch: what the one box understands', () => {
  it('reads account numbers and phones as numbers', () => {
    expect(parseSearch(' 0102003 ')).toEqual({ kind: 'number', text: '0102003' });
    expect(parseSearch('13800000001')).toEqual({ kind: 'number', text: '13800000001' });
    expect(parseSearch('１３８０')).toEqual({ kind: 'number', text: '1380' });
  });

  it('splits addresses into compound, building, entrance and room in any common spelling', () => {
    const wanted = { kind: 'address', names: ['金色港湾'], building: '3', room: '502' };
    expect(parseSearch('金色港湾 3号楼 502')).toEqual(wanted);
    expect(parseSearch('金色港湾3号楼502室')).toEqual(wanted);
    expect(parseSearch('金色港湾 3# 502')).toEqual(wanted);
    expect(parseSearch('金色港湾 3 502')).toEqual(wanted);
    expect(parseSearch('金色港湾 3-502')).toEqual(wanted);
    expect(parseSearch('金色港湾小区3号楼2单元502')).toEqual({ kind: 'address', names: ['金色港湾小区'], building: '3', entrance: '2', room: '502' });
    expect(parseSearch('金色港湾 3-2-502')).toEqual({ kind: 'address', names: ['金色港湾'], building: '3', entrance: '2', room: '502' });
  });

  it('keeps "3 号院" with the compound name instead of taking it for a building', () => {
    expect(parseSearch('代书胡同 3 号院 1号楼 101')).toEqual({ kind: 'address', names: ['代书胡同', '3号院'], building: '1', room: '101' });
    expect(parseSearch('代书胡同')).toEqual({ kind: 'address', names: ['代书胡同'] });
  });
});

describe('GET /api/registry/households?q=', () => {
  let t: TestApp;
  let city: TwoBranchCity;
  let clerk: Client;
  beforeAll(async () => {
    t = await createTestApp();
    city = await makeTwoBranchCity(t.database.db);
    clerk = await t.loginAs('clerk', [{ kind: 'branch', refId: city.branchA.id }]);
  });
  afterAll(() => t.close());

  const found = async (c: Client, q: string) => {
    const res = await c.get(`/api/registry/households?q=${encodeURIComponent(q)}`);
    expect(res.statusCode, res.body).toBe(200);
    return res.json().items.map((h: { id: number }) => h.id) as number[];
  };

  it('finds by account number, exact or prefix', async () => {
    expect(await found(clerk, city.household502.accountNo)).toEqual([city.household502.id]);
    expect(await found(clerk, city.household502.accountNo.slice(0, -1))).toContain(city.household502.id);
  });

  it('finds by phone, whole or by its last 4+ digits', async () => {
    expect(await found(clerk, '13800005678')).toEqual([city.household502.id]);
    expect(await found(clerk, '5678')).toEqual([city.household502.id]);
    expect(await found(clerk, '005678')).toEqual([city.household502.id]);
  });

  it('finds by address text', async () => {
    for (const q of ['金色港湾 3号楼 502', '金色港湾小区3号楼502', '金色港湾 3 502', '港湾 3# 502室']) {
      expect(await found(clerk, q), q).toEqual([city.household502.id]);
    }
    expect((await found(clerk, '金色港湾')).sort()).toEqual([city.household502.id, city.household601.id].sort());
    expect(await found(clerk, '金色港湾 5号楼 502')).toEqual([]);
    expect(await found(clerk, '%_\\')).toEqual([]);
  });

  it('finds a compound whose name has a number in it', async () => {
    const admin = await t.loginAs('admin');
    expect(await found(admin, '代书胡同 3 号院 1号楼 101')).toEqual([city.householdB.id]);
  });

  it('searches only within the caller’s scope', async () => {
    expect(await found(clerk, '代书胡同3号院')).toEqual([]);
    const steward = await t.loginAs('steward', [{ kind: 'grid', refId: city.gridA2.id }]);
    expect(await found(steward, '金色港湾 3号楼 502')).toEqual([]);
    expect(await found(steward, '5678')).toEqual([]);
  });
});
