import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type Client, type TestApp } from '../../test/test-app.ts';
import { makeBranch, makeCompound } from '../../test/factories.ts';
import { auditCount, makeLinkageCity, runModeChanges, type LinkageCity } from './linkage.test-kit.ts';

async function walk(by: Client, id: number, to: string): Promise<void> {
  const res = await by.post(`/api/repairs/${id}/transitions`, { to });
  if (res.statusCode !== 200) throw new Error(`${to}: ${res.statusCode} ${res.body}`);
}

describe('special periods (特殊时期)', () => {
  let t: TestApp;
  let city: LinkageCity;
  let periodId: number;

  beforeAll(async () => {
    t = await createTestApp(); // 10:00 Shanghai, 20 Nov 2026; the vacuum began 1 Nov, no new tenure yet
    city = await makeLinkageCity(t);
    await runModeChanges(t, '2026-11-20');
  }, 240_000);
  afterAll(async () => t.close());

  it("declares one for a compound with the current vacuum's dates (from today to the season's end)", async () => {
    const res = await city.admin.post('/api/linkage/special-periods', { compoundId: city.vacuumCompoundId, reason: '物业撤场，管理空窗期' });
    expect(res.statusCode).toBe(201);
    expect(res.json()).toMatchObject({ placeKind: 'compound', placeId: city.vacuumCompoundId, startsOn: '2026-11-20', endsOn: '2027-03-15', state: 'active' });
    periodId = res.json().id;
    expect(await auditCount(t, 'linkage.special_period.declare')).toBe(1);
    const list = await city.admin.get('/api/linkage/special-periods');
    expect(list.json().items.map((p: { id: number }) => p.id)).toEqual([periodId]);
  });

  it('refuses an overlapping period for the same place — the compound’s community included — with a field error', async () => {
    const again = await city.admin.post('/api/linkage/special-periods', { compoundId: city.vacuumCompoundId, startsOn: '2026-12-01', endsOn: '2026-12-10', reason: '重复' });
    expect(again.statusCode).toBe(422);
    expect(again.json().error.details).toEqual([expect.objectContaining({ field: 'startsOn', rule: 'overlap', params: { periodIds: [periodId] } })]);
    const community = await city.admin.post('/api/linkage/special-periods', { communityId: city.communityId, startsOn: '2027-03-01', endsOn: '2027-03-20', reason: '社区整体' });
    expect(community.statusCode).toBe(422);
    expect(community.json().error.details[0].field).toBe('startsOn');
    expect(await auditCount(t, 'linkage.special_period.declare')).toBe(1);
  });

  it('refuses bad input: no place or two places, past dates, empty ranges, no vacuum to default from', async () => {
    const post = (body: object) => city.admin.post('/api/linkage/special-periods', { reason: '测试', ...body });
    const both = await post({ compoundId: city.vacuumCompoundId, communityId: city.communityId });
    expect(both.statusCode).toBe(422);
    expect(both.json().error.details.map((d: { field: string }) => d.field)).toEqual(['compoundId', 'communityId']);
    expect((await post({})).statusCode).toBe(422);
    const past = await post({ communityId: city.otherCommunityId, startsOn: '2026-11-01', endsOn: '2026-11-30' });
    expect(past.json().error.details).toEqual([expect.objectContaining({ field: 'startsOn' })]);
    const empty = await post({ communityId: city.otherCommunityId, startsOn: '2026-11-25', endsOn: '2026-11-25' });
    expect(empty.json().error.details).toEqual([expect.objectContaining({ field: 'endsOn' })]);
    // The other community's compound has a property company: no vacuum, so the dates are needed.
    const managed = await post({ communityId: city.otherCommunityId });
    expect(managed.statusCode).toBe(422);
    expect(managed.json().error.details.map((d: { field: string }) => d.field)).toEqual(['startsOn', 'endsOn']);
    expect((await post({ compoundId: 999_999 })).statusCode).toBe(404);
    expect((await city.admin.post('/api/linkage/special-periods', { compoundId: city.vacuumCompoundId, reason: '   ' })).statusCode).toBe(422);
  });

  it('is for the office staff of the branch only', async () => {
    expect((await city.liaison.post('/api/linkage/special-periods', { communityId: city.communityId, reason: 'x' })).statusCode).toBe(403);
    expect((await city.steward.get('/api/linkage/special-periods')).statusCode).toBe(403);
    const elsewhere = await makeBranch(t.deps.db);
    const otherAdmin = await t.loginAs('admin', [{ kind: 'branch', refId: elsewhere.id }]);
    expect((await otherAdmin.post('/api/linkage/special-periods', { communityId: city.otherCommunityId, startsOn: '2026-12-01', endsOn: '2026-12-05', reason: 'x' })).json().error.code).toBe('branch_office_only');
    expect((await otherAdmin.get(`/api/linkage/special-periods/${periodId}/metrics`)).statusCode).toBe(403);
    expect((await otherAdmin.post(`/api/linkage/special-periods/${periodId}/end`, {})).statusCode).toBe(403);
  });

  it('measures time to discover, respond and handle the requests of its households', async () => {
    const opened = await city.liaison.post(`/api/linkage/groups/${await city.groupId()}/requests`, { householdId: city.householdId, category: 'no_heat', note: '独居老人家里不热' });
    expect(opened.statusCode).toBe(201);
    const id = opened.json().requestId;
    t.clock.advance(20 * 60_000);
    await walk(city.steward, id, 'accepted');
    t.clock.advance(40 * 60_000);
    await walk(city.steward, id, 'on_site');
    t.clock.advance(60 * 60_000);
    await walk(city.steward, id, 'resolved');
    // A request of the other community is not the period's.
    await city.otherLiaison.post('/api/repairs', { householdId: city.otherHouseholdId, category: 'noise' });

    const res = await city.admin.get(`/api/linkage/special-periods/${periodId}/metrics`);
    expect(res.statusCode).toBe(200);
    const m = res.json();
    expect(m).toMatchObject({ households: 1, requests: 1, timeZone: 'Asia/Shanghai' });
    expect(m.measures.discover).toEqual({ reached: 1, pending: 0, medianMinutes: 20, p90Minutes: 20, breaches: 0 });
    expect(m.measures.respond).toMatchObject({ reached: 1, medianMinutes: 60 });
    expect(m.measures.handle).toMatchObject({ reached: 1, pending: 0, medianMinutes: 120 });
    expect(m.perDay).toEqual([{ date: '2026-11-20', requests: 1 }]);
  });

  it('ends early (audited), after which the place is free again from the new end', async () => {
    const res = await city.admin.post(`/api/linkage/special-periods/${periodId}/end`, {});
    expect(res.statusCode).toBe(200);
    // It began today, so the earliest end is tonight (ends are exclusive dates).
    expect(res.json()).toMatchObject({ endsOn: '2026-11-21', state: 'active' });
    expect(await auditCount(t, 'linkage.special_period.end')).toBe(1);
    const later = await city.admin.post(`/api/linkage/special-periods/${periodId}/end`, { endsOn: '2026-12-01' });
    expect(later.statusCode).toBe(422);
    expect(later.json().error.details.map((d: { field: string }) => d.field)).toContain('endsOn');
    const next = await city.admin.post('/api/linkage/special-periods', { communityId: city.communityId, startsOn: '2026-11-21', endsOn: '2026-12-21', reason: '寒冬全社区保障' });
    expect(next.statusCode).toBe(201);
    expect(next.json()).toMatchObject({ placeKind: 'community', state: 'upcoming' });
  });

  it('lets only one of two clashing declarations made at the same moment through', async () => {
    const body = { compoundId: (await makeCompound(t.deps.db, { branchId: city.branchId, communityId: city.otherCommunityId })).id, startsOn: '2026-12-01', endsOn: '2026-12-31', reason: '同时申报' };
    const clerk = await t.loginAs('clerk', [{ kind: 'branch', refId: city.branchId }]);
    const codes = (await Promise.all([city.admin.post('/api/linkage/special-periods', body), clerk.post('/api/linkage/special-periods', { ...body, compoundId: undefined, communityId: city.otherCommunityId })])).map((r) => r.statusCode);
    expect(codes.sort()).toEqual([201, 422]);
  });
});
