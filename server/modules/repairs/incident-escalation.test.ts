import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { queryRows } from '../../kernel/db.ts';
import { createTestApp, type Client, type TestApp } from '../../test/test-app.ts';
import { zhengzhou } from '../rulebook/rules/index.ts';
import { sweepOverdue } from './escalation.ts';
import { count, makeRepairsCity, type RepairsCity } from './repairs.test-kit.ts';

let t: TestApp;
let c: RepairsCity;
let dispatcher: Client;
beforeAll(async () => {
  t = await createTestApp();
  c = await makeRepairsCity(t);
  dispatcher = await t.loginAs('dispatcher', [{ kind: 'branch', refId: c.branchId }]);
});
afterAll(() => t.close());

const MIN = 60_000;
const sweep = () => sweepOverdue(t.deps.db, t.clock, t.deps.notifier);
const hotline = async (householdId: number, category = 'no_heat') => {
  const res = await dispatcher.post('/api/repairs', { category, householdId, channel: 'hotline' });
  expect(res.statusCode).toBe(201);
  return res.json<{ id: number; priority: string; incidentId: number | null }>();
};
const ids = (list: number[]) => sql.join(list.map((id) => sql`${id}`), sql`, `);

describe('escalation during an incident', () => {
  it('linked requests record their breaches but do not climb one by one: the incident climbs the ladder once', async () => {
    // Three "no heat" calls from one building within the window open a building incident.
    const linked = [(await hotline(c.householdId)).id, (await hotline(await c.neighbourHousehold())).id];
    const third = await hotline(await c.neighbourHousehold());
    expect(third.incidentId).not.toBeNull();
    linked.push(third.id);
    const alone = (await c.otherResident.post('/api/repairs', { category: 'valve' })).json().id as number;

    t.clock.advance(61 * MIN); // first response (60 min) missed by all four
    const first = await sweep();
    expect(first.incidentEscalations).toBe(1);
    expect(await count(t, sql`SELECT count(*)::int AS n FROM request_escalations WHERE request_id IN (${ids(linked)})`)).toBe(0);
    expect(await count(t, sql`SELECT count(*)::int AS n FROM request_breaches WHERE request_id IN (${ids(linked)}) AND clock = 'first_response'`)).toBe(3);
    expect(await count(t, sql`SELECT count(*)::int AS n FROM request_escalations WHERE request_id = ${alone}`)).toBe(1);
    const told = () => queryRows<{ channel: string; recipient: string }>(t.deps.db, sql`SELECT channel, recipient FROM outbox WHERE template = 'incident_escalated' ORDER BY id`);
    expect(await told()).toEqual([
      { channel: 'inapp', recipient: String(c.crewLead.actorId) },
      { channel: 'sms', recipient: '13800000009' },
    ]);
    const [incident] = (await c.crewLead.get('/api/repairs/incidents')).json().items;
    expect(incident).toMatchObject({ id: third.incidentId, linkedRequests: 3, escalationLevel: 1 });

    expect((await sweep()).incidentEscalations).toBe(0); // each rung once
    t.clock.advance(60 * MIN);
    await sweep();
    const rungs = await queryRows<{ level: number; target: string }>(t.deps.db, sql`SELECT level, target FROM incident_escalations WHERE incident_id = ${third.incidentId} ORDER BY level`);
    expect(rungs).toEqual([{ level: 1, target: 'crew_lead' }, { level: 2, target: 'section' }]);
    expect(await count(t, sql`SELECT count(*)::int AS n FROM request_escalations WHERE request_id IN (${ids(linked)})`)).toBe(0);

    // Resolved, the incident climbs no further.
    expect((await c.crewLead.post(`/api/repairs/incidents/${third.incidentId}/resolve`, {})).statusCode).toBe(204);
    t.clock.advance(300 * MIN);
    expect((await sweep()).incidentEscalations).toBe(0);
  });
});

describe('the ladder and default priorities come from the rulebook in force', () => {
  it('a new version with a shorter ladder and urgent noise changes what happens from its day on', async () => {
    const admin = await t.loginAs('admin');
    const rules = structuredClone(zhengzhou);
    rules.sla.escalation.ladder = [
      { level: 1, target: 'crew_lead', afterMinutes: 0 },
      { level: 2, target: 'branch', afterMinutes: 10 },
    ];
    rules.sla.defaultPriority.noise = 'urgent';
    const today = new Date(t.clock.now().getTime() + 8 * 3600_000).toISOString().slice(0, 10);
    const res = await admin.post('/api/rulebook/zhengzhou/versions', { effectiveFrom: today, rules, note: 'shorter ladder (test)' });
    expect(res.statusCode).toBe(201);

    const noise = (await c.resident.post('/api/repairs', { category: 'noise' })).json();
    expect(noise.priority).toBe('urgent');
    const created = new Date(noise.createdAt).getTime();
    expect((new Date(noise.clocks[0].dueAt).getTime() - created) / MIN).toBe(60); // noise urgent: first response 60 min
    t.clock.advance(71 * MIN);
    await sweep();
    const climbed = await queryRows<{ level: number; target: string }>(
      t.deps.db,
      sql`SELECT level, target FROM request_escalations WHERE request_id = ${noise.id} AND cause = 'first_response' ORDER BY level`,
    );
    expect(climbed).toEqual([{ level: 1, target: 'crew_lead' }, { level: 2, target: 'branch' }]);
  });
});
