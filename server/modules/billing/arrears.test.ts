import { randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryRows } from '../../kernel/db.ts';
import type { Client, TestApp } from '../../test/test-app.ts';
import { makeBuilding, makeCommunity, makeGrid, makeGridAssignment } from '../../test/factories.ts';
import { billSeason, billingTestApp, makePlace } from './billing.test-kit.ts';

// Today (TEST_NOW) is 2026-11-20 in Asia/Shanghai: the 2026-27 collection window closed on 11-10.
// The Zhengzhou rulebook closes the valve after 2 reminders.
let t: TestApp;
let place: Awaited<ReturnType<typeof makePlace>>;
let clerk: Client;
let steward: Client;
let stewardId: number;
let gridId: number;
beforeAll(async () => {
  t = await billingTestApp();
  place = await makePlace(t);
  gridId = place.building.gridId;
  steward = await t.loginAs('steward', [{ kind: 'grid', refId: gridId }]);
  stewardId = steward.actorId;
  await makeGridAssignment(t.deps.db, { gridId, stewardUserId: stewardId });
  clerk = await t.loginAs('clerk', [{ kind: 'branch', refId: place.branch.id }]);
  // Creating the test app waits for the shared machine; give it time when it is busy.
}, 180_000);
afterAll(() => t.close());

const DAY = 24 * 3600_000;

async function billedHousehold(over: Parameters<typeof place.household>[0] = {}) {
  const hh = await place.household(over);
  await billSeason(t, '2026-27');
  const [bill] = await queryRows<{ id: number; amount: string }>(t.deps.db, sql`SELECT id, amount_fen::text AS amount FROM bills WHERE household_id = ${hh.id}`);
  return { hh, billId: bill!.id, amountFen: Number(bill!.amount) };
}

const remind = (householdIds: number[]) => clerk.post('/api/billing/arrears/reminders', { season: '2026-27', householdIds });
const outboxFor = (phone: string) =>
  queryRows<{ body: string }>(t.deps.db, sql`SELECT body FROM outbox WHERE recipient = ${phone} AND template = 'arrears_reminder' ORDER BY id`);
const tasksOf = (householdId: number) =>
  queryRows<{ kind: string; status: string; assignee: number | null }>(
    t.deps.db,
    sql`SELECT kind, status, assignee_user_id AS assignee FROM valve_tasks WHERE household_id = ${householdId} ORDER BY id`,
  );

describe('arrears lists', { timeout: 120_000 }, () => {
  it('lists unpaid bills after the window by branch, grid and community; a steward of another grid sees nothing of it', async () => {
    const { hh, amountFen } = await billedHousehold();
    const list = (await clerk.get('/api/billing/arrears?season=2026-27')).json();
    expect(list.windowEnd).toBe('2026-11-10');
    expect(list.remindersBeforeValveClose).toBe(2);
    expect(list.items.find((r: { householdId: number }) => r.householdId === hh.id)).toMatchObject({ owedFen: amountFen, reminders: 0, valve: 'open', gridId });
    const mine = (await steward.get(`/api/billing/arrears?gridId=${gridId}`)).json();
    expect(mine.items.map((r: { householdId: number }) => r.householdId)).toContain(hh.id);

    const otherGrid = await makeGrid(t.deps.db, { branchId: place.branch.id });
    const stranger = await t.loginAs('steward', [{ kind: 'grid', refId: otherGrid.id }]);
    expect((await stranger.get(`/api/billing/arrears?gridId=${gridId}`)).statusCode).toBe(403);
    expect((await stranger.get('/api/billing/arrears')).json().items).toEqual([]);
    const liaison = await t.loginAs('liaison', [{ kind: 'community', refId: place.compound.communityId }]);
    expect((await liaison.get('/api/billing/arrears')).json().items.map((r: { householdId: number }) => r.householdId)).toContain(hh.id);
    const farLiaison = await t.loginAs('liaison', [{ kind: 'community', refId: (await makeCommunity(t.deps.db)).id }]);
    expect((await farLiaison.get('/api/billing/arrears')).json().items).toEqual([]);
    expect((await (await t.loginAs('resident', [{ kind: 'household', refId: hh.id }])).get('/api/billing/arrears')).statusCode).toBe(403);

    const file = await steward.get(`/api/billing/arrears/export.xlsx?gridId=${gridId}`);
    expect(file.statusCode).toBe(200);
    expect(file.headers['content-disposition']).toContain('arrears-2026-27.xlsx');
  });

  it('is empty while the collection window is still open', async () => {
    await billedHousehold();
    const early = t.clock.now();
    t.clock.set('2026-11-05T02:00:00.000Z');
    try {
      const lateClerk = await t.loginAs('clerk', [{ kind: 'branch', refId: place.branch.id }]);
      expect((await lateClerk.get('/api/billing/arrears?season=2026-27')).json()).toMatchObject({ total: 0, items: [] });
    } finally {
      t.clock.set(early);
    }
  });
});

