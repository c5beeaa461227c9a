/** Online payments, credit notes, refunds, e-invoices and payment rate: request/response schemas (imported by web/ too). */
import { Type, type Static } from 'typebox';
import { IsoDateTime } from '../../kernel/contract.ts';
import { PaymentView, ReceiptView, SeasonCode } from './billing.contract.ts';

const closed = { additionalProperties: false } as const;
/** 1 亿元, the same ceiling as kernel/money.ts MAX_FEN (contracts may not import server code). */
const MAX_FEN = 100_000_000_00;
const Fen = Type.Integer({ description: 'integer fen (分)' });
const Amount = Type.Integer({ minimum: 1, maximum: MAX_FEN, description: 'integer fen, 1 … 10,000,000,000' });
const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(t: T) => Type.Union([t, Type.Null()]);

export const ProviderCode = Type.Union([Type.Literal('dev-wechat'), Type.Literal('dev-alipay')]);

export const CreateOnlineOrder = Type.Object(
  {
    householdId: Type.Integer({ minimum: 1 }),
    provider: ProviderCode,
    billIds: Type.Array(Type.Integer({ minimum: 1 }), { minItems: 1, maxItems: 20, uniqueItems: true }),
    amountFen: Amount,
    currency: Type.Literal('CNY'),
    /** The season the payer means: refused if a chosen bill is of another season. */
    season: Type.Optional(SeasonCode),
  },
  closed,
);
export type CreateOnlineOrder = Static<typeof CreateOnlineOrder>;

export const OnlineOrderView = Type.Object({
  id: Type.Integer(),
  merchantOrderNo: Type.String(),
  provider: Type.String(),
  providerOrderId: Nullable(Type.String()),
  householdId: Type.Integer(),
  billIds: Type.Array(Type.Integer()),
  amountFen: Fen,
  currency: Type.String(),
  status: Type.Union([Type.Literal('created'), Type.Literal('paid'), Type.Literal('closed'), Type.Literal('expired')]),
  payUrl: Nullable(Type.String()),
  qrPayload: Nullable(Type.String()),
  origin: Type.String(),
  paymentId: Nullable(Type.Integer()),
  receiptId: Nullable(Type.Integer()),
  createdAt: IsoDateTime,
  expiresAt: IsoDateTime,
  paidAt: Nullable(IsoDateTime),
});
export type OnlineOrderView = Static<typeof OnlineOrderView>;

export const CallbackParams = Type.Object({ provider: Type.String({ maxLength: 40 }) }, closed);
export const CallbackAnswer = Type.Object({
  code: Type.Literal('SUCCESS'),
  outcome: Type.String(),
  orderId: Nullable(Type.Integer()),
  paymentId: Nullable(Type.Integer()),
});
export type CallbackAnswer = Static<typeof CallbackAnswer>;

export const CashierTicketView = Type.Object({
  provider: Type.String(),
  merchantOrderNo: Type.String(),
  providerOrderId: Type.String(),
  amountFen: Fen,
  description: Type.String(),
  expiresAt: IsoDateTime,
  state: Type.Union([Type.Literal('notpay'), Type.Literal('paid'), Type.Literal('closed')]),
  orderId: Nullable(Type.Integer()),
});
export const CashierQuery = Type.Object({ t: Type.String({ minLength: 10, maxLength: 4000 }) }, closed);
export const CashierPay = Type.Object(
  {
    t: Type.String({ minLength: 10, maxLength: 4000 }),
    /** Testing aids of the dev cashier: send the callback this many times (duplicates), or not at all (missed callback). */
    callbacks: Type.Optional(Type.Integer({ minimum: 0, maximum: 5 })),
  },
  closed,
);
export const CashierPaid = Type.Object({ orderId: Nullable(Type.Integer()), callbacks: Type.Array(Type.Object({ status: Type.Integer(), outcome: Type.String() })) });

// ── receipts ───────────────────────────────────────────────────────────────

export const EInvoiceView = Type.Object({
  id: Type.Integer(),
  receiptId: Type.Integer(),
  buyerType: Type.Union([Type.Literal('personal'), Type.Literal('company')]),
  buyerName: Type.String(),
  buyerTaxId: Nullable(Type.String()),
  email: Nullable(Type.String()),
  status: Type.Union([Type.Literal('requested'), Type.Literal('issued'), Type.Literal('failed')]),
  provider: Type.String(),
  invoiceNo: Nullable(Type.String()),
  requestedAt: IsoDateTime,
  issuedAt: Nullable(IsoDateTime),
});
export type EInvoiceView = Static<typeof EInvoiceView>;

