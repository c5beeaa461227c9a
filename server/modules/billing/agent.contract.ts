/** Agent remittance, reconciliation and settlement statements (imported by web/ too). */
import { Type, type Static } from 'typebox';
import { BusinessDate, IsoDateTime } from '../../kernel/contract.ts';

const closed = { additionalProperties: false } as const;
/** Same ceiling as kernel/money.ts MAX_FEN (contracts may not import server code). */
const MAX_FEN = 100_000_000_00;
const Fen = Type.Integer({ description: 'integer fen (分)' });
const Id = Type.Integer({ minimum: 1 });

export const RecordRemittance = Type.Object(
  {
    propertyCompanyId: Id,
    /** The tenure whose collection is handed over; may be left out when only one tenure still owes. */
    tenureId: Type.Optional(Id),
    amountFen: Type.Integer({ minimum: 1, maximum: MAX_FEN, description: 'integer fen, 1 … 10,000,000,000' }),
    currency: Type.Literal('CNY'),
    method: Type.Union([Type.Literal('bank_transfer'), Type.Literal('cash')]),
    remittedOn: BusinessDate,
    reference: Type.String({ minLength: 1, maxLength: 100, description: 'bank transaction or cash receipt number' }),
  },
  closed,
);
export type RecordRemittance = Static<typeof RecordRemittance>;

export const RemittanceView = Type.Object({
  id: Type.Integer(),
  propertyCompanyId: Type.Integer(),
  tenureId: Type.Integer(),
  branchId: Type.Integer(),
  amountFen: Fen,
  currency: Type.Literal('CNY'),
  method: Type.String(),
  remittedOn: Type.String(),
  reference: Type.String(),
  createdAt: IsoDateTime,
  /** What the tenure's collection still owes after this remittance. */
  owedAfterFen: Fen,
});
export type RemittanceView = Static<typeof RemittanceView>;

const Totals = { collectedFen: Fen, remittedFen: Fen, owedFen: Fen };

export const TenurePosition = Type.Object({
  tenureId: Type.Integer(),
  compoundId: Type.Integer(),
  compoundName: Type.String(),
  startsOn: Type.String(),
  endsOn: Type.Union([Type.String(), Type.Null()]),
  collectsAsAgent: Type.Boolean(),
  settlementId: Type.Union([Type.Integer(), Type.Null()]),
  settlementStatus: Type.Union([Type.Literal('open'), Type.Literal('closed'), Type.Null()]),
  ...Totals,
});
export type TenurePosition = Static<typeof TenurePosition>;

export const AgentPosition = Type.Object({
  propertyCompanyId: Type.Integer(),
  name: Type.String(),
  ...Totals,
  /** The agent_receivable ledger balance: equals owedFen when the books agree. */
  ledgerOwedFen: Fen,
  tenures: Type.Array(TenurePosition),
});
export type AgentPosition = Static<typeof AgentPosition>;
export const AgentPositions = Type.Object({ items: Type.Array(AgentPosition) });

export const HouseholdCollection = Type.Object({
  householdId: Type.Integer(),
  accountNo: Type.String(),
  holderName: Type.String(),
  address: Type.String(),
  payments: Type.Integer(),
  collectedFen: Fen,
});
export type HouseholdCollection = Static<typeof HouseholdCollection>;

export const RemittanceLine = Type.Object({
  id: Type.Integer(),
  tenureId: Type.Integer(),
  amountFen: Fen,
  method: Type.String(),
  remittedOn: Type.String(),
  reference: Type.String(),
});
export type RemittanceLine = Static<typeof RemittanceLine>;

export const ReconciliationQuery = Type.Object({ from: BusinessDate, to: BusinessDate }, closed);
export type ReconciliationQuery = Static<typeof ReconciliationQuery>;

export const Reconciliation = Type.Object({
  propertyCompanyId: Type.Integer(),
  name: Type.String(),
  from: Type.String(),
  to: Type.String(),
  /** Owed at the start of `from` (everything collected before it minus everything remitted before it). */
  openingOwedFen: Fen,
  collectedFen: Fen,
  remittedFen: Fen,
  /** Owed at the end of `to`. */
  closingOwedFen: Fen,
  households: Type.Array(HouseholdCollection),
  remittances: Type.Array(RemittanceLine),
});
export type Reconciliation = Static<typeof Reconciliation>;

export const DrawUpStatement = Type.Object({ tenureId: Id }, closed);

export const StatementSummary = Type.Object({
  id: Type.Integer(),
  tenureId: Type.Integer(),
  propertyCompanyId: Type.Integer(),
  propertyCompanyName: Type.String(),
  compoundId: Type.Integer(),
  compoundName: Type.String(),
  startsOn: Type.String(),
  endsOn: Type.Union([Type.String(), Type.Null()]),
  status: Type.Union([Type.Literal('open'), Type.Literal('closed')]),
  origin: Type.String(),
  createdAt: IsoDateTime,
  closedAt: Type.Union([IsoDateTime, Type.Null()]),
  ...Totals,
});
export type StatementSummary = Static<typeof StatementSummary>;

export const StatementList = Type.Object({ items: Type.Array(StatementSummary) });
export const StatementListQuery = Type.Object(
  { status: Type.Optional(Type.Union([Type.Literal('open'), Type.Literal('closed')])) },
  closed,
);

export const StatementDetail = Type.Object({
  ...StatementSummary.properties,
  households: Type.Array(HouseholdCollection),
  remittances: Type.Array(RemittanceLine),
});
export type StatementDetail = Static<typeof StatementDetail>;
