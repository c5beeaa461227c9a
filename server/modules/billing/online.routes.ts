/**
 * Online payments, the dev cashier, receipts with e-invoices, credit notes, refunds and the
 * payment rate. Registered from billing.routes.ts as one plugin.
 */
import type { Readable } from 'node:stream';
import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { IdParams, errorResponses } from '../../kernel/contract.ts';
import type { Deps } from '../../kernel/deps.ts';
import { requireActor } from '../../kernel/http.ts';
import { householdAdjustments, issueCreditNote, postRefund } from './adjustments.service.ts';
import { requestEInvoice } from './einvoice.service.ts';
import { paymentRateWorkbook, paymentsWorkbook } from './exports.service.ts';
import { requireIdempotencyKey } from './idempotency.ts';
import {
  CallbackAnswer,
  CallbackParams,
  CashierPaid,
  CashierPay,
  CashierQuery,
  CashierTicketView,
  CreateOnlineOrder,
  CreditNoteView,
  EInvoiceView,
  HouseholdAdjustments,
  IssueCreditNote,
  OnlineOrderView,
  PaymentRateQuery,
  PaymentRateView,
  PaymentsExportQuery,
  PostRefund,
  ReceiptDetail,
  RefundView,
  RequestEInvoice,
} from './online.contract.ts';
import { cashierPay, cashierView } from './online/dev-cashier.service.ts';
import { createOnlineOrder, getOnlineOrder, handleCallback, refreshOnlineOrder } from './online/orders.service.ts';
import { devPaymentsEnabled } from './online/providers.ts';
import { paymentRate } from './payment-rate.service.ts';
import { getReceiptDetail } from './receipt.read.ts';
import { XLSX_TYPE, attachment } from './workbook.ts';

const Xlsx = Type.Unsafe<Buffer | Readable>({ type: 'string', format: 'binary', description: '.xlsx file' });

/** The provider's callback: JSON, but verified over the exact bytes sent, so it is parsed here, not by fastify. */
function callbackRoute(deps: Deps) {
  return async function (fastify: FastifyInstance) {
    fastify.removeAllContentTypeParsers();
    fastify.addContentTypeParser('*', { parseAs: 'string', bodyLimit: 64 * 1024 }, (_req, body, done) => done(null, body));
    const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
    app.post('/api/billing/online/callback/:provider', {
      schema: {
        tags: ['billing'],
        summary: "A payment provider's signed notification (paid / closed). Signature header: x-pay-signature. Duplicates and late events are answered SUCCESS and change nothing.",
        params: CallbackParams,
        response: { 200: CallbackAnswer, ...errorResponses },
      },
    }, async (req, reply) => {
      const signature = req.headers['x-pay-signature'];
      const result = await handleCallback(deps, req.params.provider, typeof req.body === 'string' ? req.body : '', Array.isArray(signature) ? signature[0] : signature);
      if (result.outcome === 'amount_mismatch') {
        return reply.code(422).send({
          error: { code: 'amount_mismatch', message: 'The paid amount differs from the order; nothing was posted and the callback is kept for review', details: [{ field: 'amountFen', message: 'differs from the order amount' }] },
        });
      }
      return { code: 'SUCCESS' as const, ...result };
    });
  };
}

