import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryRows } from '../../kernel/db.ts';
import { createTestApp, type TestApp } from '../../test/test-app.ts';
import { alertOverdueComplaints } from './complaints.jobs.ts';
import { count, makeTemperatureCity, type TemperatureCity } from './temperature.test-kit.ts';

const SELF_CHECK = { airBled: true, valveOpen: true, radiatorUncovered: true, windowsClosed: true };

describe('self-reported readings and temperature complaints', () => {
  let t: TestApp;
  let city: TemperatureCity;
  beforeAll(async () => {
    t = await createTestApp();
    city = await makeTemperatureCity(t);
  });
  afterAll(() => t.close());

  it('shows the guide with the rulebook method, without signing in', async () => {
    const res = await t.anon.get('/api/temperature/guide?city=xian');
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ city: 'xian', standardC: 18, heightM: 1.4, pointsLargeRoom: 5, readingsPerPoint: 3, selfChecks: ['airBled', 'valveOpen', 'radiatorUncovered', 'windowsClosed'] });
  });

  it('records a reading below the standard and says so', async () => {
    const res = await city.resident.post('/api/temperature/readings', { room: 'bedroom', celsius: 16 });
    expect(res.statusCode).toBe(201);
    expect(res.json()).toMatchObject({ householdId: city.householdId, celsius: 16, standardC: 18, belowStandard: true });
    t.clock.advance(60_000);
    const ok = await city.resident.post('/api/temperature/readings', { room: 'living_room', celsius: 19.5 });
    expect(ok.json()).toMatchObject({ belowStandard: false });
    const mine = await city.resident.get('/api/temperature/readings/mine');
    expect(mine.json().items.map((r: { celsius: number }) => r.celsius)).toEqual([19.5, 16]);
  });

  it.each([
    [51, 'celsius'],
    [-30.5, 'celsius'],
  ])('refuses a reading of %s °C field by field', async (celsius, field) => {
    const before = await count(t, 'temperature_readings');
    const res = await city.resident.post('/api/temperature/readings', { room: 'bedroom', celsius });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.details).toEqual(expect.arrayContaining([expect.objectContaining({ field })]));
    expect(await count(t, 'temperature_readings')).toBe(before);
  });

  it('refuses a reading in the future or more than a week old', async () => {
    const future = new Date(t.clock.now().getTime() + 3_600_000).toISOString();
    const res = await city.resident.post('/api/temperature/readings', { room: 'bedroom', celsius: 16, measuredAt: future });
    expect(res.statusCode).toBe(422);
    expect(res.json().error).toMatchObject({ code: 'measured_in_future', details: [{ field: 'measuredAt', message: 'cannot be in the future', rule: 'in_future' }] });
    const old = new Date(t.clock.now().getTime() - 8 * 86_400_000).toISOString();
    const tooOld = await city.resident.post('/api/temperature/readings', { room: 'bedroom', celsius: 16, measuredAt: old });
    expect(tooOld.statusCode).toBe(422);
    expect(tooOld.json().error).toMatchObject({ code: 'measured_too_long_ago', params: { days: 7 }, details: [{ rule: 'too_old', params: { days: 7 } }] });
  });

  it('lets only residents report, for their own household', async () => {
    expect((await city.steward.post('/api/temperature/readings', { room: 'bedroom', celsius: 16 })).statusCode).toBe(403);
    const other = await city.resident.post('/api/temperature/readings', { householdId: city.otherHouseholdId, room: 'bedroom', celsius: 16 });
    expect(other.statusCode).toBe(403);
  });

  it('opens a complaint routed to the steward with the measurement clock, once', async () => {
    const reading = (await city.resident.post('/api/temperature/readings', { room: 'bedroom', celsius: 15.5 })).json();
    const res = await city.resident.post('/api/temperature/complaints', { readingId: reading.id, selfCheck: SELF_CHECK, note: '卧室冷' });
    expect(res.statusCode).toBe(201);
    const complaint = res.json();
    expect(complaint).toMatchObject({ householdId: city.householdId, status: 'open', readingC: 15.5, requestDay: '2026-11-20', overdue: false });
    // Zhengzhou: the official measurement is due within 12 hours of the request.
    expect(new Date(complaint.measureDueAt).getTime() - new Date(complaint.openedAt).getTime()).toBe(12 * 3_600_000);
    const [notice] = await queryRows<{ recipient: string }>(t.deps.db, sql`SELECT recipient FROM outbox WHERE template = 'temperature_complaint_new' ORDER BY id DESC LIMIT 1`);
    expect(notice!.recipient).toBe(String(city.steward.actorId));
    const again = await city.resident.post('/api/temperature/complaints', { selfCheck: SELF_CHECK });
    expect(again.json().id).toBe(complaint.id);

    const queue = (await city.steward.get('/api/temperature/complaints')).json().items;
    expect(queue.map((c: { id: number }) => c.id)).toContain(complaint.id);
    const otherQueue = (await city.otherSteward.get('/api/temperature/complaints')).json().items;
    expect(otherQueue.map((c: { id: number }) => c.id)).not.toContain(complaint.id);
    expect((await city.otherSteward.get(`/api/temperature/complaints/${complaint.id}`)).statusCode).toBe(403);
    expect((await city.otherResident.get(`/api/temperature/complaints/${complaint.id}`)).statusCode).toBe(403);

    t.clock.advance(13 * 3_600_000);
    // Sessions last 12 hours: the steward signs in again the next morning.
    const steward = await t.loginAs('steward', [{ kind: 'grid', refId: city.gridId }]);
    const late = (await steward.get(`/api/temperature/complaints/${complaint.id}`)).json();
    expect(late.overdue).toBe(true);

    // The sweep tells the steward and the crew lead once, with an audit row; a second sweep is silent.
    expect(await alertOverdueComplaints({ ...t.deps })).toEqual({ alerted: 1 });
    expect(await alertOverdueComplaints({ ...t.deps })).toEqual({ alerted: 0 });
    const alerts = await queryRows<{ recipient: string }>(t.deps.db, sql`SELECT recipient FROM outbox WHERE template = 'temperature_complaint_overdue' ORDER BY recipient`);
    expect(alerts.map((a) => a.recipient).sort()).toEqual([String(city.steward.actorId), String(city.crewLead.actorId)].sort());
    const [audit] = await queryRows<{ n: number }>(t.deps.db, sql`SELECT count(*)::int AS n FROM audit_log WHERE action = 'temperature.complaint.overdue' AND entity_id = ${String(complaint.id)}`);
    expect(audit!.n).toBe(1);
  });

  it('refuses a complaint that points at another household\u2019s reading', async () => {
    const other = await t.loginAs('resident', [{ kind: 'household', refId: city.otherHouseholdId }]);
    const theirs = (await other.post('/api/temperature/readings', { room: 'bedroom', celsius: 15 })).json();
    const res = await other.post('/api/temperature/complaints', { readingId: theirs.id + 100000, selfCheck: SELF_CHECK });
    expect(res.statusCode, res.body).toBe(422);
    expect(res.json().error.details).toEqual([{ field: 'readingId', message: 'not a reading of this household', rule: 'not_this_households' }]);
  });
});
