/**
 * The development payment providers: 'dev-wechat' and 'dev-alipay' behave like WeChat Pay /
 * Alipay H5 payments without leaving the machine. Orders and callbacks are signed with
 * HMAC-SHA256 under ONLINE_PAY_DEV_SECRET; the provider's own record of what was paid lives in
 * dev_pay_trades (what the real provider keeps on its servers), so queryOrder can reconcile a
 * callback that never arrived.
 */
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { sql } from 'drizzle-orm';
import type { Clock } from '../../../kernel/clock.ts';
import { queryRows, type Db } from '../../../kernel/db.ts';
import { BadRequest, Unauthorized } from '../../../kernel/errors.ts';
import type { CallbackEvent, CreateOrderInput, OrderAttach, PaymentProvider, ProviderOrder, ProviderOrderState } from './provider.ts';

/** A signed callback older (or newer) than this is refused: a replayed capture cannot be re-sent later. */
const SIGNATURE_MAX_SKEW_S = 300;

export const DEV_PROVIDERS = { 'dev-wechat': { ledgerNo: 901, qr: 'weixin://wxpay/dev/' }, 'dev-alipay': { ledgerNo: 902, qr: 'https://qr.alipay.dev/' } } as const;
export type DevProviderCode = keyof typeof DEV_PROVIDERS;

/** What the dev cashier page is given (signed, so the amount cannot be edited in the address bar). */
export interface CashierTicket {
  provider: DevProviderCode;
  merchantOrderNo: string;
  providerOrderId: string;
  amountFen: number;
  description: string;
  expiresAt: string;
  attach: OrderAttach;
}

const hmac = (secret: string, text: string) => createHmac('sha256', secret).update(text).digest('hex');

function safeEqualHex(a: string, b: string): boolean {
  const x = Buffer.from(a, 'hex');
  const y = Buffer.from(b, 'hex');
  return x.length === y.length && x.length > 0 && timingSafeEqual(x, y);
}

/** The Signature header of a callback body: `t=<unix seconds>,n=<nonce>,s=<hex HMAC of "t\nn\nbody\n">`. */
export function signCallback(secret: string, clock: Clock, rawBody: string): string {
  const t = Math.floor(clock.now().getTime() / 1000);
  const n = randomBytes(8).toString('hex');
  return `t=${t},n=${n},s=${hmac(secret, `${t}\n${n}\n${rawBody}\n`)}`;
}

export function signTicket(secret: string, ticket: CashierTicket): string {
  const body = Buffer.from(JSON.stringify(ticket)).toString('base64url');
  return `${body}.${hmac(secret, `ticket\n${body}`)}`;
}

export function readTicket(secret: string, token: string): CashierTicket {
  const [body, sig] = token.split('.');
  if (!body || !sig || !/^[0-9a-f]+$/.test(sig) || !safeEqualHex(sig, hmac(secret, `ticket\n${body}`))) {
    throw new BadRequest('This payment link is not valid', [{ field: 'token', message: 'bad signature' }], 'bad_ticket');
  }
  return JSON.parse(Buffer.from(body, 'base64url').toString('utf8')) as CashierTicket;
}

function parseEvent(rawBody: string): CallbackEvent {
  let body: unknown;
  try {
    body = JSON.parse(rawBody);
  } catch {
    throw new BadRequest('Callback body is not JSON', [{ field: 'body', message: 'not JSON' }], 'bad_callback');
  }
  const b = body as Record<string, unknown>;
  const problems: { field: string; message: string }[] = [];
  if (b.event !== 'paid' && b.event !== 'closed') problems.push({ field: 'event', message: "must be 'paid' or 'closed'" });
  for (const f of ['merchantOrderNo', 'providerOrderId', 'currency', 'at'] as const) {
    if (typeof b[f] !== 'string' || b[f] === '') problems.push({ field: f, message: 'is required' });
  }
  if (typeof b.amountFen !== 'number' || !Number.isSafeInteger(b.amountFen) || b.amountFen <= 0) {
    problems.push({ field: 'amountFen', message: 'must be a positive integer' });
  }
  const attach = b.attach as OrderAttach | null | undefined;
  const attachOk = attach === null || attach === undefined
    || (Number.isSafeInteger(attach.householdId) && Array.isArray(attach.billIds) && attach.billIds.every((id) => Number.isSafeInteger(id)));
  if (!attachOk) problems.push({ field: 'attach', message: 'must be { householdId, billIds }' });
  if (problems.length > 0) throw new BadRequest('Callback body is malformed', problems, 'bad_callback');
  return {
    event: b.event as CallbackEvent['event'],
    merchantOrderNo: b.merchantOrderNo as string,
    providerOrderId: b.providerOrderId as string,
    tradeNo: typeof b.tradeNo === 'string' ? b.tradeNo : null,
    amountFen: b.amountFen as number,
    currency: b.currency as string,
    at: b.at as string,
    attach: attach ?? null,
  };
}

