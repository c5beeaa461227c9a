import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { IdParams, errorResponses } from '../../kernel/contract.ts';
import type { Deps } from '../../kernel/deps.ts';
import { requireActor } from '../../kernel/http.ts';
import { completeCall, flagHousehold, listCalls, listVulnerable, unflagHousehold } from './call-list.service.ts';
import { coldSnapView, endColdSnap, listColdSnaps, startColdSnap } from './cold-snaps.service.ts';
import {
  CallList,
  CallParams,
  CallView,
  ColdSnapList,
  ColdSnapView,
  CompleteCall,
  DeclarePeriod,
  EndPeriod,
  FlagHousehold,
  PeriodList,
  PeriodMetrics,
  PeriodsQuery,
  PeriodView,
  StartColdSnap,
  VulnerableList,
} from './emergency.contract.ts';
import { periodMetrics } from './special-periods.metrics.ts';
import { declarePeriod, endPeriod, listPeriods, periodView } from './special-periods.service.ts';

const OFFICE = ['admin', 'clerk', 'dispatcher'] as const;
const FIELD = ['liaison', 'steward', 'crew_lead', ...OFFICE] as const;
const HouseholdParams = Type.Object({ householdId: Type.Integer({ minimum: 1 }) }, { additionalProperties: false });

/** Special periods, cold-snap surge mode, vulnerable households and the call list. */
export function emergencyRoutes(deps: Deps) {
  return async function (fastify: FastifyInstance) {
    const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
    const tags = ['linkage'];

    app.get('/api/linkage/special-periods', {
      schema: { tags, summary: 'Special periods (特殊时期) of the branch, newest first', querystring: PeriodsQuery, response: { 200: PeriodList, ...errorResponses } },
    }, async (req) => ({ items: await listPeriods(deps, requireActor(req, ...OFFICE), req.query) }));

    app.post('/api/linkage/special-periods', {
      schema: { tags, summary: 'Declare a special period for a compound or community (dates default to the current vacuum); overlapping → 422', body: DeclarePeriod, response: { 201: PeriodView, ...errorResponses } },
    }, async (req, reply) => {
      const actor = requireActor(req, ...OFFICE);
      return reply.code(201).send(await periodView(deps, actor, await declarePeriod(deps, actor, req.body)));
    });

    app.post('/api/linkage/special-periods/:id/end', {
      schema: { tags, summary: 'End a special period early (by default it no longer covers today)', params: IdParams, body: EndPeriod, response: { 200: PeriodView, ...errorResponses } },
    }, async (req) => {
      const actor = requireActor(req, ...OFFICE);
      await endPeriod(deps, actor, req.params.id, req.body ?? {});
      return periodView(deps, actor, req.params.id);
    });

    app.get('/api/linkage/special-periods/:id/metrics', {
      schema: { tags, summary: 'Time to discover, respond and handle the period’s requests: medians, p90, counts, breaches', params: IdParams, response: { 200: PeriodMetrics, ...errorResponses } },
    }, async (req) => periodMetrics(deps, requireActor(req, ...OFFICE), req.params.id));

    app.get('/api/linkage/cold-snaps', {
      schema: { tags, summary: 'Cold snaps (寒潮) of the branch with their call progress', querystring: PeriodsQuery, response: { 200: ColdSnapList, ...errorResponses } },
    }, async (req) => ({ items: await listColdSnaps(deps, requireActor(req, ...OFFICE), req.query) }));

    app.post('/api/linkage/cold-snaps', {
      schema: { tags, summary: 'Switch cold-snap surge mode on for a branch (one at a time) and draw its call list', body: StartColdSnap, response: { 201: ColdSnapView, ...errorResponses } },
    }, async (req, reply) => {
      const actor = requireActor(req, ...OFFICE);
      return reply.code(201).send(await coldSnapView(deps, actor, await startColdSnap(deps, actor, req.body)));
    });

    app.post('/api/linkage/cold-snaps/:id/end', {
      schema: { tags, summary: 'Switch the cold snap off now', params: IdParams, response: { 200: ColdSnapView, ...errorResponses } },
    }, async (req) => {
      const actor = requireActor(req, ...OFFICE);
      await endColdSnap(deps, actor, req.params.id);
      return coldSnapView(deps, actor, req.params.id);
    });

    app.get('/api/linkage/vulnerable-households', {
      schema: { tags, summary: 'Vulnerable households in my reach (liaison: community, steward: grid, office: branch)', response: { 200: VulnerableList, ...errorResponses } },
    }, async (req) => ({ items: await listVulnerable(deps, requireActor(req, ...FIELD)) }));

    app.post('/api/linkage/vulnerable-households', {
      schema: { tags, summary: 'Flag (or update) a vulnerable household, with consent noted', body: FlagHousehold, response: { 204: Type.Null(), ...errorResponses } },
    }, async (req, reply) => {
      await flagHousehold(deps, requireActor(req, 'liaison', ...OFFICE), req.body);
      return reply.code(204).send(null);
    });

    app.delete('/api/linkage/vulnerable-households/:householdId', {
      schema: { tags, summary: 'Take a household off the list (calls already made stay on record)', params: HouseholdParams, response: { 204: Type.Null(), ...errorResponses } },
    }, async (req, reply) => {
      await unflagHousehold(deps, requireActor(req, 'liaison', ...OFFICE), req.params.householdId);
      return reply.code(204).send(null);
    });

    app.get('/api/linkage/cold-snap-calls', {
      schema: { tags, summary: 'Calls to make during the cold snap now on, in my reach, pending first (office: any snap)', querystring: Type.Object({ coldSnapId: Type.Optional(Type.Integer({ minimum: 1 })) }, { additionalProperties: false }), response: { 200: CallList, ...errorResponses } },
    }, async (req) => ({ items: await listCalls(deps, requireActor(req, ...FIELD), req.query) }));

    app.post('/api/linkage/cold-snaps/:snapId/calls/:householdId/done', {
      schema: { tags, summary: 'Mark a call done, with its outcome', params: CallParams, body: CompleteCall, response: { 200: CallView, ...errorResponses } },
    }, async (req) => completeCall(deps, requireActor(req, ...FIELD), req.params.snapId, req.params.householdId, req.body));
  };
}
