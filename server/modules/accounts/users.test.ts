import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Role } from '../../kernel/actor.ts';
import { createTestApp, type Client, type TestApp } from '../../test/test-app.ts';

let t: TestApp;
let admin: Client;
beforeAll(async () => {
  t = await createTestApp();
  admin = await t.loginAs('admin', [{ kind: 'branch', refId: 1 }]);
});
afterAll(() => t.close());

describe('admins manage accounts and their scope', () => {
  it('creates a steward with a grid scope, audited with no password in it', async () => {
    const res = await admin.post('/api/users', {
      role: 'steward',
      name: '网格员 李四',
      username: 'lisi',
      password: 'grid-worker-1',
      phone: '13600001111',
      scopes: [{ kind: 'grid', refId: 7 }],
    });
    expect(res.statusCode).toBe(201);
    const user = res.json();
    expect(user).toMatchObject({ role: 'steward', username: 'lisi', scopes: [{ kind: 'grid', refId: 7 }] });
    const audit = (await admin.get(`/api/audit?entity=user&entityId=${user.id}&action=user.create`)).json();
    expect(audit.total).toBe(1);
    expect(JSON.stringify(audit.items[0].after)).not.toMatch(/scrypt|grid-worker-1/);
  });

  it('rejects a duplicate username with 409 naming the field', async () => {
    const body = { role: 'clerk', name: 'a', username: 'dupe', password: 'long-enough-1', scopes: [] };
    expect((await admin.post('/api/users', body)).statusCode).toBe(201);
    const res = await admin.post('/api/users', { ...body, username: 'DUPE' });
    expect(res.statusCode).toBe(409);
    expect(res.json().error).toMatchObject({ code: 'duplicate', details: [{ field: 'username', message: 'already taken', rule: 'duplicate' }] });
  });

  it('rejects a scope that does not fit the role', async () => {
    const res = await admin.post('/api/users', { role: 'liaison', name: 'x', username: 'liaisonx', password: 'long-enough-1', scopes: [{ kind: 'grid', refId: 1 }] });
    expect(res.statusCode).toBe(422);
    expect(res.json().error).toMatchObject({ code: 'invalid_account', details: [{ field: 'scopes.0.kind', rule: 'scope_not_for_role', params: { role: 'liaison', kind: 'grid' } }] });
  });

  it('a resident needs a phone and a household, and gets no password', async () => {
    const res = await admin.post('/api/users', { role: 'resident', name: 'x', password: 'long-enough-1', scopes: [] });
    expect(res.statusCode).toBe(422);
    const fields = res.json().error.details.map((d: { field: string }) => d.field);
    expect(fields).toEqual(expect.arrayContaining(['scopes', 'phone', 'password']));
  });

  it('deactivating an account ends its sessions', async () => {
    const clerk = await t.loginAs('clerk', [{ kind: 'branch', refId: 1 }]);
    expect((await clerk.get('/api/auth/me')).statusCode).toBe(200);
    const res = await admin.patch(`/api/users/${clerk.actorId}`, { active: false });
    expect(res.statusCode).toBe(200);
    expect((await clerk.get('/api/auth/me')).statusCode).toBe(401);
    const audit = (await admin.get(`/api/audit?entity=user&entityId=${clerk.actorId}&action=user.update`)).json();
    expect(audit.items[0].before.active).toBe(true);
    expect(audit.items[0].after.active).toBe(false);
  });

  it('an admin cannot deactivate themselves; an unknown user is 404', async () => {
    const self = await admin.patch(`/api/users/${admin.actorId}`, { active: false });
    expect(self.statusCode).toBe(422);
    expect(self.json().error).toMatchObject({ code: 'cannot_deactivate_self', details: [{ field: 'active', rule: 'own_account' }] });
    expect((await admin.patch('/api/users/999999', { name: 'x' })).statusCode).toBe(404);
  });

  it('lists with search and role filter', async () => {
    const res = (await admin.get('/api/users?role=steward&q=lisi')).json();
    expect(res.items.map((u: { username: string }) => u.username)).toEqual(['lisi']);
  });
});

describe('only admins manage accounts, read the audit log and the outbox', () => {
  const others: [Role, 'household' | 'grid' | 'community' | 'property_company' | 'branch'][] = [
    ['resident', 'household'],
    ['steward', 'grid'],
    ['crew_lead', 'branch'],
    ['clerk', 'branch'],
    ['dispatcher', 'branch'],
    ['liaison', 'community'],
    ['property_manager', 'property_company'],
  ];
  it.each(others)('%s gets 403 on users, audit and outbox', async (role, kind) => {
    const c = await t.loginAs(role, [{ kind, refId: 1 }]);
    for (const url of ['/api/users', '/api/audit', '/api/outbox']) expect((await c.get(url)).json().error).toMatchObject({ code: 'admin_only' });
    expect((await c.post('/api/users', { role: 'admin', name: 'me', username: `x${role}`, password: 'long-enough-1', scopes: [] })).statusCode).toBe(403);
  });

  it('without a session: 401', async () => {
    for (const url of ['/api/users', '/api/audit', '/api/outbox', '/api/auth/me']) expect((await t.anon.get(url)).statusCode).toBe(401);
  });
});
