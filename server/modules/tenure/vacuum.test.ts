/** The vacuum switch: mode by date, vacuum intervals, mode-change events and the daily job. */
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { jobs } from '../../kernel/kernel.schema.ts';
import { runDueJobs } from '../../kernel/jobs.ts';
import { jobHandlers } from '../../jobs.ts';
import { makeBranch, makeCompound, makePropertyCompany, makeTenure } from '../../test/factories.ts';
import { createTestApp, type Client, type TestApp } from '../../test/test-app.ts';
import { compoundModeEvents, modeChangesScheduler, modeChangesSince, MODE_CHANGES_JOB, serviceMode, vacuumNow } from './index.ts';
import { recordDailyModeChanges } from './mode-events.ts';

let t: TestApp;
let clerk: Client;
let branchId: number;
beforeAll(async () => {
  t = await createTestApp(); // today: 2026-11-20 in Zhengzhou
  branchId = (await makeBranch(t.deps.db)).id;
  clerk = await t.loginAs('clerk', [{ kind: 'branch', refId: branchId }]);
});
afterAll(() => t.close());

const newCompound = async () => (await makeCompound(t.deps.db, { branchId })).id;
const agentTenure = async (startsOn: string, endsOn: string | null = null) => ({
  kind: 'contracted',
  propertyCompanyId: (await makePropertyCompany(t.deps.db)).id,
  startsOn,
  endsOn,
  collectsAsAgent: true,
});
async function addTenure(compound: number, body: object) {
  const res = await clerk.post(`/api/tenure/compounds/${compound}/tenures`, body);
  if (res.statusCode !== 201) throw new Error(res.body);
  return res.json();
}
const modeOn = async (compound: number, date: string) => (await clerk.get(`/api/tenure/compounds/${compound}/mode?date=${date}`)).json();
const eventsOf = async (compound: number) =>
  (await t.deps.db.select().from(compoundModeEvents).where(eq(compoundModeEvents.compoundId, compound)).orderBy(compoundModeEvents.id)).map(
    ({ effectiveOn, fromMode, toMode, reason }) => ({ effectiveOn, fromMode, toMode, reason }),
  );

describe('service mode by date', () => {
  let compound: number;
  beforeAll(async () => {
    compound = await newCompound();
    await addTenure(compound, await agentTenure('2024-01-01', '2026-10-31'));
    await addTenure(compound, await agentTenure('2026-12-01'));
  });

  it('switches exactly on the half-open boundaries', async () => {
    expect(await modeOn(compound, '2023-12-31')).toMatchObject({ mode: 'direct', reason: 'no_company', tenure: null });
    expect(await modeOn(compound, '2024-01-01')).toMatchObject({ mode: 'agent', reason: 'contracted_agent' });
    expect(await modeOn(compound, '2026-10-30')).toMatchObject({ mode: 'agent' });
    expect(await modeOn(compound, '2026-10-31')).toMatchObject({ mode: 'direct', reason: 'no_company' });
    expect(await modeOn(compound, '2026-11-30')).toMatchObject({ mode: 'direct' });
    const december = await modeOn(compound, '2026-12-01');
    expect(december).toMatchObject({ mode: 'agent', tenure: { startsOn: '2026-12-01', endsOn: null } });
  });

  it('defaults to today and names why', async () => {
    expect(await (await clerk.get(`/api/tenure/compounds/${compound}/mode`)).json()).toMatchObject({ date: '2026-11-20', mode: 'direct', reason: 'no_company' });
  });

  it('lists the vacuum intervals of a range, clipped to it; an empty range is a 422', async () => {
    const res = await clerk.get(`/api/tenure/compounds/${compound}/vacuums?from=2023-06-01&to=2026-11-15`);
    expect(res.json().intervals).toEqual([
      { start: '2023-06-01', end: '2024-01-01', reason: 'no_company', tenureId: null },
      { start: '2026-10-31', end: '2026-11-15', reason: 'no_company', tenureId: null },
    ]);
    const whole = (await clerk.get(`/api/tenure/compounds/${compound}/vacuums?from=2026-01-01&to=2027-03-15`)).json();
    expect(whole.intervals).toEqual([{ start: '2026-10-31', end: '2026-12-01', reason: 'no_company', tenureId: null }]);
    expect((await clerk.get(`/api/tenure/compounds/${compound}/vacuums?from=2026-01-01&to=2026-01-01`)).statusCode).toBe(422);
    expect((await clerk.get(`/api/tenure/compounds/${compound}/vacuums?from=2026-01-01`)).statusCode).toBe(400);
  });

  it('every kind of tenure that is not a collecting company means direct service, in JS and in SQL alike', async () => {
    const cases = [
      { body: { kind: 'emergency', startsOn: '2026-06-01', endsOn: '2027-06-01' }, reason: 'emergency_manager' },
      { body: { kind: 'owners_committee', startsOn: '2026-06-01' }, reason: 'owners_committee' },
      { body: { ...(await agentTenure('2026-06-01')), collectsAsAgent: false }, reason: 'company_not_collecting' },
    ];
    for (const c of cases) {
      const compoundId = await newCompound();
      const { tenure } = await addTenure(compoundId, c.body);
      expect(await serviceMode(t.deps.db, compoundId, '2026-11-20')).toMatchObject({ mode: 'direct', reason: c.reason, tenure: { id: tenure.id } });
      const [interval] = (await clerk.get(`/api/tenure/compounds/${compoundId}/vacuums?from=2026-06-01&to=2026-12-01`)).json().intervals;
      expect(interval).toEqual({ start: '2026-06-01', end: '2026-12-01', reason: c.reason, tenureId: tenure.id });
      const sqlView = (await vacuumNow(t.deps, { branchIds: [branchId] })).find((v) => v.compoundId === compoundId);
      expect(sqlView).toMatchObject({ reason: c.reason, since: '2026-06-01' });
    }
  });

  it('a compound never managed has been direct forever; unknown compound 404', async () => {
    const compoundId = await newCompound();
    expect(await modeOn(compoundId, '2026-11-20')).toMatchObject({ mode: 'direct', reason: 'no_company' });
    expect((await clerk.get('/api/tenure/compounds/999999/mode')).statusCode).toBe(404);
  });
});

