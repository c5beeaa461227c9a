import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { IdParams, errorResponses } from '../../kernel/contract.ts';
import type { Deps } from '../../kernel/deps.ts';
import { requireActor } from '../../kernel/http.ts';
import { OnBehalfHits, OnBehalfSearch } from './on-behalf.contract.ts';
import { searchForReport } from './on-behalf.read.ts';
import { SlaReport, SlaReportQuery } from './sla-report.contract.ts';
import { slaReport } from './sla-report.read.ts';
import { IncidentDetail, StationBoard } from './stations.contract.ts';
import { incidentDetail, stationBoard } from './stations.read.ts';

/**
 * The repair desk's reads: the on-behalf search (代报), the branch SLA report and the incident
 * view by station. Opening and resolving go through the main repairs routes.
 */
export function repairsDeskRoutes(deps: Deps) {
  return async function (fastify: FastifyInstance) {
    const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
    const tags = ['repairs'];

    app.get('/api/repairs/on-behalf/households', {
      schema: { tags, summary: 'Find a household to report for by account number, phone or address; shows who would get the request', querystring: OnBehalfSearch, response: { 200: OnBehalfHits, ...errorResponses } },
    }, async (req) => searchForReport(deps, requireActor(req, 'dispatcher', 'liaison'), req.query.q));

    app.get('/api/repairs/sla-report', {
      schema: { tags, summary: 'Met/breached per clock over time, per grid and per category; closed beside fixed', querystring: SlaReportQuery, response: { 200: SlaReport, ...errorResponses } },
    }, async (req) => slaReport(deps, requireActor(req, 'crew_lead', 'clerk', 'admin'), req.query));

    app.get('/api/repairs/stations', {
      schema: { tags, summary: 'Heat-exchange stations with their open and recent incidents (map-like view)', response: { 200: StationBoard, ...errorResponses } },
    }, async (req) => stationBoard(deps, requireActor(req, 'crew_lead', 'admin')));

    app.get('/api/repairs/incidents/:id', {
      schema: { tags, summary: 'One incident with its station and linked requests', params: IdParams, response: { 200: IncidentDetail, ...errorResponses } },
    }, async (req) => incidentDetail(deps, requireActor(req, 'crew_lead', 'admin'), req.params.id));
  };
}
