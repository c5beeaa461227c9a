import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type Client, type TestApp } from '../test/test-app.ts';

let t: TestApp;
let admin: Client;
beforeAll(async () => {
  t = await createTestApp();
  admin = await t.loginAs('admin', [{ kind: 'branch', refId: 1 }]);
});
afterAll(() => t.close());

const raw = (payload: string, contentType = 'application/json') =>
  admin.request({ method: 'POST', url: '/api/users', payload, headers: { 'content-type': contentType } });

describe('bad input always gets a JSON 4xx, never a 500', () => {
  it('malformed JSON → 400 malformed_json', async () => {
    const res = await raw('{"role": ');
    expect(res.statusCode).toBe(400);
    expect(res.json().error.code).toBe('malformed_json');
  });

  it('wrong types are not coerced in bodies → 400 naming the field', async () => {
    const res = await admin.post('/api/users', { role: 'clerk', name: 42, username: 'abc', password: 'long-enough', scopes: [] });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.details).toContainEqual({ field: 'name', message: 'must be string', rule: 'type', params: { type: 'string' } });
  });

  it('unknown fields are rejected, not silently dropped', async () => {
    const res = await admin.post('/api/users', { role: 'clerk', name: 'x', isAdmin: true });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.details).toContainEqual({ field: 'isAdmin', message: 'is not a known field', rule: 'additionalProperties', params: { additionalProperty: 'isAdmin' } });
  });

  it('oversize bodies → 413', async () => {
    const res = await raw(JSON.stringify({ name: 'x'.repeat(2 * 1024 * 1024) }));
    expect(res.statusCode).toBe(413);
    expect(res.json().error.code).toBe('body_too_large');
  });

  it('an unsupported content type → 415', async () => {
    const res = await raw('role=clerk', 'text/plain');
    expect(res.statusCode).toBe(415);
    expect(res.json().error.code).toBe('unsupported_media_type');
  });

  it('bad query parameters → 400', async () => {
    const res = await admin.get('/api/users?page=0&pageSize=abc');
    expect(res.statusCode).toBe(400);
    expect(res.json().error.details.map((d: { field: string }) => d.field)).toEqual(expect.arrayContaining(['page', 'pageSize']));
  });

  it('an unknown API route → 404 JSON', async () => {
    const res = await t.anon.get('/api/no-such-thing');
    expect(res.statusCode).toBe(404);
    expect(res.json().error.code).toBe('not_found');
  });

  it('every response carries a request id, echoed in the audit row', async () => {
    const res = await admin.request({
      method: 'POST',
      url: '/api/users',
      payload: { role: 'dispatcher', name: '客服 小王', username: 'xiaowang', password: 'long-enough-1', scopes: [] },
      headers: { 'x-request-id': 'req-abcdef123' },
    });
    expect(res.statusCode).toBe(201);
    expect(res.headers['x-request-id']).toBe('req-abcdef123');
    const audit = await admin.get(`/api/audit?entity=user&entityId=${res.json().id}`);
    expect(audit.json().items[0]).toMatchObject({ action: 'user.create', requestId: 'req-abcdef123', actorId: admin.actorId });
  });
});

describe('health and API docs', () => {
  it('/api/health reports the database kind and migration', async () => {
    const res = await t.anon.get('/api/health');
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ status: 'ok', db: t.database.kind === 'pglite' ? 'pglite' : 'postgres' });
    expect(res.json().migration).toMatch(/^\d{4}_/);
  });

  it('OpenAPI lists every route with a summary', async () => {
    const doc = (await t.anon.get('/api/openapi.json')).json();
    const ops = Object.values(doc.paths as Record<string, Record<string, { summary?: string }>>).flatMap((p) => Object.values(p));
    expect(ops.length).toBeGreaterThan(5);
    for (const op of ops) expect(op.summary).toBeTruthy();
  });
});
