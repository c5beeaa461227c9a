import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq, sql } from 'drizzle-orm';
import { queryRows } from '../../kernel/db.ts';
import { createTestApp, type Client, type TestApp } from '../../test/test-app.ts';
import { makeBuilding, makeHousehold } from '../../test/factories.ts';
import { buildings, stations } from '../registry/index.ts';
import { count, makeRepairsCity, outboxFor, walk, type RepairsCity } from './repairs.test-kit.ts';

let t: TestApp;
let c: RepairsCity;
let dispatcher: Client;
let compoundId: number;
beforeAll(async () => {
  t = await createTestApp();
  c = await makeRepairsCity(t);
  dispatcher = await t.loginAs('dispatcher');
  const [row] = await queryRows<{ compoundId: number }>(t.deps.db, sql`SELECT b.compound_id AS "compoundId" FROM households h JOIN buildings b ON b.id = h.building_id WHERE h.id = ${c.householdId}`);
  compoundId = row!.compoundId;
});
afterAll(() => t.close());

const MIN = 60_000;
let stationNo = 0;

/** A station feeding `perBuilding.length` buildings of the steward's grid, with that many households each. */
async function stationWith(perBuilding: number[]): Promise<{ stationId: number; households: number[][] }> {
  stationNo += 1;
  const [station] = await t.deps.db.insert(stations).values({ branchId: c.branchId, code: `ST${stationNo}-${Date.now()}`, name: `换热站${stationNo}` }).returning();
  const households: number[][] = [];
  for (const n of perBuilding) {
    const building = await makeBuilding(t.deps.db, { compoundId, gridId: c.gridId });
    await t.deps.db.update(buildings).set({ stationId: station!.id }).where(eq(buildings.id, building.id));
    const list: number[] = [];
    for (let i = 0; i < n; i++) list.push((await makeHousehold(t.deps.db, { buildingId: building.id })).id);
    households.push(list);
  }
  return { stationId: station!.id, households };
}
const report = async (householdId: number, category = 'not_warm') =>
  (await dispatcher.post('/api/repairs', { category, householdId })).json<{ id: number; incidentId: number | null }>();
const incidentsOf = (stationId: number) =>
  queryRows<{ id: number; scope: string }>(t.deps.db, sql`SELECT id, scope FROM incidents WHERE station_id = ${stationId}`);

