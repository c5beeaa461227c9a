import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type Client, type TestApp } from '../../test/test-app.ts';
import { autoConfirmSilent } from './auto-confirm.ts';
import { sweepOverdue } from './escalation.ts';
import { makeRepairsCity, walk, type RepairsCity } from './repairs.test-kit.ts';
import type { SlaFigures } from './sla-report.contract.ts';

// 20:00 in Shanghai on 20 Nov: the second business day (21 Nov) starts four hours in, well
// inside the 12-hour sessions of the test clients.
let t: TestApp;
let c: RepairsCity;
let clerk: Client;
const MIN = 60_000;
const HOUR = 60 * MIN;
const ids: Record<string, number> = {};

const sweep = () => sweepOverdue(t.deps.db, t.clock, t.deps.notifier);
const report = async (who: Client, query = 'from=2026-11-20&to=2026-11-21') => {
  const res = await who.get(`/api/repairs/sla-report?${query}`);
  expect(res.statusCode).toBe(200);
  return res.json();
};
type Three = [met: number, breached: number, running: number];
const clocks = (fr: Three, os: Three, rs: Three) => ({
  first_response: { met: fr[0], breached: fr[1], running: fr[2] },
  on_site: { met: os[0], breached: os[1], running: os[2] },
  resolve: { met: rs[0], breached: rs[1], running: rs[2] },
});

beforeAll(async () => {
  t = await createTestApp({ now: '2026-11-20T12:00:00.000Z' });
  c = await makeRepairsCity(t);
  clerk = await t.loginAs('clerk', [{ kind: 'branch', refId: c.branchId }]);
  const start = t.clock.now().getTime();
  const at = (ms: number) => t.clock.advance(start + ms - t.clock.now().getTime());
  const open = async (who: Client, category: string) => (await who.post('/api/repairs', { category })).json().id as number;
  // Standard Zhengzhou targets (minutes): no_heat 60/240/720, other 120/1440/4320, leak 30/120/480.
  ids.A = await open(c.resident, 'no_heat');
  ids.B = await open(c.resident, 'no_heat');
  ids.C = await open(c.otherResident, 'other');
  at(30 * MIN);
  await walk(c.steward, ids.A, 'accepted');
  at(90 * MIN);
  await walk(c.steward, ids.B, 'accepted'); // 30 min late: first-response breach, round 0
  at(3 * HOUR);
  await walk(c.steward, ids.A, 'on_site');
  await walk(c.steward, ids.B, 'on_site');
  await sweep(); // C: first response due at 2 h → breached
  at(3.5 * HOUR);
  await walk(c.steward, ids.A, 'resolved');
  await walk(c.steward, ids.B, 'resolved');
  await walk(c.resident, ids.A, 'confirmed'); // fixed
  await walk(c.resident, ids.B, 'reopened'); // round 1: due at +1 h, +4 h, +12 h from now
  at(4 * HOUR); // 21 Nov, 00:00 in Shanghai
  ids.D = await open(c.resident, 'leak');
  await walk(c.resident, ids.D, 'cancelled');
  ids.E = await open(c.resident, 'no_heat');
  at(4 * HOUR + 10 * MIN);
  await walk(c.steward, ids.E, 'accepted');
  at(4 * HOUR + 20 * MIN);
  await walk(c.steward, ids.E, 'on_site');
  at(4 * HOUR + 30 * MIN);
  await walk(c.steward, ids.E, 'resolved');
  at(8 * HOUR);
  await sweep(); // B round 1: first response (due 4.5 h) and on site (due 7.5 h) breached
});
afterAll(() => t.close());

