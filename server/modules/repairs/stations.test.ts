import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { createTestApp, type Client, type TestApp } from '../../test/test-app.ts';
import { makeBuilding, makeHousehold } from '../../test/factories.ts';
import { buildings, households, stations } from '../registry/index.ts';
import { makeRepairsCity, type RepairsCity } from './repairs.test-kit.ts';
import type { StationTile } from './stations.contract.ts';

let t: TestApp;
let c: RepairsCity;
let dispatcher: Client;
const station: Record<'out' | 'watch' | 'calm', { id: number; households: number[] }> = {} as never;

beforeAll(async () => {
  t = await createTestApp();
  c = await makeRepairsCity(t);
  dispatcher = await t.loginAs('dispatcher', [{ kind: 'branch', refId: c.branchId }]);
  const db = t.deps.db;
  const [home] = await db.select().from(households).where(eq(households.id, c.householdId));
  const [b1] = await db.select().from(buildings).where(eq(buildings.id, home!.buildingId));
  // Three stations of the branch, each feeding buildings of the crew lead's grid.
  for (const [key, code] of [['out', 'HRZ-T-001'], ['watch', 'HRZ-T-002'], ['calm', 'HRZ-T-003']] as const) {
    const [s] = await db.insert(stations).values({ branchId: c.branchId, code, name: `测试${code.slice(-1)}号换热站` }).returning();
    const fed = key === 'out' ? [b1!.id] : [];
    for (let i = 0; i < (key === 'out' ? 2 : 1); i++) fed.push((await makeBuilding(db, { compoundId: b1!.compoundId, gridId: c.gridId })).id);
    const homes: number[] = [];
    for (const buildingId of fed) {
      await db.update(buildings).set({ stationId: s!.id }).where(eq(buildings.id, buildingId));
      for (let i = 0; i < 2; i++) homes.push((await makeHousehold(db, { buildingId })).id);
    }
    station[key] = { id: s!.id, households: homes };
  }
});
afterAll(() => t.close());

const tiles = async (who: Client): Promise<StationTile[]> => {
  const res = await who.get('/api/repairs/stations');
  expect(res.statusCode).toBe(200);
  return res.json().items;
};
const report = (householdId: number, category = 'no_heat') =>
  dispatcher.post('/api/repairs', { category, householdId, channel: 'hotline', caller: { name: '来电住户' } });

describe('the incident view by station', () => {
  it('a burst of no-heat calls from one station is one incident: its tile is an outage with the linked count and start', async () => {
    const first = await report(station.out.households[0]!);
    const startedAt = first.json().createdAt;
    // Two households per building, so no building reaches its own threshold (3) first; the fifth
    // report of the station (threshold 5 within 30 min) opens the incident.
    for (const h of station.out.households.slice(2, 6)) {
      t.clock.advance(60_000);
      expect((await report(h)).statusCode).toBe(201);
    }
    await report(station.watch.households[0]!, 'not_warm');
    const all = await tiles(c.crewLead);
    expect(all.map((s) => [s.code, s.state])).toEqual([['HRZ-T-001', 'outage'], ['HRZ-T-002', 'reports'], ['HRZ-T-003', 'quiet']]);
    const [out, watch] = all;
    expect(out).toMatchObject({ stationId: station.out.id, linkedOpen: 5, unlinkedReports: 0, outageSince: startedAt });
    expect(out!.incidents).toEqual([expect.objectContaining({ scope: 'station', stationId: station.out.id, status: 'open', linkedRequests: 5, startedAt })]);
    expect(watch).toMatchObject({ unlinkedReports: 1, incidents: [], outageSince: null });
  });

  it('is scoped to the grids a crew lead supervises; field staff are refused; unknown incidents are 404', async () => {
    const otherLead = await t.loginAs('crew_lead', [{ kind: 'grid', refId: c.otherGridId }]);
    expect(await tiles(otherLead)).toEqual([]);
    const admin = await t.loginAs('admin', [{ kind: 'branch', refId: c.branchId }]);
    const incidentId = (await tiles(admin))[0]!.incidents[0]!.id;
    expect((await otherLead.get(`/api/repairs/incidents/${incidentId}`)).statusCode).toBe(403);
    expect((await c.steward.get('/api/repairs/stations')).statusCode).toBe(403);
    expect((await dispatcher.get('/api/repairs/stations')).statusCode).toBe(403);
    expect((await admin.get('/api/repairs/incidents/987654')).statusCode).toBe(404);
  });

  it('the detail lists the linked requests; resolving it restores the tile, which fades after a week', async () => {
    const incidentId = (await tiles(c.crewLead))[0]!.incidents[0]!.id;
    const detail = await c.crewLead.get(`/api/repairs/incidents/${incidentId}`);
    expect(detail.statusCode).toBe(200);
    expect(detail.json()).toMatchObject({ id: incidentId, stationCode: 'HRZ-T-001', stationName: '测试1号换热站', canResolve: true, linkedRequests: 5 });
    expect(detail.json().linked).toHaveLength(5);
    expect(detail.json().linked.every((r: { incidentId: number; status: string }) => r.incidentId === incidentId && r.status === 'submitted')).toBe(true);

    t.clock.advance(2 * 3_600_000);
    expect((await c.crewLead.post(`/api/repairs/incidents/${incidentId}/resolve`, { note: '换热站循环泵已更换' })).statusCode).toBe(204);
    const after = (await tiles(c.crewLead)).find((s) => s.stationId === station.out.id)!;
    expect(after).toMatchObject({ state: 'restored', linkedOpen: 0, outageSince: null });
    expect(after.incidents[0]).toMatchObject({ status: 'resolved', resolvedAt: t.clock.now().toISOString() });
    const resolved = (await c.crewLead.get(`/api/repairs/incidents/${incidentId}`)).json();
    expect(resolved.canResolve).toBe(false);
    expect(resolved.linked.every((r: { status: string }) => r.status === 'resolved')).toBe(true);

    t.clock.advance(8 * 24 * 3_600_000);
    const admin = await t.loginAs('admin', [{ kind: 'branch', refId: c.branchId }]);
    expect((await tiles(admin)).find((s) => s.stationId === station.out.id)!.state).toBe('quiet');
  });

});
