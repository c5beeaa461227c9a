import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type Client, type TestApp } from '../../test/test-app.ts';
import { makeHousehold } from '../../test/factories.ts';
import { readXlsx, upload } from './import.fixture.ts';
import { IMPORT_COLUMNS } from './import.columns.ts';
import { makeTwoBranchCity, type TwoBranchCity } from './registry.fixture.ts';

let t: TestApp;
let city: TwoBranchCity;
let clerk: Client;
beforeAll(async () => {
  t = await createTestApp();
  city = await makeTwoBranchCity(t.database.db);
  await makeHousehold(t.database.db, { buildingId: city.building3.id, room: '503', interiorAreaM2: '81.25', status: 'suspended', customerType: 'nonResidential', hasHeatMeter: true, phone: null });
  clerk = await t.loginAs('clerk', [{ kind: 'branch', refId: city.branchA.id }]);
});
afterAll(() => t.close());

describe('export to .xlsx', () => {
  it('streams the filtered households in the import layout', async () => {
    const res = await clerk.get(`/api/registry/households/export.xlsx?compoundId=${city.compoundA.id}`);
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-disposition']).toMatch(/attachment; filename="households-\d{8}\.xlsx"/);
    const rows = await readXlsx(res.rawPayload);
    expect(rows[0]).toEqual(IMPORT_COLUMNS.map((c) => c.zh));
    expect(rows).toHaveLength(4);
    const suspended = rows.find((r) => r[5] === '503')!;
    expect(suspended.slice(1)).toEqual(['金色港湾社区', '金色港湾小区', '3号楼', expect.stringMatching(/单元$/), '503', expect.any(String), '', '100', '81.25', '非居民', '报停', city.gridA1.code, '', '是']);
    const onlySuspended = await readXlsx((await clerk.get('/api/registry/households/export.xlsx?status=suspended')).rawPayload);
    expect(onlySuspended).toHaveLength(2);
  });

  it('round-trips: importing an export back changes nothing', async () => {
    const exported = (await clerk.get(`/api/registry/households/export.xlsx?branchId=${city.branchA.id}`)).rawPayload;
    const res = await upload(clerk, 'export.xlsx', exported);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ status: 'applied', rows: 3, inserted: 0, updated: 0, unchanged: 3, buildingsCreated: 0, entrancesCreated: 0 });
  });

  it('exports only what the caller sees: masked phones for a liaison, nothing for a resident', async () => {
    const liaison = await t.loginAs('liaison', [{ kind: 'community', refId: city.communityA.id }]);
    const rows = await readXlsx((await liaison.get('/api/registry/households/export.xlsx')).rawPayload);
    expect(rows.map((r) => r[7])).toContain('138****5678');
    expect(rows).toHaveLength(4);
    const resident = await t.loginAs('resident', [{ kind: 'household', refId: city.household502.id }]);
    expect((await resident.get('/api/registry/households/export.xlsx')).statusCode).toBe(403);
  });

  it('serves the import template with Chinese headers, an example row and a help sheet', async () => {
    const res = await clerk.get('/api/registry/households/import-template.xlsx');
    expect(res.statusCode).toBe(200);
    const rows = await readXlsx(res.rawPayload);
    expect(rows[0]).toEqual(IMPORT_COLUMNS.map((c) => c.zh));
    expect(rows[1]![0]).toBe('0102003001');
  });
});
