/**
 * Request/response shapes of the emergency side of linkage (imported by web/: typebox only):
 * special periods (特殊时期) with their "第一时间" metrics, cold-snap surge mode (寒潮), the
 * vulnerable households liaisons flag and the call list worked during a snap.
 */
import { Type, type Static } from 'typebox';
import { BusinessDate, IsoDateTime } from '../../kernel/contract.ts';
import { CALL_STATUSES, VULNERABILITY_REASONS } from './linkage.contract.ts';

const closed = { additionalProperties: false } as const;
const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(s: T) => Type.Union([s, Type.Null()]);
const Count = Type.Integer({ minimum: 0 });

// ── special periods ───────────────────────────────────────────────────────────
export const PERIOD_STATES = ['upcoming', 'active', 'ended'] as const;
export const PERIOD_MEASURES = ['discover', 'respond', 'handle'] as const;
export type PeriodMeasure = (typeof PERIOD_MEASURES)[number];

/** Exactly one of compoundId / communityId; dates default to the compound's current vacuum. */
export const DeclarePeriod = Type.Object(
  {
    compoundId: Type.Optional(Type.Integer({ minimum: 1 })),
    communityId: Type.Optional(Type.Integer({ minimum: 1 })),
    startsOn: Type.Optional(BusinessDate),
    /** Exclusive: the first day no longer covered. */
    endsOn: Type.Optional(BusinessDate),
    reason: Type.String({ minLength: 1, maxLength: 200 }),
  },
  closed,
);
export type DeclarePeriod = Static<typeof DeclarePeriod>;
export const EndPeriod = Type.Object({ endsOn: Type.Optional(BusinessDate) }, closed);
export type EndPeriod = Static<typeof EndPeriod>;
export const PeriodsQuery = Type.Object({ branchId: Type.Optional(Type.Integer({ minimum: 1 })) }, closed);

export const PeriodView = Type.Object({
  id: Type.Integer(),
  branchId: Type.Integer(),
  placeKind: Type.Union([Type.Literal('compound'), Type.Literal('community')]),
  placeId: Type.Integer(),
  placeName: Type.String(),
  startsOn: BusinessDate,
  endsOn: BusinessDate,
  reason: Type.String(),
  state: Type.Enum(PERIOD_STATES),
  createdAt: IsoDateTime,
});
export type PeriodView = Static<typeof PeriodView>;
export const PeriodList = Type.Object({ items: Type.Array(PeriodView) });

/** Minutes from the report to the first acceptance (discover), arrival (respond), resolution (handle). */
export const MeasureFigures = Type.Object({
  /** Requests that reached this step. */
  reached: Count,
  /** Requests of the period that have not reached it yet (still open, or closed without it). */
  pending: Count,
  medianMinutes: Nullable(Type.Number()),
  p90Minutes: Nullable(Type.Number()),
  /** Requests whose matching SLA clock recorded a breach. */
  breaches: Count,
});
export type MeasureFigures = Static<typeof MeasureFigures>;
export const PeriodMetrics = Type.Object({
  period: PeriodView,
  timeZone: Type.String(),
  households: Count,
  requests: Count,
  measures: Type.Object({ discover: MeasureFigures, respond: MeasureFigures, handle: MeasureFigures }),
  /** Requests per business day of the period (up to today), for the chart. */
  perDay: Type.Array(Type.Object({ date: BusinessDate, requests: Count })),
});
export type PeriodMetrics = Static<typeof PeriodMetrics>;

// ── cold snaps ────────────────────────────────────────────────────────────────
export const StartColdSnap = Type.Object(
  {
    branchId: Type.Integer({ minimum: 1 }),
    note: Type.String({ minLength: 1, maxLength: 200 }),
    /** Defaults to now; a forecast wave may be switched on ahead. */
    startsAt: Type.Optional(IsoDateTime),
  },
  closed,
);
export type StartColdSnap = Static<typeof StartColdSnap>;
export const ColdSnapView = Type.Object({
  id: Type.Integer(),
  branchId: Type.Integer(),
  startsAt: IsoDateTime,
  endsAt: Nullable(IsoDateTime),
  note: Type.String(),
  active: Type.Boolean(),
  calls: Type.Object({ total: Count, done: Count }),
  createdAt: IsoDateTime,
});
export type ColdSnapView = Static<typeof ColdSnapView>;
export const ColdSnapList = Type.Object({ items: Type.Array(ColdSnapView) });

// ── vulnerable households and the call list ───────────────────────────────────
export const FlagHousehold = Type.Object(
  {
    householdId: Type.Integer({ minimum: 1 }),
    reason: Type.Enum(VULNERABILITY_REASONS),
    /** Who agreed to be on the list, how and when: required (名单需本人或家属同意). */
    consentNote: Type.String({ minLength: 1, maxLength: 200 }),
    contactPhone: Type.Optional(Type.String({ pattern: '^[0-9][0-9-]{4,19}$' })),
    note: Type.Optional(Type.String({ maxLength: 500 })),
  },
  closed,
);
export type FlagHousehold = Static<typeof FlagHousehold>;
export const VulnerableView = Type.Object({
  householdId: Type.Integer(),
  accountNo: Type.String(),
  address: Type.String(),
  holderName: Type.String(),
  phone: Nullable(Type.String()),
  reason: Type.Enum(VULNERABILITY_REASONS),
  consentNote: Type.String(),
  note: Nullable(Type.String()),
  flaggedBy: Type.String(),
  flaggedAt: IsoDateTime,
});
export type VulnerableView = Static<typeof VulnerableView>;
export const VulnerableList = Type.Object({ items: Type.Array(VulnerableView) });

export const CallView = Type.Object({
  coldSnapId: Type.Integer(),
  householdId: Type.Integer(),
  address: Type.String(),
  holderName: Type.String(),
  /** The contact phone the liaison noted, else the household's: the caller needs it whole. */
  phone: Nullable(Type.String()),
  reason: Type.Enum(VULNERABILITY_REASONS),
  note: Nullable(Type.String()),
  status: Type.Enum(CALL_STATUSES),
  outcome: Nullable(Type.String()),
  doneBy: Nullable(Type.String()),
  doneAt: Nullable(IsoDateTime),
});
export type CallView = Static<typeof CallView>;
export const CallList = Type.Object({ items: Type.Array(CallView) });
export const CallParams = Type.Object({ snapId: Type.Integer({ minimum: 1 }), householdId: Type.Integer({ minimum: 1 }) }, closed);
export const CompleteCall = Type.Object({ outcome: Type.String({ minLength: 1, maxLength: 500 }) }, closed);
export type CompleteCall = Static<typeof CompleteCall>;
