/**
 * The rulebook as other modules see it: versions by effective date, the city decided by data
 * (a branch's city), the lock taken by a bill run, and queries that refuse rather than guess.
 */
import { sql } from 'drizzle-orm';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { queryRows } from '../../kernel/db.ts';
import { DomainError } from '../../kernel/errors.ts';
import { makeBranch } from '../../test/factories.ts';
import { createTestApp, type Client, type TestApp } from '../../test/test-app.ts';
import {
  CACHE_TTL_MS,
  dailyFeeOn,
  ensureShippedRulebooks,
  inChangeWindowOn,
  inCollectionWindowOn,
  markRulebookUsed,
  reductionFor,
  rulesFor,
  rulesOn,
  seasonContaining,
  slaTargetsFor,
  type BillableHousehold,
  type Rules,
} from './index.ts';
import { zhengzhou } from './rules/index.ts';

/** A 100.00 m² flat, heated: 19.00 元 a day at 0.19 元/m²·day. */
const flat: BillableHousehold = { customerType: 'residential', interiorAreaCm2: 10_000, status: 'heating' };
/** Zhengzhou with residential heat at 0.21 元/m²·day. */
const dearer: Rules = {
  ...zhengzhou,
  tariffs: { ...zhengzhou.tariffs, residential: { ...zhengzhou.tariffs.residential, dailyPerM2YuanE4: 2100 } },
};

let t: TestApp;
let admin: Client;
beforeAll(async () => {
  t = await createTestApp(); // now: 2026-11-20 10:00 in Zhengzhou
  admin = await t.loginAs('admin', [{ kind: 'branch', refId: 1 }]);
});
afterAll(() => t.close());
afterEach(() => vi.restoreAllMocks());

const rejects = (p: Promise<unknown>, status: number, code: string) =>
  expect(p).rejects.toSatisfy((e: unknown) => e instanceof DomainError && e.status === status && e.code === code);

describe('versions apply from their effective business date, 00:00 Asia/Shanghai', () => {
  it('both shipped rulebooks are present from 2000-01-01, seeded once however often start-up runs', async () => {
    await ensureShippedRulebooks(t.deps);
    await ensureShippedRulebooks(t.deps);
    const rows = await queryRows<{ city: string; n: number }>(
      t.deps.db,
      sql`SELECT city, count(*)::int AS n FROM rulebook_versions GROUP BY city ORDER BY city`,
    );
    expect(rows).toEqual([{ city: 'xian', n: 1 }, { city: 'zhengzhou', n: 1 }]);
    expect((await rulesOn(t.deps.db, 'zhengzhou', '2000-01-01')).effectiveFrom).toBe('2000-01-01');
  });

  it('a tariff effective 2026-12-01 changes the daily fee from that date only', async () => {
    const res = await admin.post('/api/rulebook/zhengzhou/versions', { effectiveFrom: '2026-12-01', rules: dearer, note: '价格调整' });
    expect(res.statusCode).toBe(201);
    expect(await dailyFeeOn(t.deps.db, 'zhengzhou', '2026-11-30', flat)).toBe(19_000_000); // 19.00 元 in yuan × 10⁶
    expect(await dailyFeeOn(t.deps.db, 'zhengzhou', '2026-12-01', flat)).toBe(21_000_000);
    expect(await dailyFeeOn(t.deps.db, 'xian', '2026-12-01', flat)).toBe(19_000_000); // another city is untouched
  });

  it('the new version starts at 00:00 in Shanghai, which is 16:00 UTC the day before', async () => {
    const before = await rulesFor(t.deps.db, 'zhengzhou', new Date('2026-11-30T15:59:59Z'));
    const after = await rulesFor(t.deps.db, 'zhengzhou', new Date('2026-11-30T16:00:00Z'));
    expect(before.effectiveFrom).toBe('2000-01-01');
    expect(after.effectiveFrom).toBe('2026-12-01');
    expect(after.rules.tariffs.residential.dailyPerM2YuanE4).toBe(2100);
  });

  it('a version added in this process answers at once; one added by another instance within the cache time', async () => {
    const now = t.clock.now();
    const first = await rulesFor(t.deps.db, 'xian', now);
    // Another instance writes straight to the database: this process does not hear of it…
    await t.deps.db.execute(
      sql`INSERT INTO rulebook_versions (city, effective_from, rules, note, created_at)
          SELECT city, '2026-11-20', rules, 'other instance', now() FROM rulebook_versions WHERE id = ${first.versionId}`,
    );
    expect((await rulesFor(t.deps.db, 'xian', now)).versionId).toBe(first.versionId);
    // …until the cache expires.
    const later = performance.now() + CACHE_TTL_MS + 1;
    vi.spyOn(performance, 'now').mockReturnValue(later);
    expect((await rulesFor(t.deps.db, 'xian', now)).versionId).not.toBe(first.versionId);
  });
});

