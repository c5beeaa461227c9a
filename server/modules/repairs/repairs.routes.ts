import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { IdParams, errorResponses } from '../../kernel/contract.ts';
import type { Deps } from '../../kernel/deps.ts';
import { requireActor } from '../../kernel/http.ts';
import { recordAbsence } from './absences.service.ts';
import { listIncidents, resolveIncident } from './incident-resolve.service.ts';
import { AbsenceView, CreateAbsence, IncidentList, OpenRequest, Reassign, RequestDetail, RequestList, ResolveIncident, Transition } from './repairs.contract.ts';
import { crewBoard, myRequests, requestDetail, stewardQueue } from './requests.read.ts';
import { openRequestWithDetail } from './requests.service.ts';
import { reassignRequest, transitionRequest } from './transitions.service.ts';

/** Repair express lane (故障报修直通车): guard → contract → service → response. */
export function repairsRoutes(deps: Deps) {
  return async function (fastify: FastifyInstance) {
    const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
    const tags = ['repairs'];

    app.post('/api/repairs', {
      schema: { tags, summary: 'Open a request: one click for a resident, on behalf for a dispatcher or liaison', body: OpenRequest, response: { 201: RequestDetail, ...errorResponses } },
    }, async (req, reply) => {
      return reply.code(201).send(await openRequestWithDetail(deps, requireActor(req), req.body));
    });

    app.get('/api/repairs/mine', {
      schema: { tags, summary: "A resident's requests (staff: those they reported)", response: { 200: RequestList, ...errorResponses } },
    }, async (req) => ({ items: await myRequests(deps, requireActor(req)) }));

    app.get('/api/repairs/queue', {
      schema: { tags, summary: "The steward's queue: open work of their grids, nearest deadline first", response: { 200: RequestList, ...errorResponses } },
    }, async (req) => ({ items: await stewardQueue(deps, requireActor(req, 'steward', 'crew_lead')) }));

    app.get('/api/repairs/board', {
      schema: { tags, summary: "The crew lead's board: overdue and escalated requests", response: { 200: RequestList, ...errorResponses } },
    }, async (req) => ({ items: await crewBoard(deps, requireActor(req, 'crew_lead', 'admin')) }));

    app.post('/api/repairs/absences', {
      schema: { tags, summary: 'Record that a steward is off duty (routing uses the deputy)', body: CreateAbsence, response: { 201: AbsenceView, ...errorResponses } },
    }, async (req, reply) => reply.code(201).send(await recordAbsence(deps, requireActor(req, 'crew_lead', 'admin'), req.body)));

    app.get('/api/repairs/incidents', {
      schema: { tags, summary: 'Station and building incidents the crew lead supervises, open first', response: { 200: IncidentList, ...errorResponses } },
    }, async (req) => ({ items: await listIncidents(deps, requireActor(req, 'crew_lead', 'admin')) }));

    app.post('/api/repairs/incidents/:id/resolve', {
      schema: { tags, summary: 'The fault is fixed: resolve the incident and its linked requests, tell every household', params: IdParams, body: ResolveIncident, response: { 204: Type.Null(), ...errorResponses } },
    }, async (req, reply) => {
      await resolveIncident(deps, requireActor(req, 'crew_lead', 'admin'), req.params.id, req.body.note);
      return reply.code(204).send(null);
    });

    app.get('/api/repairs/:id', {
      schema: { tags, summary: 'One request: timeline, steward, expected times, allowed next steps', params: IdParams, response: { 200: RequestDetail, ...errorResponses } },
    }, async (req) => requestDetail(deps, requireActor(req), req.params.id));

    app.post('/api/repairs/:id/transitions', {
      schema: { tags, summary: 'Move a request to its next state', params: IdParams, body: Transition, response: { 200: RequestDetail, ...errorResponses } },
    }, async (req) => {
      const actor = requireActor(req);
      await transitionRequest(deps, actor, req.params.id, req.body);
      return requestDetail(deps, actor, req.params.id);
    });

    app.post('/api/repairs/:id/reassign', {
      schema: { tags, summary: 'Give a request to another steward (crew lead)', params: IdParams, body: Reassign, response: { 200: RequestDetail, ...errorResponses } },
    }, async (req) => {
      const actor = requireActor(req, 'crew_lead', 'admin');
      await reassignRequest(deps, actor, req.params.id, req.body);
      return requestDetail(deps, actor, req.params.id);
    });
  };
}