export function onlineRoutes(deps: Deps) {
  return async function (fastify: FastifyInstance) {
    const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
    const tags = ['billing'];
    await fastify.register(callbackRoute(deps));

    app.post('/api/billing/online/orders', {
      schema: { tags, summary: 'Start an online payment of chosen bills (resident of the household, or branch staff). Needs an Idempotency-Key.', body: CreateOnlineOrder, response: { 201: OnlineOrderView, ...errorResponses } },
    }, async (req, reply) => {
      const actor = requireActor(req, 'resident', 'clerk', 'admin');
      const result = await createOnlineOrder(deps, actor, req.body, requireIdempotencyKey(req.headers['idempotency-key']));
      if (result.replayed) void reply.header('idempotent-replayed', 'true');
      return reply.code(result.statusCode).send(result.body);
    });

    app.get('/api/billing/online/orders/:id', {
      schema: { tags, summary: 'An online order and, once paid, its receipt', params: IdParams, response: { 200: OnlineOrderView, ...errorResponses } },
    }, async (req) => getOnlineOrder(deps, requireActor(req), req.params.id));

    app.post('/api/billing/online/orders/:id/refresh', {
      schema: { tags, summary: 'Ask the provider about an open order (a lost callback) and apply the answer', params: IdParams, response: { 200: OnlineOrderView, ...errorResponses } },
    }, async (req) => refreshOnlineOrder(deps, requireActor(req), req.params.id));

    // Not in production (DEV_PAYMENTS=false): the cashier marks an order paid for anyone holding its link.
    if (devPaymentsEnabled()) {
      app.get('/api/billing/online/dev-cashier', {
        schema: { tags, summary: 'Development cashier: the order behind a signed pay link (stands in for the provider page)', querystring: CashierQuery, response: { 200: CashierTicketView, ...errorResponses } },
      }, async (req) => cashierView(deps, req.query.t));

      app.post('/api/billing/online/dev-cashier/pay', {
        schema: { tags, summary: 'Development cashier: pay, then the dev provider POSTs its signed callback (callbacks: 0 = lost, >1 = duplicates)', body: CashierPay, response: { 200: CashierPaid, ...errorResponses } },
      }, async (req) =>
        cashierPay(deps, req.body.t, req.body.callbacks ?? 1, async (provider, rawBody, signature) => {
          const res = await fastify.inject({ method: 'POST', url: `/api/billing/online/callback/${provider}`, payload: rawBody, headers: { 'content-type': 'application/json', 'x-pay-signature': signature } });
          const body = res.json<{ outcome?: string; error?: { code: string } }>();
          return { status: res.statusCode, outcome: body.outcome ?? body.error?.code ?? 'unknown' };
        }));
    }

    app.get('/api/billing/receipts/:id', {
      schema: { tags, summary: 'One receipt with its allocation and e-invoice (printable)', params: IdParams, response: { 200: ReceiptDetail, ...errorResponses } },
    }, async (req) => getReceiptDetail(deps.db, requireActor(req), req.params.id));

    app.post('/api/billing/receipts/:id/e-invoice', {
      schema: { tags, summary: 'Request the e-invoice of a receipt (resident or branch staff); asking again returns the first request', params: IdParams, body: RequestEInvoice, response: { 200: EInvoiceView, 201: EInvoiceView, ...errorResponses } },
    }, async (req, reply) => {
      const { request, created } = await requestEInvoice(deps, requireActor(req, 'resident', 'clerk', 'admin'), req.params.id, req.body);
      return reply.code(created ? 201 : 200).send(request);
    });

    app.get('/api/billing/households/:id/adjustments', {
      schema: { tags, summary: "A household's credit notes, refunds and customer credit", params: IdParams, response: { 200: HouseholdAdjustments, ...errorResponses } },
    }, async (req) => householdAdjustments(deps.db, requireActor(req), req.params.id));

    app.post('/api/billing/credit-notes', {
      schema: { tags, summary: "A clerk's credit note on a household's season bill. The Idempotency-Key is its source reference: the same key gives one credit note.", body: IssueCreditNote, response: { 200: CreditNoteView, 201: CreditNoteView, ...errorResponses } },
    }, async (req, reply) => {
      const actor = requireActor(req, 'clerk', 'admin');
      const key = requireIdempotencyKey(req.headers['idempotency-key']);
      const { currency: _currency, ...input } = req.body;
      const { creditNote, created } = await issueCreditNote(deps, actor, { ...input, sourceRef: `clerk:${key}` });
      return reply.code(created ? 201 : 200).send(creditNote);
    });

    app.post('/api/billing/refunds', {
      schema: { tags, summary: 'Pay customer credit back to the resident (clerk), at the counter or online. Needs an Idempotency-Key.', body: PostRefund, response: { 201: RefundView, ...errorResponses } },
    }, async (req, reply) => {
      const result = await postRefund(deps, requireActor(req, 'clerk', 'admin'), req.body, requireIdempotencyKey(req.headers['idempotency-key']));
      if (result.replayed) void reply.header('idempotent-replayed', 'true');
      return reply.code(result.statusCode).send(result.body);
    });

    app.get('/api/billing/payment-rate', {
      schema: { tags, summary: "A branch's payment rate by compound for a season, vacuum compounds flagged (clerk, crew lead, admin)", querystring: PaymentRateQuery, response: { 200: PaymentRateView, ...errorResponses } },
    }, async (req) => paymentRate(deps, requireActor(req), req.query));

    app.get('/api/billing/payment-rate.xlsx', {
      schema: { tags, summary: 'The payment-rate table as .xlsx', querystring: PaymentRateQuery, response: { 200: Xlsx, ...errorResponses } },
    }, async (req, reply) => {
      const file = await paymentRateWorkbook(deps, requireActor(req), req.query);
      return reply.type(XLSX_TYPE).header('content-disposition', attachment(`payment-rate-${req.query.season}.xlsx`)).send(file);
    });

    app.get('/api/billing/payments.xlsx', {
      schema: { tags, summary: "Payments of a household, or of a branch (optionally one season's), as .xlsx", querystring: PaymentsExportQuery, response: { 200: Xlsx, ...errorResponses } },
    }, async (req, reply) => {
      const stream = await paymentsWorkbook(deps, requireActor(req), req.query);
      const who = req.query.householdId !== undefined ? `household-${req.query.householdId}` : `branch-${req.query.branchId}`;
      return reply.type(XLSX_TYPE).header('content-disposition', attachment(`payments-${who}.xlsx`)).send(stream);
    });
  };
}
