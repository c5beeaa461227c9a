import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { IdParams, errorResponses } from '../../kernel/contract.ts';
import type { Deps } from '../../kernel/deps.ts';
import { requireActor } from '../../kernel/http.ts';
import { bulletinDetail, groupBulletins, unacknowledgedBulletins } from './bulletins.read.ts';
import { acknowledgeBulletin, issueBulletinNow } from './bulletins.service.ts';
import { createGroup, groupDetail, listGroups } from './groups.service.ts';
import {
  AckBulletin,
  BulletinDetail,
  BulletinList,
  CreateGroup,
  DashboardQuery,
  GroupDetail,
  GroupList,
  MessageList,
  MessagesQuery,
  MessageView,
  PostMessage,
  RaisedRequest,
  RaiseRequest,
} from './linkage.contract.ts';
import { getAttachment, listMessages, postMessage, raiseRequest } from './messages.service.ts';

const FileBody = Type.Unsafe<Buffer>({ type: 'string', format: 'binary', description: 'the attached file' });

/** Heating–community linkage groups, their thread and daily bulletins: guard → contract → service → response. */
export function linkageRoutes(deps: Deps) {
  return async function (fastify: FastifyInstance) {
    const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
    const tags = ['linkage'];

    app.get('/api/linkage/groups', {
      schema: { tags, summary: 'The linkage groups I belong to (office staff: the branch’s)', response: { 200: GroupList, ...errorResponses } },
    }, async (req) => ({ items: await listGroups(deps, requireActor(req)) }));

    app.post('/api/linkage/groups', {
      schema: { tags, summary: 'Open a linkage group for a community (admin)', body: CreateGroup, response: { 201: GroupDetail, ...errorResponses } },
    }, async (req, reply) => {
      const actor = requireActor(req, 'admin');
      const id = await createGroup(deps, actor, req.body);
      return reply.code(201).send(await groupDetail(deps, actor, id));
    });

    app.get('/api/linkage/groups/:id', {
      schema: { tags, summary: 'A group: its community, vacuum compounds and members of both sides', params: IdParams, response: { 200: GroupDetail, ...errorResponses } },
    }, async (req) => groupDetail(deps, requireActor(req), req.params.id));

    app.get('/api/linkage/groups/:id/messages', {
      schema: { tags, summary: 'The thread, oldest first (afterId: only newer ones)', params: IdParams, querystring: MessagesQuery, response: { 200: MessageList, ...errorResponses } },
    }, async (req) => ({ items: await listMessages(deps, requireActor(req), req.params.id, req.query.afterId) }));

    app.post('/api/linkage/groups/:id/messages', {
      schema: { tags, summary: 'Post to the thread (members only), with at most one small attachment', params: IdParams, body: PostMessage, response: { 201: MessageView, ...errorResponses } },
    }, async (req, reply) => reply.code(201).send(await postMessage(deps, requireActor(req), req.params.id, req.body)));

    app.post('/api/linkage/groups/:id/requests', {
      schema: { tags, summary: 'A liaison raises a repair request for a resident of the community', params: IdParams, body: RaiseRequest, response: { 201: RaisedRequest, ...errorResponses } },
    }, async (req, reply) => reply.code(201).send(await raiseRequest(deps, requireActor(req, 'liaison'), req.params.id, req.body)));

    app.get('/api/linkage/attachments/:id', {
      schema: { tags, summary: 'Download an attachment (readers of its group only)', params: IdParams, response: { 200: FileBody, ...errorResponses } },
    }, async (req, reply) => {
      const file = await getAttachment(deps, requireActor(req), req.params.id);
      return reply
        .header('content-type', file.contentType)
        .header('content-disposition', `attachment; filename*=UTF-8''${encodeURIComponent(file.fileName)}`)
        .send(file.content);
    });

    app.get('/api/linkage/groups/:id/bulletins', {
      schema: { tags, summary: 'A group’s daily bulletins, newest first', params: IdParams, response: { 200: BulletinList, ...errorResponses } },
    }, async (req) => ({ items: await groupBulletins(deps, requireActor(req), req.params.id) }));

    app.post('/api/linkage/groups/:id/bulletins', {
      schema: { tags, summary: 'Issue today’s bulletin by hand for a group without one (admin)', params: IdParams, response: { 201: BulletinDetail, ...errorResponses } },
    }, async (req, reply) => {
      const actor = requireActor(req, 'admin');
      const id = await issueBulletinNow(deps, actor, req.params.id);
      return reply.code(201).send(await bulletinDetail(deps, actor, id));
    });

    app.get('/api/linkage/bulletins/:id', {
      schema: { tags, summary: 'One bulletin with its content and both copies', params: IdParams, response: { 200: BulletinDetail, ...errorResponses } },
    }, async (req) => bulletinDetail(deps, requireActor(req), req.params.id));

    app.post('/api/linkage/bulletins/:id/acknowledge', {
      schema: { tags, summary: 'Acknowledge my side’s copy (the other side’s copy → 403)', params: IdParams, body: AckBulletin, response: { 200: BulletinDetail, ...errorResponses } },
    }, async (req) => {
      const actor = requireActor(req);
      await acknowledgeBulletin(deps, actor, req.params.id, req.body.side);
      return bulletinDetail(deps, actor, req.params.id);
    });

    app.get('/api/linkage/dashboard', {
      schema: { tags, summary: 'Branch dashboard: the day’s bulletins with a copy nobody acknowledged', querystring: DashboardQuery, response: { 200: BulletinList, ...errorResponses } },
    }, async (req) => ({ items: await unacknowledgedBulletins(deps, requireActor(req, 'admin', 'clerk', 'dispatcher', 'crew_lead'), req.query) }));

  };
}
