import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq, sql } from 'drizzle-orm';
import { queryRows } from '../../kernel/db.ts';
import { createTestApp, type Client, type TestApp } from '../../test/test-app.ts';
import { makeBranch, makeBuilding, makeCompound, makeGrid, makeHousehold } from '../../test/factories.ts';
import { households } from '../registry/index.ts';
import { count, makeRepairsCity, type RepairsCity } from './repairs.test-kit.ts';

let t: TestApp;
let c: RepairsCity;
let dispatcher: Client;
let liaison: Client;
let account: string;
let farHouseholdId: number;
beforeAll(async () => {
  t = await createTestApp();
  c = await makeRepairsCity(t);
  dispatcher = await t.loginAs('dispatcher', [{ kind: 'branch', refId: c.branchId }], { name: '客服 赵' });
  liaison = await t.loginAs('liaison', [{ kind: 'community', refId: c.communityId }], { name: '社区 刘' });
  account = (await t.deps.db.select().from(households).where(eq(households.id, c.householdId)))[0]!.accountNo;
  // A household of another branch (and another community).
  const far = await makeBranch(t.deps.db);
  const farGrid = await makeGrid(t.deps.db, { branchId: far.id });
  const farCompound = await makeCompound(t.deps.db, { branchId: far.id });
  farHouseholdId = (await makeHousehold(t.deps.db, { buildingId: (await makeBuilding(t.deps.db, { compoundId: farCompound.id, gridId: farGrid.id })).id })).id;
});
afterAll(() => t.close());

const requestsNow = () => count(t, sql`SELECT count(*)::int AS n FROM repair_requests`);
const search = (who: Client, q: string) => who.get(`/api/repairs/on-behalf/households?q=${encodeURIComponent(q)}`);

describe('the on-behalf search box (代报)', () => {
  it('finds a household by account number, by the last digits of its phone, and by address, with whom it would go to', async () => {
    const byAccount = await search(dispatcher, account);
    expect(byAccount.statusCode).toBe(200);
    expect(byAccount.json()).toMatchObject({
      total: 1,
      items: [{ householdId: c.householdId, accountNo: account, phone: c.householdPhone, assignee: { userId: c.steward.actorId, name: '网格员 王', phone: '13800000001', via: 'steward' }, openRequests: [] }],
    });
    expect((await search(dispatcher, c.householdPhone.slice(-6))).json().items.map((h: { householdId: number }) => h.householdId)).toContain(c.householdId);
    const address: string = byAccount.json().items[0].address;
    expect((await search(dispatcher, address)).json().items.map((h: { householdId: number }) => h.householdId)).toEqual([c.householdId]);
  });

  it('shows the requests a household already has open, so a second call is not a second job', async () => {
    const id = (await c.resident.post('/api/repairs', { category: 'leak' })).json().id;
    const hit = (await search(dispatcher, account)).json().items[0];
    expect(hit.openRequests).toEqual([expect.objectContaining({ id, category: 'leak', status: 'submitted' })]);
  });

  it('is scoped: a dispatcher finds nothing in another branch, a liaison sees masked phones of their community only', async () => {
    const far = (await t.deps.db.select().from(households).where(eq(households.id, farHouseholdId)))[0]!;
    expect((await search(dispatcher, far.accountNo)).json()).toEqual({ items: [], total: 0 });
    const mine = (await search(liaison, account)).json().items[0];
    expect(mine.phone).toMatch(/^\d{3}\*{4}\d{4}$/);
    expect((await search(liaison, far.accountNo)).json().total).toBe(0);
  });

  it('is for dispatchers and liaisons; the words must be there', async () => {
    expect((await search(c.steward, account)).statusCode).toBe(403);
    expect((await search(c.resident, account)).statusCode).toBe(403);
    const short = await search(dispatcher, '1');
    expect(short.statusCode).toBe(400);
    expect(JSON.stringify(short.json().error.details)).toContain('q');
  });
});