describe('a burst from one station becomes one incident (Zhengzhou: 5 reports in 30 min)', () => {
  it('opens on the fifth report, links the earlier ones and every later one, alerts the crew lead once', async () => {
    const { stationId, households } = await stationWith([2, 2, 3]); // never 3 in one building first
    const order = [households[0]![0]!, households[1]![0]!, households[2]![0]!, households[0]![1]!, households[1]![1]!, households[2]![1]!];
    const first = await report(order[0]!);
    t.clock.advance(40 * MIN); // the first report falls out of the window
    const reports = [];
    for (const h of order.slice(1, 5)) reports.push(await report(h));
    expect(reports.every((r) => r.incidentId === null)).toBe(true);
    const fifth = await report(order[5]!);
    const [incident] = await incidentsOf(stationId);
    expect(incident).toMatchObject({ scope: 'station' });
    expect(fifth.incidentId).toBe(incident!.id);
    // The 201 answers are the requests as read back, whether they opened the incident or joined it.
    expect(fifth).toEqual((await dispatcher.get(`/api/repairs/${fifth.id}`)).json());
    const linked = await queryRows<{ id: number }>(t.deps.db, sql`SELECT id FROM repair_requests WHERE incident_id = ${incident!.id} ORDER BY id`);
    expect(linked.map((r) => r.id)).toEqual([...reports.map((r) => r.id), fifth.id]);
    expect(await count(t, sql`SELECT count(*)::int AS n FROM repair_requests WHERE id = ${first.id} AND incident_id IS NULL`)).toBe(1);
    expect((await outboxFor(t, 'incident_opened')).filter((m) => m.channel === 'inapp')).toEqual([
      expect.objectContaining({ recipient: String(c.crewLead.actorId) }),
    ]);

    const later = await report(households[2]![2]!);
    expect(later.incidentId).toBe(incident!.id);
    expect(later).toEqual((await dispatcher.get(`/api/repairs/${later.id}`)).json());
    expect((await outboxFor(t, 'repair_known_incident'))).toHaveLength(1);
    const timeline = (await c.steward.get(`/api/repairs/${later.id}`)).json().timeline;
    expect(timeline.at(-1)).toMatchObject({ kind: 'linked', note: `part of incident #${incident!.id}` });
    // A leak is not a symptom of a station outage.
    expect((await report(households[2]![2]!, 'leak')).incidentId).toBeNull();
    expect(await incidentsOf(stationId)).toHaveLength(1);
  });

  it('three reports from one building open a building incident', async () => {
    const { households } = await stationWith([3]);
    const ids = [];
    for (const h of households[0]!) ids.push(await report(h, 'no_heat'));
    const [row] = await queryRows<{ scope: string; n: number }>(
      t.deps.db,
      sql`SELECT i.scope, count(r.id)::int AS n FROM incidents i JOIN repair_requests r ON r.incident_id = i.id WHERE i.id = ${ids[2]!.incidentId} GROUP BY i.scope`,
    );
    expect(row).toEqual({ scope: 'building', n: 3 });
  });

  it('a concurrent burst opens exactly one incident and links every report', async () => {
    const { stationId, households } = await stationWith([2, 2, 2, 2, 2, 2]);
    const all = await Promise.all(households.flat().map((h) => report(h)));
    expect(all.every((r) => typeof r.id === 'number')).toBe(true);
    const found = await incidentsOf(stationId);
    expect(found).toHaveLength(1);
    const linked = await count(t, sql`SELECT count(*)::int AS n FROM repair_requests WHERE incident_id = ${found[0]!.id}`);
    expect(linked).toBe(12);
    // Concurrent reports share write statements (opening.write.ts): each still has its own trace.
    const ids = sql.join(all.map((r) => sql`${r.id}::int`), sql`, `);
    const traces = await queryRows<{ id: number; created: number; audits: number; told: number }>(
      t.deps.db,
      sql`SELECT r.id,
                 (SELECT count(*)::int FROM request_events e WHERE e.request_id = r.id AND e.kind = 'created') AS created,
                 (SELECT count(*)::int FROM audit_log a WHERE a.entity = 'repair_request' AND a.entity_id = r.id::text AND a.action = 'repair.open') AS audits,
                 (SELECT count(*)::int FROM outbox o WHERE o.template = 'repair_new' AND (o.data->>'requestId')::int = r.id AND o.channel = 'inapp') AS told
            FROM repair_requests r WHERE r.id IN (${ids})`,
    );
    expect(traces).toHaveLength(12);
    expect(traces.every((r) => r.created === 1 && r.audits === 1 && r.told === 1)).toBe(true);
  });

  it('resolving the incident resolves its linked requests, records the outage end and tells every household', async () => {
    const { stationId, households } = await stationWith([2, 2, 2]);
    const reports = [];
    for (const h of households.flat()) reports.push(await report(h));
    const [incident] = await incidentsOf(stationId);
    const parked = reports.at(-1)!.id;
    await walk(c.steward, parked, 'accepted', 'waiting'); // waiting for access: left to the steward
    await walk(c.steward, reports[0]!.id, 'accepted', 'on_site');
    t.clock.advance(70 * MIN); // past the 60-minute first response of the untouched ones
    const listed = (await c.crewLead.get('/api/repairs/incidents')).json().items;
    expect(listed.find((i: { id: number }) => i.id === incident!.id)).toMatchObject({ status: 'open', scope: 'station', linkedRequests: 6, resolvedAt: null });
    expect((await c.steward.post(`/api/repairs/incidents/${incident!.id}/resolve`, {})).statusCode).toBe(403);
    const otherLead = await t.loginAs('crew_lead', [{ kind: 'grid', refId: c.otherGridId }]);
    expect((await otherLead.post(`/api/repairs/incidents/${incident!.id}/resolve`, {})).statusCode).toBe(403);

    const res = await c.crewLead.post(`/api/repairs/incidents/${incident!.id}/resolve`, { note: '换热站循环泵已更换' });
    expect(res.statusCode).toBe(204);
    const statuses = await queryRows<{ id: number; status: string }>(t.deps.db, sql`SELECT id, status FROM repair_requests WHERE incident_id = ${incident!.id} ORDER BY id`);
    expect(statuses.filter((r) => r.status === 'resolved')).toHaveLength(5);
    expect(statuses.find((r) => r.id === parked)!.status).toBe('waiting');
    const d = (await c.steward.get(`/api/repairs/${reports[1]!.id}`)).json();
    expect(d.timeline.at(-1)).toMatchObject({ from: 'submitted', to: 'resolved', actorName: '班组长 李', note: '换热站循环泵已更换' });
    expect(d.clocks.find((k: { name: string }) => k.name === 'first_response')).toMatchObject({ breached: true });
    expect(await count(t, sql`SELECT count(*)::int AS n FROM request_breaches WHERE request_id = ${reports[0]!.id} AND clock = 'first_response'`)).toBe(0);
    expect((await outboxFor(t, 'incident_resolved'))).toHaveLength(5);
    const [ended] = (await c.crewLead.get('/api/repairs/incidents')).json().items.filter((i: { id: number }) => i.id === incident!.id);
    expect(ended.status).toBe('resolved');
    expect(new Date(ended.resolvedAt).getTime()).toBeGreaterThan(new Date(ended.startedAt).getTime());
    expect((await c.crewLead.post(`/api/repairs/incidents/${incident!.id}/resolve`, {})).statusCode).toBe(409);
    expect((await c.crewLead.post('/api/repairs/incidents/999999/resolve', {})).statusCode).toBe(404);
    // The residents confirm or reopen as after any fix.
    expect(d.allowedTransitions).toEqual([]);
  });
});
