import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { errorResponses } from '../../kernel/contract.ts';
import type { Deps } from '../../kernel/deps.ts';
import { requireActor } from '../../kernel/http.ts';
import { AuditList, AuditQuery, OutboxList, OutboxQuery } from './audit.contract.ts';
import { listAudit, listOutbox } from './audit.service.ts';

export function auditRoutes(deps: Deps) {
  return async function (fastify: FastifyInstance) {
    const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
    app.get('/api/audit', {
      schema: { tags: ['audit'], summary: 'Browse the audit log (admin)', querystring: AuditQuery, response: { 200: AuditList, ...errorResponses } },
    }, async (req) => listAudit(deps, requireActor(req), req.query));
    app.get('/api/outbox', {
      schema: { tags: ['audit'], summary: 'Messages the development SMS/WeChat providers recorded (admin)', querystring: OutboxQuery, response: { 200: OutboxList, ...errorResponses } },
    }, async (req) => listOutbox(deps, requireActor(req), req.query));
  };
}
