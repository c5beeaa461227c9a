import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { IdParams, errorResponses } from '../../kernel/contract.ts';
import type { Deps } from '../../kernel/deps.ts';
import { requireActor } from '../../kernel/http.ts';
import { compliancePicture, seasonChart } from './compliance.read.ts';
import { ComplianceQuery, CompliancePicture, SeasonChart, SeasonChartQuery } from './compliance.contract.ts';
import { getComplaint, listComplaints, openComplaint, recordReading } from './complaints.service.ts';
import { listInstruments, registerInstrument } from './instruments.service.ts';
import { recordMeasurement } from './measurement.service.ts';
import { patrolsRoutes } from './patrols.routes.ts';
import { runSettlement } from './settlement.service.ts';
import { getStatement } from './statement.read.ts';
import {
  ComplaintList,
  ComplaintView,
  GuideQuery,
  GuideView,
  InstrumentList,
  InstrumentView,
  MeasurementList,
  MeasurementView,
  NewComplaint,
  NewInstrument,
  NewMeasurement,
  NewReading,
  ReadingList,
  ReadingView,
  SettlementRequest,
  SettlementView,
  StatementQuery,
  StatementView,
} from './temperature.contract.ts';
import { guide, householdMeasurements, myReadings } from './temperature.read.ts';

/** Temperature guarantee (温度达标有保障): guard → contract → service → response. */
export function temperatureRoutes(deps: Deps) {
  return async function (fastify: FastifyInstance) {
    const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
    const tags = ['temperature'];
    // Patrols are part of the temperature guarantee: one registration line in app.ts for both.
    await fastify.register(patrolsRoutes(deps));

    app.get('/api/temperature/guide', {
      schema: { tags, summary: 'How to measure by the rulebook, and the self-check list (public)', querystring: GuideQuery, response: { 200: GuideView, ...errorResponses } },
    }, async (req) => guide(deps, req.actor.userId === null ? undefined : req.actor, req.query.city));

    app.post('/api/temperature/readings', {
      schema: { tags, summary: "A resident's own reading; below the standard the answer says so", body: NewReading, response: { 201: ReadingView, ...errorResponses } },
    }, async (req, reply) => reply.code(201).send(await recordReading(deps, requireActor(req, 'resident'), req.body)));

    app.get('/api/temperature/readings/mine', {
      schema: { tags, summary: "A resident's readings, newest first", response: { 200: ReadingList, ...errorResponses } },
    }, async (req) => ({ items: await myReadings(deps, requireActor(req, 'resident')) }));

    app.post('/api/temperature/complaints', {
      schema: { tags, summary: 'Open a temperature complaint (after the self-check list); routed to the steward', body: NewComplaint, response: { 201: ComplaintView, ...errorResponses } },
    }, async (req, reply) => {
      const actor = requireActor(req, 'resident');
      const id = await openComplaint(deps, actor, req.body);
      return reply.code(201).send(await getComplaint(deps, actor, id));
    });

    app.get('/api/temperature/complaints', {
      schema: { tags, summary: "A resident's complaints, or a steward's queue of complaints awaiting measurement", response: { 200: ComplaintList, ...errorResponses } },
    }, async (req) => ({ items: await listComplaints(deps, requireActor(req)) }));

    app.get('/api/temperature/complaints/:id', {
      schema: { tags, summary: 'One temperature complaint', params: IdParams, response: { 200: ComplaintView, ...errorResponses } },
    }, async (req) => getComplaint(deps, requireActor(req), req.params.id));

    app.get('/api/temperature/instruments', {
      schema: { tags, summary: 'Registered thermometers with their calibration dates', response: { 200: InstrumentList, ...errorResponses } },
    }, async (req) => ({ items: await listInstruments(deps, requireActor(req)) }));

    app.post('/api/temperature/instruments', {
      schema: { tags, summary: 'Register a calibrated thermometer', body: NewInstrument, response: { 201: InstrumentView, ...errorResponses } },
    }, async (req, reply) => reply.code(201).send(await registerInstrument(deps, requireActor(req, 'admin', 'clerk', 'crew_lead'), req.body)));

    app.post('/api/temperature/measurements', {
      schema: { tags, summary: 'Record an official measurement; the finding is computed by the rulebook', body: NewMeasurement, response: { 201: MeasurementView, ...errorResponses } },
    }, async (req, reply) => reply.code(201).send(await recordMeasurement(deps, requireActor(req, 'steward', 'crew_lead'), req.body)));

    app.get('/api/temperature/households/:id/measurements', {
      schema: { tags, summary: "A household's official findings, newest first", params: IdParams, response: { 200: MeasurementList, ...errorResponses } },
    }, async (req) => ({ items: await householdMeasurements(deps, requireActor(req), req.params.id) }));

    app.post('/api/temperature/settlements', {
      schema: { tags, summary: 'Settle a season: statements and credit notes (idempotent)', body: SettlementRequest, response: { 200: SettlementView, ...errorResponses } },
    }, async (req) => runSettlement(deps, requireActor(req, 'clerk', 'admin'), req.body));

    app.get('/api/temperature/statement', {
      schema: { tags, summary: "A household's reduction statement for a season: each day, its temperature and reduction", querystring: StatementQuery, response: { 200: StatementView, ...errorResponses } },
    }, async (req) => getStatement(deps, requireActor(req), req.query));

    app.get('/api/temperature/compliance', {
      schema: { tags, summary: 'Compliance per building, compound, station or grid', querystring: ComplianceQuery, response: { 200: CompliancePicture, ...errorResponses } },
    }, async (req) => compliancePicture(deps, requireActor(req), req.query));

    app.get('/api/temperature/season-chart', {
      schema: { tags, summary: 'Measured indoor vs. outdoor temperature per day of a season', querystring: SeasonChartQuery, response: { 200: SeasonChart, ...errorResponses } },
    }, async (req) => seasonChart(deps, requireActor(req), req.query));
  };
}
