import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { IdParams, errorResponses } from '../../kernel/contract.ts';
import type { Deps } from '../../kernel/deps.ts';
import { requireActor } from '../../kernel/http.ts';
import { DashboardQuery, FaqList, FaqQuery, NoticeView, QuestionView, RecordQuestion, RolloutBoard, ScheduleSession, SendNotice, SessionList, SessionView } from './linkage.contract.ts';
import { sendNotice } from './notices.service.ts';
import { listSessions, markHeld, publicFaq, publishQuestion, recordQuestion, scheduleSession } from './qa.service.ts';
import { rolloutBoard } from './rollout.read.ts';

const OFFICE = ['admin', 'clerk', 'dispatcher', 'liaison'] as const;

/** Notices, Q&A sessions with the public FAQ, and the roll-out board. */
export function outreachRoutes(deps: Deps) {
  return async function (fastify: FastifyInstance) {
    const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
    const tags = ['linkage'];
    const sessionById = async (actor: Parameters<typeof listSessions>[1], id: number) => (await listSessions(deps, actor)).find((s) => s.id === id)!;

    app.post('/api/notices', {
      schema: { tags, summary: 'Broadcast a notice to the households of a compound, community, station or grid (SMS + in-app); empty audience → 422', body: SendNotice, response: { 201: NoticeView, ...errorResponses } },
    }, async (req, reply) => reply.code(201).send(await sendNotice(deps, requireActor(req, ...OFFICE), req.body)));

    app.get('/api/qa-sessions', {
      schema: { tags, summary: 'Q&A sessions I organise, with their questions', response: { 200: SessionList, ...errorResponses } },
    }, async (req) => ({ items: await listSessions(deps, requireActor(req, ...OFFICE)) }));

    app.post('/api/qa-sessions', {
      schema: { tags, summary: 'Schedule a Q&A session (解答会) and notify the community’s households; in the past → 422', body: ScheduleSession, response: { 201: SessionView, ...errorResponses } },
    }, async (req, reply) => {
      const actor = requireActor(req, ...OFFICE);
      const id = await scheduleSession(deps, actor, req.body);
      return reply.code(201).send(await sessionById(actor, id));
    });

    app.post('/api/qa-sessions/:id/held', {
      schema: { tags, summary: 'Mark the session held (on or after its day)', params: IdParams, response: { 200: SessionView, ...errorResponses } },
    }, async (req) => {
      const actor = requireActor(req, ...OFFICE);
      await markHeld(deps, actor, req.params.id);
      return sessionById(actor, req.params.id);
    });

    app.post('/api/qa-sessions/:id/questions', {
      schema: { tags, summary: 'Record a question asked, its answer (zh/en) and its follow-up', params: IdParams, body: RecordQuestion, response: { 201: QuestionView, ...errorResponses } },
    }, async (req, reply) => reply.code(201).send(await recordQuestion(deps, requireActor(req, ...OFFICE), req.params.id, req.body)));

    app.put('/api/qa-questions/:id/published', {
      schema: { tags, summary: 'Publish (or withdraw) an answer in the public FAQ', params: IdParams, body: Type.Object({ published: Type.Boolean() }, { additionalProperties: false }), response: { 200: QuestionView, ...errorResponses } },
    }, async (req) => publishQuestion(deps, requireActor(req, ...OFFICE), req.params.id, req.body.published));

    app.get('/api/public/faq', {
      schema: { tags, summary: 'The public FAQ from Q&A sessions, by topic, searchable (no sign-in)', querystring: FaqQuery, response: { 200: FaqList, ...errorResponses } },
    }, async (req) => ({ items: await publicFaq(deps, req.query) }));

    app.get('/api/linkage/rollout', {
      schema: { tags, summary: 'Roll-out board: direct-mode compounds of the branch with their onboarding checklist', querystring: DashboardQuery, response: { 200: RolloutBoard, ...errorResponses } },
    }, async (req) => rolloutBoard(deps, requireActor(req, 'admin', 'clerk', 'dispatcher'), req.query));
  };
}
