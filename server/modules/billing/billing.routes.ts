import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { IdParams, errorResponses } from '../../kernel/contract.ts';
import type { Deps } from '../../kernel/deps.ts';
import { requireActor } from '../../kernel/http.ts';
import {
  AgentPayment,
  BillRunView,
  CounterPayment,
  HouseholdBills,
  HouseholdReceipts,
  LedgerCheckView,
  PaymentView,
  StartBillRun,
} from './billing.contract.ts';
import { billRunView, ledgerCheckFor, listHouseholdBills, listHouseholdReceipts } from './billing.read.ts';
import { getBillRun, runInBackground, startBillRun, stopBackgroundRuns } from './bill-run.service.ts';
import { requireIdempotencyKey } from './idempotency.ts';
import { postCounterPayment } from './counter-payments.service.ts';
import { postAgentPayment } from './agent-payments.service.ts';
import { agentRoutes } from './agent.routes.ts';
import { arrearsRoutes } from './arrears.routes.ts';
import { pointsRoutes } from './points.routes.ts';
import { onlineRoutes } from './online.routes.ts';

export function billingRoutes(deps: Deps) {
  return async function (fastify: FastifyInstance) {
    const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
    const tags = ['billing'];
    // Closing the app (shutdown, end of a test) waits for background bill runs to reach a batch boundary.
    app.addHook('preClose', async () => stopBackgroundRuns(deps.db));
    await app.register(agentRoutes(deps));
    await app.register(arrearsRoutes(deps));
    await app.register(pointsRoutes(deps));
    await app.register(onlineRoutes(deps));

    app.post('/api/billing/runs', {
      schema: {
        tags,
        summary: 'Start (or resume) the season bill run; processing continues in the background — poll GET /api/billing/runs/:id',
        body: StartBillRun,
        response: { 202: BillRunView, ...errorResponses },
      },
    }, async (req, reply) => {
      const actor = requireActor(req, 'clerk', 'admin');
      const { run, resumed } = await startBillRun(deps, actor, req.body);
      if (run.status === 'running') void runInBackground(deps, actor, run.id);
      return reply.code(202).send(billRunView(run, resumed));
    });

    app.get('/api/billing/runs/:id', {
      schema: { tags, summary: 'A bill run and its progress', params: IdParams, response: { 200: BillRunView, ...errorResponses } },
    }, async (req) => {
      requireActor(req, 'clerk', 'admin');
      return billRunView(await getBillRun(deps.db, req.params.id));
    });

    app.post('/api/billing/payments/counter', {
      schema: {
        tags,
        summary: 'Take a payment at the branch counter (clerk). Needs an Idempotency-Key header; a retry with the same key and body replays the answer.',
        body: CounterPayment,
        response: { 201: PaymentView, ...errorResponses },
      },
    }, async (req, reply) => {
      const actor = requireActor(req, 'clerk', 'admin');
      const key = requireIdempotencyKey(req.headers['idempotency-key']);
      const result = await postCounterPayment(deps, actor, req.body, key);
      if (result.replayed) void reply.header('idempotent-replayed', 'true');
      return reply.code(result.statusCode).send(result.body);
    });

    app.post('/api/billing/payments/agent', {
      schema: {
        tags,
        summary: 'A property company posts a payment it collected as agent (代收), only within its tenure. Needs an Idempotency-Key header.',
        body: AgentPayment,
        response: { 201: PaymentView, ...errorResponses },
      },
    }, async (req, reply) => {
      const actor = requireActor(req, 'property_manager');
      const key = requireIdempotencyKey(req.headers['idempotency-key']);
      const result = await postAgentPayment(deps, actor, req.body, key);
      if (result.replayed) void reply.header('idempotent-replayed', 'true');
      return reply.code(result.statusCode).send(result.body);
    });

    app.get('/api/billing/households/:id/bills', {
      schema: { tags, summary: "A household's bills with what each still owes, and its credit", params: IdParams, response: { 200: HouseholdBills, ...errorResponses } },
    }, async (req) => listHouseholdBills(deps.db, requireActor(req), req.params.id));

    app.get('/api/billing/households/:id/receipts', {
      schema: { tags, summary: "A household's receipts, newest first", params: IdParams, response: { 200: HouseholdReceipts, ...errorResponses } },
    }, async (req) => listHouseholdReceipts(deps.db, requireActor(req), req.params.id));

    app.get('/api/billing/ledger/check', {
      schema: { tags, summary: 'Admin: does the ledger balance overall and per household?', response: { 200: LedgerCheckView, ...errorResponses } },
    }, async (req) => ledgerCheckFor(deps.db, requireActor(req, 'admin')));
  };
}
