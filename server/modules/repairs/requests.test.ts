import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { createTestApp, type TestApp } from '../../test/test-app.ts';
import { count, makeRepairsCity, outboxFor, type RepairsCity } from './repairs.test-kit.ts';

let t: TestApp;
let c: RepairsCity;
beforeAll(async () => {
  t = await createTestApp();
  c = await makeRepairsCity(t);
});
afterAll(() => t.close());

describe('opening a request (一键报修)', () => {
  it('a resident with one household reports with just a category: routed to the steward, due times from the rulebook', async () => {
    const res = await c.resident.post('/api/repairs', { category: 'no_heat', note: '暖气片全凉' });
    expect(res.statusCode).toBe(201);
    const r = res.json();
    expect(r).toMatchObject({ householdId: c.householdId, status: 'submitted', channel: 'app', priority: 'normal', assigneeUserId: c.steward.actorId, assigneeName: '网格员 王' });
    // Zhengzhou standard no_heat/normal: first response 60 min, on site 240, resolved 720.
    const created = new Date(r.createdAt).getTime();
    const due = Object.fromEntries(r.clocks.map((k: { name: string; dueAt: string }) => [k.name, (new Date(k.dueAt).getTime() - created) / 60_000]));
    expect(due).toEqual({ first_response: 60, on_site: 240, resolve: 720 });
    expect(r.timeline).toEqual([expect.objectContaining({ kind: 'created', to: 'submitted', note: 'routed to the steward' })]);
    expect(r.householdPhone).toBeNull(); // a resident does not need their own number echoed
    expect(r.allowedTransitions).toEqual(['cancelled']);
    const sent = await outboxFor(t, 'repair_new');
    expect(sent.map((m) => [m.channel, m.recipient])).toEqual([['inapp', String(c.steward.actorId)], ['sms', '13800000001']]);
    expect(await count(t, sql`SELECT count(*)::int AS n FROM audit_log WHERE action = 'repair.open' AND entity_id = ${String(r.id)}`)).toBe(1);
  });

  it('an urgent leak gets the urgent targets', async () => {
    const r = (await c.resident.post('/api/repairs', { category: 'leak', priority: 'urgent' })).json();
    const created = new Date(r.createdAt).getTime();
    expect((new Date(r.clocks[0].dueAt).getTime() - created) / 60_000).toBe(15);
  });

  it('a dispatcher logs a 12345 case for a caller, by household id', async () => {
    const dispatcher = await t.loginAs('dispatcher', [{ kind: 'branch', refId: c.branchId }]);
    const res = await dispatcher.post('/api/repairs', { category: 'not_warm', householdId: c.householdId, channel: '12345' });
    expect(res.statusCode).toBe(201);
    expect(res.json()).toMatchObject({ channel: '12345', assigneeUserId: c.steward.actorId, householdPhone: c.householdPhone });
    expect((await dispatcher.get('/api/repairs/mine')).json().items[0].id).toBe(res.json().id);
  });

  it('a liaison reports for an elderly resident of their community, not for another community', async () => {
    const liaison = await t.loginAs('liaison', [{ kind: 'community', refId: c.communityId }]);
    const ok = await liaison.post('/api/repairs', { category: 'valve', householdId: c.householdId });
    expect(ok.statusCode).toBe(201);
    expect(ok.json().channel).toBe('liaison');
    const stranger = await t.loginAs('liaison', [{ kind: 'community', refId: c.communityId + 999 }]);
    const res = await stranger.post('/api/repairs', { category: 'valve', householdId: c.householdId });
    expect(res.statusCode).toBe(403);
  });

  it('goes to the deputy while the steward is off duty, and to the crew lead when both are', async () => {
    const now = t.clock.now().getTime();
    const away = (userId: number) => ({ userId, from: new Date(now - 60_000).toISOString(), to: new Date(now + 3_600_000).toISOString(), reason: '病假' });
    expect((await c.crewLead.post('/api/repairs/absences', away(c.steward.actorId))).statusCode).toBe(201);
    const toDeputy = (await c.resident.post('/api/repairs', { category: 'noise' })).json();
    expect(toDeputy).toMatchObject({ assigneeUserId: c.deputy.actorId, assigneeName: '副网格员 赵' });
    expect(toDeputy.timeline[0].note).toBe('routed to the deputy');
    expect((await c.crewLead.post('/api/repairs/absences', away(c.deputy.actorId))).statusCode).toBe(201);
    const toLead = (await c.resident.post('/api/repairs', { category: 'noise' })).json();
    expect(toLead.assigneeUserId).toBe(c.crewLead.actorId);
    // The deputy owns it even off their own grid: it is in their queue.
    expect((await c.deputy.get('/api/repairs/queue')).json().items.map((i: { id: number }) => i.id)).toContain(toDeputy.id);
    t.clock.advance(3_600_000); // both back (sessions last 12 h: tests stay well inside)
    expect((await c.resident.post('/api/repairs', { category: 'noise' })).json().assigneeUserId).toBe(c.steward.actorId);
  });

  it('absences are kept by the crew lead of that grid only, and must end after they start', async () => {
    const now = t.clock.now().toISOString();
    const body = { userId: c.steward.actorId, from: now, to: now, reason: '培训' };
    expect((await c.crewLead.post('/api/repairs/absences', body)).statusCode).toBe(422);
    const otherLead = await t.loginAs('crew_lead', [{ kind: 'grid', refId: c.otherGridId }]);
    const later = new Date(t.clock.now().getTime() + 3_600_000).toISOString();
    expect((await otherLead.post('/api/repairs/absences', { ...body, to: later })).statusCode).toBe(403);
    expect((await c.steward.post('/api/repairs/absences', { ...body, to: later })).statusCode).toBe(403);
  });
});

