import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import type { Readable } from 'node:stream';
import { IdParams, errorResponses } from '../../kernel/contract.ts';
import type { Deps } from '../../kernel/deps.ts';
import { requireActor } from '../../kernel/http.ts';
import {
  AgentPosition,
  AgentPositions,
  DrawUpStatement,
  Reconciliation,
  ReconciliationQuery,
  RecordRemittance,
  RemittanceView,
  StatementDetail,
  StatementList,
  StatementListQuery,
} from './agent.contract.ts';
import { requireIdempotencyKey } from './idempotency.ts';
import { reconcile, reconciliationWorkbook, statementWorkbook } from './reconciliation.service.ts';
import { agentPositions, companyPosition, recordRemittance } from './remittances.service.ts';
import { closeStatement, drawUpStatement, getStatement, listStatements } from './settlements.service.ts';
import { attachment, XLSX_TYPE } from './workbook.ts';

const Xlsx = Type.Unsafe<Buffer | Readable>({ type: 'string', format: 'binary', description: '.xlsx file' });
const READERS = ['clerk', 'admin', 'property_manager'] as const;

/** Agent remittance, reconciliation and settlement statements (issue 5, item 5). */
export function agentRoutes(deps: Deps) {
  return async function (fastify: FastifyInstance) {
    const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
    const tags = ['billing'];

    app.get('/api/billing/agents', {
      schema: { tags, summary: 'Property companies collecting as agent, with collected, remitted and owed per tenure (a manager: own company)', response: { 200: AgentPositions, ...errorResponses } },
    }, async (req) => agentPositions(deps.db, requireActor(req, ...READERS)));

    app.get('/api/billing/agents/:id', {
      schema: { tags, summary: "A property company's agent position, tenure by tenure", params: IdParams, response: { 200: AgentPosition, ...errorResponses } },
    }, async (req) => companyPosition(deps.db, requireActor(req, ...READERS), req.params.id));

    app.get('/api/billing/agents/:id/reconciliation', {
      schema: { tags, summary: 'Reconciliation over a period (inclusive dates): opening owed, collected per household, remitted, closing owed', params: IdParams, querystring: ReconciliationQuery, response: { 200: Reconciliation, ...errorResponses } },
    }, async (req) => reconcile(deps.db, requireActor(req, ...READERS), req.params.id, req.query));

    app.get('/api/billing/agents/:id/reconciliation.xlsx', {
      schema: { tags, summary: 'The reconciliation as .xlsx', params: IdParams, querystring: ReconciliationQuery, response: { 200: Xlsx, ...errorResponses } },
    }, async (req, reply) => {
      const r = await reconcile(deps.db, requireActor(req, ...READERS), req.params.id, req.query);
      const name = `agent-${r.propertyCompanyId}-${r.from}-${r.to}.xlsx`;
      return reply.type(XLSX_TYPE).header('content-disposition', attachment(name)).send(await reconciliationWorkbook(r));
    });

    app.post('/api/billing/remittances', {
      schema: {
        tags,
        summary: 'Record money a property company handed over (clerk). Needs an Idempotency-Key; never more than the tenure still owes (422).',
        body: RecordRemittance,
        response: { 201: RemittanceView, ...errorResponses },
      },
    }, async (req, reply) => {
      const actor = requireActor(req, 'clerk', 'admin');
      const key = requireIdempotencyKey(req.headers['idempotency-key']);
      const result = await recordRemittance(deps, actor, req.body, key);
      if (result.replayed) void reply.header('idempotent-replayed', 'true');
      return reply.code(result.statusCode).send(result.body);
    });

    app.get('/api/billing/settlements', {
      schema: { tags, summary: 'Settlement statements (交接结算单) with collected, remitted and owed', querystring: StatementListQuery, response: { 200: StatementList, ...errorResponses } },
    }, async (req) => listStatements(deps.db, requireActor(req, ...READERS), req.query.status));

    app.post('/api/billing/settlements', {
      schema: { tags, summary: 'Draw up the statement of an ended or ending tenure (clerk); 200 with the existing one if already drawn up', body: DrawUpStatement, response: { 200: StatementDetail, 201: StatementDetail, ...errorResponses } },
    }, async (req, reply) => {
      const { created, statement } = await drawUpStatement(deps, requireActor(req, 'clerk', 'admin'), req.body.tenureId);
      return reply.code(created ? 201 : 200).send(statement);
    });

    app.get('/api/billing/settlements/:id', {
      schema: { tags, summary: 'A settlement statement by household, with its remittances', params: IdParams, response: { 200: StatementDetail, ...errorResponses } },
    }, async (req) => getStatement(deps.db, requireActor(req, ...READERS), req.params.id));

    app.get('/api/billing/settlements/:id/export.xlsx', {
      schema: { tags, summary: 'A settlement statement as .xlsx', params: IdParams, response: { 200: Xlsx, ...errorResponses } },
    }, async (req, reply) => {
      const s = await getStatement(deps.db, requireActor(req, ...READERS), req.params.id);
      return reply.type(XLSX_TYPE).header('content-disposition', attachment(`settlement-${s.id}.xlsx`)).send(await statementWorkbook(s));
    });

    app.post('/api/billing/settlements/:id/close', {
      schema: { tags, summary: 'Close a statement when nothing is owed any more (clerk); 422 says how much is still owed', params: IdParams, response: { 200: StatementDetail, ...errorResponses } },
    }, async (req) => closeStatement(deps, requireActor(req, 'clerk', 'admin'), req.params.id));
  };
}
