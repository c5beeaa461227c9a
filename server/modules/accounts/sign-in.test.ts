import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, latestCode, TEST_PASSWORD, type TestApp } from '../../test/test-app.ts';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

describe('staff sign-in with password', () => {
  it('opens a session with HttpOnly SameSite=Lax cookie and a CSRF token', async () => {
    await t.loginAs('clerk'); // creates clerkN with TEST_PASSWORD
    const res = await t.anon.post('/api/auth/login', { username: 'nobody', password: 'x' });
    expect(res.statusCode).toBe(401);
    expect(res.json().error.code).toBe('bad_credentials');
  });

  it('stores only a scrypt hash, never the password', async () => {
    const c = await t.loginAs('dispatcher');
    const rows = await t.database.db.execute('SELECT password_hash FROM users WHERE id = ' + c.actorId);
    const hash = (rows as { rows: { password_hash: string }[] }).rows[0]!.password_hash;
    expect(hash.startsWith('scrypt$')).toBe(true);
    expect(hash).not.toContain(TEST_PASSWORD);
  });

  it('sets the session cookie HttpOnly and SameSite=Lax, and /me answers', async () => {
    const c = await t.loginAs('steward', [{ kind: 'grid', refId: 3 }]);
    const me = await c.get('/api/auth/me');
    expect(me.statusCode).toBe(200);
    expect(me.json()).toMatchObject({ role: 'steward', scopes: [{ kind: 'grid', refId: 3 }] });
    const username = me.json().username as string;
    const res = await t.anon.post('/api/auth/login', { username, password: TEST_PASSWORD });
    const session = res.cookies.find((k) => k.name === 'hs_session')!;
    expect(session.httpOnly).toBe(true);
    expect(session.sameSite).toBe('Lax');
    expect(res.cookies.find((k) => k.name === 'hs_csrf')!.httpOnly).toBeFalsy();
  });

  it('a resident cannot sign in with a password', async () => {
    const res = await t.anon.post('/api/auth/login', { username: '13800000001', password: 'whatever' });
    expect(res.statusCode).toBe(401);
  });
});

describe('resident sign-in with phone and SMS code', () => {
  it('sends the code through the SMS outbox and signs in with it once', async () => {
    const resident = await t.loginAs('resident', [{ kind: 'household', refId: 1 }], { phone: '13912345678' });
    expect((await resident.get('/api/auth/me')).json().phone).toBe('13912345678');
    t.clock.advance(61_000);
    expect((await t.anon.post('/api/auth/code', { phone: '13912345678' })).statusCode).toBe(200);
    const code = await latestCode(t.deps, '13912345678');
    const ok = await t.anon.post('/api/auth/code/verify', { phone: '13912345678', code });
    expect(ok.statusCode).toBe(200);
    const again = await t.anon.post('/api/auth/code/verify', { phone: '13912345678', code });
    expect(again.statusCode).toBe(401);
    expect(again.json().error.code).toBe('bad_code');
  });

  it('rejects a wrong code, an expired code, and locks a code after 5 wrong tries', async () => {
    await t.loginAs('resident', [{ kind: 'household', refId: 2 }], { phone: '13912340000' });
    t.clock.advance(61_000);
    await t.anon.post('/api/auth/code', { phone: '13912340000' });
    const code = await latestCode(t.deps, '13912340000');
    const wrong = code === '000000' ? '111111' : '000000';
    for (let i = 0; i < 5; i++) {
      expect((await t.anon.post('/api/auth/code/verify', { phone: '13912340000', code: wrong })).statusCode).toBe(401);
    }
    expect((await t.anon.post('/api/auth/code/verify', { phone: '13912340000', code })).statusCode).toBe(401);
    t.clock.advance(61_000);
    await t.anon.post('/api/auth/code', { phone: '13912340000' });
    const fresh = await latestCode(t.deps, '13912340000');
    t.clock.advance(6 * 60_000); // past the 5-minute lifetime
    expect((await t.anon.post('/api/auth/code/verify', { phone: '13912340000', code: fresh })).statusCode).toBe(401);
  });

  it('answers the same for an unknown phone but sends nothing', async () => {
    const res = await t.anon.post('/api/auth/code', { phone: '13700000000' });
    expect(res.statusCode).toBe(200);
    await expect(latestCode(t.deps, '13700000000')).rejects.toThrow(/no sign-in code/);
  });

  it('refuses a second code for the same phone within a minute with 429 and Retry-After', async () => {
    await t.loginAs('resident', [{ kind: 'household', refId: 3 }], { phone: '13912349999' });
    const res = await t.anon.post('/api/auth/code', { phone: '13912349999' });
    expect(res.statusCode).toBe(429);
    expect(Number(res.headers['retry-after'])).toBeGreaterThan(0);
  });

  it('rejects a malformed phone or code field by field', async () => {
    const res = await t.anon.post('/api/auth/code/verify', { phone: '12345', code: 'abc' });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.details.map((d: { field: string }) => d.field).sort()).toEqual(['code', 'phone']);
  });
});

describe('sessions', () => {
  it('sign-out ends the session; the cookie then gets 401', async () => {
    const c = await t.loginAs('clerk', [{ kind: 'branch', refId: 1 }]);
    expect((await c.post('/api/auth/logout')).statusCode).toBe(204);
    const me = await c.get('/api/auth/me');
    expect(me.statusCode).toBe(401);
    expect(me.json().error.code).toBe('session_expired');
  });

  it('an expired session gets 401 session_expired, a forged cookie plain 401', async () => {
    const c = await t.loginAs('clerk', [{ kind: 'branch', refId: 1 }]);
    t.clock.advance(13 * 3_600_000);
    expect((await c.get('/api/auth/me')).json().error.code).toBe('session_expired');
    const forged = await t.anon.request({ method: 'GET', url: '/api/auth/me', cookies: { hs_session: 'forged' } });
    expect(forged.statusCode).toBe(401);
    expect(forged.json().error.code).toBe('unauthorized');
  });

  it('a cookie-authenticated write without the CSRF header is refused', async () => {
    const c = await t.loginAs('admin', [{ kind: 'branch', refId: 1 }]);
    const res = await c.request({ method: 'POST', url: '/api/auth/logout', headers: { 'x-csrf-token': 'wrong' } });
    expect(res.statusCode).toBe(403);
    expect(res.json().error.code).toBe('csrf');
  });

  it('rate-limits password sign-in per client with 429 and Retry-After', async () => {
    let last = 0;
    let retry: string | undefined;
    for (let i = 0; i < 12; i++) {
      const res = await t.anon.request({ method: 'POST', url: '/api/auth/login', payload: { username: 'x', password: 'y' }, remoteAddress: '192.0.2.9' });
      last = res.statusCode;
      retry = res.headers['retry-after'];
    }
    expect(last).toBe(429);
    expect(Number(retry)).toBeGreaterThan(0);
  });
});
