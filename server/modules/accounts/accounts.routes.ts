import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { IdParams, errorResponses } from '../../kernel/contract.ts';
import { Forbidden } from '../../kernel/errors.ts';
import { requireActor } from '../../kernel/http.ts';
import {
  CodeLogin,
  CodeRequest,
  CodeRequested,
  CreateUser,
  PasswordLogin,
  SessionView,
  UpdateUser,
  UserList,
  UserListQuery,
  UserView,
} from './accounts.contract.ts';
import { loadUserView } from './users.read.ts';
import { createUser, listUsers, updateUser } from './users.service.ts';
import {
  requestSignInCode,
  resolveSession,
  signInWithCode,
  signInWithPassword,
  signOut,
  type AccountsDeps,
  type SignedIn,
} from './sessions.service.ts';

export const SESSION_COOKIE = 'hs_session';
/** Readable by the page's script, echoed in the x-csrf-token header on every write. */
export const CSRF_COOKIE = 'hs_csrf';
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);
/** Sign-in calls carry no session yet; everything else that writes must prove it came from our page. */
const CSRF_EXEMPT = new Set(['/api/auth/login', '/api/auth/code', '/api/auth/code/verify']);

const publicActor = { userId: null, role: 'public' as const, name: 'public', scopes: [] };

/** Resolve the session cookie into req.actor and enforce CSRF on cookie-authenticated writes. */
export function installSessionHook(app: FastifyInstance, deps: AccountsDeps): void {
  app.decorateRequest('actor', null as never);
  app.addHook('onRequest', async (req: FastifyRequest) => {
    req.actor = { ...publicActor, requestId: req.id };
    const token = req.cookies[SESSION_COOKIE];
    if (!token || !req.url.startsWith('/api/')) return;
    const found = await resolveSession(deps, token, req.id);
    if ('problem' in found) {
      req.sessionProblem = found.problem;
      return;
    }
    const path = req.url.split('?')[0]!;
    if (!SAFE_METHODS.has(req.method) && !CSRF_EXEMPT.has(path) && req.headers['x-csrf-token'] !== found.csrfToken) {
      throw new Forbidden('Missing or wrong x-csrf-token header (copy it from the hs_csrf cookie)', 'csrf');
    }
    req.actor = found.actor;
  });
}

export function accountsRoutes(deps: AccountsDeps) {
  return async function (fastify: FastifyInstance) {
    const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
    const cookieBase = { path: '/', sameSite: 'lax' as const, secure: app.initialConfig.https !== undefined };

    function setSessionCookies(reply: FastifyReply, signed: SignedIn) {
      const expires = new Date(signed.session.expiresAt);
      void reply.setCookie(SESSION_COOKIE, signed.token, { ...cookieBase, httpOnly: true, expires });
      void reply.setCookie(CSRF_COOKIE, signed.session.csrfToken, { ...cookieBase, httpOnly: false, expires });
    }
    const perMinute = deps.signInPerMinute ?? 10;
    const signInLimit = { rateLimit: { max: perMinute, timeWindow: '1 minute' } };
    const tags = ['accounts'];

    app.post('/api/auth/login', {
      config: signInLimit,
      schema: { tags, summary: 'Staff sign-in with username and password', body: PasswordLogin, response: { 200: SessionView, ...errorResponses } },
    }, async (req, reply) => {
      const signed = await signInWithPassword(deps, req.body, req.id);
      setSessionCookies(reply, signed);
      return signed.session;
    });

    app.post('/api/auth/code', {
      config: { rateLimit: { max: Math.max(1, Math.floor(perMinute / 2)), timeWindow: '1 minute' } },
      schema: { tags, summary: 'Send a resident a one-time sign-in code by SMS', body: CodeRequest, response: { 200: CodeRequested, ...errorResponses } },
    }, async (req) => requestSignInCode(deps, req.body, req.id));

    app.post('/api/auth/code/verify', {
      config: signInLimit,
      schema: { tags, summary: 'Resident sign-in with phone and the SMS code', body: CodeLogin, response: { 200: SessionView, ...errorResponses } },
    }, async (req, reply) => {
      const signed = await signInWithCode(deps, req.body, req.id);
      setSessionCookies(reply, signed);
      return signed.session;
    });

    app.post('/api/auth/logout', {
      schema: { tags, summary: 'Sign out: ends this session', response: { 204: Type.Null(), ...errorResponses } },
    }, async (req, reply) => {
      const actor = requireActor(req);
      await signOut(deps, actor, req.cookies[SESSION_COOKIE]!);
      void reply.clearCookie(SESSION_COOKIE, { path: '/' }).clearCookie(CSRF_COOKIE, { path: '/' });
      return reply.code(204).send(null);
    });

    app.get('/api/auth/me', {
      schema: { tags, summary: 'The signed-in account and its scope', response: { 200: UserView, ...errorResponses } },
    }, async (req) => {
      const actor = requireActor(req);
      return (await loadUserView(deps.db, actor.userId!))!;
    });

    app.get('/api/users', {
      schema: { tags, summary: 'List accounts (admin)', querystring: UserListQuery, response: { 200: UserList, ...errorResponses } },
    }, async (req) => listUsers(deps, requireActor(req), req.query));

    app.post('/api/users', {
      schema: { tags, summary: 'Create an account with its role and scope (admin)', body: CreateUser, response: { 201: UserView, ...errorResponses } },
    }, async (req, reply) => reply.code(201).send(await createUser(deps, requireActor(req), req.body)));

    app.patch('/api/users/:id', {
      schema: { tags, summary: 'Change an account: name, phone, password, active, scope (admin)', params: IdParams, body: UpdateUser, response: { 200: UserView, ...errorResponses } },
    }, async (req) => updateUser(deps, requireActor(req), req.params.id, req.body));
  };
}
