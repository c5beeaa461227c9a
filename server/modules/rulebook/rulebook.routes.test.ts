/** /api/rulebook: reading is public, changing is for admins, every bad input names its problem. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type Client, type TestApp } from '../../test/test-app.ts';
import type { Rules } from './rulebook.contract.ts';
import { xian, zhengzhou } from './rules/index.ts';

let t: TestApp;
let admin: Client;
beforeAll(async () => {
  t = await createTestApp(); // now: 2026-11-20 10:00 in Zhengzhou
  admin = await t.loginAs('admin', [{ kind: 'branch', refId: 1 }]);
});
afterAll(() => t.close());

/** A deep copy of a shipped rulebook with one change, as an admin's JSON editor would post it. */
function edited(base: Rules, change: (r: Rules) => void): Rules {
  const copy = structuredClone(base);
  change(copy);
  return copy;
}

const fields = (res: { json(): { error: { details: { field: string }[] } } }) => res.json().error.details.map((d) => d.field);

describe('reading the rulebook', () => {
  it('lists the shipped cities with their names, to anyone', async () => {
    const res = await t.anon.get('/api/rulebook/cities');
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual(
      expect.arrayContaining([
        { code: 'zhengzhou', name: { zh: '郑州', en: 'Zhengzhou' }, timeZone: 'Asia/Shanghai' },
        { code: 'xian', name: { zh: '西安', en: "Xi'an" }, timeZone: 'Asia/Shanghai' },
      ]),
    );
  });

  it('shows the version in force now with its season and the source of each section', async () => {
    const body = (await t.anon.get('/api/rulebook/zhengzhou')).json();
    expect(body).toMatchObject({ city: 'zhengzhou', effectiveFrom: '2000-01-01', at: '2026-11-20' });
    expect(body.season).toMatchObject({ code: '2026-27', start: '2026-11-15', end: '2027-03-15', days: 120, billedDays: 120 });
    expect(body.nextSeason.code).toBe('2027-28');
    expect(body.rules.temperature.reduction.source.article).toMatch(/Henan art. 27/);
  });

  it('answers for ?at= a date or an instant; between seasons there is no season, only the next one', async () => {
    const summer = (await t.anon.get('/api/rulebook/zhengzhou?at=2027-06-01')).json();
    expect(summer.season).toBeNull();
    expect(summer.nextSeason).toMatchObject({ code: '2027-28', start: '2027-11-15' });
    // 2027-11-14T16:00Z is 00:00 on 15 November in Shanghai: the first heated instant.
    expect((await t.anon.get('/api/rulebook/zhengzhou?at=2027-11-14T16:00:00Z')).json().season.code).toBe('2027-28');
    const bad = await t.anon.get('/api/rulebook/zhengzhou?at=next-tuesday');
    expect(bad.statusCode).toBe(400);
    expect(fields(bad)).toEqual(['at']);
  });

  it('an unknown city is a 404 naming it, on every route', async () => {
    for (const url of ['/api/rulebook/atlantis', '/api/rulebook/atlantis/season?date=2026-12-01']) {
      const res = await t.anon.get(url);
      expect(res.statusCode).toBe(404);
      expect(res.json().error.message).toMatch(/atlantis/);
    }
    expect((await admin.post('/api/rulebook/atlantis/versions', { effectiveFrom: '2026-12-01', rules: zhengzhou, note: 'x' })).statusCode).toBe(404);
  });

  it('the season containing a date; 422 outside_season between seasons', async () => {
    expect((await t.anon.get('/api/rulebook/xian/season?date=2027-03-14')).json().code).toBe('2026-27');
    const res = await t.anon.get('/api/rulebook/xian/season?date=2027-03-15');
    expect(res.statusCode).toBe(422);
    expect(res.json().error).toMatchObject({ code: 'outside_season', params: { date: '2027-03-15' }, details: [{ field: 'date', rule: 'outside_season' }] });
  });

  it('the history needs a signed-in account', async () => {
    expect((await t.anon.get('/api/rulebook/zhengzhou/versions')).statusCode).toBe(401);
    const clerk = await t.loginAs('clerk', [{ kind: 'branch', refId: 1 }]);
    expect((await clerk.get('/api/rulebook/zhengzhou/versions')).json()).toMatchObject([{ effectiveFrom: '2000-01-01', inForce: true, createdBy: null }]);
  });
});

