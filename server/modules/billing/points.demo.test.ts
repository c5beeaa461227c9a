/** The demo city's vacuum compound: proposed a temporary point on the page and through the mode-change feed. */
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryRows } from '../../kernel/db.ts';
import type { JobRow } from '../../kernel/jobs.ts';
import { DEMO_PASSWORD } from '../../seed/demo-accounts.ts';
import { seedDemo } from '../../seed/demo.ts';
import { createTestApp, type TestApp } from '../../test/test-app.ts';
import { POINT_PROPOSAL_JOB, pointProposalJob, pointProposalScheduler } from './points.jobs.ts';

let t: TestApp;
let cookies: Record<string, string>;
beforeAll(async () => {
  t = await createTestApp(); // 2026-11-20: 金色港湾小区 is between its two property companies
  await seedDemo(t.deps, { households: 300 });
  const res = await t.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'clerk', password: DEMO_PASSWORD } });
  cookies = Object.fromEntries(res.cookies.map((c) => [c.name, c.value]));
}, 180_000);
afterAll(() => t.close());

const asClerk = (method: 'GET' | 'POST', url: string, payload?: unknown) =>
  t.app.inject({ method, url, cookies, headers: { 'x-csrf-token': cookies.hs_csrf! }, ...(payload !== undefined && { payload: payload as object }) });
const ctx = () => ({ db: t.deps.db, clock: t.deps.clock, log: t.deps.log, notifier: t.deps.notifier });
const proposalJobs = () =>
  queryRows<JobRow & { status: string }>(t.deps.db, sql`SELECT id, kind, unique_key, payload, attempts, max_attempts, status FROM jobs WHERE kind = ${POINT_PROPOSAL_JOB} ORDER BY id`);

describe('the demo vacuum compound', () => {
  it('is proposed on the clerk’s page with dates covering its vacuum, and no longer once a point is open', async () => {
    const items = (await asClerk('GET', '/api/billing/points/proposals')).json().items as { compoundId: number; compoundName: string; since: string; until: string; suggested: { fromDate: string; toDate: string } }[];
    expect(items.map((p) => p.compoundName).sort()).toEqual(['代书胡同3号院', '金色港湾小区']);
    const vacuum = items.find((p) => p.compoundName === '金色港湾小区')!;
    expect(vacuum).toMatchObject({ since: '2026-10-31', until: '2026-12-01', suggested: { fromDate: '2026-11-20', toDate: '2026-11-30' } });
  });

  it('the mode-change feed queues one proposal job per compound turning direct; its clerks hear it once', async () => {
    await pointProposalScheduler()(ctx());
    await pointProposalScheduler()(ctx()); // a restarted scheduler re-offers the feed: no second job
    const jobs = await proposalJobs();
    const compounds = jobs.map((j) => (j.payload as { compoundId: number }).compoundId);
    expect(new Set(compounds).size).toBe(jobs.length);
    const [vacuum] = await queryRows<{ id: number }>(t.deps.db, sql`SELECT id FROM compounds WHERE name = '金色港湾小区'`);
    const job = jobs.find((j) => (j.payload as { compoundId: number }).compoundId === vacuum!.id)!;
    expect(job.payload).toMatchObject({ effectiveOn: '2026-11-20', reason: 'no_company' }); // recorded when the demo tenures were seeded

    expect(await pointProposalJob(ctx(), job)).toMatchObject({ notified: expect.any(Number) });
    const [sent] = await queryRows<{ n: number; body: string }>(
      t.deps.db,
      sql`SELECT count(*)::int AS n, max(body) AS body FROM outbox WHERE template = 'temporary_point_proposed' AND data->>'compoundId' = ${String(vacuum!.id)}`,
    );
    expect(sent!.n).toBeGreaterThan(0);
    expect(sent!.body).toContain('金色港湾小区');

    // Once a point covers the compound, the same job finds nothing to propose.
    const clerkId = (await queryRows<{ id: number }>(t.deps.db, sql`SELECT id FROM users WHERE username = 'clerk'`))[0]!.id;
    const opened = await asClerk('POST', '/api/billing/points', {
      name: '金色港湾小区临时缴费点', address: '3号楼南侧', fromDate: '2026-11-20', toDate: '2026-11-30', compoundIds: [vacuum!.id], staffUserIds: [clerkId],
    });
    expect(opened.statusCode).toBe(201);
    expect(await pointProposalJob(ctx(), job)).toEqual({ skipped: 'an open point covers it' });
    const after = (await asClerk('GET', '/api/billing/points/proposals')).json().items as { compoundName: string }[];
    expect(after.map((p) => p.compoundName)).toEqual(['代书胡同3号院']);
  });
});
