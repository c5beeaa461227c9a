import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../../app.ts';
import { openPostgres, type Database } from '../../kernel/db.ts';
import { createTestApp, type TestApp } from '../../test/test-app.ts';
import { openSse, type SseEvent, type SseStream } from '../../test/sse.ts';
import { makeRepairsCity, walk, type RepairsCity } from './repairs.test-kit.ts';

let t: TestApp;
let c: RepairsCity;
let urlA: string;
/** Instance B: a second app on its own pool of the same PostgreSQL database (PGlite: one process, so A itself). */
let appB: FastifyInstance | undefined;
let dbB: Database | undefined;
let urlB: string;

beforeAll(async () => {
  t = await createTestApp();
  c = await makeRepairsCity(t);
  urlA = await t.app.listen({ host: '127.0.0.1', port: 0 });
  if (t.database.kind === 'postgres') {
    dbB = openPostgres(t.database.pool!.options.connectionString!, 4);
    appB = await buildApp({ deps: { ...t.deps, db: dbB.db }, sessionTtlHours: 12 });
    urlB = await appB.listen({ host: '127.0.0.1', port: 0 });
  } else {
    urlB = urlA;
  }
});
afterAll(async () => {
  await appB?.close();
  await dbB?.close();
  await t.close();
});

const streams: SseStream[] = [];
async function follow(base: string, cookie: string, topics: string[]): Promise<SseStream> {
  const s = await openSse(`${base}/api/live?topics=${encodeURIComponent(topics.join(','))}`, cookie);
  streams.push(s);
  if (s.status === 200) await s.next((e) => e.event === 'ready');
  return s;
}
afterAll(() => streams.forEach((s) => s.close()));

const about = (requestId: number) => (e: SseEvent) => (e.data as { payload?: { requestId?: number } }).payload?.requestId === requestId;

describe('live updates of the repairs flow (SSE over LISTEN/NOTIFY)', () => {
  it('a request opened through instance A reaches the steward streaming from instance B', async () => {
    const steward = await follow(urlB, c.steward.cookie, [`grid:${c.gridId}`, `queue:user:${c.steward.actorId}`]);
    const res = await fetch(`${urlA}/api/repairs`, {
      method: 'POST',
      headers: { cookie: c.resident.cookie, 'content-type': 'application/json', 'x-csrf-token': /hs_csrf=([^;]+)/.exec(c.resident.cookie)![1]! },
      body: JSON.stringify({ category: 'no_heat' }),
    });
    expect(res.status).toBe(201);
    const id = ((await res.json()) as { id: number }).id;
    const e = await steward.next(about(id));
    expect(e.data).toEqual({
      type: 'change',
      topics: [`grid:${c.gridId}`, `queue:user:${c.steward.actorId}`],
      payload: { kind: 'repair.changed', requestId: id, status: 'submitted' },
    });
  });

  it('each step reaches the resident following the request, once per step, in order', async () => {
    const id = (await c.resident.post('/api/repairs', { category: 'leak' })).json().id as number;
    const resident = await follow(urlB, c.resident.cookie, [`request:${id}`, `household:${c.householdId}`]);
    await walk(c.steward, id, 'accepted', 'on_site');
    await resident.next((e) => about(id)(e) && (e.data as { payload: { status: string } }).payload.status === 'on_site');
    const statuses = resident.events.filter(about(id)).map((e) => (e.data as { payload: { status: string } }).payload.status);
    expect(statuses).toEqual(['accepted', 'on_site']);
  });

  it('a refused step (409) announces nothing: the message goes out only on commit', async () => {
    const id = (await c.resident.post('/api/repairs', { category: 'noise' })).json().id as number;
    const crew = await follow(urlA, c.crewLead.cookie, [`request:${id}`, `lead:user:${c.crewLead.actorId}`]);
    expect((await c.steward.post(`/api/repairs/${id}/transitions`, { to: 'resolved' })).statusCode).toBe(409);
    await walk(c.steward, id, 'accepted');
    await crew.next(about(id));
    expect(crew.events.filter(about(id)).map((e) => e.data)).toEqual([
      { type: 'change', topics: [`request:${id}`, `lead:user:${c.crewLead.actorId}`], payload: { kind: 'repair.changed', requestId: id, status: 'accepted' } },
    ]);
  });

  it('a reassignment reaches both the old and the new owner\'s queue', async () => {
    const id = (await c.resident.post('/api/repairs', { category: 'valve' })).json().id as number;
    const oldOwner = await follow(urlA, c.steward.cookie, [`queue:user:${c.steward.actorId}`]);
    const newOwner = await follow(urlB, c.deputy.cookie, [`queue:user:${c.deputy.actorId}`]);
    expect((await c.crewLead.post(`/api/repairs/${id}/reassign`, { userId: c.deputy.actorId })).statusCode).toBe(200);
    await oldOwner.next(about(id));
    await newOwner.next(about(id));
  });
});

