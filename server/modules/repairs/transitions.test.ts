import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { createTestApp, type TestApp } from '../../test/test-app.ts';
import { count, makeRepairsCity, outboxFor, walk, type RepairsCity } from './repairs.test-kit.ts';

let t: TestApp;
let c: RepairsCity;
beforeAll(async () => {
  t = await createTestApp();
  c = await makeRepairsCity(t);
});
afterAll(() => t.close());

const MIN = 60_000;
const open = async (category = 'valve') => (await c.resident.post('/api/repairs', { category })).json().id as number;
const detail = async (id: number) => (await c.steward.get(`/api/repairs/${id}`)).json();
const clock = (d: { clocks: { name: string; dueAt: string; metAt: string | null; breached: boolean }[] }, name: string) => d.clocks.find((k) => k.name === name)!;

describe('the request state machine', () => {
  it('submitted → accepted → on site → resolved → confirmed, each step on the timeline with its actor, and audited', async () => {
    const id = await open();
    await walk(c.steward, id, 'accepted', 'on_site');
    const resolved = await c.steward.post(`/api/repairs/${id}/transitions`, { to: 'resolved', note: '排气后恢复' });
    expect(resolved.statusCode).toBe(200);
    expect(resolved.json().allowedTransitions).toEqual([]); // the steward cannot confirm their own fix
    const mine = (await c.resident.get(`/api/repairs/${id}`)).json();
    expect(mine.allowedTransitions).toEqual(['confirmed', 'reopened']);
    expect(mine.assigneeName).toBe('网格员 王');
    const rated = await c.resident.post(`/api/repairs/${id}/transitions`, { to: 'confirmed', rating: 5 });
    expect(rated.statusCode).toBe(200);
    const d = await detail(id);
    expect(d).toMatchObject({ status: 'confirmed', rating: 5 });
    expect(d.timeline.map((e: { from: string | null; to: string; actorName: string }) => [e.from, e.to, e.actorName])).toEqual([
      [null, 'submitted', expect.stringMatching(/resident/)],
      ['submitted', 'accepted', '网格员 王'],
      ['accepted', 'on_site', '网格员 王'],
      ['on_site', 'resolved', '网格员 王'],
      ['resolved', 'confirmed', expect.stringMatching(/resident/)],
    ]);
    expect(d.timeline[3].note).toBe('排气后恢复');
    expect(d.clocks.every((k: { metAt: string | null; breached: boolean }) => k.metAt && !k.breached)).toBe(true);
    expect(await count(t, sql`SELECT count(*)::int AS n FROM audit_log WHERE entity = 'repair_request' AND entity_id = ${String(id)}`)).toBe(5);
    // The household was asked by SMS to confirm or reopen.
    expect((await outboxFor(t, 'repair_resolved')).map((m) => m.recipient)).toContain(c.householdPhone);
  });

  it('resolve before accept → 409 listing the allowed steps, state unchanged', async () => {
    const id = await open();
    const res = await c.steward.post(`/api/repairs/${id}/transitions`, { to: 'resolved' });
    expect(res.statusCode).toBe(409);
    expect(res.json().error).toMatchObject({
      code: 'transition_not_allowed',
      details: { from: 'submitted', allowed: ['accepted', 'cancelled', 'duplicate'] },
      params: { from: 'submitted', to: 'resolved' },
    });
    expect((await detail(id)).status).toBe('submitted');
    expect(await count(t, sql`SELECT count(*)::int AS n FROM request_events WHERE request_id = ${id}`)).toBe(1);
  });

  it("confirm by someone else → 403: the steward, or another household's resident", async () => {
    const id = await open();
    await walk(c.steward, id, 'accepted', 'on_site', 'resolved');
    const bySteward = await c.steward.post(`/api/repairs/${id}/transitions`, { to: 'confirmed' });
    expect(bySteward.statusCode).toBe(403);
    expect(bySteward.json().error.code).toBe('resident_only');
    expect((await c.otherResident.post(`/api/repairs/${id}/transitions`, { to: 'confirmed' })).statusCode).toBe(403);
    expect((await detail(id)).status).toBe('resolved');
  });

  it("a steward acting on another grid's request → 403, and cannot read it either", async () => {
    const id = await open();
    const res = await c.otherSteward.post(`/api/repairs/${id}/transitions`, { to: 'accepted' });
    expect(res.statusCode).toBe(403);
    expect((await c.otherSteward.get(`/api/repairs/${id}`)).statusCode).toBe(403);
    expect((await c.resident.post(`/api/repairs/${id}/transitions`, { to: 'accepted' })).statusCode).toBe(403);
    expect((await detail(id)).status).toBe('submitted');
  });

  it('an unknown request is 404; an unknown state is 400', async () => {
    expect((await c.steward.post('/api/repairs/999999/transitions', { to: 'accepted' })).statusCode).toBe(404);
    const id = await open();
    expect((await c.steward.post(`/api/repairs/${id}/transitions`, { to: 'fixed' })).statusCode).toBe(400);
  });

  it('the resident may withdraw a request nobody has picked up, not one being worked', async () => {
    const id = await open();
    await walk(c.resident, id, 'cancelled');
    const worked = await open();
    await walk(c.steward, worked, 'accepted');
    expect((await c.resident.post(`/api/repairs/${worked}/transitions`, { to: 'cancelled' })).statusCode).toBe(403);
  });

  it('duplicate needs the request it duplicates, on the same grid; step-specific fields are refused elsewhere', async () => {
    const first = await open();
    const second = await open();
    expect((await c.steward.post(`/api/repairs/${second}/transitions`, { to: 'duplicate' })).statusCode).toBe(422);
    expect((await c.steward.post(`/api/repairs/${second}/transitions`, { to: 'duplicate', duplicateOf: second })).statusCode).toBe(422);
    expect((await c.steward.post(`/api/repairs/${second}/transitions`, { to: 'accepted', duplicateOf: first })).statusCode).toBe(422);
    expect((await c.steward.post(`/api/repairs/${second}/transitions`, { to: 'accepted', rating: 3 })).statusCode).toBe(422);
    expect((await detail(second)).status).toBe('submitted');
    const res = await c.steward.post(`/api/repairs/${second}/transitions`, { to: 'duplicate', duplicateOf: first });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ status: 'duplicate', duplicateOfId: first });
  });
});