describe('bad input: a 4xx with the reason, nothing saved', () => {
  const requestsNow = () => count(t, sql`SELECT count(*)::int AS n FROM repair_requests`);

  it('unknown category → 400 naming the field', async () => {
    const before = await requestsNow();
    const res = await c.resident.post('/api/repairs', { category: 'broken_sofa' });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.details[0].field).toBe('category');
    expect(await requestsNow()).toBe(before);
  });

  it('unknown household → 404 for a dispatcher', async () => {
    const dispatcher = await t.loginAs('dispatcher');
    const res = await dispatcher.post('/api/repairs', { category: 'leak', householdId: 987654 });
    expect(res.statusCode).toBe(404);
    expect(res.json().error.message).toMatch(/household 987654/);
  });

  it("a resident reporting for a household not theirs → 403, whether it exists or not", async () => {
    const before = await requestsNow();
    for (const householdId of [c.otherHouseholdId, 987654]) {
      const res = await c.resident.post('/api/repairs', { category: 'leak', householdId });
      expect(res.statusCode).toBe(403);
      expect(res.json().error.code).toBe('not_your_household');
    }
    expect(await requestsNow()).toBe(before);
  });

  it('a resident cannot pose as the hotline; a dispatcher must name a household; a steward does not open requests', async () => {
    expect((await c.resident.post('/api/repairs', { category: 'leak', channel: 'hotline' })).statusCode).toBe(422);
    const dispatcher = await t.loginAs('dispatcher');
    const res = await dispatcher.post('/api/repairs', { category: 'leak' });
    expect(res.statusCode).toBe(422);
    expect(res.json().error).toMatchObject({ code: 'household_required', details: [{ field: 'householdId', message: 'is required', rule: 'required' }] });
    expect((await c.steward.post('/api/repairs', { category: 'leak', householdId: c.householdId })).statusCode).toBe(403);
    expect((await t.anon.post('/api/repairs', { category: 'leak' })).statusCode).toBe(401);
  });

  it('a resident with two households must say which', async () => {
    const second = await c.neighbourHousehold();
    const both = await t.loginAs('resident', [{ kind: 'household', refId: c.householdId }, { kind: 'household', refId: second }]);
    expect((await both.post('/api/repairs', { category: 'other' })).statusCode).toBe(422);
    expect((await both.post('/api/repairs', { category: 'other', householdId: second })).statusCode).toBe(201);
  });

  it('unknown fields are refused rather than ignored', async () => {
    expect((await c.resident.post('/api/repairs', { category: 'leak', assigneeUserId: 1 })).statusCode).toBe(400);
  });
});
