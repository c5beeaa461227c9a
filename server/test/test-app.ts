import { and, desc, eq } from 'drizzle-orm';
import type { FastifyInstance, InjectOptions, LightMyRequestResponse } from 'fastify';
import type { Actor, Role, Scope } from '../kernel/actor.ts';
import { systemActor } from '../kernel/actor.ts';
import { ManualClock } from '../kernel/clock.ts';
import { outbox } from '../kernel/kernel.schema.ts';
import type { Database } from '../kernel/db.ts';
import type { Deps } from '../kernel/deps.ts';
import { DomainError } from '../kernel/errors.ts';
import { silentLogger } from '../kernel/logger.ts';
import { outboxNotifier } from '../kernel/notify.ts';
import { buildApp } from '../app.ts';
import { createUser } from '../modules/accounts/index.ts';
import { ensureShippedRulebooks } from '../modules/rulebook/index.ts';
import { openTestDatabase } from './test-db.ts';

export const TEST_PASSWORD = 'test-password-1';
/** The default test "now": the first heating week of the 2026–27 season (Asia/Shanghai 10:00). */
export const TEST_NOW = '2026-11-20T02:00:00.000Z';

export interface Client {
  actorId: number;
  /** The session as a Cookie header, for real HTTP calls (e.g. an SSE stream on a listening app). */
  cookie: string;
  request(opts: InjectOptions): Promise<LightMyRequestResponse>;
  get(url: string): Promise<LightMyRequestResponse>;
  post(url: string, body?: unknown, headers?: Record<string, string>): Promise<LightMyRequestResponse>;
  patch(url: string, body?: unknown): Promise<LightMyRequestResponse>;
  put(url: string, body?: unknown): Promise<LightMyRequestResponse>;
  delete(url: string): Promise<LightMyRequestResponse>;
}

export interface TestApp {
  app: FastifyInstance;
  deps: Deps;
  database: Database;
  clock: ManualClock;
  /** Requests with no session at all. */
  anon: Client;
  /** Create an account of that role and scope and sign it in through the real sign-in API. */
  loginAs(role: Role, scopes?: Scope[], extra?: { phone?: string; name?: string }): Promise<Client>;
  close(): Promise<void>;
}

let seq = 0;

/** Distinct client addresses, so per-IP rate limits of one test do not spill into the next. */
function nextAddress(): string {
  seq += 1;
  return `10.${(seq >> 16) & 255}.${(seq >> 8) & 255}.${seq & 255}`;
}

function client(app: FastifyInstance, cookies: Record<string, string>, csrf: string | undefined, actorId: number): Client {
  const request = (opts: InjectOptions) =>
    app.inject({ remoteAddress: nextAddress(), ...opts, cookies: { ...cookies, ...(opts.cookies ?? {}) }, headers: { ...(csrf ? { 'x-csrf-token': csrf } : {}), ...(opts.headers ?? {}) } });
  const withBody = (method: 'POST' | 'PATCH' | 'PUT') => (url: string, body?: unknown, headers?: Record<string, string>) =>
    request({ method, url, ...(body !== undefined && { payload: body as InjectOptions['payload'] }), ...(headers && { headers }) });
  return {
    actorId,
    cookie: Object.entries(cookies).map(([k, v]) => `${k}=${v}`).join('; '),
    request,
    get: (url) => request({ method: 'GET', url }),
    post: withBody('POST'),
    patch: withBody('PATCH'),
    put: withBody('PUT'),
    delete: (url) => request({ method: 'DELETE', url }),
  };
}

export async function createTestApp(opts: { now?: string } = {}): Promise<TestApp> {
  const database = await openTestDatabase();
  const clock = new ManualClock(opts.now ?? TEST_NOW);
  const deps: Deps = { db: database.db, dbKind: database.kind, clock, notifier: outboxNotifier(clock, silentLogger), log: silentLogger };
  await ensureShippedRulebooks(deps);
  const app = await buildApp({ deps, sessionTtlHours: 12 });
  await app.ready();
  const seedAdmin = { ...systemActor, role: 'admin' as const };

  async function loginAs(role: Role, scopes: Scope[] = [], extra: { phone?: string; name?: string } = {}): Promise<Client> {
    seq += 1;
    const n = `${process.pid % 1000}${seq}`.padStart(6, '0').slice(-6);
    if (role === 'resident') {
      const phone = extra.phone ?? `139${n}${String(seq % 100).padStart(2, '0')}`;
      const user = await createUser(deps, seedAdmin, { role, name: extra.name ?? `resident ${seq}`, phone, scopes });
      clock.advance(61_000); // past the per-phone resend limit of an earlier test
      const sent = await app.inject({ method: 'POST', url: '/api/auth/code', payload: { phone }, remoteAddress: nextAddress() });
      if (sent.statusCode !== 200) throw new Error(`code request failed: ${sent.body}`);
      const code = await latestCode(deps, phone);
      const res = await app.inject({ method: 'POST', url: '/api/auth/code/verify', payload: { phone, code }, remoteAddress: nextAddress() });
      return fromSignIn(res, user.id);
    }
    const username = `${role.replace('_', '')}${seq}`;
    const user = await createUser(deps, seedAdmin, { role, name: extra.name ?? `${role} ${seq}`, username, password: TEST_PASSWORD, scopes, ...(extra.phone && { phone: extra.phone }) });
    const res = await app.inject({ method: 'POST', url: '/api/auth/login', payload: { username, password: TEST_PASSWORD }, remoteAddress: nextAddress() });
    return fromSignIn(res, user.id);
  }

  function fromSignIn(res: LightMyRequestResponse, id: number): Client {
    if (res.statusCode !== 200) throw new Error(`sign-in failed: ${res.statusCode} ${res.body}`);
    const cookies = Object.fromEntries(res.cookies.map((c) => [c.name, c.value]));
    return client(app, cookies, cookies.hs_csrf, id);
  }

  return {
    app,
    deps,
    database,
    clock,
    anon: client(app, {}, undefined, 0),
    loginAs,
    async close() {
      await app.close();
      await database.close();
    },
  };
}

/** The last sign-in code the development SMS provider recorded for a phone. */
export async function latestCode(deps: Deps, phone: string): Promise<string> {
  const [row] = await deps.db
    .select()
    .from(outbox)
    .where(and(eq(outbox.recipient, phone), eq(outbox.template, 'sign_in_code')))
    .orderBy(desc(outbox.id))
    .limit(1);
  const code = (row?.data as { code?: string } | undefined)?.code;
  if (!code) throw new Error(`no sign-in code recorded for ${phone}`);
  return code;
}

/**
 * The code of the domain error a service call refuses with (undefined if it does not): for the
 * services' own checks that a route guard with the same roles hides from HTTP.
 */
export async function refusalCode(call: () => unknown): Promise<string | undefined> {
  try {
    await call();
  } catch (err) {
    if (err instanceof DomainError) return err.code;
    throw err;
  }
  return undefined;
}

/** A signed-in actor of that role with no scope, for calling a service directly. */
export function actorAs(role: Role, userId = 1): Actor {
  return { userId, role, name: role, scopes: [] };
}