describe('mode-change events recorded by tenure writes', () => {
  it('records today’s change and the planned ones, oldest first, for consumers to follow', async () => {
    const cursor = (await modeChangesSince(t.deps.db, 0, 100_000)).at(-1)?.id ?? 0;
    const compound = await newCompound();
    await addTenure(compound, await agentTenure('2025-01-01', '2027-01-01'));
    await addTenure(compound, await agentTenure('2027-02-01'));
    expect(await eventsOf(compound)).toEqual([
      { effectiveOn: '2026-11-20', fromMode: null, toMode: 'agent', reason: 'contracted_agent' },
      { effectiveOn: '2027-01-01', fromMode: 'agent', toMode: 'direct', reason: 'no_company' },
      { effectiveOn: '2027-02-01', fromMode: 'direct', toMode: 'agent', reason: 'contracted_agent' },
    ]);
    const feed = await modeChangesSince(t.deps.db, cursor);
    expect(feed.filter((e) => e.compoundId === compound)).toHaveLength(3);
    expect(feed.map((e) => e.id)).toEqual([...feed.map((e) => e.id)].sort((a, b) => a - b));
  });

  it('a write that changes nothing from today on records nothing', async () => {
    const compound = await newCompound();
    const { tenure } = await addTenure(compound, await agentTenure('2025-01-01'));
    const before = await eventsOf(compound);
    expect((await clerk.patch(`/api/tenure/tenures/${tenure.id}`, { note: '续签' })).json().modeChanges).toEqual([]);
    expect(await eventsOf(compound)).toEqual(before);
  });
});

describe('the daily mode-change job', () => {
  const ctx = () => ({ db: t.deps.db, clock: t.clock, log: t.deps.log, notifier: t.deps.notifier });
  const runJobs = () => runDueJobs(ctx(), jobHandlers, 'test-worker');

  it('records a transition that happens only because a date passed, once however often it runs', async () => {
    // Written straight to the table, as an import would: no events yet.
    const compound = await newCompound();
    await makeTenure(t.deps.db, { compoundId: compound, startsOn: '2025-01-01', endsOn: '2026-11-21', propertyCompanyId: (await makePropertyCompany(t.deps.db)).id });
    const schedule = modeChangesScheduler();
    await schedule(ctx());
    await schedule(ctx());
    await modeChangesScheduler()(ctx()); // another instance: the unique key makes it a no-op
    const queued = await t.deps.db.select().from(jobs).where(eq(jobs.uniqueKey, `${MODE_CHANGES_JOB}:zhengzhou:2026-11-20`));
    expect(queued).toHaveLength(1);
    await runJobs();
    expect(await eventsOf(compound)).toEqual([{ effectiveOn: '2026-11-20', fromMode: null, toMode: 'agent', reason: 'contracted_agent' }]);

    t.clock.set('2026-11-20T16:00:00Z'); // 00:00 on 21 November in Zhengzhou: the tenure has ended
    await schedule(ctx());
    await runJobs();
    const [done] = await t.deps.db.select().from(jobs).where(eq(jobs.uniqueKey, `${MODE_CHANGES_JOB}:zhengzhou:2026-11-21`));
    expect(done).toMatchObject({ status: 'done', result: { recorded: expect.any(Number) } });
    expect(await recordDailyModeChanges(t.deps.db, t.clock, 'zhengzhou', '2026-11-21')).toBe(0);
    expect(await eventsOf(compound)).toEqual([
      { effectiveOn: '2026-11-20', fromMode: null, toMode: 'agent', reason: 'contracted_agent' },
      { effectiveOn: '2026-11-21', fromMode: 'agent', toMode: 'direct', reason: 'no_company' },
    ]);
    t.clock.set('2026-11-20T02:00:00Z');
  });

  it('adds nothing for a transition a tenure write already announced', async () => {
    const compound = await newCompound();
    await addTenure(compound, await agentTenure('2025-01-01', '2026-11-25'));
    const announced = await eventsOf(compound);
    expect(announced.at(-1)).toMatchObject({ effectiveOn: '2026-11-25', toMode: 'direct' });
    t.clock.set('2026-11-24T16:00:00Z'); // 25 November
    await modeChangesScheduler()(ctx());
    await runJobs();
    expect(await eventsOf(compound)).toEqual(announced);
    t.clock.set('2026-11-20T02:00:00Z');
  });
});
