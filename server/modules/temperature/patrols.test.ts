import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryRows } from '../../kernel/db.ts';
import { createTestApp, type TestApp } from '../../test/test-app.ts';
import { makeTenure } from '../../test/factories.ts';
import { grids } from '../registry/index.ts';
import { incidents } from '../repairs/index.ts';
import { alertOverduePatrols } from './patrols.jobs.ts';
import { makeTemperatureCity, type TemperatureCity } from './temperature.test-kit.ts';

const ALL_FINE = { noLeaks: true, noAbnormalNoise: true, pumpsRunning: true, valvesInPosition: true };
const IN_BAND = { primarySupplyC: 95, primaryReturnC: 50, secondarySupplyC: 50, secondaryReturnC: 40, primaryPressureMpa: 1, secondaryPressureMpa: 0.4 };

describe('network patrols', () => {
  let t: TestApp;
  let city: TemperatureCity;
  let crewId: number;
  beforeAll(async () => {
    t = await createTestApp();
    city = await makeTemperatureCity(t);
    crewId = (await t.deps.db.select().from(grids).where(eq(grids.id, city.gridId)))[0]!.crewId;
    const res = await city.crewLead.post('/api/patrols/plans', { targetKind: 'station', stationId: city.stationId, crewId });
    expect(res.statusCode, res.body).toBe(201);
  });
  afterAll(() => t.close());

  it('refuses a plan twice, and a round for an unknown station or one without a plan', async () => {
    expect((await city.crewLead.post('/api/patrols/plans', { targetKind: 'station', stationId: city.stationId, crewId })).statusCode).toBe(409);
    expect((await city.steward.post('/api/patrols/plans', { targetKind: 'station', stationId: city.stationId, crewId })).statusCode).toBe(403);
    const unknown = await city.steward.post('/api/patrols/rounds', { stationId: 99_999_999, checklist: ALL_FINE, readings: IN_BAND });
    expect(unknown.statusCode).toBe(404);
    expect(unknown.json().error.message).toBe('station 99999999 not found');
    const both = await city.steward.post('/api/patrols/rounds', { checklist: ALL_FINE, readings: IN_BAND });
    expect(both.statusCode).toBe(422);
    expect((await city.steward.post('/api/patrols/rounds', { stationId: city.stationId, checklist: ALL_FINE, readings: { secondarySupplyC: 400 } })).statusCode).toBe(400);
  });

  it('records a round in band without a work order', async () => {
    const res = await city.steward.post('/api/patrols/rounds', { stationId: city.stationId, checklist: ALL_FINE, readings: IN_BAND });
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json()).toMatchObject({ findings: [], workOrderId: null });
  });

  it('opens a work order routed to the steward for a reading out of band and a failed check', async () => {
    const res = await city.steward.post('/api/patrols/rounds', { stationId: city.stationId, checklist: { ...ALL_FINE, noLeaks: false }, readings: { ...IN_BAND, secondarySupplyC: 32 } });
    const round = res.json();
    expect(round.findings).toEqual([
      { key: 'secondarySupplyC', kind: 'out_of_band', value: 32, band: [40, 65] },
      { key: 'noLeaks', kind: 'failed_check', value: null, band: null },
    ]);
    expect(round.workOrderId).toEqual(expect.any(Number));
    const orders = (await city.steward.get('/api/patrols/work-orders')).json().items;
    expect(orders[0]).toMatchObject({ id: round.workOrderId, category: 'leak', status: 'open' });
    const [notice] = await queryRows<{ recipient: string }>(t.deps.db, sql`SELECT recipient FROM outbox WHERE template = 'patrol_work_order' ORDER BY id DESC LIMIT 1`);
    expect(notice!.recipient).toBe(String(city.steward.actorId));
    expect((await city.otherSteward.post(`/api/patrols/work-orders/${round.workOrderId}/resolve`)).statusCode).toBe(403);
    expect((await city.steward.post(`/api/patrols/work-orders/${round.workOrderId}/resolve`)).json().status).toBe('resolved');
    expect((await city.steward.post(`/api/patrols/work-orders/${round.workOrderId}/resolve`)).statusCode).toBe(409);
  });

  it('boosts a station feeding a vacuum compound, not one under an agent company', async () => {
    const plans = (await city.crewLead.get('/api/patrols/plans')).json().items;
    // No property company at all: the compound is in direct service, a vacuum.
    expect(plans[0]).toMatchObject({ targetId: city.stationId, boosts: ['vacuum'], intervalMinutes: 12 * 60 });
    await makeTenure(t.deps.db, { compoundId: city.compoundId, startsOn: '2026-01-01', collectsAsAgent: true });
    const calm = (await city.crewLead.get('/api/patrols/plans')).json().items[0];
    expect(calm).toMatchObject({ boosts: [], intervalMinutes: 24 * 60 });
    expect((await city.crewLead.get('/api/patrols/plans?boostedOnly=true')).json().items).toEqual([]);
    expect((await city.crewLead.get('/api/patrols/plans?coldSnap=true')).json().items[0]).toMatchObject({ boosts: ['coldSnap'], intervalMinutes: 12 * 60 });
  });

  it('boosts a station with an incident in the last days by the complaint-cluster factor', async () => {
    await t.deps.db.insert(incidents).values({ scope: 'station', stationId: city.stationId, gridId: city.gridId, city: 'zhengzhou', status: 'open', startedAt: t.clock.now(), openedAt: t.clock.now() });
    const plan = (await city.crewLead.get('/api/patrols/plans')).json().items[0];
    expect(plan).toMatchObject({ boosts: ['complaintCluster'], intervalMinutes: 8 * 60 });
  });

  it('alerts the crew lead once when a round is overdue', async () => {
    t.clock.advance(9 * 3_600_000);
    expect(await alertOverduePatrols({ ...t.deps })).toEqual({ alerted: 1 });
    expect(await alertOverduePatrols({ ...t.deps })).toEqual({ alerted: 0 });
    const [notice] = await queryRows<{ recipient: string; body: string }>(t.deps.db, sql`SELECT recipient, body FROM outbox WHERE template = 'patrol_overdue' ORDER BY id DESC LIMIT 1`);
    expect(notice!.recipient).toBe(String(city.crewLead.actorId));
    expect(notice!.body).toContain('complaintCluster');
  });
});
