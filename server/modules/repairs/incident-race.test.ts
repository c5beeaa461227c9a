/**
 * A report joining its station's incident while the crew lead resolves it. The report read the
 * incident as open; by the time it writes, the resolve has committed: it must not be linked to a
 * resolved incident (nobody would ever resolve it, and its household would be told "being
 * fixed"). Needs two sessions really waiting on each other, so it runs on PostgreSQL only.
 */
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { eq, sql } from 'drizzle-orm';
import pg from 'pg';
import { queryRows } from '../../kernel/db.ts';
import { createTestApp, type Client, type TestApp } from '../../test/test-app.ts';
import { makeBuilding, makeHousehold } from '../../test/factories.ts';
import { buildings, stations } from '../registry/index.ts';
import { count, makeRepairsCity, outboxFor, type RepairsCity } from './repairs.test-kit.ts';

let t: TestApp;
let c: RepairsCity;
let dispatcher: Client;
beforeAll(async () => {
  t = await createTestApp();
  c = await makeRepairsCity(t);
  dispatcher = await t.loginAs('dispatcher');
});
afterAll(() => t.close());

/** Sessions of this test's database waiting for a lock. */
const waiting = async () => count(t, sql`SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'`);
async function until(condition: () => Promise<boolean>): Promise<void> {
  for (let i = 0; i < 200 && !(await condition()); i++) await new Promise((r) => setTimeout(r, 25));
}

describe.skipIf(inject('testDb') === 'pglite')('a report and the resolve of its incident at the same moment', () => {
  it('the report does not join the incident being resolved: it stays a report of its own', async () => {
    const [place] = await queryRows<{ compoundId: number }>(t.deps.db, sql`SELECT b.compound_id AS "compoundId" FROM households h JOIN buildings b ON b.id = h.building_id WHERE h.id = ${c.householdId}`);
    const [station] = await t.deps.db.insert(stations).values({ branchId: c.branchId, code: `RACE-${Date.now()}`, name: '换热站 race' }).returning();
    // Three buildings of two households, reported across them: the station's fifth report opens
    // its incident before any building reaches its own threshold of three.
    const households: number[] = [];
    for (let b = 0; b < 3; b++) {
      const building = await makeBuilding(t.deps.db, { compoundId: place!.compoundId, gridId: c.gridId });
      await t.deps.db.update(buildings).set({ stationId: station!.id }).where(eq(buildings.id, building.id));
      for (let i = 0; i < 2; i++) households[i * 3 + b] = (await makeHousehold(t.deps.db, { buildingId: building.id })).id;
    }
    const report = async (householdId: number) => (await dispatcher.post('/api/repairs', { category: 'no_heat', householdId })).json<{ id: number; incidentId: number | null }>();
    for (const h of households.slice(0, 5)) await report(h);
    const [incident] = await queryRows<{ id: number }>(t.deps.db, sql`SELECT id FROM incidents WHERE station_id = ${station!.id} AND status = 'open'`);
    const incidentId = incident!.id;

    // Hold the incident's row so that the resolve, then the report, queue behind it in that order.
    const holder = new pg.Client(t.database.pool!.options);
    await holder.connect();
    try {
      await holder.query('BEGIN');
      await holder.query('SELECT id FROM incidents WHERE id = $1 FOR UPDATE', [incidentId]);
      const resolving = c.crewLead.post(`/api/repairs/incidents/${incidentId}/resolve`, { note: '已修复' });
      await until(async () => (await waiting()) >= 1);
      const late = dispatcher.post('/api/repairs', { category: 'no_heat', householdId: households[5] });
      await until(async () => (await waiting()) >= 2);
      expect(await waiting()).toBe(2); // both really wait: the report read the incident as open
      await holder.query('COMMIT');
      expect((await resolving).statusCode).toBe(204);
      const res = await late;
      expect(res.statusCode).toBe(201);
      const answered = res.json<{ id: number; incidentId: number | null; status: string }>();
      expect(answered).toMatchObject({ incidentId: null, status: 'submitted' });
      expect(answered).toEqual((await dispatcher.get(`/api/repairs/${answered.id}`)).json());
      expect(await count(t, sql`SELECT count(*)::int AS n FROM repair_requests WHERE id = ${answered.id} AND incident_id IS NULL`)).toBe(1);
      expect(await count(t, sql`SELECT count(*)::int AS n FROM request_events WHERE request_id = ${answered.id} AND kind = 'linked'`)).toBe(0);
      expect((await outboxFor(t, 'repair_known_incident')).filter((m) => m.body.includes(`#${incidentId}`))).toHaveLength(0);
      // Every request the incident holds was resolved with it.
      expect(await count(t, sql`SELECT count(*)::int AS n FROM repair_requests WHERE incident_id = ${incidentId} AND status <> 'resolved'`)).toBe(0);
    } finally {
      await holder.query('ROLLBACK').catch(() => {});
      await holder.end();
    }
  });
});
