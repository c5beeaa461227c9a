/** Temporary collection points (临时缴费点): schemas shared with web/ (typebox and kernel contracts only). */
import { Type, type Static } from 'typebox';
import { BusinessDate, IsoDateTime } from '../../kernel/contract.ts';
import { CounterPayment } from './billing.contract.ts';

const closed = { additionalProperties: false } as const;
const Fen = Type.Integer({ description: 'integer fen (分)' });
const MAX_FEN = 100_000_000_00;
const DateText = Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$', description: 'YYYY-MM-DD business date' });

export const OpenPoint = Type.Object(
  {
    name: Type.String({ minLength: 1, maxLength: 100, description: "e.g. '金色港湾小区临时缴费点'" }),
    address: Type.String({ minLength: 1, maxLength: 200, description: 'where residents find the desk' }),
    hours: Type.Optional(Type.String({ maxLength: 60, description: "e.g. '09:00–17:00'" })),
    fromDate: DateText,
    toDate: DateText,
    compoundIds: Type.Array(Type.Integer({ minimum: 1 }), { minItems: 1, maxItems: 50, uniqueItems: true }),
    staffUserIds: Type.Array(Type.Integer({ minimum: 1 }), { minItems: 1, maxItems: 20, uniqueItems: true }),
  },
  closed,
);
export type OpenPoint = Static<typeof OpenPoint>;

export const ClosePoint = Type.Object({ reason: Type.String({ minLength: 1, maxLength: 300 }) }, closed);

export const PointView = Type.Object({
  id: Type.Integer(),
  branchId: Type.Integer(),
  name: Type.String(),
  address: Type.String(),
  hours: Type.Union([Type.String(), Type.Null()]),
  fromDate: BusinessDate,
  toDate: BusinessDate,
  status: Type.Union([Type.Literal('open'), Type.Literal('closed')]),
  /** Today in the point's city; open and today within its dates = taking payments. */
  today: BusinessDate,
  takingPaymentsToday: Type.Boolean(),
  compounds: Type.Array(Type.Object({ id: Type.Integer(), name: Type.String() })),
  staff: Type.Array(Type.Object({ id: Type.Integer(), name: Type.String(), role: Type.String() })),
  openedAt: IsoDateTime,
  closedAt: Type.Union([IsoDateTime, Type.Null()]),
  closeReason: Type.Union([Type.String(), Type.Null()]),
});
export type PointView = Static<typeof PointView>;
export const PointList = Type.Object({ items: Type.Array(PointView) });

export const PointProposal = Type.Object({
  compoundId: Type.Integer(),
  compoundName: Type.String(),
  compoundAddress: Type.String(),
  branchId: Type.Integer(),
  reason: Type.String({ description: 'why the compound is (or will be) served direct' }),
  households: Type.Integer(),
  /** The direct-service interval the point should cover; until is exclusive, null = open-ended. */
  since: Type.Union([BusinessDate, Type.Null()]),
  until: Type.Union([BusinessDate, Type.Null()]),
  suggested: Type.Object({ name: Type.String(), address: Type.String(), fromDate: BusinessDate, toDate: BusinessDate }),
});
export type PointProposal = Static<typeof PointProposal>;
export const PointProposals = Type.Object({ items: Type.Array(PointProposal) });

export const StaffCandidates = Type.Object({ items: Type.Array(Type.Object({ id: Type.Integer(), name: Type.String(), role: Type.String() })) });
export const StaffQuery = Type.Object({ branchId: Type.Integer({ minimum: 1 }) }, closed);

/** A payment taken at the point: the counter payment's fields, same rules. */
export const PointPayment = CounterPayment;
export type PointPayment = Static<typeof PointPayment>;

export const CashUpInput = Type.Object(
  {
    date: DateText,
    countedFen: Type.Integer({ minimum: 0, maximum: MAX_FEN, description: 'cash counted at the desk, integer fen' }),
    note: Type.Optional(Type.String({ maxLength: 500 })),
  },
  closed,
);
export type CashUpInput = Static<typeof CashUpInput>;

export const CashUpView = Type.Object({
  id: Type.Integer(),
  pointId: Type.Integer(),
  date: BusinessDate,
  countedFen: Fen,
  recordedFen: Fen,
  varianceFen: Type.Integer({ description: 'counted − recorded: positive = over, negative = short' }),
  paymentCount: Type.Integer(),
  note: Type.Union([Type.String(), Type.Null()]),
  actorName: Type.Union([Type.String(), Type.Null()]),
  createdAt: IsoDateTime,
});
export type CashUpView = Static<typeof CashUpView>;

export const PointDay = Type.Object({
  pointId: Type.Integer(),
  date: BusinessDate,
  payments: Type.Array(
    Type.Object({ paymentId: Type.Integer(), householdId: Type.Integer(), accountNo: Type.String(), amountFen: Fen, receiptNo: Type.String(), takenBy: Type.Union([Type.String(), Type.Null()]), at: IsoDateTime }),
  ),
  recordedFen: Fen,
  cashUp: Type.Union([CashUpView, Type.Null()]),
});
export type PointDay = Static<typeof PointDay>;
export const PointDayParams = Type.Object({ id: Type.Integer({ minimum: 1 }), date: DateText }, closed);

/** Where a household can pay today, in the order to suggest them. */
export const PayChannel = Type.Union([
  Type.Object({ kind: Type.Literal('temp_point'), pointId: Type.Integer(), name: Type.String(), address: Type.String(), hours: Type.Union([Type.String(), Type.Null()]), fromDate: BusinessDate, toDate: BusinessDate, openToday: Type.Boolean() }),
  Type.Object({ kind: Type.Literal('counter'), name: Type.String(), address: Type.Union([Type.String(), Type.Null()]), phone: Type.Union([Type.String(), Type.Null()]) }),
  Type.Object({ kind: Type.Literal('agent'), propertyCompanyId: Type.Integer(), name: Type.String(), phone: Type.Union([Type.String(), Type.Null()]) }),
  Type.Object({ kind: Type.Literal('online') }),
]);
export type PayChannel = Static<typeof PayChannel>;

export const WhereToPay = Type.Object({
  householdId: Type.Integer(),
  compoundId: Type.Integer(),
  date: BusinessDate,
  serviceMode: Type.Union([Type.Literal('agent'), Type.Literal('direct')]),
  reason: Type.String(),
  channels: Type.Array(PayChannel),
});
export type WhereToPay = Static<typeof WhereToPay>;
