/** The forecast of coming vacuums and the branch dashboard, with households and area affected. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeBranch, makeBuilding, makeCompound, makeHousehold, makePropertyCompany, makeTenure } from '../../test/factories.ts';
import { createTestApp, type Client, type TestApp } from '../../test/test-app.ts';
import { forecast } from './index.ts';

let t: TestApp;
let clerk: Client;
let branchA: number;
let branchB: number;
const c: Record<string, number> = {};

/** A compound with households of the given gross areas and tenures given as [start, end) pairs. */
async function compound(branchId: number, name: string, areas: string[], tenures: [string, string | null][], kind: 'contracted' | 'emergency' = 'contracted') {
  const id = (await makeCompound(t.deps.db, { branchId, name })).id;
  const buildingId = (await makeBuilding(t.deps.db, { compoundId: id })).id;
  for (const grossAreaM2 of areas) await makeHousehold(t.deps.db, { buildingId, grossAreaM2 });
  for (const [startsOn, endsOn] of tenures) {
    const propertyCompanyId = (await makePropertyCompany(t.deps.db)).id;
    await makeTenure(t.deps.db, { compoundId: id, startsOn, endsOn, kind, propertyCompanyId, collectsAsAgent: kind === 'contracted' });
  }
  c[name] = id;
}

beforeAll(async () => {
  t = await createTestApp({ now: '2026-09-20T02:00:00Z' }); // today 2026-09-20; the season starts 2026-11-15
  branchA = (await makeBranch(t.deps.db, { name: '东区分公司' })).id;
  branchB = (await makeBranch(t.deps.db, { name: '西区分公司' })).id;
  const hundred = ['100.00', '100.00', '100.00'];
  await compound(branchA, 'handover month', hundred, [['2020-01-01', '2026-10-31'], ['2026-12-01', null]]); // 16 season days
  await compound(branchA, 'handover month, smaller', ['50.00'], [['2020-01-01', '2026-10-31'], ['2026-12-01', null]]); // 16, fewer households
  await compound(branchA, 'nobody follows', ['120.50'], [['2020-01-01', '2026-11-01']]); // the whole season: 120
  await compound(branchA, 'gap into the season', hundred.slice(0, 2), [['2020-01-01', '2026-11-10'], ['2026-11-20', null]]); // 5
  await compound(branchA, 'gap before the season', ['90.00'], [['2020-01-01', '2026-10-01'], ['2026-11-01', null]]); // 0
  await compound(branchA, 'seamless successor', ['90.00'], [['2020-01-01', '2026-10-15'], ['2026-10-15', null]]); // not at risk
  await compound(branchA, 'ends at new year', ['90.00'], [['2020-01-01', '2026-12-31']]); // beyond 60 days: 74
  await compound(branchA, 'never managed', ['80.00', '90.50'], []);
  await compound(branchA, 'emergency manager', ['70.00'], [['2026-06-01', '2027-06-01']], 'emergency');
  await compound(branchB, 'west unmanaged', ['60.00'], []);
  clerk = await t.loginAs('clerk', [{ kind: 'branch', refId: branchA }]);
});
afterAll(() => t.close());

describe('forecast', () => {
  it('ranks compounds whose tenure ends within 60 days with no successor by the season days the gap covers', async () => {
    const items = (await clerk.get('/api/tenure/forecast')).json().items as { compoundId: number; seasonDaysInGap: number }[];
    expect(items.map((i) => [i.compoundId, i.seasonDaysInGap])).toEqual([
      [c['nobody follows'], 120],
      [c['handover month'], 16],
      [c['handover month, smaller'], 16],
      [c['gap into the season'], 5],
      [c['gap before the season'], 0],
    ]);
    expect(items[1]).toMatchObject({
      endsOn: '2026-10-31',
      successorStartsOn: '2026-12-01',
      season: { code: '2026-27', start: '2026-11-15', end: '2027-03-15' },
      households: 3,
      grossAreaM2: 300,
      kind: 'contracted',
      branchId: branchA,
    });
  });

  it('looks further ahead when asked, and answers for any date', async () => {
    const far = (await clerk.get('/api/tenure/forecast?withinDays=120')).json().items as { compoundId: number; seasonDaysInGap: number }[];
    expect(far.find((i) => i.compoundId === c['ends at new year'])?.seasonDaysInGap).toBe(74);
    expect((await clerk.get('/api/tenure/forecast?withinDays=0')).statusCode).toBe(400);
    // In season the gap is measured against the season under way.
    const winter = await forecast(t.deps, { today: '2026-12-20', withinDays: 15 });
    expect(winter.map((i) => [i.compoundId, i.season.code, i.seasonDaysInGap])).toEqual([[c['ends at new year'], '2026-27', 74]]);
    const onTheEve = await forecast(t.deps, { today: '2026-10-30', withinDays: 3 });
    expect(onTheEve.map((i) => i.compoundId)).toEqual([c['nobody follows'], c['handover month'], c['handover month, smaller']]);
  });

  it('is for office staff of the branch only', async () => {
    const other = await t.loginAs('clerk', [{ kind: 'branch', refId: branchB }]);
    expect((await other.get('/api/tenure/forecast')).json().items).toEqual([]);
    expect((await (await t.loginAs('steward')).get('/api/tenure/forecast')).statusCode).toBe(403);
  });
});

describe('dashboard', () => {
  it('per branch: compounds in vacuum now and at risk, with households and area', async () => {
    const body = (await clerk.get('/api/tenure/dashboard')).json();
    expect(body.branches).toHaveLength(1);
    const [east] = body.branches;
    expect(east).toMatchObject({ branchId: branchA, branchName: '东区分公司', today: '2026-09-20' });
    expect(east.inVacuum.totals).toEqual({ compounds: 2, households: 3, grossAreaM2: 240.5 });
    expect(east.inVacuum.items).toEqual([
      { compoundId: c['never managed'], compoundName: 'never managed', branchId: branchA, reason: 'no_company', since: null, until: null, households: 2, grossAreaM2: 170.5 },
      { compoundId: c['emergency manager'], compoundName: 'emergency manager', branchId: branchA, reason: 'emergency_manager', since: '2026-06-01', until: '2027-06-01', households: 1, grossAreaM2: 70 },
    ]);
    expect(east.atRisk.totals).toEqual({ compounds: 5, households: 8, grossAreaM2: 760.5 });
  });

  it('an administrator without a branch scope sees every branch', async () => {
    const admin = await t.loginAs('admin');
    const body = (await admin.get('/api/tenure/dashboard')).json();
    expect(body.branches.map((b: { branchId: number }) => b.branchId)).toEqual([branchA, branchB]);
    expect(body.branches[1].inVacuum.totals).toEqual({ compounds: 1, households: 1, grossAreaM2: 60 });
  });

  it('follows the clock: once a tenure has ended the compound is in vacuum, with since and until', async () => {
    t.clock.set('2026-11-05T02:00:00Z');
    const admin = await t.loginAs('admin', [{ kind: 'branch', refId: branchA }]);
    const east = (await admin.get('/api/tenure/dashboard')).json().branches[0];
    expect(east.inVacuum.items).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ compoundId: c['handover month'], reason: 'no_company', since: '2026-10-31', until: '2026-12-01', households: 3 }),
        expect.objectContaining({ compoundId: c['nobody follows'], since: '2026-11-01', until: null }),
      ]),
    );
    expect(east.inVacuum.totals.compounds).toBe(5);
    t.clock.set('2026-09-20T02:00:00Z');
  });
});
