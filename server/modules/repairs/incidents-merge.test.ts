import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq, sql } from 'drizzle-orm';
import { queryRows } from '../../kernel/db.ts';
import { createTestApp, type Client, type TestApp } from '../../test/test-app.ts';
import { makeBuilding, makeHousehold } from '../../test/factories.ts';
import { buildings, stations } from '../registry/index.ts';
import { count, makeRepairsCity, type RepairsCity } from './repairs.test-kit.ts';

let t: TestApp;
let c: RepairsCity;
let dispatcher: Client;
beforeAll(async () => {
  t = await createTestApp();
  c = await makeRepairsCity(t);
  dispatcher = await t.loginAs('dispatcher');
});
afterAll(() => t.close());

/** One station feeding buildings of the steward's grid with the given numbers of households. */
async function station(perBuilding: number[]): Promise<{ stationId: number; households: number[][] }> {
  const [compound] = await queryRows<{ id: number }>(t.deps.db, sql`SELECT b.compound_id AS id FROM households h JOIN buildings b ON b.id = h.building_id WHERE h.id = ${c.householdId}`);
  const [row] = await t.deps.db.insert(stations).values({ branchId: c.branchId, code: `STM-${Date.now()}`, name: '合并换热站' }).returning();
  const households: number[][] = [];
  for (const n of perBuilding) {
    const building = await makeBuilding(t.deps.db, { compoundId: compound!.id, gridId: c.gridId });
    await t.deps.db.update(buildings).set({ stationId: row!.id }).where(eq(buildings.id, building.id));
    const list: number[] = [];
    for (let i = 0; i < n; i++) list.push((await makeHousehold(t.deps.db, { buildingId: building.id })).id);
    households.push(list);
  }
  return { stationId: row!.id, households };
}

const report = async (householdId: number) =>
  (await dispatcher.post('/api/repairs', { category: 'no_heat', householdId })).json<{ id: number; incidentId: number | null }>();

describe('a station outage whose first reports came from one building is still one incident', () => {
  it('the station incident absorbs the building incident opened a moment before it', async () => {
    const { stationId, households } = await station([3, 2, 2]);
    const [a, b, cc] = households as [number[], number[], number[]];
    const first = [await report(a[0]!), await report(a[1]!), await report(a[2]!)];
    const buildingIncident = first[2]!.incidentId;
    expect(buildingIncident).not.toBeNull();
    expect(await report(b[0]!)).toMatchObject({ incidentId: null });
    const fifth = await report(cc[0]!);

    const onStation = await queryRows<{ id: number; scope: string }>(
      t.deps.db,
      sql`SELECT i.id, i.scope FROM incidents i LEFT JOIN buildings bu ON bu.id = i.building_id WHERE i.station_id = ${stationId} OR bu.station_id = ${stationId}`,
    );
    expect(onStation).toEqual([{ id: fifth.incidentId, scope: 'station' }]);
    const later = await report(b[1]!);
    expect(later.incidentId).toBe(fifth.incidentId);
    const linked = await queryRows<{ id: number }>(t.deps.db, sql`SELECT id FROM repair_requests WHERE incident_id = ${fifth.incidentId} ORDER BY id`);
    expect(linked).toHaveLength(6);
    // The move is on each moved request's timeline and the removed incident is in the audit log.
    const timeline = (await c.steward.get(`/api/repairs/${first[0]!.id}`)).json<{ timeline: { kind: string; note: string }[] }>().timeline;
    expect(timeline.filter((e) => e.kind === 'linked').map((e) => e.note)).toEqual([`part of incident #${buildingIncident}`, `part of incident #${fifth.incidentId}`]);
    expect(await count(t, sql`SELECT count(*)::int AS n FROM audit_log WHERE action = 'incident.merge' AND entity_id = ${buildingIncident}
      AND after->>'mergedInto' = ${String(fifth.incidentId)}`)).toBe(1);
  });

  it('a building incident whose reports are older than the window stays open on its own', async () => {
    const { stationId, households } = await station([3, 3, 2]);
    const [a, b, cc] = households as [number[], number[], number[]];
    for (const h of a) await report(h);
    t.clock.advance(40 * 60_000); // building A's reports fall out of the window
    const bReports = [];
    for (const h of b) bReports.push(await report(h));
    await report(cc[0]!);
    const fifth = await report(cc[1]!); // B's three + C's two: the station's burst
    const open = await queryRows<{ scope: string; linked: number }>(
      t.deps.db,
      sql`SELECT i.scope, (SELECT count(*)::int FROM repair_requests r WHERE r.incident_id = i.id) AS linked
          FROM incidents i LEFT JOIN buildings bu ON bu.id = i.building_id
          WHERE (i.station_id = ${stationId} OR bu.station_id = ${stationId}) AND i.status = 'open' ORDER BY i.scope`,
    );
    expect(open).toEqual([{ scope: 'building', linked: 3 }, { scope: 'station', linked: 5 }]);
    expect(await count(t, sql`SELECT count(*)::int AS n FROM incidents WHERE id = ${bReports[2]!.incidentId}`)).toBe(0);
    expect(fifth.incidentId).not.toBeNull();
  });
});