export const ReceiptDetail = Type.Object({
  receipt: ReceiptView,
  payment: Type.Object({
    channel: PaymentView.properties.channel,
    provider: Nullable(Type.String()),
    allocations: Type.Array(Type.Object({ billId: Type.Integer(), season: Type.String(), amountFen: Fen })),
    creditFen: Fen,
  }),
  household: Type.Object({ id: Type.Integer(), accountNo: Type.String(), address: Type.String(), holderName: Nullable(Type.String()) }),
  branchName: Type.String(),
  eInvoice: Nullable(EInvoiceView),
});
export type ReceiptDetail = Static<typeof ReceiptDetail>;

export const RequestEInvoice = Type.Object(
  {
    buyerType: Type.Union([Type.Literal('personal'), Type.Literal('company')]),
    buyerName: Type.String({ minLength: 1, maxLength: 100 }),
    /** 统一社会信用代码: 15–20 letters/digits; required for a company buyer. */
    buyerTaxId: Type.Optional(Type.String({ pattern: '^[0-9A-Z]{15,20}$' })),
    email: Type.Optional(Type.String({ format: 'email', maxLength: 200 })),
  },
  closed,
);
export type RequestEInvoice = Static<typeof RequestEInvoice>;

// ── credit notes and refunds ───────────────────────────────────────────────

export const CreditNoteReason = Type.Union([Type.Literal('temperature'), Type.Literal('outage'), Type.Literal('adjustment')]);
export const IssueCreditNote = Type.Object(
  {
    householdId: Type.Integer({ minimum: 1 }),
    season: SeasonCode,
    amountFen: Amount,
    currency: Type.Optional(Type.Literal('CNY')),
    reason: CreditNoteReason,
    memo: Type.Optional(Type.String({ maxLength: 500 })),
  },
  closed,
);
export type IssueCreditNote = Static<typeof IssueCreditNote>;

export const CreditNoteView = Type.Object({
  id: Type.Integer(),
  householdId: Type.Integer(),
  season: Type.String(),
  billId: Type.Integer(),
  amountFen: Fen,
  toBillFen: Fen,
  toCreditFen: Fen,
  reason: CreditNoteReason,
  sourceRef: Type.String(),
  memo: Nullable(Type.String()),
  createdAt: IsoDateTime,
});
export type CreditNoteView = Static<typeof CreditNoteView>;

export const PostRefund = Type.Object(
  {
    householdId: Type.Integer({ minimum: 1 }),
    amountFen: Amount,
    currency: Type.Literal('CNY'),
    channel: Type.Union([Type.Literal('counter'), Type.Literal('online')]),
    provider: Type.Optional(ProviderCode),
    reason: Type.String({ minLength: 2, maxLength: 500 }),
  },
  closed,
);
export type PostRefund = Static<typeof PostRefund>;

export const RefundView = Type.Object({
  id: Type.Integer(),
  householdId: Type.Integer(),
  amountFen: Fen,
  channel: Type.String(),
  provider: Nullable(Type.String()),
  reason: Type.String(),
  creditLeftFen: Fen,
  createdAt: IsoDateTime,
});
export type RefundView = Static<typeof RefundView>;

export const HouseholdAdjustments = Type.Object({
  householdId: Type.Integer(),
  creditFen: Fen,
  creditNotes: Type.Array(CreditNoteView),
  refunds: Type.Array(RefundView),
});

// ── payment rate ───────────────────────────────────────────────────────────

export const PaymentRateQuery = Type.Object({ season: SeasonCode, branchId: Type.Optional(Type.Integer({ minimum: 1 })) }, closed);
export type PaymentRateQuery = Static<typeof PaymentRateQuery>;
export const CompoundRate = Type.Object({
  compoundId: Type.Integer(),
  compoundName: Type.String(),
  households: Type.Integer(),
  billedFen: Fen,
  paidFen: Fen,
  /** paid ÷ billed (0…1), null when nothing was billed. */
  rate: Nullable(Type.Number()),
  serviceMode: Type.String(),
  vacuum: Type.Boolean(),
});
export type CompoundRate = Static<typeof CompoundRate>;
export const PaymentRateView = Type.Object({
  season: Type.String(),
  branchId: Type.Integer(),
  date: Type.String(),
  billedFen: Fen,
  paidFen: Fen,
  rate: Nullable(Type.Number()),
  compounds: Type.Array(CompoundRate),
});
export type PaymentRateView = Static<typeof PaymentRateView>;

export const PaymentsExportQuery = Type.Object(
  { householdId: Type.Optional(Type.Integer({ minimum: 1 })), branchId: Type.Optional(Type.Integer({ minimum: 1 })), season: Type.Optional(SeasonCode) },
  closed,
);
export type PaymentsExportQuery = Static<typeof PaymentsExportQuery>;
