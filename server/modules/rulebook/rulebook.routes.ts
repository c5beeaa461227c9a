import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { errorResponses } from '../../kernel/contract.ts';
import type { Deps } from '../../kernel/deps.ts';
import { requireActor } from '../../kernel/http.ts';
import {
  CityList,
  CityParams,
  InForceQuery,
  NewVersion,
  RulebookView,
  SeasonExtension,
  SeasonQuery,
  SeasonView,
  VersionList,
  VersionParams,
  VersionPatch,
  VersionView,
} from './rulebook.api.contract.ts';
import { seasonContaining } from './rulebook.queries.ts';
import { listCities, listVersions, rulebookInForce, seasonView } from './rulebook.read.ts';
import { createVersion, extendSeason, updateVersion } from './rulebook.service.ts';
import { todayIn } from './rulebook.store.ts';

/**
 * Reading the rulebook needs no account: it is published regulation, and resident pages show
 * season dates. Writing is for administrators (checked again in the service).
 */
export function rulebookRoutes(deps: Deps) {
  return async function (fastify: FastifyInstance) {
    const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
    const tags = ['rulebook'];

    app.get('/api/rulebook/cities', {
      schema: { tags, summary: 'Cities with a rulebook', response: { 200: CityList, ...errorResponses } },
    }, async () => listCities(deps.db));

    app.get('/api/rulebook/:city', {
      schema: { tags, summary: 'The rulebook in force now, or at ?at= (date or instant), with its seasons and sources', params: CityParams, querystring: InForceQuery, response: { 200: RulebookView, ...errorResponses } },
    }, async (req) => rulebookInForce(deps.db, deps.clock, req.params.city, req.query.at));

    app.get('/api/rulebook/:city/season', {
      schema: { tags, summary: 'The heating season containing ?date= (default today); 422 outside_season between seasons', params: CityParams, querystring: SeasonQuery, response: { 200: SeasonView, ...errorResponses } },
    }, async (req) => {
      const { city } = req.params;
      return seasonView(await seasonContaining(deps.db, city, req.query.date ?? (await todayIn(deps.db, deps.clock, city))));
    });

    app.get('/api/rulebook/:city/versions', {
      schema: { tags, summary: 'Version history of a city, newest first (signed-in staff)', params: CityParams, response: { 200: VersionList, ...errorResponses } },
    }, async (req) => {
      requireActor(req);
      return listVersions(deps.db, deps.clock, req.params.city);
    });

    app.post('/api/rulebook/:city/versions', {
      schema: { tags, summary: 'Add a version effective from a date (admin)', params: CityParams, body: NewVersion, response: { 201: VersionView, ...errorResponses } },
    }, async (req, reply) => reply.code(201).send(await createVersion(deps, requireActor(req, 'admin'), req.params.city, req.body)));

    app.patch('/api/rulebook/:city/versions/:id', {
      schema: { tags, summary: 'Edit a version no bill has used (admin); 409 version_locked otherwise', params: VersionParams, body: VersionPatch, response: { 200: VersionView, ...errorResponses } },
    }, async (req) => updateVersion(deps, requireActor(req, 'admin'), req.params.city, req.params.id, req.body));

    app.post('/api/rulebook/:city/season-extension', {
      schema: { tags, summary: 'Extend (or move the end of) a season: a new version = rules in force + the override (admin)', params: CityParams, body: SeasonExtension, response: { 201: VersionView, ...errorResponses } },
    }, async (req, reply) => reply.code(201).send(await extendSeason(deps, requireActor(req, 'admin'), req.params.city, req.body)));
  };
}
