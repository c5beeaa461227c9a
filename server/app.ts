import fs from 'node:fs';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import Fastify, { type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import cookie from '@fastify/cookie';
import helmet from '@fastify/helmet';
import rateLimit from '@fastify/rate-limit';
import fastifyStatic from '@fastify/static';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import type { DbKind } from './kernel/db.ts';
import type { Deps } from './kernel/deps.ts';
import { NotFound, TooMany } from './kernel/errors.ts';
import { installErrorHandling, installValidation } from './kernel/http.ts';
import { healthRoutes } from './kernel/health.ts';
import { benchEndpoints } from './kernel/bench-endpoints.ts';
import { liveRoutes } from './kernel/live.ts';
import { accountsRoutes, installSessionHook } from './modules/accounts/index.ts';
import { auditRoutes } from './modules/audit/index.ts';
import { billingRoutes } from './modules/billing/index.ts';
import { open311Routes } from './modules/open311/index.ts';
import { emergencyRoutes, linkageLiveTopics, linkageRoutes, outreachRoutes } from './modules/linkage/index.ts';
import { registryRoutes } from './modules/registry/index.ts';
import { repairPhotoRoutes, repairsDeskRoutes, repairsLiveTopics, repairsRoutes } from './modules/repairs/index.ts';
import { rulebookRoutes } from './modules/rulebook/index.ts';
import { stewardRoutes, tenureRoutes } from './modules/tenure/index.ts';
import { temperaturePhotoRoutes, temperatureRoutes } from './modules/temperature/index.ts';

export interface AppOptions {
  deps: Deps;
  sessionTtlHours: number;
  signInPerMinute?: number;
  /** Built web app to serve at /; omitted in API-only tests. */
  webDir?: string | undefined;
  bodyLimitBytes?: number;
  /** Register the bare baseline endpoints used by bench/ (never in production). */
  benchEndpoints?: boolean;
  /** Largest photo on a repair request, reading or patrol round; the kernel's default (5 MB) when omitted. */
  photoMaxBytes?: number;
}

/**
 * Builds the whole HTTP app. Every module is registered here by hand, so this file is the
 * route map: a new domain is one folder under server/modules/ plus one line below.
 */
export async function buildApp(opts: AppOptions): Promise<FastifyInstance> {
  const { deps } = opts;
  // Typed as fastify's logger so the instance type is the plain FastifyInstance every plugin expects.
  const logger: FastifyBaseLogger = deps.log;
  const app = Fastify({
    loggerInstance: logger,
    genReqId: (req) => {
      const given = req.headers['x-request-id'];
      return typeof given === 'string' && /^[\w-]{8,64}$/.test(given) ? given : randomUUID();
    },
    bodyLimit: opts.bodyLimitBytes ?? 1024 * 1024,
    trustProxy: true,
  });
  installValidation(app);
  // JSON only (multipart and form bodies are enabled inside the modules that take them), so a
  // text/plain body gets a clear 415 instead of failing validation as a string.
  app.removeContentTypeParser('text/plain');
  installErrorHandling(app);
  app.addHook('onSend', async (req, reply) => {
    void reply.header('x-request-id', req.id);
  });

  await app.register(helmet, {
    contentSecurityPolicy: {
      directives: {
        // antd injects its styles at run time; swagger-ui needs inline scripts on /api/docs only.
        'style-src': ["'self'", "'unsafe-inline'"],
        'script-src': ["'self'", "'unsafe-inline'"],
        'img-src': ["'self'", 'data:', 'blob:'],
      },
    },
  });
  await app.register(cookie);
  await app.register(rateLimit, {
    global: false,
    errorResponseBuilder: (_req, ctx) =>
      new TooMany(`Too many attempts; try again in ${Math.ceil(ctx.ttl / 1000)} s`, Math.ceil(ctx.ttl / 1000)),
  });
  await app.register(swagger, {
    openapi: {
      openapi: '3.0.3',
      info: { title: 'heat-steward 供暖管家 API', version: '0.1.0', description: 'District-heating customer service. Errors are { error: { code, message, details } }.' },
      components: {
        securitySchemes: { session: { type: 'apiKey', in: 'cookie', name: 'hs_session' } },
      },
    },
  });
  await app.register(swaggerUi, { routePrefix: '/api/docs' });
  app.get('/api/openapi.json', { schema: { hide: true } }, async () => app.swagger());

  installSessionHook(app, { ...deps, sessionTtlHours: opts.sessionTtlHours });

  // ── the route map ───────────────────────────────────────────────────────────
  await app.register(healthRoutes(deps));
  await app.register(accountsRoutes({ ...deps, sessionTtlHours: opts.sessionTtlHours, signInPerMinute: opts.signInPerMinute ?? 10 }));
  await app.register(auditRoutes(deps));
  await app.register(billingRoutes(deps));
  await app.register(registryRoutes(deps));
  await app.register(repairsRoutes(deps));
  await app.register(repairPhotoRoutes(deps, { maxBytes: opts.photoMaxBytes }));
  await app.register(temperaturePhotoRoutes(deps, { maxBytes: opts.photoMaxBytes }));
  await app.register(repairsDeskRoutes(deps));
  await app.register(rulebookRoutes(deps));
  await app.register(tenureRoutes(deps));
  await app.register(stewardRoutes(deps));
  await app.register(open311Routes(deps));
  await app.register(temperatureRoutes(deps));
  await app.register(linkageRoutes(deps));
  await app.register(outreachRoutes(deps));
  await app.register(emergencyRoutes(deps));
  // Live updates (SSE): each module guards the topic kinds it owns (see server/kernel/live.ts).
  await app.register(liveRoutes(deps, { guards: { ...repairsLiveTopics(deps), ...linkageLiveTopics(deps) } }));
  // ────────────────────────────────────────────────────────────────────────────
  if (opts.benchEndpoints) await app.register(benchEndpoints(deps));

  await serveWeb(app, opts.webDir);
  return app;
}

/** The built SPA at /, with deep links falling back to index.html; unknown /api paths are JSON 404s. */
async function serveWeb(app: FastifyInstance, webDir: string | undefined): Promise<void> {
  const index = webDir ? path.join(webDir, 'index.html') : undefined;
  const hasWeb = index !== undefined && fs.existsSync(index);
  if (hasWeb) await app.register(fastifyStatic, { root: webDir!, wildcard: false, index: 'index.html' });
  app.setNotFoundHandler(async (req, reply) => {
    const url = req.url.split('?')[0]!;
    if (url.startsWith('/api/') || url === '/api' || url.startsWith('/open311/') || !hasWeb || req.method !== 'GET') {
      throw new NotFound('route', `${req.method} ${url}`);
    }
    return reply.type('text/html').sendFile('index.html');
  });
}

export type { DbKind };
