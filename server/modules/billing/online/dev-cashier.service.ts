/**
 * The development cashier (收银台): stands in for the WeChat/Alipay payment page. The resident
 * "pays" here; the dev provider records the trade on its side and then POSTs the signed
 * callback to /api/billing/online/callback/:provider exactly as a real provider would —
 * optionally several times (duplicates) or not at all (a lost callback, found later by query).
 */
import { randomBytes } from 'node:crypto';
import { sql } from 'drizzle-orm';
import type { Clock } from '../../../kernel/clock.ts';
import { queryRows, type Db } from '../../../kernel/db.ts';
import { Conflict } from '../../../kernel/errors.ts';
import { readTicket, signCallback, type CashierTicket } from './dev-provider.ts';
import { onlinePayDevSecret, providerFor } from './providers.ts';

type Deps = { db: Db; clock: Clock };

export interface CashierView extends Omit<CashierTicket, 'attach'> {
  state: 'notpay' | 'paid' | 'closed';
  orderId: number | null;
}

async function orderIdOf(db: Db, ticket: CashierTicket): Promise<number | null> {
  const [row] = await queryRows<{ id: number }>(
    db,
    sql`SELECT id FROM online_orders WHERE provider = ${ticket.provider} AND merchant_order_no = ${ticket.merchantOrderNo}`,
  );
  return row?.id ?? null;
}

export async function cashierView(deps: Deps, token: string): Promise<CashierView> {
  const ticket = readTicket(onlinePayDevSecret(), token);
  const state = await providerFor(deps, ticket.provider).queryOrder(ticket.merchantOrderNo);
  const { attach: _attach, ...shown } = ticket;
  return { ...shown, state: state.status, orderId: await orderIdOf(deps.db, ticket) };
}

/** The callback body the provider signs, as WeChat Pay's notify does for a successful trade. */
export function paidCallbackBody(ticket: CashierTicket, tradeNo: string, at: Date): string {
  return JSON.stringify({
    event: 'paid',
    merchantOrderNo: ticket.merchantOrderNo,
    providerOrderId: ticket.providerOrderId,
    tradeNo,
    amountFen: ticket.amountFen,
    currency: 'CNY',
    at: at.toISOString(),
    attach: ticket.attach,
  });
}

/**
 * Pay the ticket's order at the dev provider and send its callback `callbacks` times through
 * `send` (the route posts it to our own callback URL). Paying twice re-sends the callback of the
 * first payment; an order closed or past its expiry cannot be paid.
 */
export async function cashierPay(
  deps: Deps,
  token: string,
  callbacks: number,
  send: (provider: string, rawBody: string, signature: string) => Promise<{ status: number; outcome: string }>,
): Promise<{ orderId: number | null; callbacks: { status: number; outcome: string }[] }> {
  const secret = onlinePayDevSecret();
  const ticket = readTicket(secret, token);
  const now = deps.clock.now();
  const tradeNo = `${ticket.provider === 'dev-wechat' ? '4200' : '2026'}${randomBytes(10).toString('hex')}`;
  const [state] = await queryRows<{ status: string }>(
    deps.db,
    sql`INSERT INTO dev_pay_trades (provider_order_id, provider, merchant_order_no, amount_fen, status, trade_no, at)
        SELECT ${ticket.providerOrderId}, ${ticket.provider}, ${ticket.merchantOrderNo}, ${ticket.amountFen}, 'paid', ${tradeNo}, ${now.toISOString()}::timestamptz
         WHERE ${now.toISOString()}::timestamptz < ${ticket.expiresAt}::timestamptz
        ON CONFLICT DO NOTHING
        RETURNING status`,
  );
  const trade = state
    ? { tradeNo, at: now }
    : await (async () => {
      const current = await providerFor(deps, ticket.provider).queryOrder(ticket.merchantOrderNo);
      if (current.status !== 'paid') throw new Conflict('This order is closed or has expired; start a new payment', [{ field: 't', message: current.status === 'closed' ? 'order closed' : 'order expired', rule: current.status === 'closed' ? 'order_closed' : 'order_expired' }], 'order_not_payable', { status: current.status });
      return { tradeNo: current.tradeNo, at: new Date(current.at) };
    })();
  const rawBody = paidCallbackBody(ticket, trade.tradeNo, trade.at);
  const results = [];
  for (let i = 0; i < callbacks; i++) results.push(await send(ticket.provider, rawBody, signCallback(secret, deps.clock, rawBody)));
  return { orderId: await orderIdOf(deps.db, ticket), callbacks: results };
}