describe('only admins change the rulebook', () => {
  const body = { effectiveFrom: '2026-12-01', rules: xian, note: 'x' };
  it('without a session: 401; other roles: 403; nothing is written', async () => {
    expect((await t.anon.post('/api/rulebook/xian/versions', body)).statusCode).toBe(401);
    expect((await t.anon.post('/api/rulebook/xian/season-extension', { season: '2026-27', end: '2027-03-22', reason: 'x' })).statusCode).toBe(401);
    for (const [role, kind] of [['clerk', 'branch'], ['dispatcher', 'branch'], ['steward', 'grid'], ['resident', 'household']] as const) {
      const c = await t.loginAs(role, [{ kind, refId: 1 }]);
      expect((await c.post('/api/rulebook/xian/versions', body)).json().error).toMatchObject({ code: 'role_not_allowed', params: { role } });
      expect((await c.post('/api/rulebook/xian/season-extension', { season: '2026-27', end: '2027-03-22', reason: 'x' })).statusCode).toBe(403);
      expect((await c.patch('/api/rulebook/xian/versions/1', { note: 'x' })).statusCode).toBe(403);
    }
    expect((await admin.get('/api/rulebook/xian/versions')).json()).toHaveLength(1);
  });
});

describe('bad rulebooks are refused with the field at fault', () => {
  const post = (rules: unknown, effectiveFrom = '2026-12-01') => admin.post('/api/rulebook/xian/versions', { effectiveFrom, rules, note: 'test' });

  it('a negative price: 400 naming the tariff', async () => {
    const res = await post(edited(xian, (r) => (r.tariffs.residential.dailyPerM2YuanE4 = -1)));
    expect(res.statusCode).toBe(400);
    expect(fields(res)).toContain('rules.tariffs.residential.dailyPerM2YuanE4');
  });

  it('a percentage over 100: 400', async () => {
    const res = await post(edited(xian, (r) => (r.suspension.basicFeePercent = 130)));
    expect(res.statusCode).toBe(400);
    expect(fields(res)).toContain('rules.suspension.basicFeePercent');
  });

  it('reduction tiers with a gap (16–18 °C, then below 15 °C): 422 naming the tier', async () => {
    const res = await post(edited(xian, (r) => (r.temperature.reduction.tiers[1]!.belowC = 15)));
    expect(res.statusCode).toBe(422);
    expect(res.json().error.code).toBe('invalid_rules');
    expect(res.json().error.details).toMatchObject([{ field: 'rules.temperature.reduction.tiers[1].belowC', rule: 'tier_gap' }]);
  });

  it('a season override ending before it starts: 422', async () => {
    const res = await post(edited(xian, (r) => r.season.overrides.push({ season: '2026-27', start: '2026-11-15', end: '2026-11-01', reason: 'x' })));
    expect(res.statusCode).toBe(422);
    expect(fields(res)).toContain('rules.season.overrides[0].end');
  });

  it("another city's rulebook under this city: 422", async () => {
    const res = await post(zhengzhou);
    expect(res.statusCode).toBe(422);
    expect(fields(res)).toEqual(['rules.city.code']);
  });

  it('a version effective before today: 422 effective_in_past', async () => {
    const res = await post(xian, '2026-11-19');
    expect(res.statusCode).toBe(422);
    expect(res.json().error).toMatchObject({ code: 'effective_in_past', params: { today: '2026-11-20' }, details: [{ field: 'effectiveFrom', rule: 'in_past' }] });
  });

  it('two versions of one city on one day overlap: 409, and the first stays', async () => {
    expect((await post(xian, '2027-01-01')).statusCode).toBe(201);
    const res = await post(xian, '2027-01-01');
    expect(res.statusCode).toBe(409);
    expect(res.json().error.code).toBe('version_exists');
  });
});

