import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { actorAs, createTestApp, refusalCode, type TestApp } from '../../test/test-app.ts';
import { crewBoard, stewardQueue } from './requests.read.ts';
import { makeRepairsCity, walk, type RepairsCity } from './repairs.test-kit.ts';

let t: TestApp;
let c: RepairsCity;
beforeAll(async () => {
  t = await createTestApp();
  c = await makeRepairsCity(t);
});
afterAll(() => t.close());

const MIN = 60_000;
const ids = (res: { json(): { items: { id: number }[] } }) => res.json().items.map((r) => r.id);

describe('who sees which requests', () => {
  it("the steward's queue holds their grid's open work, nearest deadline first, waiting last", async () => {
    const noise = (await c.resident.post('/api/repairs', { category: 'noise' })).json().id; // first response in 120 min
    t.clock.advance(MIN);
    const leak = (await c.resident.post('/api/repairs', { category: 'leak', priority: 'urgent' })).json().id; // 15 min
    const parked = (await c.resident.post('/api/repairs', { category: 'valve' })).json().id;
    await walk(c.steward, parked, 'accepted', 'waiting');
    const elsewhere = (await c.otherResident.post('/api/repairs', { category: 'leak' })).json().id;
    const queue = ids(await c.steward.get('/api/repairs/queue'));
    expect(queue).toEqual([leak, noise, parked]);
    expect(ids(await c.otherSteward.get('/api/repairs/queue'))).toEqual([elsewhere]);
    const first = (await c.steward.get('/api/repairs/queue')).json().items[0];
    expect(first).toMatchObject({ category: 'leak', priority: 'urgent', assigneeName: '网格员 王', address: expect.stringContaining(' ') });
    expect(new Date(first.nextDueAt).getTime() - new Date(first.createdAt).getTime()).toBe(15 * MIN);
    // Residents have no queue.
    expect((await c.resident.get('/api/repairs/queue')).statusCode).toBe(403);
  });

  it('a resident lists only their own household; another household does not see it', async () => {
    const mine = ids(await c.resident.get('/api/repairs/mine'));
    const theirs = ids(await c.otherResident.get('/api/repairs/mine'));
    expect(mine.length).toBeGreaterThan(0);
    expect(mine.some((id) => theirs.includes(id))).toBe(false);
    expect((await c.otherResident.get(`/api/repairs/${mine[0]}`)).statusCode).toBe(403);
  });

  it("a liaison reads their community's requests, without the resident's phone", async () => {
    const id = ids(await c.resident.get('/api/repairs/mine'))[0];
    const liaison = await t.loginAs('liaison', [{ kind: 'community', refId: c.communityId }]);
    const res = await liaison.get(`/api/repairs/${id}`);
    expect(res.statusCode).toBe(200);
    expect(res.json().householdPhone).toBeNull();
    expect(res.json().allowedTransitions).toEqual([]);
    expect((await c.steward.get(`/api/repairs/${id}`)).json().householdPhone).toBe(c.householdPhone);
  });

  it("the board shows a crew lead only overdue or escalated work of their own crew's grids", async () => {
    const id = (await c.resident.post('/api/repairs', { category: 'other' })).json().id; // 120 min
    expect(ids(await c.crewLead.get('/api/repairs/board'))).not.toContain(id);
    t.clock.advance(121 * MIN);
    expect(ids(await c.crewLead.get('/api/repairs/board'))).toContain(id);
    const otherLead = await t.loginAs('crew_lead', [{ kind: 'grid', refId: c.otherGridId }]);
    expect(ids(await otherLead.get('/api/repairs/board'))).not.toContain(id);
    expect((await c.steward.get('/api/repairs/board')).statusCode).toBe(403);
  });

  it('the queue and the board refuse other roles in the service too, not only at the route', async () => {
    expect(await refusalCode(() => stewardQueue(t.deps, actorAs('resident')))).toBe('steward_or_crew_lead');
    expect(await refusalCode(() => crewBoard(t.deps, actorAs('steward')))).toBe('crew_lead_or_admin');
  });
});
