import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { queryRows } from '../../kernel/db.ts';
import { enqueueJob, runDueJobs } from '../../kernel/jobs.ts';
import { jobHandlers } from '../../jobs.ts';
import { createTestApp, type Client, type TestApp } from '../../test/test-app.ts';
import { REPAIRS_SWEEP_JOB, repairsSweepScheduler } from './repairs.jobs.ts';
import { count, makeRepairsCity, walk, type RepairsCity } from './repairs.test-kit.ts';

let t: TestApp;
let c: RepairsCity;
let branchAdmin: Client;
beforeAll(async () => {
  t = await createTestApp();
  c = await makeRepairsCity(t);
  branchAdmin = await t.loginAs('admin', [{ kind: 'branch', refId: c.branchId }], { phone: '13800000077' });
});
afterAll(() => t.close());

const MIN = 60_000;
let sweepNo = 0;
/** One sweep, as the job loop runs it (main.ts hands the loop its full deps, notifier included). */
async function sweep(worker = 'w1') {
  sweepNo += 1;
  await enqueueJob(t.deps.db, t.clock, { kind: REPAIRS_SWEEP_JOB, uniqueKey: `test-sweep-${sweepNo}` });
  return runDueJobs(t.deps, jobHandlers, worker);
}
const open = async (category = 'valve') => (await c.resident.post('/api/repairs', { category })).json().id as number;
const escalations = (id: number) =>
  queryRows<{ cause: string; level: number; target: string }>(t.deps.db, sql`SELECT cause, level, target FROM request_escalations WHERE request_id = ${id} ORDER BY id`);
const messagesAbout = (id: number, template = 'repair_escalated') =>
  queryRows<{ channel: string; recipient: string }>(
    t.deps.db,
    sql`SELECT channel, recipient FROM outbox WHERE template = ${template} AND (data->>'requestId')::int = ${id} ORDER BY id`,
  );

describe('escalation of missed clocks', () => {
  it('records the breach and climbs crew lead → section → branch while the clock stays unmet, then stops', async () => {
    const id = await open(); // valve normal: first response due in 60 min
    await sweep();
    expect(await escalations(id)).toEqual([]);
    t.clock.advance(61 * MIN);
    await sweep();
    expect(await escalations(id)).toEqual([{ cause: 'first_response', level: 1, target: 'crew_lead' }]);
    expect(await messagesAbout(id)).toEqual([
      { channel: 'inapp', recipient: String(c.crewLead.actorId) },
      { channel: 'sms', recipient: '13800000009' },
    ]);
    const board = (await c.crewLead.get('/api/repairs/board')).json().items;
    expect(board.find((r: { id: number }) => r.id === id)).toMatchObject({ escalationLevel: 1 });
    await sweep(); // nothing new: each rung once
    expect(await escalations(id)).toHaveLength(1);

    t.clock.advance(60 * MIN);
    await sweep();
    expect((await escalations(id)).map((e) => e.target)).toEqual(['crew_lead', 'section']);
    t.clock.advance(180 * MIN);
    await sweep();
    expect((await escalations(id)).map((e) => e.target)).toEqual(['crew_lead', 'section', 'branch']);
    expect((await messagesAbout(id)).filter((m) => m.recipient === String(branchAdmin.actorId))).toHaveLength(1);

    await walk(c.steward, id, 'accepted');
    const d = (await c.steward.get(`/api/repairs/${id}`)).json();
    expect(d.clocks[0]).toMatchObject({ name: 'first_response', breached: true });
    expect(d.escalations).toHaveLength(3);
    expect(d.timeline.filter((e: { kind: string }) => e.kind === 'escalated')).toHaveLength(3);
    // On site (due at 360 min) is now 302 min in: not yet breached, so no new rungs.
    await sweep();
    expect(await escalations(id)).toHaveLength(3);
    expect(await count(t, sql`SELECT count(*)::int AS n FROM request_breaches WHERE request_id = ${id}`)).toBe(1);
  });

  it('skips a waiting request: its clocks are paused', async () => {
    const id = await open();
    await walk(c.steward, id, 'accepted', 'waiting'); // waiting for access
    t.clock.advance(400 * MIN); // past on-site (360) in wall time
    await sweep();
    expect(await escalations(id)).toEqual([]);
    expect(await count(t, sql`SELECT count(*)::int AS n FROM request_breaches WHERE request_id = ${id}`)).toBe(0);
  });

  it('two instances sweeping at once escalate and notify exactly once', async () => {
    const id = await open();
    t.clock.advance(61 * MIN);
    sweepNo += 2;
    await enqueueJob(t.deps.db, t.clock, { kind: REPAIRS_SWEEP_JOB, uniqueKey: `race-a-${sweepNo}` });
    await enqueueJob(t.deps.db, t.clock, { kind: REPAIRS_SWEEP_JOB, uniqueKey: `race-b-${sweepNo}` });
    const ran = await Promise.all([runDueJobs(t.deps, jobHandlers, 'instance-a', 1), runDueJobs(t.deps, jobHandlers, 'instance-b', 1)]);
    expect(ran).toEqual([1, 1]);
    expect(await escalations(id)).toEqual([{ cause: 'first_response', level: 1, target: 'crew_lead' }]);
    expect(await messagesAbout(id)).toHaveLength(2); // one in-app + one SMS to the crew lead
    expect(await count(t, sql`SELECT count(*)::int AS n FROM request_breaches WHERE request_id = ${id}`)).toBe(1);
    const failed = await count(t, sql`SELECT count(*)::int AS n FROM jobs WHERE kind = ${REPAIRS_SWEEP_JOB} AND status <> 'done'`);
    expect(failed).toBe(0);
  });

  it('the scheduler queues one sweep per minute however many instances tick', async () => {
    const a = repairsSweepScheduler();
    const b = repairsSweepScheduler();
    const key = `${REPAIRS_SWEEP_JOB}:${t.clock.now().toISOString().slice(0, 16)}`;
    await a(t.deps);
    await b(t.deps);
    await a(t.deps);
    expect(await count(t, sql`SELECT count(*)::int AS n FROM jobs WHERE unique_key = ${key}`)).toBe(1);
    await runDueJobs(t.deps, jobHandlers, 'w');
  });
});