describe('extending a season: "2026-27 ends 2027-03-22" as a new version from today', () => {
  it('is in force at once, is audited, and shows in the history as a season change', async () => {
    const res = await admin.post('/api/rulebook/zhengzhou/season-extension', { season: '2026-27', end: '2027-03-22', reason: '郑州市政府通知：延长供暖' });
    expect(res.statusCode).toBe(201);
    const version = res.json();
    expect(version).toMatchObject({ effectiveFrom: '2026-11-20', inForce: true, changed: ['season'], createdBy: { id: admin.actorId } });

    const season = (await t.anon.get('/api/rulebook/zhengzhou/season?date=2027-03-21')).json();
    expect(season).toMatchObject({ end: '2027-03-22', days: 127, billedDays: 120, extendedDays: 7 });
    expect((await t.anon.get('/api/rulebook/zhengzhou/season?date=2027-03-22')).statusCode).toBe(422);
    // The earlier extensions of 2021-22 and 2022-23 are carried over.
    const rules = (await t.anon.get('/api/rulebook/zhengzhou')).json().rules;
    expect(rules.season.overrides.map((o: { season: string }) => o.season)).toEqual(['2021-22', '2022-23', '2026-27']);

    const audit = (await admin.get(`/api/audit?entity=rulebook_version&entityId=${version.id}`)).json();
    expect(audit.items).toMatchObject([{ action: 'rulebook.season.extend', actorId: admin.actorId, after: { input: { end: '2027-03-22' } } }]);
  });

  it('an end before the start, or a malformed season code, names the request field', async () => {
    const early = await admin.post('/api/rulebook/xian/season-extension', { season: '2026-27', end: '2026-11-10', reason: 'x', effectiveFrom: '2027-02-01' });
    expect(early.statusCode).toBe(422);
    expect(fields(early)).toContain('end');
    const code = await admin.post('/api/rulebook/xian/season-extension', { season: '2026-28', end: '2027-03-22', reason: 'x' });
    expect(code.statusCode).toBe(400);
    expect(fields(code)).toEqual(['season']);
  });

  it('refuses to be overtaken by a later version, which would drop the extension', async () => {
    // Xi'an has a version from 2027-01-01 (added above).
    const res = await admin.post('/api/rulebook/xian/season-extension', { season: '2026-27', end: '2027-03-22', reason: 'x' });
    expect(res.statusCode).toBe(409);
    expect(res.json().error.code).toBe('later_version_exists');
  });
});

describe('editing a version no bill has used', () => {
  it('changes it, audited with before and after', async () => {
    const [latest] = (await admin.get('/api/rulebook/xian/versions')).json();
    const res = await admin.patch(`/api/rulebook/xian/versions/${latest.id}`, { note: '更正说明', effectiveFrom: '2027-01-02' });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ note: '更正说明', effectiveFrom: '2027-01-02', lockedAt: null });
    const audit = (await admin.get(`/api/audit?entity=rulebook_version&entityId=${latest.id}&action=rulebook.version.update`)).json();
    expect(audit.items[0]).toMatchObject({ before: { note: 'test', effectiveFrom: '2027-01-01' }, after: { note: '更正说明' } });
  });

  it('a version of another city, or an empty change, is refused', async () => {
    expect((await admin.patch('/api/rulebook/zhengzhou/versions/2', { note: 'x' })).statusCode).toBe(404); // id 2 is Xi'an's
    expect((await admin.patch('/api/rulebook/xian/versions/2', {})).statusCode).toBe(400);
  });
});
