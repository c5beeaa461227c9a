/** Suspension/resumption (报停/复热): the change window, decisions, scope, and the bill run's effect. */
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryRows } from '../../kernel/db.ts';
import type { Client, TestApp } from '../../test/test-app.ts';
import { billSeason, billingTestApp, countRows, makePlace } from './billing.test-kit.ts';

/** 10 May 2027, 10:00 in Zhengzhou: inside the change window 1 Apr – 30 Sep; the next season is 2027-28. */
const IN_WINDOW = '2027-05-10T02:00:00.000Z';
const APPLY = '/api/billing/suspensions';

let t: TestApp;
let place: Awaited<ReturnType<typeof makePlace>>;
let clerk: Client;
beforeAll(async () => {
  t = await billingTestApp(IN_WINDOW);
  place = await makePlace(t);
  clerk = await t.loginAs('clerk', [{ kind: 'branch', refId: place.branch.id }]);
}, 180_000); // a fresh database under a loaded machine can take a while
afterAll(() => t.close());

const residentOf = (householdId: number) => t.loginAs('resident', [{ kind: 'household', refId: householdId }]);
const statusOf = async (householdId: number) =>
  (await queryRows<{ status: string }>(t.deps.db, sql`SELECT status FROM households WHERE id = ${householdId}`))[0]!.status;
const billOf = async (householdId: number, season: string) =>
  (await queryRows<{ basis: string; amount_fen: string }>(t.deps.db, sql`SELECT basis, amount_fen::text AS amount_fen FROM bills WHERE household_id = ${householdId} AND season = ${season}`))[0];

describe('applying', () => {
  it('is refused outside the change window, saying the window, and writes nothing', async () => {
    const hh = await place.household();
    const resident = await residentOf(hh.id);
    t.clock.set('2026-11-20T02:00:00.000Z');
    try {
      const before = await countRows(t, 'suspension_applications');
      const res = await resident.post(APPLY, { householdId: hh.id, kind: 'suspend' });
      expect(res.statusCode).toBe(422);
      expect(res.json().error).toMatchObject({
        code: 'outside_change_window',
        params: { start: '2026-04-01', end: '2026-09-30', today: '2026-11-20' },
        details: [{ field: 'kind', rule: 'outside_change_window', params: { start: '2026-04-01', end: '2026-09-30' } }],
      });
      expect(res.json().error.message).toContain('2026-04-01 – 2026-09-30');
      expect(await countRows(t, 'suspension_applications')).toBe(before);
      const outlook = (await resident.get(`/api/billing/households/${hh.id}/suspension-outlook`)).json();
      expect(outlook).toMatchObject({ inWindow: false, today: '2026-11-20', season: '2027-28' });
    } finally {
      t.clock.set(IN_WINDOW);
    }
  });

  it('a resident applies for their own household, for the next season; a second one waits for the first', async () => {
    const hh = await place.household();
    const resident = await residentOf(hh.id);
    const res = await resident.post(APPLY, { householdId: hh.id, kind: 'suspend', reason: '出国一年' });
    expect(res.statusCode).toBe(201);
    expect(res.json()).toMatchObject({ householdId: hh.id, season: '2027-28', kind: 'suspend', status: 'pending', toStatus: 'suspended', reason: '出国一年' });
    const again = await resident.post(APPLY, { householdId: hh.id, kind: 'suspend' });
    expect(again.statusCode).toBe(409);
    expect(again.json().error.code).toBe('application_pending');
    const outlook = (await resident.get(`/api/billing/households/${hh.id}/suspension-outlook`)).json();
    expect(outlook).toMatchObject({ inWindow: true, season: '2027-28', statusForSeason: 'heating', window: { start: '2027-04-01', end: '2027-09-30' } });
    expect(outlook.applications).toHaveLength(1);
  });

  it('refuses what would change nothing, and bad input field by field', async () => {
    const hh = await place.household();
    const resume = await clerk.post(APPLY, { householdId: hh.id, kind: 'resume' });
    expect(resume.statusCode).toBe(422);
    expect(resume.json().error.code).toBe('not_suspended');
    const bad = await clerk.post(APPLY, { householdId: hh.id, kind: 'pause' });
    expect(bad.statusCode).toBe(400);
    const disconnected = await place.household({ status: 'disconnected' });
    expect((await clerk.post(APPLY, { householdId: disconnected.id, kind: 'suspend' })).json().error.code).toBe('household_disconnected');
  });

  it('scope: a resident cannot apply for another household, a clerk not for another branch', async () => {
    const mine = await place.household();
    const theirs = await place.household();
    const resident = await residentOf(mine.id);
    const elsewhere = await makePlace(t);
    const otherClerk = await t.loginAs('clerk', [{ kind: 'branch', refId: elsewhere.branch.id }]);
    const before = await countRows(t, 'suspension_applications');
    expect((await resident.post(APPLY, { householdId: theirs.id, kind: 'suspend' })).statusCode).toBe(403);
    expect((await otherClerk.post(APPLY, { householdId: theirs.id, kind: 'suspend' })).statusCode).toBe(403);
    expect((await resident.get(`/api/billing/households/${theirs.id}/suspension-outlook`)).statusCode).toBe(403);
    expect(await countRows(t, 'suspension_applications')).toBe(before);
  });
});