describe('clocks', () => {
  it('waiting pauses the clocks still running: their due times move by the pause, met ones do not', async () => {
    const id = await open(); // valve normal: 60 / 360 / 1440 minutes
    await walk(c.steward, id, 'accepted');
    const before = await detail(id);
    await walk(c.steward, id, 'waiting');
    expect((await detail(id)).allowedTransitions).toEqual(['accepted', 'cancelled']);
    t.clock.advance(90 * MIN);
    await walk(c.steward, id, 'accepted');
    const after = await detail(id);
    const moved = (name: string) => (new Date(clock(after, name).dueAt).getTime() - new Date(clock(before, name).dueAt).getTime()) / MIN;
    expect([moved('first_response'), moved('on_site'), moved('resolve')]).toEqual([0, 90, 90]);
    // Back from waiting does not meet the first-response clock again.
    expect(clock(after, 'first_response').metAt).toBe(clock(before, 'first_response').metAt);
    expect(after.timeline.map((e: { to: string }) => e.to)).toEqual(['submitted', 'accepted', 'waiting', 'accepted']);
  });

  it('a clock met late records its breach at once, and the breach survives the fix', async () => {
    const id = await open();
    t.clock.advance(61 * MIN);
    await walk(c.steward, id, 'accepted', 'on_site', 'resolved');
    await walk(c.resident, id, 'confirmed');
    const d = await detail(id);
    expect(clock(d, 'first_response').breached).toBe(true);
    expect(clock(d, 'on_site').breached).toBe(false);
    expect(await count(t, sql`SELECT count(*)::int AS n FROM request_breaches WHERE request_id = ${id} AND clock = 'first_response'`)).toBe(1);
  });
});

describe('reassignment by the crew lead', () => {
  it('moves the request to another steward, recorded on the timeline and notified', async () => {
    const id = await open();
    const res = await c.crewLead.post(`/api/repairs/${id}/reassign`, { userId: c.deputy.actorId, note: '王师傅在外片区' });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ assigneeUserId: c.deputy.actorId, assigneeName: '副网格员 赵' });
    expect(res.json().timeline.at(-1)).toMatchObject({ kind: 'reassigned', actorName: '班组长 李', note: '王师傅在外片区' });
    expect((await outboxFor(t, 'repair_reassigned')).some((m) => m.recipient === String(c.deputy.actorId))).toBe(true);
    // The new owner works it even though the grid is not theirs.
    await walk(c.deputy, id, 'accepted');
  });

  it('only a crew lead over the grid reassigns, only to a steward or crew lead, only while open', async () => {
    const id = await open();
    const otherLead = await t.loginAs('crew_lead', [{ kind: 'grid', refId: c.otherGridId }]);
    expect((await otherLead.post(`/api/repairs/${id}/reassign`, { userId: c.deputy.actorId })).statusCode).toBe(403);
    expect((await c.steward.post(`/api/repairs/${id}/reassign`, { userId: c.deputy.actorId })).statusCode).toBe(403);
    const dispatcher = await t.loginAs('dispatcher');
    expect((await c.crewLead.post(`/api/repairs/${id}/reassign`, { userId: dispatcher.actorId })).statusCode).toBe(422);
    await walk(c.resident, id, 'cancelled');
    expect((await c.crewLead.post(`/api/repairs/${id}/reassign`, { userId: c.deputy.actorId })).statusCode).toBe(409);
    expect((await detail(id)).assigneeUserId).toBe(c.steward.actorId);
  });
});
