import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { queryRows } from '../../kernel/db.ts';
import { makeBranch } from '../../test/factories.ts';
import { createTestApp, type TestApp } from '../../test/test-app.ts';
import { makeRepairsCity, walk, type RepairsCity } from './repairs.test-kit.ts';

/**
 * The SLA profile a request runs on (sla-profile.ts): coldSnap while its branch is in a cold snap,
 * special while its compound or community is in a special period, else standard. Zhengzhou's
 * no_heat/normal targets (first response, on site, resolve, minutes): standard 60/240/720,
 * special 30/120/480, coldSnap 30/240/720; noise/normal: standard 120/1440/4320, special
 * 60/720/2880, coldSnap 240/2880/5760.
 */
let t: TestApp;
let c: RepairsCity;
let compoundId: number;
beforeAll(async () => {
  t = await createTestApp();
  c = await makeRepairsCity(t);
  [{ compoundId }] = await queryRows<{ compoundId: number }>(
    t.deps.db,
    sql`SELECT b.compound_id AS "compoundId" FROM households h JOIN buildings b ON b.id = h.building_id WHERE h.id = ${c.householdId}`,
  ) as [{ compoundId: number }];
});
afterAll(() => t.close());
beforeEach(async () => {
  await t.deps.db.execute(sql`DELETE FROM special_periods`);
  await t.deps.db.execute(sql`DELETE FROM cold_snaps`);
});

/** Minutes from creation to each due time. */
function targets(r: { createdAt: string; clocks: { name: string; dueAt: string }[] }): number[] {
  const created = new Date(r.createdAt).getTime();
  return r.clocks.map((k) => (new Date(k.dueAt).getTime() - created) / 60_000);
}

const at = (offsetMs: number) => new Date(t.clock.now().getTime() + offsetMs).toISOString();
const coldSnap = (from: string, to: string | null) =>
  t.deps.db.execute(sql`INSERT INTO cold_snaps (branch_id, starts_at, ends_at, note, created_at) VALUES (${c.branchId}, ${from}::timestamptz, ${to}::timestamptz, '寒潮', now())`);
const specialPeriod = (on: { compoundId?: number; communityId?: number }, startsOn: string, endsOn: string) =>
  t.deps.db.execute(sql`INSERT INTO special_periods (branch_id, compound_id, community_id, starts_on, ends_on, reason, created_at)
                        VALUES (${c.branchId}, ${on.compoundId ?? null}, ${on.communityId ?? null}, ${startsOn}::date, ${endsOn}::date, '管理空窗期', now())`);

async function report(category = 'no_heat') {
  const res = await c.resident.post('/api/repairs', { category });
  expect(res.statusCode).toBe(201);
  return res.json();
}

describe('the SLA profile of a new request', () => {
  it('is standard when nothing special is going on', async () => {
    const r = await report();
    expect(r.slaProfile).toBe('standard');
    expect(targets(r)).toEqual([60, 240, 720]);
  });

  it('is special while its compound is in a special period that (Shanghai) day, and stored on the request', async () => {
    // TEST_NOW is 2026-11-20 10:02 in Shanghai: a period [11-20, 11-21) covers it.
    await specialPeriod({ compoundId }, '2026-11-20', '2026-11-21');
    const r = await report();
    expect(r.slaProfile).toBe('special');
    expect(targets(r)).toEqual([30, 120, 480]);
    const [stored] = await queryRows<{ profile: string }>(t.deps.db, sql`SELECT sla_profile AS profile FROM repair_requests WHERE id = ${r.id}`);
    expect(stored!.profile).toBe('special');
    expect((await c.steward.get(`/api/repairs/${r.id}`)).json().slaProfile).toBe('special');
  });

  it('is special while its community is in a special period', async () => {
    await specialPeriod({ communityId: c.communityId }, '2026-11-01', '2026-12-01');
    expect((await report()).slaProfile).toBe('special');
  });

  it('is standard outside the period: ended yesterday (ends_on exclusive) or starting tomorrow', async () => {
    await specialPeriod({ compoundId }, '2026-11-10', '2026-11-20');
    await specialPeriod({ communityId: c.communityId }, '2026-11-21', '2026-11-30');
    expect((await report()).slaProfile).toBe('standard');
  });

  it('is coldSnap while its branch is in a cold snap at that instant (open-ended or not), standard before and after', async () => {
    await coldSnap(at(-3_600_000), null);
    const r = await report();
    expect(r.slaProfile).toBe('coldSnap');
    expect(targets(r)).toEqual([30, 240, 720]);
    await t.deps.db.execute(sql`DELETE FROM cold_snaps`);
    await coldSnap(at(-7_200_000), at(-1_000)); // over a second ago
    await coldSnap(at(60_000), null); // starts in a minute
    expect((await report()).slaProfile).toBe('standard');
  });

  it('a cold snap of another branch does not count', async () => {
    const other = await makeBranch(t.deps.db);
    await t.deps.db.execute(sql`INSERT INTO cold_snaps (branch_id, starts_at, note, created_at) VALUES (${other.id}, ${at(-60_000)}::timestamptz, '寒潮', now())`);
    expect((await report()).slaProfile).toBe('standard');
  });

  it('when both apply, the stricter targets win: special (noise would wait longer under coldSnap)', async () => {
    await coldSnap(at(-3_600_000), null);
    await specialPeriod({ compoundId }, '2026-11-20', '2026-11-21');
    const noise = await report('noise');
    expect(noise.slaProfile).toBe('special');
    expect(targets(noise)).toEqual([60, 720, 2880]);
    expect((await report('no_heat')).slaProfile).toBe('special');
  });
});

describe('a reopen recomputes the profile with its new due times', () => {
  it('a request opened on standard and reopened during a cold snap runs its new round on coldSnap', async () => {
    const r = await report('noise');
    expect(r.slaProfile).toBe('standard');
    await walk(c.steward, r.id, 'accepted', 'on_site', 'resolved');
    await coldSnap(at(-60_000), null);
    t.clock.advance(600_000);
    const reopened = await c.resident.post(`/api/repairs/${r.id}/transitions`, { to: 'reopened' });
    expect(reopened.statusCode).toBe(200);
    expect(reopened.json()).toMatchObject({ slaProfile: 'coldSnap', round: 1 });
    const now = t.clock.now().getTime();
    expect(reopened.json().clocks.map((k: { dueAt: string }) => (new Date(k.dueAt).getTime() - now) / 60_000)).toEqual([240, 2880, 5760]);
  });
});