describe("the city comes from the data: a Xi'an branch gets Xi'an rules with no code change", () => {
  const cold = { household: flat, seasonCode: '2026-27', date: '2026-12-10', measuredC: 15, hoursBelowStandard: 72 };

  it('Henan art. 27 in Zhengzhou: 15 °C → half the daily fee; Xi\'an: 50 % after a 30 % basic fee', async () => {
    const zz = await makeBranch(t.deps.db, { city: 'zhengzhou' });
    const xa = await makeBranch(t.deps.db, { city: 'xian' });
    const inZz = await reductionFor(t.deps.db, zz.city, { ...cold, date: '2026-11-25' }); // before the dearer tariff
    const inXa = await reductionFor(t.deps.db, xa.city, cold);
    expect(inZz).toMatchObject({ tierPercent: 50, reductionBasisPoints: 5000, reductionFen: 950 });
    expect(inXa).toMatchObject({ tierPercent: 50, reductionBasisPoints: 3500, reductionFen: 665 });
  });

  it("a leak gets a steward on site within 30 minutes in Xi'an's pledge", async () => {
    const target = await slaTargetsFor(t.deps.db, 'xian', t.clock.now(), { category: 'leak', priority: 'urgent' });
    expect(target.onSiteMinutes).toBeLessThanOrEqual(30);
  });
});

describe('queries never guess', () => {
  it('an unknown city is a 404 naming it', async () => {
    await expect(seasonContaining(t.deps.db, 'atlantis', '2026-12-01')).rejects.toThrow(/atlantis/);
    await rejects(seasonContaining(t.deps.db, 'atlantis', '2026-12-01'), 404, 'not_found');
  });

  it('a date between seasons is 422 outside_season; a malformed date is 400', async () => {
    expect((await seasonContaining(t.deps.db, 'zhengzhou', '2027-03-14')).code).toBe('2026-27');
    await rejects(seasonContaining(t.deps.db, 'zhengzhou', '2027-03-15'), 422, 'outside_season');
    await rejects(seasonContaining(t.deps.db, 'zhengzhou', '2027-02-29'), 400, 'invalid_date');
  });

  it('a date before the first version is 422, not the oldest version', async () => {
    await rejects(rulesOn(t.deps.db, 'zhengzhou', '1999-12-31'), 422, 'before_first_version');
  });

  it('an unknown request category is 400 naming the field', async () => {
    const p = slaTargetsFor(t.deps.db, 'zhengzhou', t.clock.now(), { category: 'ghosts', priority: 'normal' });
    await expect(p).rejects.toMatchObject({ status: 400, code: 'unknown_category', details: [{ field: 'category' }] });
  });

  it('fees are collected 1 Sep – 10 Nov; changes accepted 1 Apr – 30 Sep (both days inclusive)', async () => {
    expect(await inCollectionWindowOn(t.deps.db, 'zhengzhou', '2026-11-10')).toBe(true);
    expect(await inCollectionWindowOn(t.deps.db, 'zhengzhou', '2026-11-11')).toBe(false);
    expect(await inChangeWindowOn(t.deps.db, 'zhengzhou', '2027-04-01')).toBe(true);
    expect(await inChangeWindowOn(t.deps.db, 'zhengzhou', '2027-03-31')).toBe(false);
  });
});

describe('a version used by a bill run is locked: it can only be superseded', () => {
  it('markRulebookUsed locks the version and returns the rules as locked', async () => {
    const v = await rulesOn(t.deps.db, 'zhengzhou', '2026-12-01');
    const locked = await t.deps.db.transaction((tx) => markRulebookUsed(tx, t.clock, v.versionId));
    expect(locked.tariffs.residential.dailyPerM2YuanE4).toBe(2100);

    const edit = await admin.patch(`/api/rulebook/zhengzhou/versions/${v.versionId}`, { note: 'typo' });
    expect(edit.statusCode).toBe(409);
    expect(edit.json().error).toMatchObject({ code: 'version_locked', message: expect.stringMatching(/only superseded/) });

    const supersede = await admin.post('/api/rulebook/zhengzhou/versions', { effectiveFrom: '2027-01-01', rules: zhengzhou, note: '恢复原价' });
    expect(supersede.statusCode).toBe(201);
    expect(await dailyFeeOn(t.deps.db, 'zhengzhou', '2027-01-01', flat)).toBe(19_000_000);
  });

  it('locking twice keeps the first lock time', async () => {
    const v = await rulesOn(t.deps.db, 'zhengzhou', '2026-12-01');
    const first = (await admin.get('/api/rulebook/zhengzhou/versions')).json().find((x: { id: number }) => x.id === v.versionId).lockedAt;
    t.clock.advance(3_600_000);
    await t.deps.db.transaction((tx) => markRulebookUsed(tx, t.clock, v.versionId));
    const again = (await admin.get('/api/rulebook/zhengzhou/versions')).json().find((x: { id: number }) => x.id === v.versionId).lockedAt;
    expect(again).toBe(first);
  });
});
