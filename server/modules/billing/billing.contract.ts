/** Billing request/response schemas (imported by web/ too: typebox and kernel contracts only). */
import { Type, type Static } from 'typebox';
import { IsoDateTime } from '../../kernel/contract.ts';

const closed = { additionalProperties: false } as const;
/** 1 亿元, the same ceiling as kernel/money.ts MAX_FEN (contracts may not import server code). */
const MAX_FEN = 100_000_000_00;

export const SeasonCode = Type.String({ pattern: '^\\d{4}-\\d{2}$', description: "e.g. '2026-27'" });
const Fen = Type.Integer({ description: 'integer fen (分)' });

export const StartBillRun = Type.Object(
  {
    season: SeasonCode,
    batchSize: Type.Optional(Type.Integer({ minimum: 1, maximum: 50_000, description: 'households per transaction' })),
  },
  closed,
);

export const BillRunView = Type.Object({
  id: Type.Integer(),
  season: Type.String(),
  status: Type.Union([Type.Literal('running'), Type.Literal('done')]),
  ruleVersions: Type.Record(Type.String(), Type.Integer()),
  batchSize: Type.Integer(),
  totalHouseholds: Type.Integer(),
  processedHouseholds: Type.Integer(),
  billsCreated: Type.Integer(),
  amountFen: Fen,
  startedAt: IsoDateTime,
  finishedAt: Type.Union([IsoDateTime, Type.Null()]),
  resumed: Type.Optional(Type.Boolean()),
});
export type BillRunView = Static<typeof BillRunView>;

const paymentFields = {
  householdId: Type.Integer({ minimum: 1 }),
  amountFen: Type.Integer({ minimum: 1, maximum: MAX_FEN, description: 'integer fen, 1 … 10,000,000,000' }),
  currency: Type.Literal('CNY'),
  /** Pay this bill (the rest goes to credit); without it, open bills are paid oldest first. */
  billId: Type.Optional(Type.Integer({ minimum: 1 })),
  /** The season the payer means to pay: refused if the bill (or no bill of the household) is of it. */
  season: Type.Optional(SeasonCode),
};
export const CounterPayment = Type.Object(paymentFields, closed);
export type CounterPayment = Static<typeof CounterPayment>;
/** What every channel's payment carries. */
export type PaymentInput = CounterPayment;

export const AgentPayment = Type.Object(
  {
    ...paymentFields,
    /** Needed only by an account that acts for more than one property company. */
    propertyCompanyId: Type.Optional(Type.Integer({ minimum: 1 })),
  },
  closed,
);
export type AgentPayment = Static<typeof AgentPayment>;

export const Allocation = Type.Object({ billId: Type.Integer(), season: Type.String(), amountFen: Fen });

export const ReceiptView = Type.Object({
  id: Type.Integer(),
  receiptNo: Type.String(),
  branchId: Type.Integer(),
  paymentId: Type.Integer(),
  householdId: Type.Integer(),
  amountFen: Fen,
  issuedAt: IsoDateTime,
});
export type ReceiptView = Static<typeof ReceiptView>;

export const PaymentView = Type.Object({
  paymentId: Type.Integer(),
  householdId: Type.Integer(),
  channel: Type.Union([Type.Literal('counter'), Type.Literal('agent'), Type.Literal('online'), Type.Literal('temp_point')]),
  propertyCompanyId: Type.Union([Type.Integer(), Type.Null()]),
  amountFen: Fen,
  currency: Type.Literal('CNY'),
  allocations: Type.Array(Allocation),
  creditFen: Type.Integer({ description: 'over-payment put on the customer credit account' }),
  receipt: ReceiptView,
});
export type PaymentView = Static<typeof PaymentView>;

export const BillView = Type.Object({
  id: Type.Integer(),
  householdId: Type.Integer(),
  season: Type.String(),
  basis: Type.String(),
  billingAreaCm2: Type.Integer(),
  billedDays: Type.Integer(),
  amountFen: Fen,
  paidFen: Fen,
  balanceFen: Fen,
  createdAt: IsoDateTime,
});
export type BillView = Static<typeof BillView>;

export const HouseholdBills = Type.Object({ householdId: Type.Integer(), creditFen: Fen, bills: Type.Array(BillView) });
export const HouseholdReceipts = Type.Object({ householdId: Type.Integer(), receipts: Type.Array(ReceiptView) });

export const LedgerCheckView = Type.Object({
  debitFen: Fen,
  creditFen: Fen,
  balanced: Type.Boolean(),
  unbalancedTransactions: Type.Array(Type.Integer()),
  householdsOutOfStep: Type.Array(Type.Integer()),
  billRunsOutOfStep: Type.Array(Type.Integer()),
  branchesOutOfStep: Type.Array(Type.Integer()),
});