describe('who may follow what', () => {
  it('refuses a topic outside the actor\'s scope with 403 JSON naming it, and opens no stream', async () => {
    const other = await follow(urlA, c.otherSteward.cookie, [`grid:${c.otherGridId}`, `grid:${c.gridId}`]);
    expect(other.status).toBe(403);
    expect(other.body).toEqual({ error: { code: 'topic_forbidden', message: `Outside your scope: grid:${c.gridId}`, details: { topics: [`grid:${c.gridId}`] } } });
    expect((await follow(urlA, c.steward.cookie, [`queue:user:${c.deputy.actorId}`])).status).toBe(403);
    const theirs = (await c.otherResident.post('/api/repairs', { category: 'other' })).json().id as number;
    expect((await follow(urlA, c.resident.cookie, [`request:${theirs}`])).status).toBe(403);
    expect((await follow(urlA, c.resident.cookie, [`household:${c.otherHouseholdId}`])).status).toBe(403);
    expect((await follow(urlA, c.resident.cookie, ['request:999999999'])).status).toBe(403);
    expect((await follow(urlA, c.steward.cookie, [`branch:${c.branchId}`])).status).toBe(403);
    expect((await follow(urlA, c.steward.cookie, [`lead:user:${c.steward.actorId}`])).status).toBe(403);
  });

  it('grants the crew lead their crew\'s grid and a branch admin the branch', async () => {
    expect((await follow(urlA, c.crewLead.cookie, [`grid:${c.gridId}`])).status).toBe(200);
    const admin = await t.loginAs('admin', [{ kind: 'branch', refId: c.branchId }]);
    expect((await follow(urlA, admin.cookie, [`branch:${c.branchId}`, `grid:${c.otherGridId}`])).status).toBe(200);
    expect((await follow(urlA, admin.cookie, [`branch:${c.branchId + 1000}`])).status).toBe(403);
  });

  it('says what is wrong with malformed or unknown topics (422), and wants a session (401)', async () => {
    const bad = await follow(urlA, c.steward.cookie, ['grid:12; DROP']);
    expect(bad.status).toBe(422);
    expect((bad.body as { error: { details: { field: string }[] } }).error.details[0]!.field).toBe('topics');
    expect((await follow(urlA, c.steward.cookie, ['weather:1'])).status).toBe(422);
    expect((await follow(urlA, c.steward.cookie, [])).status).toBe(422);
    expect((await openSse(`${urlA}/api/live?topics=grid:${c.gridId}`, '')).status).toBe(401);
  });

  it('forgets a client that disconnects', async () => {
    const hub = t.app.liveHub;
    const before = hub.subscribers;
    const s = await follow(urlA, c.steward.cookie, [`grid:${c.gridId}`]);
    expect(hub.subscribers).toBe(before + 1);
    s.close();
    for (let i = 0; i < 50 && hub.subscribers > before; i++) await new Promise((r) => setTimeout(r, 20));
    expect(hub.subscribers).toBe(before);
  });
});
