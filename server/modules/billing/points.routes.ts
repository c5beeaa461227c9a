/**
 * Routes of payment continuity's own desks: suspension/resumption applications, temporary
 * collection points (open, close, proposals, payments, cash-up) and a household's "where to pay".
 * Registered by billing.routes.ts.
 */
import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { IdParams, errorResponses } from '../../kernel/contract.ts';
import type { Deps } from '../../kernel/deps.ts';
import { requireActor } from '../../kernel/http.ts';
import { PaymentView } from './billing.contract.ts';
import { requireIdempotencyKey } from './idempotency.ts';
import { cashUp, pointDay, takePointPayment } from './point-payments.service.ts';
import {
  CashUpInput,
  CashUpView,
  ClosePoint,
  OpenPoint,
  PointDay,
  PointDayParams,
  PointList,
  PointPayment,
  PointProposals,
  PointView,
  StaffCandidates,
  StaffQuery,
  WhereToPay,
} from './points.contract.ts';
import { closePoint, getPoint, listPoints, managesBranch, openPoint, proposals, staffCandidates } from './points.service.ts';
import { ApplySuspension, DecideSuspension, SuspensionListQuery, SuspensionOutlook, SuspensionView } from './suspension.contract.ts';
import { applyForSuspension, decideSuspension, listSuspensions, suspensionOutlook } from './suspension.service.ts';
import { whereToPay } from './where-to-pay.service.ts';
import { Forbidden } from '../../kernel/errors.ts';

const POINT_WORKERS = ['clerk', 'admin', 'steward', 'crew_lead', 'dispatcher'] as const;

export function pointsRoutes(deps: Deps) {
  return async function (fastify: FastifyInstance) {
    const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
    const tags = ['billing'];

    // ── suspension / resumption (报停 / 复热) ──
    app.post('/api/billing/suspensions', {
      schema: { tags, summary: 'Apply to suspend or resume heating for the next season (resident: own household; clerk: branch). Only in the change window.', body: ApplySuspension, response: { 201: SuspensionView, ...errorResponses } },
    }, async (req, reply) => reply.code(201).send(await applyForSuspension(deps, requireActor(req, 'resident', 'clerk', 'admin'), req.body)));

    app.get('/api/billing/suspensions', {
      schema: { tags, summary: 'Suspension applications: the household\'s own, or the branch\'s (filter by status)', querystring: SuspensionListQuery, response: { 200: Type.Object({ items: Type.Array(SuspensionView) }), ...errorResponses } },
    }, async (req) => listSuspensions(deps.db, requireActor(req, 'resident', 'clerk', 'admin'), req.query));

    for (const decision of ['approve', 'reject'] as const) {
      app.post(`/api/billing/suspensions/:id/${decision}`, {
        schema: { tags, summary: `${decision === 'approve' ? 'Approve' : 'Reject'} a pending application (clerk of the branch)`, params: IdParams, body: DecideSuspension, response: { 200: SuspensionView, ...errorResponses } },
      }, async (req) => decideSuspension(deps, requireActor(req, 'clerk', 'admin'), req.params.id, decision, req.body ?? {}));
    }

    app.get('/api/billing/households/:id/suspension-outlook', {
      schema: { tags, summary: 'May this household apply today, for which season, and its applications', params: IdParams, response: { 200: SuspensionOutlook, ...errorResponses } },
    }, async (req) => suspensionOutlook(deps, requireActor(req, 'resident', 'clerk', 'admin'), req.params.id));

    app.get('/api/billing/households/:id/where-to-pay', {
      schema: { tags, summary: 'Where the household can pay today; follows the compound\'s service mode', params: IdParams, response: { 200: WhereToPay, ...errorResponses } },
    }, async (req) => whereToPay(deps, requireActor(req, 'resident', 'clerk', 'admin'), req.params.id));

    // ── temporary collection points (临时缴费点) ──
    app.get('/api/billing/points', {
      schema: { tags, summary: "Clerk: the branch's temporary points; other staff: the points they work at", response: { 200: PointList, ...errorResponses } },
    }, async (req) => ({ items: await listPoints(deps, requireActor(req, ...POINT_WORKERS)) }));

    app.get('/api/billing/points/proposals', {
      schema: { tags, summary: 'Proposed points: compounds served direct (now or within 30 days) that no open point covers', response: { 200: PointProposals, ...errorResponses } },
    }, async (req) => ({ items: await proposals(deps, requireActor(req, 'clerk', 'admin')) }));

    app.get('/api/billing/points/staff', {
      schema: { tags, summary: 'Users who may staff a point of the branch', querystring: StaffQuery, response: { 200: StaffCandidates, ...errorResponses } },
    }, async (req) => ({ items: await staffCandidates(deps.db, requireActor(req, 'clerk', 'admin'), req.query.branchId) }));

    app.post('/api/billing/points', {
      schema: { tags, summary: 'Open a temporary collection point for compounds of one branch', body: OpenPoint, response: { 201: PointView, ...errorResponses } },
    }, async (req, reply) => reply.code(201).send(await openPoint(deps, requireActor(req, 'clerk', 'admin'), req.body)));

    app.get('/api/billing/points/:id', {
      schema: { tags, summary: 'One temporary point', params: IdParams, response: { 200: PointView, ...errorResponses } },
    }, async (req) => {
      const actor = requireActor(req, ...POINT_WORKERS);
      const point = await getPoint(deps.db, deps.clock, req.params.id);
      if (!managesBranch(actor, point.branchId) && !point.staff.some((s) => s.id === actor.userId)) throw new Forbidden('Not your point', 'point_staff_or_office', { name: point.name });
      return point;
    });

    app.post('/api/billing/points/:id/close', {
      schema: { tags, summary: 'Close a point (no more payments there)', params: IdParams, body: ClosePoint, response: { 200: PointView, ...errorResponses } },
    }, async (req) => closePoint(deps, requireActor(req, 'clerk', 'admin'), req.params.id, req.body.reason));

    app.post('/api/billing/points/:id/payments', {
      schema: { tags, summary: "Take a payment at the point (its staff only, while open and within its dates). Needs an Idempotency-Key header.", params: IdParams, body: PointPayment, response: { 201: PaymentView, ...errorResponses } },
    }, async (req, reply) => {
      const actor = requireActor(req, ...POINT_WORKERS);
      const key = requireIdempotencyKey(req.headers['idempotency-key']);
      const result = await takePointPayment(deps, actor, req.params.id, req.body, key);
      if (result.replayed) void reply.header('idempotent-replayed', 'true');
      return reply.code(result.statusCode).send(result.body);
    });

    app.get('/api/billing/points/:id/days/:date', {
      schema: { tags, summary: "A point's day: payments taken and the cash-up", params: PointDayParams, response: { 200: PointDay, ...errorResponses } },
    }, async (req) => pointDay(deps, requireActor(req, ...POINT_WORKERS), req.params.id, req.params.date));

    app.post('/api/billing/points/:id/cash-ups', {
      schema: { tags, summary: 'End-of-day cash-up: counted cash vs. recorded payments; once per point and day', params: IdParams, body: CashUpInput, response: { 201: CashUpView, ...errorResponses } },
    }, async (req, reply) => reply.code(201).send(await cashUp(deps, requireActor(req, ...POINT_WORKERS), req.params.id, req.body)));
  };
}