describe('opening a request on behalf', () => {
  it('a dispatcher logs a 12345 case with the caller; the steward sees who called and the case number', async () => {
    const res = await dispatcher.post('/api/repairs', {
      category: 'no_heat',
      householdId: c.householdId,
      channel: '12345',
      note: '老人独居，暖气全凉',
      caller: { name: '王女士（女儿）', phone: '0371-65550123', caseRef: 'ZZ12345-2026-0001' },
    });
    expect(res.statusCode).toBe(201);
    const id = res.json().id;
    expect(res.json()).toMatchObject({ channel: '12345', assigneeUserId: c.steward.actorId, caller: { name: '王女士（女儿）', phone: '0371-65550123', caseRef: 'ZZ12345-2026-0001' } });
    expect((await c.steward.get(`/api/repairs/${id}`)).json().caller).toEqual({ name: '王女士（女儿）', phone: '0371-65550123', caseRef: 'ZZ12345-2026-0001' });
    // The 201 answer is written from the values just saved: it must be what a read gives back.
    expect(res.json()).toEqual((await dispatcher.get(`/api/repairs/${id}`)).json());
    // The resident sees the request and who reported it, but not the caller's number.
    expect((await c.resident.get(`/api/repairs/${id}`)).json().caller).toEqual({ name: '王女士（女儿）', phone: null, caseRef: 'ZZ12345-2026-0001' });
    const [audit] = await queryRows<{ after: { caller: { name: string } } }>(t.deps.db, sql`SELECT after FROM audit_log WHERE action = 'repair.open' AND entity_id = ${String(id)}`);
    expect(audit!.after.caller.name).toBe('王女士（女儿）');
  });

  it('a liaison reports for an elderly resident of their community; the channel is liaison', async () => {
    const res = await liaison.post('/api/repairs', { category: 'not_warm', householdId: c.householdId, caller: { name: '张奶奶' } });
    expect(res.statusCode).toBe(201);
    expect(res.json()).toMatchObject({ channel: 'liaison', caller: { name: '张奶奶', phone: null, caseRef: null } });
  });

  it('refuses, with nothing written: a liaison outside the community (403), a dispatcher of another branch (403), an unknown household (404)', async () => {
    const before = await requestsNow();
    const stranger = await t.loginAs('liaison', [{ kind: 'community', refId: c.communityId + 999 }]);
    const outside = await stranger.post('/api/repairs', { category: 'no_heat', householdId: c.householdId, caller: { name: '李大爷' } });
    expect(outside.statusCode).toBe(403);
    const otherBranch = await t.loginAs('dispatcher', [{ kind: 'branch', refId: c.branchId + 999 }]);
    const foreign = await otherBranch.post('/api/repairs', { category: 'no_heat', householdId: c.householdId, channel: 'hotline', caller: { name: '李大爷' } });
    expect(foreign.statusCode).toBe(403);
    expect((await dispatcher.post('/api/repairs', { category: 'no_heat', householdId: farHouseholdId, caller: { name: '李大爷' } })).statusCode).toBe(403);
    const unknown = await dispatcher.post('/api/repairs', { category: 'no_heat', householdId: 987654, caller: { name: '李大爷' } });
    expect(unknown.statusCode).toBe(404);
    expect(unknown.json().error.message).toMatch(/household 987654/);
    expect(await requestsNow()).toBe(before);
    expect(await count(t, sql`SELECT count(*)::int AS n FROM request_callers WHERE caller_name = '李大爷'`)).toBe(0);
  });

  it('bad callers are refused field by field; a resident does not name a caller', async () => {
    const before = await requestsNow();
    const noName = await dispatcher.post('/api/repairs', { category: 'leak', householdId: c.householdId, caller: { name: '', phone: 'abc' } });
    expect(noName.statusCode).toBe(400);
    const fields = JSON.stringify(noName.json().error.details);
    expect(fields).toContain('caller');
    const resident = await c.resident.post('/api/repairs', { category: 'leak', caller: { name: '我自己' } });
    expect(resident.statusCode).toBe(422);
    expect(resident.json().error.details).toEqual([{ field: 'caller', message: 'only staff reporting on behalf name a caller', rule: 'caller_not_allowed' }]);
    expect(await requestsNow()).toBe(before);
  });
});
