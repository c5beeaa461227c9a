/** The demo city's temperature pages are not empty: what the seed leaves for each person who opens them. */
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryRows } from '../../kernel/db.ts';
import { DEMO_PASSWORD, demoAccounts } from '../../seed/demo-accounts.ts';
import { seedDemo } from '../../seed/demo.ts';
import { createTestApp, latestCode, type TestApp } from '../../test/test-app.ts';

let t: TestApp;
const session: Record<string, Record<string, string>> = {};
beforeAll(async () => {
  t = await createTestApp(); // 2026-11-20: 金色港湾小区 is between its two property companies (direct service)
  const started = Date.now();
  await seedDemo(t.deps, { households: 300 });
  expect(Date.now() - started).toBeLessThan(60_000);
  for (const username of ['steward', 'admin']) {
    const res = await t.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username, password: DEMO_PASSWORD } });
    session[username] = Object.fromEntries(res.cookies.map((c) => [c.name, c.value]));
  }
  const phone = demoAccounts().find((a) => a.role === 'resident')!.phone!;
  await t.app.inject({ method: 'POST', url: '/api/auth/code', payload: { phone } });
  const res = await t.app.inject({ method: 'POST', url: '/api/auth/code/verify', payload: { phone, code: await latestCode(t.deps, phone) } });
  session.resident = Object.fromEntries(res.cookies.map((c) => [c.name, c.value]));
}, 180_000);
afterAll(() => t.close());

const get = (as: string, url: string) => t.app.inject({ method: 'GET', url, cookies: session[as]! });

describe('the demo temperature guarantee', () => {
  it("gives the steward a queue: the demo resident's complaint of three days ago overdue, two of today, one measured", async () => {
    const items = (await get('steward', '/api/temperature/complaints')).json().items as { householdId: number; status: string; overdue: boolean; readingC: number | null; openedAt: string }[];
    expect(items.map((c) => c.status).sort()).toEqual(['measured', 'open', 'open', 'open']);
    const overdue = items.filter((c) => c.overdue);
    expect(overdue).toHaveLength(1);
    expect(overdue[0]).toMatchObject({ readingC: 16 });
    expect(t.clock.now().getTime() - new Date(overdue[0]!.openedAt).getTime()).toBe(75 * 3_600_000);
    const measured = items.find((c) => c.status === 'measured')!;
    const findings = (await get('steward', `/api/temperature/households/${measured.householdId}/measurements`)).json().items;
    expect(findings).toEqual([expect.objectContaining({ outcome: 'compliant', resultC: 18.4, instrumentSerial: 'TI-DEMO-001' })]);
  });

  it('registers three thermometers, one past its calibration', async () => {
    const items = (await get('admin', '/api/temperature/instruments')).json().items as { serialNo: string; calibrationDueOn: string }[];
    expect(items.map((i) => i.serialNo).sort()).toEqual(['TI-DEMO-001', 'TI-DEMO-002', 'TI-DEMO-003']);
    expect(items.filter((i) => i.calibrationDueOn < '2026-11-20').map((i) => i.serialNo)).toEqual(['TI-DEMO-003']);
  });

  it('plans patrols with a recent round each; the vacuum compound’s station is boosted and none is overdue', async () => {
    const items = (await get('steward', '/api/patrols/plans')).json().items as { targetKind: string; targetName: string; boosts: string[]; overdue: boolean; lastRoundAt: string | null }[];
    expect(items.filter((p) => p.targetKind === 'station').length).toBeGreaterThanOrEqual(1);
    expect(items.filter((p) => p.targetKind === 'pipe')).toHaveLength(1);
    expect(items.every((p) => p.lastRoundAt !== null && !p.overdue)).toBe(true);
    expect(items.find((p) => p.targetName.startsWith('金色港湾'))?.boosts).toContain('vacuum');
  });

  it('shows readings on the compliance picture and the season chart', async () => {
    const picture = (await get('admin', '/api/temperature/compliance?level=building')).json<{ totals: { openComplaints: number } }>();
    expect(picture.totals.openComplaints).toBe(3);
    const chart = (await get('admin', '/api/temperature/season-chart')).json<{ days: { day: string; readings: number }[] }>();
    expect(chart.days.filter((d) => d.readings > 0).length).toBeGreaterThanOrEqual(5);
  });

  it("has each reading and complaint entered by its own household's resident; the demo resident's readings are hers alone", async () => {
    // An entry counts as the household's own when its author is a resident whose scope is that household.
    const own = (author: string, table: string) => sql`
      SELECT count(*)::int AS "all", count(*) FILTER (WHERE EXISTS (
               SELECT 1 FROM users u JOIN user_scopes s ON s.user_id = u.id
               WHERE u.id = x.${sql.raw(author)} AND u.role = 'resident' AND s.kind = 'household' AND s.ref_id = x.household_id))::int AS own
      FROM ${sql.raw(table)} x`;
    const [readings] = await queryRows<{ all: number; own: number }>(t.deps.db, own('reported_by', 'temperature_readings'));
    const [complaints] = await queryRows<{ all: number; own: number }>(t.deps.db, own('opened_by', 'temperature_complaints'));
    expect(readings!.all).toBeGreaterThan(20);
    expect(readings).toEqual({ all: readings!.all, own: readings!.all });
    expect(complaints).toEqual({ all: 4, own: 4 });

    const me = (await get('resident', '/api/auth/me')).json<{ scopes: { kind: string; refId: number }[] }>();
    const mine = (await get('resident', '/api/temperature/readings/mine')).json<{ items: { householdId: number; celsius: number }[] }>().items;
    expect(mine).toEqual([expect.objectContaining({ householdId: me.scopes[0]!.refId, celsius: 16 })]);
  });
});
