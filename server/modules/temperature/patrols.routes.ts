import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { IdParams, errorResponses } from '../../kernel/contract.ts';
import type { Deps } from '../../kernel/deps.ts';
import { requireActor } from '../../kernel/http.ts';
import { NewPlan, NewRound, PlanList, PlanQuery, RoundView, WorkOrderList, WorkOrderView } from './patrols.contract.ts';
import { listPlans } from './patrols.read.ts';
import { createPlan, recordRound } from './patrols.service.ts';
import { listWorkOrders, resolveWorkOrder } from './work-orders.service.ts';

/** Network patrols (巡检): plans, rounds on a phone, the work orders findings open. */
export function patrolsRoutes(deps: Deps) {
  return async function (fastify: FastifyInstance) {
    const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
    const tags = ['patrols'];

    app.get('/api/patrols/plans', {
      schema: { tags, summary: 'Patrol plans with their boosted interval and due time, nearest first', querystring: PlanQuery, response: { 200: PlanList, ...errorResponses } },
    }, async (req) => ({ items: await listPlans(deps, requireActor(req), req.query) }));

    app.post('/api/patrols/plans', {
      schema: { tags, summary: 'Plan patrols of a station or pipe segment', body: NewPlan, response: { 201: Type.Object({ id: Type.Integer() }), ...errorResponses } },
    }, async (req, reply) => reply.code(201).send({ id: await createPlan(deps, requireActor(req, 'crew_lead', 'admin'), req.body) }));

    app.post('/api/patrols/rounds', {
      schema: { tags, summary: 'Record a round; a reading out of band or a failed check opens a work order', body: NewRound, response: { 201: RoundView, ...errorResponses } },
    }, async (req, reply) => reply.code(201).send(await recordRound(deps, requireActor(req, 'steward', 'crew_lead'), req.body)));

    app.get('/api/patrols/work-orders', {
      schema: { tags, summary: 'Work orders patrol findings opened, open first', response: { 200: WorkOrderList, ...errorResponses } },
    }, async (req) => ({ items: await listWorkOrders(deps, requireActor(req)) }));

    app.post('/api/patrols/work-orders/:id/resolve', {
      schema: { tags, summary: 'The fault found on patrol is fixed', params: IdParams, response: { 200: WorkOrderView, ...errorResponses } },
    }, async (req) => resolveWorkOrder(deps, requireActor(req, 'steward', 'crew_lead'), req.params.id));
  };
}
