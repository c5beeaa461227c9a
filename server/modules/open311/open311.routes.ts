/**
 * Open311 GeoReport v2 for the city's 12345 hotline platform, at /open311/v2, plus the admin's
 * JSON route that issues its API keys. Under /open311 everything — including unknown paths,
 * bad bodies and domain refusals — answers in Open311's error format, in XML or JSON after the
 * path's suffix; form bodies are parsed in this scope only (the rest of the app is JSON-only).
 */
import formbody from '@fastify/formbody';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { errorResponses, IdParams } from '../../kernel/contract.ts';
import type { Deps } from '../../kernel/deps.ts';
import { requireActor } from '../../kernel/http.ts';
import { CreateApiKey, CreatedApiKey } from './open311.contract.ts';
import { formatOfUrl, isoShanghai, Open311Error, send, sendError, splitFormat, toOpen311Error } from './open311.format.ts';
import { clientForKey, createApiKey, revokeApiKey } from './open311.keys.ts';
import { field, postRequest, type FormBody } from './open311.post.ts';
import { oneRequest, postedTree, queryRequests, tokenTree, type RequestQuery } from './open311.reads.ts';
import { serviceDefinitionTree, serviceFor, serviceListTree } from './open311.services.ts';
import { list, type XmlValue } from './open311.xml.ts';

/** When the service list or its definitions last changed (discovery's changeset). */
const CHANGESET = new Date('2026-11-27T00:00:00+08:00');

type FileParams = { Params: { file: string } };

/** OpenAPI notes only: these routes parse their own paths and forms (Open311 errors, not ours). */
const doc = (summary: string) => ({ tags: ['open311'], summary, description: 'See docs/open311.md. Answers text/xml or application/json after the suffix.' });

function discoveryTree(req: FastifyRequest): XmlValue {
  const changeset = isoShanghai(CHANGESET);
  return {
    changeset,
    contact: '供暖管家 heat-steward 客服中心 — contact the heating company’s system administrator',
    key_service: 'API keys are issued by a heat-steward admin (POST /api/open311/keys); see docs/open311.md',
    endpoints: list('endpoint', [
      {
        specification: 'http://wiki.open311.org/GeoReport_v2',
        url: `${req.protocol}://${req.host}/open311/v2`,
        changeset,
        type: 'production',
        formats: list('format', ['text/xml', 'application/json']),
      },
    ]),
  };
}

function queryOf(req: FastifyRequest): RequestQuery {
  const q = (req.query ?? {}) as FormBody;
  return {
    service_request_id: field(q, 'service_request_id', 20_000),
    service_code: field(q, 'service_code'),
    start_date: field(q, 'start_date', 40),
    end_date: field(q, 'end_date', 40),
    status: field(q, 'status', 20),
  };
}

function georeport(deps: Deps) {
  return async function (api: FastifyInstance) {
    await api.register(formbody, { bodyLimit: 64 * 1024 });
    api.setErrorHandler((err, req, reply) => {
      const e = toOpen311Error(err);
      if (e.status >= 500) req.log.error({ err }, 'unhandled error');
      else req.log.info({ status: e.status }, e.description);
      void sendError(reply, formatOfUrl(req.url), e);
    });
    api.setNotFoundHandler((req, reply) => {
      void sendError(reply, formatOfUrl(req.url), new Open311Error(404, `Unknown Open311 path: ${req.method} ${req.url.split('?')[0]}`));
    });

    api.get<FileParams>('/v2/:file', { schema: doc('GeoReport v2: discovery.{xml|json}, services.{xml|json}, requests.{xml|json} (query with filters)') }, async (req, reply) => {
      const { name, format } = splitFormat(req.params.file);
      if (name === 'discovery') return send(reply, format, 'discovery', discoveryTree(req));
      if (name === 'services') return send(reply, format, 'services', serviceListTree());
      if (name === 'requests') return send(reply, format, 'service_requests', await queryRequests(deps, queryOf(req)));
      throw new Open311Error(404, `Unknown Open311 path: ${req.params.file}`);
    });

    api.get<FileParams>('/v2/services/:file', { schema: doc('GeoReport v2: one service definition, services/{service_code}.{xml|json}') }, async (req, reply) => {
      const { name, format } = splitFormat(req.params.file);
      const service = serviceFor(name);
      if (!service) throw new Open311Error(404, `service_code ${name} not found`);
      return send(reply, format, 'service_definition', serviceDefinitionTree(service));
    });

    api.get<FileParams>('/v2/requests/:file', { schema: doc('GeoReport v2: one request (a list of one), requests/{id}.{xml|json}') }, async (req, reply) => {
      const { name, format } = splitFormat(req.params.file);
      return send(reply, format, 'service_requests', await oneRequest(deps, name));
    });

    api.get<FileParams>('/v2/tokens/:file', { schema: doc('GeoReport v2: token → service_request_id (tokens are the ids), tokens/{token}.{xml|json}') }, async (req, reply) => {
      const { name, format } = splitFormat(req.params.file);
      return send(reply, format, 'service_requests', await tokenTree(deps, name));
    });

    api.post<FileParams>('/v2/:file', { schema: doc('GeoReport v2: open a request, requests.{xml|json}, form-encoded with api_key') }, async (req, reply) => {
      const { name, format } = splitFormat(req.params.file);
      if (name !== 'requests') throw new Open311Error(404, `Unknown Open311 path: POST ${req.params.file}`);
      const body = (req.body ?? {}) as FormBody;
      if (typeof body !== 'object' || Array.isArray(body)) throw new Open311Error(400, 'Send the request as an application/x-www-form-urlencoded form');
      const key = field(body, 'api_key') ?? field((req.query ?? {}) as FormBody, 'api_key');
      if (!key) throw new Open311Error(403, 'api_key is required');
      const client = await clientForKey(deps.db, key, req.id);
      if (!client) throw new Open311Error(403, 'api_key is not valid or has been revoked');
      const posted = await postRequest(deps, client, body);
      return send(reply, format, 'service_requests', await postedTree(deps, posted.requestId, posted.accountId));
    });
  };
}

export function open311Routes(deps: Deps) {
  return async function (fastify: FastifyInstance) {
    const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
    app.post('/api/open311/keys', {
      schema: { tags: ['open311'], summary: 'Issue an API key for an Open311 client (the 12345 hotline platform); the key is shown once', body: CreateApiKey, response: { 201: CreatedApiKey, ...errorResponses } },
    }, async (req, reply) => reply.code(201).send(await createApiKey(deps, requireActor(req, 'admin'), req.body)));

    app.delete('/api/open311/keys/:id', {
      schema: { tags: ['open311'], summary: 'Revoke an Open311 API key: its next call gets Open311\'s 403 (audited)', params: IdParams, response: { 204: Type.Null(), ...errorResponses } },
    }, async (req, reply) => {
      await revokeApiKey(deps, requireActor(req, 'admin'), req.params.id);
      return reply.code(204).send(null);
    });

    await app.register(georeport(deps), { prefix: '/open311' });
  };
}