describe('deciding', () => {
  it('a clerk approves (audited, the household hears it), then the decision is final', async () => {
    const hh = await place.household({ phone: '13900001111' });
    const resident = await residentOf(hh.id);
    const app = (await resident.post(APPLY, { householdId: hh.id, kind: 'suspend' })).json();
    expect((await resident.post(`${APPLY}/${app.id}/approve`, {})).statusCode).toBe(403);
    const elsewhere = await makePlace(t);
    const otherClerk = await t.loginAs('clerk', [{ kind: 'branch', refId: elsewhere.branch.id }]);
    expect((await otherClerk.post(`${APPLY}/${app.id}/approve`, {})).statusCode).toBe(403);

    const pending = (await clerk.get(`${APPLY}?status=pending`)).json().items as { id: number }[];
    expect(pending.map((p) => p.id)).toContain(app.id);
    expect((await otherClerk.get(`${APPLY}?status=pending`)).json().items).toEqual([]);

    const ok = await clerk.post(`${APPLY}/${app.id}/approve`, { note: '已核实' });
    expect(ok.statusCode).toBe(200);
    expect(ok.json()).toMatchObject({ status: 'approved', decisionNote: '已核实' });
    expect(await statusOf(hh.id)).toBe('suspended');
    const [audit] = await queryRows<{ n: number }>(t.deps.db, sql`SELECT count(*)::int AS n FROM audit_log WHERE action = 'billing.suspension.approve' AND entity_id = ${String(app.id)}`);
    expect(audit!.n).toBe(1);
    const [sms] = await queryRows<{ body: string }>(t.deps.db, sql`SELECT body FROM outbox WHERE recipient = '13900001111' AND template = 'suspension_decided'`);
    expect(sms!.body).toContain('报停申请已批准');

    const twice = await clerk.post(`${APPLY}/${app.id}/reject`, {});
    expect(twice.statusCode).toBe(409);
    expect(twice.json().error.code).toBe('already_decided');
  });

  it('a rejected application leaves the household heating', async () => {
    const hh = await place.household();
    const app = (await clerk.post(APPLY, { householdId: hh.id, kind: 'suspend' })).json();
    const res = await clerk.post(`${APPLY}/${app.id}/reject`, { note: '欠费未清' });
    expect(res.json()).toMatchObject({ status: 'rejected', decisionNote: '欠费未清' });
    expect(await statusOf(hh.id)).toBe('heating');
  });
});

describe('the bill run of the application season', () => {
  it('bills what was approved for that season, leaves earlier seasons as they were, and then refuses changes', async () => {
    const suspending = await place.household({ grossAreaM2: '100.00', interiorAreaM2: '80.00' });
    const resuming = await place.household({ grossAreaM2: '100.00', interiorAreaM2: '80.00', status: 'suspended' });
    const rejected = await place.household({ grossAreaM2: '100.00', interiorAreaM2: '80.00' });
    const decide = async (householdId: number, kind: string, decision: 'approve' | 'reject') => {
      const app = (await clerk.post(APPLY, { householdId, kind })).json();
      expect((await clerk.post(`${APPLY}/${app.id}/${decision}`, {})).statusCode).toBe(200);
    };
    await decide(suspending.id, 'suspend', 'approve');
    await decide(resuming.id, 'resume', 'approve');
    await decide(rejected.id, 'suspend', 'reject');

    await billSeason(t, '2027-28');
    expect(await billOf(suspending.id, '2027-28')).toMatchObject({ basis: 'suspended', amount_fen: '0' }); // Zhengzhou: basic fee 0 %
    expect(await billOf(resuming.id, '2027-28')).toMatchObject({ basis: 'area', amount_fen: '182400' }); // 80 m² × 0.19 × 120
    expect(await billOf(rejected.id, '2027-28')).toMatchObject({ basis: 'area' });

    // A late run of the season BEFORE the change still bills what the households had then.
    await billSeason(t, '2026-27');
    expect(await billOf(suspending.id, '2026-27')).toMatchObject({ basis: 'area', amount_fen: '182400' });
    expect(await billOf(resuming.id, '2026-27')).toMatchObject({ basis: 'suspended' });

    // With 2027-28 billed, an application for it would change nothing: refused with the reason.
    const late = await clerk.post(APPLY, { householdId: rejected.id, kind: 'suspend' });
    expect(late.statusCode).toBe(422);
    expect(late.json().error.code).toBe('season_already_billed');
  });
});
