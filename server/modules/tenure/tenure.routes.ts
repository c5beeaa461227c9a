import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { IdParams, errorResponses } from '../../kernel/contract.ts';
import type { Deps } from '../../kernel/deps.ts';
import { requireActor } from '../../kernel/http.ts';
import {
  createPropertyCompany,
  deletePropertyCompany,
  getPropertyCompany,
  listPropertyCompanies,
  updatePropertyCompany,
} from './companies.service.ts';
import { tenureDashboard, tenureForecast } from './dashboard.service.ts';
import { compoundMode, compoundVacuums } from './mode.service.ts';
import {
  CreatePropertyCompany,
  CreateTenure,
  DashboardView,
  EndTenure,
  ForecastQuery,
  ForecastView,
  ModeQuery,
  MyCompoundsView,
  PropertyCompanyList,
  PropertyCompanyListQuery,
  PropertyCompanyView,
  ServiceModeView,
  TenureList,
  TenureWriteResult,
  UpdatePropertyCompany,
  UpdateTenure,
  VacuumList,
  VacuumQuery,
} from './tenure.contract.ts';
import { createTenure, endTenure, listTenures, myCompounds, updateTenure } from './tenures.service.ts';

/** Staff API of property companies, tenures and the vacuum switch. Services decide the scope. */
export function tenureRoutes(deps: Deps) {
  return async function (fastify: FastifyInstance) {
    const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
    const tags = ['tenure'];

    app.get('/api/tenure/companies', {
      schema: { tags, summary: 'List property companies', querystring: PropertyCompanyListQuery, response: { 200: PropertyCompanyList, ...errorResponses } },
    }, async (req) => listPropertyCompanies(deps, requireActor(req), req.query));

    app.post('/api/tenure/companies', {
      schema: { tags, summary: 'Add a property company (admin, clerk)', body: CreatePropertyCompany, response: { 201: PropertyCompanyView, ...errorResponses } },
    }, async (req, reply) => reply.code(201).send(await createPropertyCompany(deps, requireActor(req), req.body)));

    app.get('/api/tenure/companies/:id', {
      schema: { tags, summary: 'One property company', params: IdParams, response: { 200: PropertyCompanyView, ...errorResponses } },
    }, async (req) => getPropertyCompany(deps, requireActor(req), req.params.id));

    app.patch('/api/tenure/companies/:id', {
      schema: { tags, summary: 'Change a property company (admin, clerk)', params: IdParams, body: UpdatePropertyCompany, response: { 200: PropertyCompanyView, ...errorResponses } },
    }, async (req) => updatePropertyCompany(deps, requireActor(req), req.params.id, req.body));

    app.delete('/api/tenure/companies/:id', {
      schema: { tags, summary: 'Delete a property company that never had a tenure (admin, clerk)', params: IdParams, response: { 204: Type.Null(), ...errorResponses } },
    }, async (req, reply) => {
      await deletePropertyCompany(deps, requireActor(req), req.params.id);
      return reply.code(204).send(null);
    });

    app.get('/api/tenure/compounds/:id/tenures', {
      schema: { tags, summary: 'Tenures of a compound, oldest first', params: IdParams, response: { 200: TenureList, ...errorResponses } },
    }, async (req) => ({ items: await listTenures(deps, requireActor(req), req.params.id) }));

    app.post('/api/tenure/compounds/:id/tenures', {
      schema: {
        tags,
        summary: 'Add a tenure to a compound (admin, clerk); 422 on overlap, end ≤ start, emergency manager over the rulebook limit, contracted without company',
        params: IdParams,
        body: CreateTenure,
        response: { 201: TenureWriteResult, ...errorResponses },
      },
    }, async (req, reply) => reply.code(201).send(await createTenure(deps, requireActor(req), req.params.id, req.body)));

    app.patch('/api/tenure/tenures/:id', {
      schema: { tags, summary: 'Change a tenure’s end date, agent flag or note (admin, clerk)', params: IdParams, body: UpdateTenure, response: { 200: TenureWriteResult, ...errorResponses } },
    }, async (req) => updateTenure(deps, requireActor(req), req.params.id, req.body));

    app.post('/api/tenure/tenures/:id/end', {
      schema: { tags, summary: 'End a tenure on a date, default today (admin, clerk)', params: IdParams, body: EndTenure, response: { 200: TenureWriteResult, ...errorResponses } },
    }, async (req) => endTenure(deps, requireActor(req), req.params.id, req.body ?? {}));

    app.get('/api/tenure/compounds/:id/mode', {
      schema: { tags, summary: 'Service mode (agent | direct) of a compound on a date', params: IdParams, querystring: ModeQuery, response: { 200: ServiceModeView, ...errorResponses } },
    }, async (req) => compoundMode(deps, requireActor(req), req.params.id, req.query.date));

    app.get('/api/tenure/compounds/:id/vacuums', {
      schema: { tags, summary: 'Intervals [start, end) of direct service within [from, to)', params: IdParams, querystring: VacuumQuery, response: { 200: VacuumList, ...errorResponses } },
    }, async (req) => compoundVacuums(deps, requireActor(req), req.params.id, req.query.from, req.query.to));

    app.get('/api/tenure/forecast', {
      schema: { tags, summary: 'Compounds whose tenure ends within N days with no successor, worst season gap first', querystring: ForecastQuery, response: { 200: ForecastView, ...errorResponses } },
    }, async (req) => {
      const withinDays = req.query.withinDays ?? 60;
      return { withinDays, items: await tenureForecast(deps, requireActor(req), withinDays) };
    });

    app.get('/api/tenure/dashboard', {
      schema: { tags, summary: 'Per branch: compounds in vacuum now and at risk, with households and area', querystring: ForecastQuery, response: { 200: DashboardView, ...errorResponses } },
    }, async (req) => tenureDashboard(deps, requireActor(req), req.query.withinDays ?? 60));

    app.get('/api/tenure/my-compounds', {
      schema: { tags, summary: 'A property manager’s compounds in tenure today', response: { 200: MyCompoundsView, ...errorResponses } },
    }, async (req) => myCompounds(deps, requireActor(req)));
  };
}
