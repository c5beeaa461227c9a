import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { IdParams, errorResponses } from '../../kernel/contract.ts';
import type { Deps } from '../../kernel/deps.ts';
import { requireActor } from '../../kernel/http.ts';
import { createEntity, getEntity, listEntities, patchEntity, type EntitySpec } from './entity.kit.ts';
import { createHousehold, getHousehold, listHouseholds, patchHousehold } from './households.service.ts';
import { branchSpec, crewSpec, gridSpec, sectionSpec } from './org.service.ts';
import { buildingSpec, communitySpec, compoundSpec, entranceSpec, pipeSegmentSpec, stationSpec, subdistrictSpec } from './places.service.ts';
import { registryFileRoutes } from './registry-files.routes.ts';
import {
  AssignSteward,
  CreateHousehold,
  FieldWorkerList,
  GridAssignmentList,
  GridAssignmentView,
  HouseholdList,
  HouseholdListQuery,
  HouseholdView,
  PatchHousehold,
} from './registry.contract.ts';
import { assignSteward, gridAssignmentHistory, listFieldWorkers } from './stewards.service.ts';

/** Every plain entity gets list, get, create and patch under /api/registry/<path>. */
const ENTITY_SPECS: EntitySpec[] = [
  branchSpec,
  sectionSpec,
  crewSpec,
  gridSpec,
  subdistrictSpec,
  communitySpec,
  compoundSpec,
  stationSpec,
  buildingSpec,
  entranceSpec,
  pipeSegmentSpec,
];

type Query = Record<string, unknown> & { page?: number; pageSize?: number };

function entityRoutes(app: FastifyInstance, deps: Deps, spec: EntitySpec): void {
  const base = `/api/registry/${spec.path}`;
  const tags = ['registry'];
  const { View, List, ListQuery, Create, Patch } = spec.schemas;
  app.get(base, {
    schema: { tags, summary: `List ${spec.entity} rows you may see`, querystring: ListQuery, response: { 200: List, ...errorResponses } },
  }, async (req) => listEntities(deps, requireActor(req), spec, req.query as Query));
  app.get(`${base}/:id`, {
    schema: { tags, summary: `One ${spec.entity}`, params: IdParams, response: { 200: View, ...errorResponses } },
  }, async (req) => getEntity(deps, requireActor(req), spec, (req.params as { id: number }).id));
  app.post(base, {
    schema: { tags, summary: `Create a ${spec.entity} (admin, clerk)`, body: Create, response: { 201: View, ...errorResponses } },
  }, async (req, reply) => reply.code(201).send(await createEntity(deps, requireActor(req), spec, req.body as Query)));
  app.patch(`${base}/:id`, {
    schema: { tags, summary: `Change a ${spec.entity} (admin, clerk)`, params: IdParams, body: Patch, response: { 200: View, ...errorResponses } },
  }, async (req) => patchEntity(deps, requireActor(req), spec, (req.params as { id: number }).id, req.body as Query));
}

/** The registry's HTTP surface: one plugin, registered by one line in app.ts. */
export function registryRoutes(deps: Deps) {
  return async function (fastify: FastifyInstance) {
    for (const spec of ENTITY_SPECS) entityRoutes(fastify, deps, spec);
    const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
    const tags = ['registry'];

    app.get('/api/registry/grids/:id/assignments', {
      schema: { tags, summary: "A grid's stewards and deputies over time, newest first", params: IdParams, response: { 200: GridAssignmentList, ...errorResponses } },
    }, async (req) => ({ items: await gridAssignmentHistory(deps, requireActor(req), req.params.id) }));

    app.post('/api/registry/grids/:id/assignments', {
      schema: { tags, summary: 'Assign a steward from a date; closes the current assignment (admin, clerk)', params: IdParams, body: AssignSteward, response: { 201: GridAssignmentView, ...errorResponses } },
    }, async (req, reply) => reply.code(201).send(await assignSteward(deps, requireActor(req), req.params.id, req.body)));

    app.get('/api/registry/field-workers', {
      schema: { tags, summary: 'Stewards and crew leads a clerk may name on a grid (admin, clerk)', response: { 200: FieldWorkerList, ...errorResponses } },
    }, async (req) => ({ items: await listFieldWorkers(deps, requireActor(req)) }));

    app.get('/api/registry/households', {
      schema: { tags, summary: 'Households you may see: filters, paging and the one search box (q)', querystring: HouseholdListQuery, response: { 200: HouseholdList, ...errorResponses } },
    }, async (req) => listHouseholds(deps, requireActor(req), req.query));

    app.get('/api/registry/households/:id', {
      schema: { tags, summary: 'One household with its address, grid and billing area', params: IdParams, response: { 200: HouseholdView, ...errorResponses } },
    }, async (req) => getHousehold(deps, requireActor(req), req.params.id));

    app.post('/api/registry/households', {
      schema: { tags, summary: 'Create a household in an entrance (admin, clerk)', body: CreateHousehold, response: { 201: HouseholdView, ...errorResponses } },
    }, async (req, reply) => reply.code(201).send(await createHousehold(deps, requireActor(req), req.body)));

    app.patch('/api/registry/households/:id', {
      schema: { tags, summary: 'Change a household (admin, clerk)', params: IdParams, body: PatchHousehold, response: { 200: HouseholdView, ...errorResponses } },
    }, async (req) => patchHousehold(deps, requireActor(req), req.params.id, req.body));

    await fastify.register(registryFileRoutes(deps));
  };
}
