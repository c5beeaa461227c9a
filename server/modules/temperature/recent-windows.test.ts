/**
 * The "recent" windows of the compliance picture (readings) and of patrol boosts (complaint
 * clusters) are the rulebook's: temperature.compliance.recentDays and patrols.clusterDays.
 */
import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryRows } from '../../kernel/db.ts';
import { createTestApp, type Client, type TestApp } from '../../test/test-app.ts';
import { grids } from '../registry/index.ts';
import { incidents } from '../repairs/index.ts';
import type { Rules } from '../rulebook/index.ts';
import { zhengzhou } from '../rulebook/rules/index.ts';
import { makeTemperatureCity, type TemperatureCity } from './temperature.test-kit.ts';
import { temperatureReadings } from './temperature.schema.ts';

let t: TestApp;
let city: TemperatureCity;
let admin: Client;
beforeAll(async () => {
  t = await createTestApp(); // 2026-11-20 10:00 Asia/Shanghai
  city = await makeTemperatureCity(t);
  admin = await t.loginAs('admin');
  const crewId = (await t.deps.db.select().from(grids).where(eq(grids.id, city.gridId)))[0]!.crewId;
  expect((await city.crewLead.post('/api/patrols/plans', { targetKind: 'station', stationId: city.stationId, crewId })).statusCode).toBe(201);
  // A reading and a station incident of two days ago (resolved then).
  const twoDaysAgo = new Date(t.clock.now().getTime() - 2 * 86_400_000);
  await t.deps.db.insert(temperatureReadings).values({ householdId: city.householdId, room: 'bedroom', celsius: 16.5, measuredAt: twoDaysAgo, reportedBy: city.resident.actorId, createdAt: twoDaysAgo });
  await t.deps.db.insert(incidents).values({ scope: 'station', stationId: city.stationId, gridId: city.gridId, city: 'zhengzhou', status: 'resolved', startedAt: twoDaysAgo, openedAt: twoDaysAgo, resolvedAt: new Date(twoDaysAgo.getTime() + 3_600_000) });
});
afterAll(() => t.close());

const compound = async () => (await admin.get(`/api/temperature/compliance?level=compound`)).json<{ recentDays: number; rows: { unitId: number; recentReadings: number }[] }>();
const stationPlan = async () => ((await city.crewLead.get('/api/patrols/plans')).json().items as { targetId: number; boosts: string[] }[]).find((p) => p.targetId === city.stationId)!;

function withWindows(recentDays: unknown, clusterDays: unknown): Rules {
  const rules = structuredClone(zhengzhou) as unknown as Record<string, Record<string, unknown>>;
  rules.temperature!.compliance = { ...(rules.temperature!.compliance as object), recentDays };
  rules.patrols!.clusterDays = clusterDays;
  return rules as unknown as Rules;
}

describe('the recent windows come from the rulebook', () => {
  it('with the shipped 3 days, a reading and an incident of two days ago count', async () => {
    const picture = await compound();
    expect(picture.recentDays).toBe(3);
    expect(picture.rows.find((r) => r.recentReadings > 0)).toBeDefined();
    expect((await stationPlan()).boosts).toContain('complaintCluster');
  });

  it('refuses a version whose windows are not whole days from 1 to 31, field by field, and stores nothing', async () => {
    const before = await queryRows<{ n: number }>(t.deps.db, sql`SELECT count(*)::int AS n FROM rulebook_versions`);
    const res = await admin.post('/api/rulebook/zhengzhou/versions', { effectiveFrom: '2026-11-20', rules: withWindows(0, 1.5), note: 'bad windows' });
    expect(res.statusCode).toBe(400);
    const fields = (res.json().error.details as { field: string }[]).map((d) => d.field);
    expect(fields).toEqual(expect.arrayContaining(['rules.temperature.compliance.recentDays', 'rules.patrols.clusterDays']));
    const missing = withWindows(3, 3) as unknown as { patrols: Record<string, unknown> };
    delete missing.patrols.clusterDays;
    expect((await admin.post('/api/rulebook/zhengzhou/versions', { effectiveFrom: '2026-11-20', rules: missing, note: 'no window' })).statusCode).toBe(400);
    expect(await queryRows<{ n: number }>(t.deps.db, sql`SELECT count(*)::int AS n FROM rulebook_versions`)).toEqual(before);
  });

  it('with a version of 1 day from today, the same reading and incident are no longer recent', async () => {
    const res = await admin.post('/api/rulebook/zhengzhou/versions', { effectiveFrom: '2026-11-20', rules: withWindows(1, 1), note: 'one-day windows' });
    expect(res.statusCode, res.body).toBe(201);
    const picture = await compound();
    expect(picture.recentDays).toBe(1);
    expect(picture.rows.every((r) => r.recentReadings === 0)).toBe(true);
    expect((await stationPlan()).boosts).not.toContain('complaintCluster');
  });
});
