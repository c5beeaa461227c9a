import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import type { Readable } from 'node:stream';
import { IdParams, errorResponses } from '../../kernel/contract.ts';
import type { Deps } from '../../kernel/deps.ts';
import { requireActor } from '../../kernel/http.ts';
import { ArrearsExportQuery, ArrearsList, ArrearsQuery, CompleteValveTask, RemindersSent, SendReminders, ValveTaskList, ValveTaskQuery, ValveTaskView } from './arrears.contract.ts';
import { arrearsWorkbook, listArrears } from './arrears.read.ts';
import { sendReminders } from './reminders.service.ts';
import { completeValveTask, listValveTasks } from './valve-tasks.service.ts';
import { attachment, XLSX_TYPE } from './workbook.ts';

const Xlsx = Type.Unsafe<Buffer | Readable>({ type: 'string', format: 'binary', description: '.xlsx file' });

/** Arrears lists, reminders and the stewards' valve tasks (issue 5, item 6). */
export function arrearsRoutes(deps: Deps) {
  return async function (fastify: FastifyInstance) {
    const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
    const tags = ['billing'];

    app.get('/api/billing/arrears', {
      schema: { tags, summary: 'Households with the season bill unpaid after the collection window (clerk: branch, steward: grid, liaison: community)', querystring: ArrearsQuery, response: { 200: ArrearsList, ...errorResponses } },
    }, async (req) => listArrears(deps, requireActor(req), req.query));

    app.get('/api/billing/arrears/export.xlsx', {
      schema: { tags, summary: 'The arrears list as .xlsx', querystring: ArrearsExportQuery, response: { 200: Xlsx, ...errorResponses } },
    }, async (req, reply) => {
      const { season, file } = await arrearsWorkbook(deps, requireActor(req), req.query);
      return reply.type(XLSX_TYPE).header('content-disposition', attachment(`arrears-${season}.xlsx`)).send(file);
    });

    app.post('/api/billing/arrears/reminders', {
      schema: { tags, summary: 'Send reminders (SMS via the outbox), at most one per household and day; after the rulebook number, a valve-close task', body: SendReminders, response: { 200: RemindersSent, ...errorResponses } },
    }, async (req) => sendReminders(deps, requireActor(req, 'clerk', 'admin'), req.body));

    app.get('/api/billing/valve-tasks', {
      schema: { tags, summary: 'Valve-close and re-open tasks (steward: own grid)', querystring: ValveTaskQuery, response: { 200: ValveTaskList, ...errorResponses } },
    }, async (req) => listValveTasks(deps.db, requireActor(req), req.query.status));

    app.post('/api/billing/valve-tasks/:id/done', {
      schema: { tags, summary: 'The steward marks the valve closed / re-opened', params: IdParams, body: CompleteValveTask, response: { 200: ValveTaskView, ...errorResponses } },
    }, async (req) => completeValveTask(deps, requireActor(req, 'steward', 'crew_lead', 'admin'), req.params.id, req.body.note));
  };
}
