import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryRows } from '../../kernel/db.ts';
import { runDueJobs, type JobContext } from '../../kernel/jobs.ts';
import { createTestApp, type TestApp } from '../../test/test-app.ts';
import { BULLETIN_REMINDERS_JOB, BULLETINS_JOB, bulletinRemindersJob, bulletinScheduler, bulletinsJob } from './linkage.jobs.ts';
import { generateDailyBulletins } from './bulletins.service.ts';
import { makeLinkageCity, runModeChanges, type LinkageCity } from './linkage.test-kit.ts';

const handlers = { [BULLETINS_JOB]: bulletinsJob, [BULLETIN_REMINDERS_JOB]: bulletinRemindersJob };
const times = { generateAt: '07:00', remindAt: '12:00' };

describe('daily bulletins (每日互通)', () => {
  let t: TestApp;
  let city: LinkageCity;
  let groupId: number;
  let requestId: number;
  let ctx: JobContext;

  beforeAll(async () => {
    // The evening before (21:00 Shanghai, 19 Nov; clock jumps stay under the 12-hour session
    // idle limit): the group exists, a request and a payment come in.
    t = await createTestApp({ now: '2026-11-19T13:00:00.000Z' });
    ctx = { db: t.deps.db, clock: t.deps.clock, log: t.deps.log, notifier: t.deps.notifier };
    city = await makeLinkageCity(t);
    await runModeChanges(t, '2026-11-19');
    groupId = await city.groupId();
    const clerk = await t.loginAs('clerk', [{ kind: 'branch', refId: city.branchId }]);
    const run = await clerk.post('/api/billing/runs', { season: '2026-27' });
    expect(run.statusCode).toBe(202);
    let status = run.json().status;
    for (let i = 0; i < 300 && status !== 'done'; i++) {
      await new Promise((r) => setTimeout(r, 100));
      status = (await clerk.get(`/api/billing/runs/${run.json().id}`)).json().status;
    }
    expect(status).toBe('done');
    const opened = await city.liaison.post(`/api/linkage/groups/${groupId}/requests`, { householdId: city.householdId, category: 'no_heat', note: '独居老人' });
    expect(opened.statusCode).toBe(201);
    requestId = opened.json().requestId;
    const paid = await clerk.post('/api/billing/payments/counter', { householdId: city.householdId, amountFen: 100_000, currency: 'CNY' }, { 'idempotency-key': 'linkage-bulletin-pay-1' });
    expect(paid.statusCode).toBe(201);
  }, 240_000);
  afterAll(async () => t.close());

  it('is not generated before the bulletin time, then once per group and date however many instances run', async () => {
    t.clock.set('2026-11-19T22:30:00.000Z'); // 06:30 Shanghai, 20 Nov
    await bulletinScheduler(times)(ctx);
    expect(await runDueJobs(ctx, handlers, 'a')).toBe(0);

    t.clock.set('2026-11-20T00:00:00.000Z'); // 08:00 Shanghai
    // Two app instances: two schedulers, two job loops at the same time.
    await Promise.all([bulletinScheduler(times)(ctx), bulletinScheduler(times)(ctx)]);
    await Promise.all([runDueJobs(ctx, handlers, 'instance-1'), runDueJobs(ctx, handlers, 'instance-2')]);
    // One job per rulebook city and day, whoever enqueued it.
    const jobs = await queryRows<{ unique_key: string; status: string }>(t.deps.db, sql`SELECT unique_key, status FROM jobs WHERE kind = ${BULLETINS_JOB} ORDER BY unique_key`);
    expect(jobs).toEqual([
      { unique_key: `${BULLETINS_JOB}:xian:2026-11-20`, status: 'done' },
      { unique_key: `${BULLETINS_JOB}:zhengzhou:2026-11-20`, status: 'done' },
    ]);
    // Even the generation itself run twice at once (a stale job reclaimed) adds nothing.
    const again = await Promise.all([1, 2].map(() => generateDailyBulletins(t.deps.db, t.deps.clock, 'zhengzhou', '2026-11-20', '07:00')));
    expect(again).toEqual([0, 0]);
    const rows = await queryRows<{ group_id: number; n: number; copies: number }>(
      t.deps.db,
      sql`SELECT x.group_id, count(DISTINCT x.id)::int AS n, count(k.*)::int AS copies FROM linkage_bulletins x JOIN linkage_bulletin_copies k ON k.bulletin_id = x.id
          WHERE x.bulletin_date = '2026-11-20' GROUP BY x.group_id`,
    );
    expect(rows).toEqual([{ group_id: groupId, n: 1, copies: 2 }]);
  });

  it("lists yesterday's requests, open and overdue work and the vacuum compound's payment progress", async () => {
    const list = (await city.liaison.get(`/api/linkage/groups/${groupId}/bulletins`)).json().items;
    expect(list.map((b: { bulletinDate: string }) => b.bulletinDate)).toEqual(['2026-11-20']);
    const b = (await city.steward.get(`/api/linkage/bulletins/${list[0].id}`)).json();
    expect(b.windowFrom).toBe('2026-11-18T23:00:00.000Z');
    expect(b.windowTo).toBe('2026-11-19T23:00:00.000Z');
    expect(b.content.requests).toMatchObject({ new: 1, open: 1 });
    expect(b.content.requests.newItems.map((r: { id: number }) => r.id)).toEqual([requestId]);
    // no_heat: first response within the rulebook's target, long passed by 07:00 next day.
    expect(b.content.requests.overdue).toBe(1);
    expect(b.content.payments).toEqual([
      expect.objectContaining({ compoundId: city.vacuumCompoundId, season: '2026-27', households: 1, paidInWindowFen: 100_000 }),
    ]);
    expect(b.content.payments[0].billedFen).toBeGreaterThan(0);
    expect(b.content.payments[0].paidFen).toBe(Math.min(100_000, b.content.payments[0].billedFen));
    expect(b.content.extra).toEqual({});
    expect((await city.otherLiaison.get(`/api/linkage/bulletins/${list[0].id}`)).statusCode).toBe(403);
  });

  it("lets each side acknowledge its own copy only; the other side's copy is 403, twice is 409", async () => {
    const id = (await city.liaison.get(`/api/linkage/groups/${groupId}/bulletins`)).json().items[0].id;
    const other = await city.liaison.post(`/api/linkage/bulletins/${id}/acknowledge`, { side: 'heating' });
    expect(other.statusCode).toBe(403);
    expect(other.json().error.code).toBe('other_side_copy');
    expect((await city.otherLiaison.post(`/api/linkage/bulletins/${id}/acknowledge`, { side: 'community' })).statusCode).toBe(403);
    const ok = await city.liaison.post(`/api/linkage/bulletins/${id}/acknowledge`, { side: 'community' });
    expect(ok.statusCode).toBe(200);
    expect(ok.json().copies).toEqual([
      { side: 'heating', acknowledgedBy: null, acknowledgedAt: null, remindedAt: null },
      expect.objectContaining({ side: 'community', acknowledgedBy: '社区网格员 刘芳' }),
    ]);
    expect((await city.liaison.post(`/api/linkage/bulletins/${id}/acknowledge`, { side: 'community' })).statusCode).toBe(409);
    // The branch dashboard still shows it: the heating side has not acknowledged.
    const board = await city.admin.get('/api/linkage/dashboard');
    expect(board.json().items.map((x: { id: number }) => x.id)).toEqual([id]);
  });

  it('reminds the side that has not acknowledged by noon, once', async () => {
    t.clock.set('2026-11-20T04:05:00.000Z'); // 12:05 Shanghai
    await Promise.all([bulletinScheduler(times)(ctx), bulletinScheduler(times)(ctx)]);
    await Promise.all([runDueJobs(ctx, handlers, 'instance-1'), runDueJobs(ctx, handlers, 'instance-2')]);
    const sent = await queryRows<{ recipient: string }>(t.deps.db, sql`SELECT recipient FROM outbox WHERE template = 'linkage_bulletin_unacknowledged' ORDER BY recipient`);
    expect(sent.map((s) => Number(s.recipient)).sort()).toEqual([city.steward.actorId, city.deputy.actorId, city.crewLead.actorId].sort());
    const id = (await city.steward.get(`/api/linkage/groups/${groupId}/bulletins`)).json().items[0].id;
    expect((await city.steward.post(`/api/linkage/bulletins/${id}/acknowledge`, { side: 'heating' })).statusCode).toBe(200);
    expect((await city.admin.get('/api/linkage/dashboard')).json().items).toEqual([]);
  });

  it('lets an admin issue today’s bulletin by hand for a group without one, and only once', async () => {
    const created = await city.admin.post('/api/linkage/groups', { communityId: city.otherCommunityId });
    const res = await city.admin.post(`/api/linkage/groups/${created.json().id}/bulletins`);
    expect(res.statusCode).toBe(201);
    expect(res.json()).toMatchObject({ bulletinDate: '2026-11-20', content: { requests: { new: 0 }, payments: [] } });
    expect((await city.admin.post(`/api/linkage/groups/${created.json().id}/bulletins`)).statusCode).toBe(409);
    expect((await city.liaison.post(`/api/linkage/groups/${created.json().id}/bulletins`)).statusCode).toBe(403);
  });
});
