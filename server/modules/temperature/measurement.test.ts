import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryRows } from '../../kernel/db.ts';
import { createTestApp, type TestApp } from '../../test/test-app.ts';
import { count, makeTemperatureCity, measurement, room, type TemperatureCity } from './temperature.test-kit.ts';

const SELF_CHECK = { airBled: true, valveOpen: true, radiatorUncovered: true, windowsClosed: true };

describe('official measurement', () => {
  let t: TestApp;
  let city: TemperatureCity;
  beforeAll(async () => {
    t = await createTestApp();
    city = await makeTemperatureCity(t);
  });
  afterAll(() => t.close());

  async function refused(body: unknown, status = 422) {
    const before = await count(t, 'official_measurements');
    const res = await city.steward.post('/api/temperature/measurements', body);
    expect(res.statusCode, res.body).toBe(status);
    expect(await count(t, 'official_measurements')).toBe(before);
    return res.json().error;
  }

  it('refuses a household outside the steward\u2019s grid (403) and an unknown one (404)', async () => {
    const res = await city.otherSteward.post('/api/temperature/measurements', measurement(city, 15.2));
    expect(res.statusCode).toBe(403);
    expect((await city.steward.post('/api/temperature/measurements', measurement(city, 15.2, { householdId: 99_999_999 }))).statusCode).toBe(404);
  });

  it('refuses an instrument past its calibration', async () => {
    const error = await refused(measurement(city, 15.2, { instrumentId: city.expiredInstrumentId }));
    expect(error.details).toEqual([expect.objectContaining({ field: 'instrumentId', message: expect.stringContaining('past its calibration (due 2026-08-31)') })]);
  });

  it('refuses missing points, too few readings and an unstable start, field by field', async () => {
    const error = await refused(
      measurement(city, 15.2, {
        rooms: [
          room(15.2, { areaM2: 20 }), // over 16 m²: five points needed
          { room: 'living_room', areaM2: 12, points: [{ stabilityDeltaC: 0.5, stabilityMinutes: 5, readings: [15.2, 15.3] }] },
        ],
        doorsWindowsClosed: false,
      }),
    );
    expect(error.code).toBe('invalid_measurement');
    expect(error.details.map((p: { field: string }) => p.field).sort()).toEqual([
      'doorsWindowsClosed',
      'rooms.0.points',
      'rooms.1.points.0.readings',
      'rooms.1.points.0.stabilityDeltaC',
      'rooms.1.points.0.stabilityMinutes',
    ]);
    expect(error.details.find((p: { field: string }) => p.field === 'rooms.0.points').message).toContain('needs 5 points');
  });

  it('refuses readings outside −30…50 °C and a room kind the rulebook does not know', async () => {
    const res = await city.steward.post('/api/temperature/measurements', measurement(city, 15.2, { rooms: [room(55)] }));
    expect(res.statusCode).toBe(400);
    expect(res.json().error.details[0].field).toMatch(/^rooms\.0\.points\.0\.readings\.\d$/);
    const error = await refused(measurement(city, 15.2, { rooms: [room(15.2, { room: 'kitchen' })] }));
    expect(error.details).toEqual([{ field: 'rooms.0.room', message: 'must be one of bedroom, living_room', rule: 'enum' }]);
  });

  it('accepts five points in a large room and takes the coldest room as the result', async () => {
    const five = Array.from({ length: 5 }, (_, i) => ({ stabilityDeltaC: 0.1, stabilityMinutes: 12, readings: [18 + i * 0.1, 18.1 + i * 0.1, 18.2 + i * 0.1] }));
    const res = await city.steward.post('/api/temperature/measurements', measurement(city, 17.6, { rooms: [room(17.6), { room: 'living_room', areaM2: 24, points: five }] }));
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json()).toMatchObject({ resultC: 17.6, outcome: 'below_standard', tierPercent: 50 });
    expect(res.json().rooms[1]).toMatchObject({ points: 5, meanC: 18.3 });
  });

  it('finds user fault and extreme cold as exemptions, computed not typed', async () => {
    const other = await makeTemperatureCity(t);
    const fault = await other.steward.post('/api/temperature/measurements', measurement(other, 15, { userFaults: ['radiator_covered'] }));
    expect(fault.json()).toMatchObject({ outcome: 'exempt_user_fault', periodId: null });
    const cold = await other.steward.post('/api/temperature/measurements', measurement(other, 15, { outdoorMeanC: -6 }));
    expect(cold.json()).toMatchObject({ outcome: 'exempt_extreme_cold', periodId: null });
  });

  it('opens a period from the request day on 15.2 °C and closes it on a compliant re-measurement', async () => {
    const c = await makeTemperatureCity(t);
    const complaint = (await c.resident.post('/api/temperature/complaints', { selfCheck: SELF_CHECK })).json();
    t.clock.advance(3 * 3_600_000);
    const first = await c.steward.post('/api/temperature/measurements', measurement(c, 15.2, { complaintId: complaint.id }));
    expect(first.statusCode, first.body).toBe(201);
    expect(first.json()).toMatchObject({ resultC: 15.2, outcome: 'below_standard', tierPercent: 50, complaintId: complaint.id });
    const periodId = first.json().periodId;
    expect(periodId).toEqual(expect.any(Number));
    const measured = (await c.resident.get(`/api/temperature/complaints/${complaint.id}`)).json();
    expect(measured.status).toBe('measured');

    t.clock.advance(3 * 86_400_000);
    const steward = await t.loginAs('steward', [{ kind: 'grid', refId: c.gridId }]);
    const again = await steward.post('/api/temperature/measurements', measurement(c, 18.4, { complaintId: complaint.id }));
    expect(again.json()).toMatchObject({ outcome: 'compliant', tierPercent: 0, periodId });
    const [period] = await queryRows<{ s: string; e: string }>(t.deps.db, sql`SELECT starts_on::text AS s, ends_on::text AS e FROM noncompliance_periods WHERE id = ${periodId}`);
    expect(period).toEqual({ s: complaint.requestDay, e: '2026-11-23' });
    const history = (await steward.get(`/api/temperature/households/${c.householdId}/measurements`)).json().items;
    expect(history.map((m: { outcome: string }) => m.outcome)).toEqual(['compliant', 'below_standard']);
  });

  it('refuses a measurement in the future, before the complaint, or a week late', async () => {
    const now = t.clock.now().getTime();
    const steward = await t.loginAs('steward', [{ kind: 'grid', refId: city.gridId }]);
    for (const at of [now + 3_600_000, now - 8 * 86_400_000]) {
      const res = await steward.post('/api/temperature/measurements', measurement(city, 15, { measuredAt: new Date(at).toISOString() }));
      expect(res.statusCode).toBe(422);
      expect(res.json().error.details[0].field).toBe('measuredAt');
    }
  });
});
