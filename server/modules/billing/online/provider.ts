/**
 * What billing needs from an online payment provider (WeChat Pay, Alipay, or the development
 * providers that simulate them). The provider never touches our ledger: it creates an order,
 * signs callbacks that we verify, and answers queries when a callback went missing.
 */

/** Stored with the provider order (WeChat's `attach`, Alipay's `passback_params`) and echoed, signed, in callbacks. */
export interface OrderAttach {
  householdId: number;
  billIds: number[];
}

export interface CreateOrderInput {
  merchantOrderNo: string;
  amountFen: number;
  description: string;
  expiresAt: Date;
  attach: OrderAttach;
}

export interface ProviderOrder {
  providerOrderId: string;
  /** Where the payer's browser goes to pay (H5 / web cashier). */
  payUrl: string;
  /** What a QR code for paying on another phone encodes. */
  qrPayload: string;
}

/** A verified callback: the provider says an order was paid, or closed without payment. */
export interface CallbackEvent {
  event: 'paid' | 'closed';
  merchantOrderNo: string;
  providerOrderId: string;
  tradeNo: string | null;
  amountFen: number;
  currency: string;
  /** When it happened at the provider (ISO). */
  at: string;
  attach: OrderAttach | null;
}

export type ProviderOrderState =
  | { status: 'notpay' }
  | { status: 'closed' }
  | { status: 'paid'; amountFen: number; tradeNo: string; at: string };

export interface PaymentProvider {
  /** 'dev-wechat', 'dev-alipay', … (the :provider of the callback URL). */
  readonly code: string;
  /** Owner number of this provider's cash_online ledger account; never reused for another provider. */
  readonly ledgerNo: number;
  createOrder(input: CreateOrderInput): Promise<ProviderOrder>;
  /** Throws Unauthorized (bad or stale signature) or BadRequest (malformed body); writes nothing. */
  verifyCallback(rawBody: string, signature: string | undefined): CallbackEvent;
  queryOrder(merchantOrderNo: string): Promise<ProviderOrderState>;
  /** Close an unpaid order so it can no longer be paid; answers the state after closing (it may have been paid just before). */
  closeOrder(merchantOrderNo: string): Promise<ProviderOrderState>;
}