export function devProvider(code: DevProviderCode, deps: { db: Db; clock: Clock }, secret: string): PaymentProvider {
  const { ledgerNo, qr } = DEV_PROVIDERS[code];
  const state = async (merchantOrderNo: string): Promise<ProviderOrderState> => {
    const [trade] = await queryRows<{ status: 'paid' | 'closed'; amount_fen: string; trade_no: string | null; at: Date | string }>(
      deps.db,
      sql`SELECT status, amount_fen::text, trade_no, at FROM dev_pay_trades WHERE provider = ${code} AND merchant_order_no = ${merchantOrderNo}`,
    );
    if (!trade) return { status: 'notpay' };
    if (trade.status === 'closed') return { status: 'closed' };
    return { status: 'paid', amountFen: Number(trade.amount_fen), tradeNo: trade.trade_no!, at: new Date(trade.at).toISOString() };
  };
  return {
    code,
    ledgerNo,
    async createOrder(input: CreateOrderInput): Promise<ProviderOrder> {
      // Deterministic per merchant order, as a provider answers the same prepay id for a retried create.
      const providerOrderId = `${code === 'dev-wechat' ? 'wx' : 'ali'}${hmac(secret, `order\n${input.merchantOrderNo}`).slice(0, 24)}`;
      const token = signTicket(secret, {
        provider: code,
        merchantOrderNo: input.merchantOrderNo,
        providerOrderId,
        amountFen: input.amountFen,
        description: input.description,
        expiresAt: input.expiresAt.toISOString(),
        attach: input.attach,
      });
      const payUrl = `/pay/dev-cashier?t=${token}`;
      return { providerOrderId, payUrl, qrPayload: `${qr}${providerOrderId}` };
    },
    verifyCallback(rawBody: string, signature: string | undefined): CallbackEvent {
      const m = /^t=(\d{1,12}),n=([0-9a-f]{8,64}),s=([0-9a-f]{64})$/.exec(signature ?? '');
      if (!m) throw new Unauthorized('The callback signature is missing or malformed', 'bad_signature');
      const [, t, n, s] = m;
      if (!safeEqualHex(s!, hmac(secret, `${t}\n${n}\n${rawBody}\n`))) throw new Unauthorized('The callback signature does not match', 'bad_signature');
      if (Math.abs(deps.clock.now().getTime() / 1000 - Number(t)) > SIGNATURE_MAX_SKEW_S) {
        throw new Unauthorized('The callback signature is too old (or from the future)', 'stale_signature');
      }
      return parseEvent(rawBody);
    },
    queryOrder: state,
    async closeOrder(merchantOrderNo: string): Promise<ProviderOrderState> {
      // A real provider refuses to close a paid order; ON CONFLICT keeps a trade that was paid first.
      await deps.db.execute(
        sql`INSERT INTO dev_pay_trades (provider_order_id, provider, merchant_order_no, amount_fen, status, at)
            SELECT provider_order_id, provider, merchant_order_no, amount_fen, 'closed', ${deps.clock.now().toISOString()}::timestamptz
              FROM online_orders WHERE provider = ${code} AND merchant_order_no = ${merchantOrderNo} AND provider_order_id IS NOT NULL
            ON CONFLICT DO NOTHING`,
      );
      return state(merchantOrderNo);
    },
  };
}