describe('the branch SLA report (hand-checked)', () => {
  it('counts each clock as met, breached (from the breach rows) or running, per day', async () => {
    const r = await report(clerk);
    expect(r).toMatchObject({ from: '2026-11-20', to: '2026-11-21', bucket: 'day', timeZone: 'Asia/Shanghai' });
    // A met all; B breached first response (round 0) and on site (round 1), resolve runs; C breached
    // first response, the rest runs; D was cancelled before any clock was met; E met all.
    expect(r.total).toEqual<SlaFigures>({
      requests: 5,
      clocks: clocks([2, 2, 0], [2, 1, 1], [2, 0, 2]),
      closed: 2, // A confirmed, D cancelled
      fixed: 1, // A
      autoConfirmed: 0,
      resolvedOnce: 3, // A, B, E
      reopened: 1, // B
      reopenRate: 0.3333,
    });
    expect(r.overTime.map((b: { bucket: string; requests: number }) => [b.bucket, b.requests])).toEqual([['2026-11-20', 3], ['2026-11-21', 2]]);
    expect(r.overTime[0]).toMatchObject({ clocks: clocks([1, 2, 0], [1, 1, 1], [1, 0, 2]), closed: 1, fixed: 1, resolvedOnce: 2, reopened: 1, reopenRate: 0.5 });
    expect(r.overTime[1]).toMatchObject({ clocks: clocks([1, 0, 0], [1, 0, 0], [1, 0, 0]), closed: 1, fixed: 0, resolvedOnce: 1, reopened: 0, reopenRate: 0 });
  });

  it('splits by grid and by category', async () => {
    const r = await report(clerk);
    const grid = r.byGrid.find((g: { gridId: number }) => g.gridId === c.gridId);
    const other = r.byGrid.find((g: { gridId: number }) => g.gridId === c.otherGridId);
    expect(grid).toMatchObject({ requests: 4, clocks: clocks([2, 1, 0], [2, 1, 0], [2, 0, 1]), closed: 2, fixed: 1 });
    expect(other).toMatchObject({ requests: 1, clocks: clocks([0, 1, 0], [0, 0, 1], [0, 0, 1]), closed: 0, resolvedOnce: 0, reopenRate: null });
    const byCat = Object.fromEntries(r.byCategory.map((x: SlaFigures & { category: string }) => [x.category, x]));
    expect(Object.keys(byCat).sort()).toEqual(['leak', 'no_heat', 'other']);
    expect(byCat.no_heat).toMatchObject({ requests: 3, clocks: clocks([2, 1, 0], [2, 1, 0], [2, 0, 1]) });
    expect(byCat.leak).toMatchObject({ requests: 1, clocks: clocks([0, 0, 0], [0, 0, 0], [0, 0, 0]), closed: 1, fixed: 0 });
  });

  it('weeks are named by their Monday; a grid filter narrows everything', async () => {
    const weekly = await report(clerk, 'from=2026-11-20&to=2026-11-21&bucket=week');
    expect(weekly.overTime.map((b: { bucket: string; requests: number }) => [b.bucket, b.requests])).toEqual([['2026-11-16', 5]]);
    const one = await report(clerk, `from=2026-11-20&to=2026-11-21&gridId=${c.otherGridId}`);
    expect(one.total.requests).toBe(1);
    expect(one.byGrid.map((g: { gridId: number }) => g.gridId)).toEqual([c.otherGridId]);
  });

  it('is scoped: the crew lead sees their crew, another branch nothing; field staff and residents are refused', async () => {
    expect((await report(c.crewLead)).total.requests).toBe(4); // C is on another crew's grid
    const elsewhere = await t.loginAs('clerk', [{ kind: 'branch', refId: c.branchId + 999 }]);
    expect((await report(elsewhere)).total.requests).toBe(0);
    expect((await c.steward.get('/api/repairs/sla-report?from=2026-11-20&to=2026-11-21')).statusCode).toBe(403);
    expect((await c.resident.get('/api/repairs/sla-report?from=2026-11-20&to=2026-11-21')).statusCode).toBe(403);
  });

  it('refuses ranges that end before they start, are too long, or are not dates', async () => {
    const backwards = await clerk.get('/api/repairs/sla-report?from=2026-11-21&to=2026-11-20');
    expect(backwards.statusCode).toBe(422);
    expect(backwards.json().error.details).toEqual([{ field: 'to', message: 'must not be before from', rule: 'before_start', params: { start: '2026-11-21' } }]);
    expect((await clerk.get('/api/repairs/sla-report?from=2026-01-01&to=2026-12-31')).statusCode).toBe(422);
    const notDate = await clerk.get('/api/repairs/sla-report?from=2026-02-30&to=2026-03-01');
    expect([400, 422]).toContain(notDate.statusCode);
    expect(JSON.stringify(notDate.json().error)).toContain('from');
    expect((await clerk.get('/api/repairs/sla-report?from=2026-11-20')).statusCode).toBe(400);
  });

  it('later progress never erases a breach; silence closes without counting as fixed', async () => {
    t.clock.advance(4 * 24 * HOUR);
    await sweep(); // B resolve, C on site and resolve now breached too
    expect(await autoConfirmSilent(t.deps.db, t.clock)).toBe(1); // E, three days after it was resolved
    const fresh = await t.loginAs('clerk', [{ kind: 'branch', refId: c.branchId }]);
    const r = await report(fresh);
    expect(r.total).toEqual<SlaFigures>({
      requests: 5,
      clocks: clocks([2, 2, 0], [2, 2, 0], [2, 2, 0]),
      closed: 3, // A confirmed, D cancelled, E confirmed by silence
      fixed: 1, // only A: E was closed, not confirmed fixed
      autoConfirmed: 1,
      resolvedOnce: 3,
      reopened: 1,
      reopenRate: 0.3333,
    });
  });
});
