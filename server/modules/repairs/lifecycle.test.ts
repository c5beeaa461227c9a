import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { queryRows } from '../../kernel/db.ts';
import { enqueueJob, runDueJobs } from '../../kernel/jobs.ts';
import { jobHandlers } from '../../jobs.ts';
import { createTestApp, type TestApp } from '../../test/test-app.ts';
import { REPAIRS_SWEEP_JOB } from './repairs.jobs.ts';
import { makeRepairsCity, walk, type RepairsCity } from './repairs.test-kit.ts';

let t: TestApp;
let c: RepairsCity;
beforeAll(async () => {
  t = await createTestApp();
  c = await makeRepairsCity(t);
});
afterAll(() => t.close());

// Its own app: these tests move the clock by days, past every session.
const MIN = 60_000;
let sweepNo = 0;
/** One sweep, as the job loop runs it (main.ts hands the loop its full deps, notifier included). */
async function sweep(worker = 'w1') {
  sweepNo += 1;
  await enqueueJob(t.deps.db, t.clock, { kind: REPAIRS_SWEEP_JOB, uniqueKey: `test-sweep-${sweepNo}` });
  return runDueJobs(t.deps, jobHandlers, worker);
}
const open = async (category = 'valve') => (await c.resident.post('/api/repairs', { category })).json().id as number;
const messagesAbout = (id: number, template = 'repair_escalated') =>
  queryRows<{ channel: string; recipient: string }>(
    t.deps.db,
    sql`SELECT channel, recipient FROM outbox WHERE template = ${template} AND (data->>'requestId')::int = ${id} ORDER BY id`,
  );

describe('honest status after the fix', () => {
  it('a reopen goes back to the grid steward and straight to the crew lead, with fresh clocks', async () => {
    const id = await open();
    await c.crewLead.post(`/api/repairs/${id}/reassign`, { userId: c.deputy.actorId });
    await walk(c.deputy, id, 'accepted', 'on_site', 'resolved');
    const res = await c.resident.post(`/api/repairs/${id}/transitions`, { to: 'reopened', note: '还是不热' });
    expect(res.statusCode).toBe(200);
    const d = res.json();
    expect(d).toMatchObject({ status: 'reopened', round: 1, assigneeUserId: c.steward.actorId, escalationLevel: 1 });
    expect(d.clocks.every((k: { metAt: string | null }) => k.metAt === null)).toBe(true);
    expect(new Date(d.clocks[0].dueAt).getTime() - t.clock.now().getTime()).toBe(60 * MIN);
    expect(d.escalations).toEqual([expect.objectContaining({ cause: 'reopened', level: 1, target: 'crew_lead' })]);
    const told = (await messagesAbout(id, 'repair_reopened')).map((m) => m.recipient);
    expect(told).toEqual(expect.arrayContaining([String(c.steward.actorId), String(c.crewLead.actorId)]));
    expect((await c.steward.get('/api/repairs/queue')).json().items.map((r: { id: number }) => r.id)).toContain(id);
    await walk(c.steward, id, 'accepted', 'on_site', 'resolved');
    await walk(c.resident, id, 'confirmed');
  });

  it('silence confirms a resolved request after the rulebook days, as the system; earlier it waits', async () => {
    const id = await open();
    await walk(c.steward, id, 'accepted', 'on_site', 'resolved');
    t.clock.advance(3 * 24 * 60 * MIN - MIN); // Zhengzhou autoConfirmDays = 3
    await sweep();
    const status = async () => (await queryRows<{ status: string }>(t.deps.db, sql`SELECT status FROM repair_requests WHERE id = ${id}`))[0]!.status;
    expect(await status()).toBe('resolved');
    t.clock.advance(2 * MIN);
    await sweep();
    expect(await status()).toBe('confirmed');
    const [event] = await queryRows<{ kind: string; actor_id: number | null }>(
      t.deps.db,
      sql`SELECT kind, actor_id FROM request_events WHERE request_id = ${id} ORDER BY id DESC LIMIT 1`,
    );
    expect(event).toEqual({ kind: 'auto_confirmed', actor_id: null });
  });
});