describe('reminders and valve tasks', { timeout: 120_000 }, () => {
  it('reminds once a day by SMS, counts per season, and after 2 reminders gives the steward a valve-close task', async () => {
    const { hh } = await billedHousehold();
    const first = (await remind([hh.id])).json();
    expect(first).toMatchObject({ reminded: 1, alreadyToday: 0, valveCloseTasks: 0 });
    const again = (await remind([hh.id])).json();
    expect(again).toMatchObject({ reminded: 0, alreadyToday: 1 });
    expect(await outboxFor(hh.phone!)).toHaveLength(1);
    expect((await outboxFor(hh.phone!))[0]!.body).toContain('第1次催缴');

    t.clock.advance(DAY);
    clerk = await t.loginAs('clerk', [{ kind: 'branch', refId: place.branch.id }]);
    steward = await t.loginAs('steward', [{ kind: 'grid', refId: gridId }]);
    const second = (await remind([hh.id])).json();
    expect(second).toMatchObject({ reminded: 1, valveCloseTasks: 1 });
    expect(await tasksOf(hh.id)).toEqual([{ kind: 'close', status: 'open', assignee: stewardId }]);
    const row = (await clerk.get(`/api/billing/arrears?season=2026-27&compoundId=${place.compound.id}`)).json().items.find((r: { householdId: number }) => r.householdId === hh.id);
    expect(row).toMatchObject({ reminders: 2, lastRemindedOn: '2026-11-21', valve: 'close_pending' });

    // The published steward of the grid sees it on the phone list (assigned to the grid's steward of record).
    const list = (await steward.get('/api/billing/valve-tasks?status=open')).json();
    const task = list.items.find((x: { householdId: number }) => x.householdId === hh.id);
    expect(task).toMatchObject({ kind: 'close', status: 'open', season: '2026-27' });
    const stranger = await t.loginAs('steward', [{ kind: 'grid', refId: (await makeGrid(t.deps.db, { branchId: place.branch.id })).id }]);
    expect((await stranger.get('/api/billing/valve-tasks')).json().items.find((x: { id: number }) => x.id === task.id)).toBeUndefined();
    expect((await stranger.post(`/api/billing/valve-tasks/${task.id}/done`, {})).statusCode).toBe(403);

    const done = await steward.post(`/api/billing/valve-tasks/${task.id}/done`, { note: '已关阀并铅封' });
    expect(done.statusCode).toBe(200);
    expect(done.json()).toMatchObject({ status: 'done', note: '已关阀并铅封' });
    expect((await steward.post(`/api/billing/valve-tasks/${task.id}/done`, {})).statusCode).toBe(409);
    const [audit] = await queryRows<{ action: string; actor: number }>(t.deps.db, sql`SELECT action, actor_id AS actor FROM audit_log WHERE entity = 'valve_task' AND entity_id = ${String(task.id)} AND action = 'billing.valve_task.done'`);
    expect(audit!.actor).toBe(steward.actorId);

    // A third reminder another day makes no second close task.
    t.clock.advance(DAY);
    clerk = await t.loginAs('clerk', [{ kind: 'branch', refId: place.branch.id }]);
    steward = await t.loginAs('steward', [{ kind: 'grid', refId: gridId }]);
    expect((await remind([hh.id])).json()).toMatchObject({ reminded: 1, valveCloseTasks: 0 });
  });

  it('a payment that clears the bill makes the re-open task when the valve was closed; a partial payment does not', async () => {
    const { hh, amountFen } = await billedHousehold();
    const [close] = await queryRows<{ id: number }>(
      t.deps.db,
      sql`INSERT INTO valve_tasks (household_id, season, kind, status, grid_id, assignee_user_id, reason, created_at, done_at)
          VALUES (${hh.id}, '2026-27', 'close', 'done', ${gridId}, ${stewardId}, 'test: closed earlier', now(), now()) RETURNING id`,
    );
    const pay = (amount: number) => clerk.post('/api/billing/payments/counter', { householdId: hh.id, amountFen: amount, currency: 'CNY' }, { 'idempotency-key': randomUUID() });
    expect((await pay(1_000)).statusCode).toBe(201);
    expect(await tasksOf(hh.id)).toEqual([{ kind: 'close', status: 'done', assignee: stewardId }]);
    expect((await pay(amountFen - 1_000)).statusCode).toBe(201);
    expect(await tasksOf(hh.id)).toEqual([
      { kind: 'close', status: 'done', assignee: stewardId },
      { kind: 'open', status: 'open', assignee: stewardId },
    ]);
    const open = (await steward.get('/api/billing/valve-tasks?status=open')).json().items.find((x: { householdId: number; kind: string }) => x.householdId === hh.id);
    expect(open).toMatchObject({ kind: 'open', owedFen: 0 });
    expect(close).toBeDefined();
    // The household left the arrears list.
    const list = (await clerk.get(`/api/billing/arrears?season=2026-27&compoundId=${place.compound.id}&pageSize=500`)).json();
    expect(list.items.find((r: { householdId: number }) => r.householdId === hh.id)).toBeUndefined();
  });

  it('a payment before the steward closed the valve cancels the close task', async () => {
    const { hh, amountFen } = await billedHousehold();
    await remind([hh.id]);
    t.clock.advance(DAY);
    clerk = await t.loginAs('clerk', [{ kind: 'branch', refId: place.branch.id }]);
    steward = await t.loginAs('steward', [{ kind: 'grid', refId: gridId }]);
    expect((await remind([hh.id])).json().valveCloseTasks).toBe(1);
    const agentPayment = await clerk.post('/api/billing/payments/counter', { householdId: hh.id, amountFen, currency: 'CNY' }, { 'idempotency-key': randomUUID() });
    expect(agentPayment.statusCode).toBe(201);
    expect(await tasksOf(hh.id)).toEqual([{ kind: 'close', status: 'cancelled', assignee: stewardId }]);
  });

  it('refuses reminders from stewards and for households not in arrears or of another branch', async () => {
    const { hh } = await billedHousehold();
    expect((await steward.post('/api/billing/arrears/reminders', { householdIds: [hh.id] })).statusCode).toBe(403);
    const otherPlace = await makePlace(t);
    const foreign = await otherPlace.household();
    await billSeason(t, '2026-27');
    const res = await remind([hh.id, foreign.id]);
    expect(res.statusCode).toBe(422);
    expect(res.json().error.code).toBe('not_in_arrears');
    expect(await outboxFor(hh.phone!)).toHaveLength(0);
    const noPhoneBuilding = await makeBuilding(t.deps.db, { compoundId: place.compound.id, gridId });
    const silent = await place.household({ phone: null, buildingId: noPhoneBuilding.id });
    await billSeason(t, '2026-27');
    expect((await remind([silent.id])).json()).toMatchObject({ reminded: 0, withoutPhone: 1 });
  });
});
