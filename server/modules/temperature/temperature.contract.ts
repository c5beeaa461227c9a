/**
 * Request/response shapes of the temperature guarantee (imported by web/ too: typebox only).
 * Temperatures are °C; the API range −30…50 is what a room thermometer can honestly show.
 */
import { Type, type Static } from 'typebox';
import { BusinessDate, IsoDateTime } from '../../kernel/contract.ts';

const closed = { additionalProperties: false } as const;
const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(s: T) => Type.Union([s, Type.Null()]);

export const MIN_C = -30;
export const MAX_C = 50;
const Celsius = Type.Number({ minimum: MIN_C, maximum: MAX_C, description: '°C, −30…50' });

export const COMPLAINT_STATUSES = ['open', 'measured'] as const;
export const MEASUREMENT_OUTCOMES = ['compliant', 'below_standard', 'exempt_extreme_cold', 'exempt_user_fault'] as const;
export type MeasurementOutcome = (typeof MEASUREMENT_OUTCOMES)[number];
export const REDUCTION_KINDS = ['temperature', 'outage'] as const;
/** The self-check list shown before a complaint (排查清单). */
export const SELF_CHECKS = ['airBled', 'valveOpen', 'radiatorUncovered', 'windowsClosed'] as const;
export const USER_FAULTS = ['radiator_covered', 'radiator_altered', 'window_open', 'valve_closed'] as const;

export const SelfCheck = Type.Object(
  Object.fromEntries(SELF_CHECKS.map((k) => [k, Type.Boolean()])) as Record<(typeof SELF_CHECKS)[number], ReturnType<typeof Type.Boolean>>,
  closed,
);
export type SelfCheck = Static<typeof SelfCheck>;

export const NewReading = Type.Object(
  {
    householdId: Type.Optional(Type.Integer({ minimum: 1 })),
    room: Type.String({ minLength: 1, maxLength: 40 }),
    celsius: Celsius,
    /** When the resident read the thermometer; defaults to now, never in the future. */
    measuredAt: Type.Optional(IsoDateTime),
  },
  closed,
);
export type NewReading = Static<typeof NewReading>;

export const ReadingView = Type.Object({
  id: Type.Integer(),
  householdId: Type.Integer(),
  room: Type.String(),
  celsius: Type.Number(),
  measuredAt: IsoDateTime,
  standardC: Type.Number(),
  /** Below the standard: the page offers a complaint (after the self-check list). */
  belowStandard: Type.Boolean(),
  /** The photos of the thermometer, oldest first: each served behind the session to whoever may read the household. */
  photoUrls: Type.Array(Type.String()),
});
export type ReadingView = Static<typeof ReadingView>;

export const NewComplaint = Type.Object(
  {
    householdId: Type.Optional(Type.Integer({ minimum: 1 })),
    readingId: Type.Optional(Type.Integer({ minimum: 1 })),
    selfCheck: SelfCheck,
    note: Type.Optional(Type.String({ maxLength: 1000 })),
  },
  closed,
);
export type NewComplaint = Static<typeof NewComplaint>;

export const ComplaintView = Type.Object({
  id: Type.Integer(),
  householdId: Type.Integer(),
  accountNo: Type.String(),
  address: Type.String(),
  status: Type.Enum(COMPLAINT_STATUSES),
  readingC: Nullable(Type.Number()),
  selfCheck: SelfCheck,
  note: Nullable(Type.String()),
  assigneeName: Type.String(),
  assigneePhone: Nullable(Type.String()),
  openedAt: IsoDateTime,
  requestDay: BusinessDate,
  measureDueAt: IsoDateTime,
  measuredAt: Nullable(IsoDateTime),
  overdue: Type.Boolean(),
});
export type ComplaintView = Static<typeof ComplaintView>;
export const ComplaintList = Type.Object({ items: Type.Array(ComplaintView) });

export const MeasuredPoint = Type.Object(
  {
    /** How much the reading moved over the stability window before the first reading. */
    stabilityDeltaC: Type.Number({ minimum: 0, maximum: 10 }),
    stabilityMinutes: Type.Integer({ minimum: 0, maximum: 240 }),
    readings: Type.Array(Celsius, { maxItems: 20 }),
  },
  closed,
);
export const MeasuredRoomInput = Type.Object(
  {
    room: Type.String({ minLength: 1, maxLength: 40, description: 'a room kind of the rulebook: bedroom, living_room' }),
    label: Type.Optional(Type.String({ maxLength: 40 })),
    areaM2: Type.Number({ exclusiveMinimum: 0, maximum: 500 }),
    points: Type.Array(MeasuredPoint, { maxItems: 20 }),
  },
  closed,
);
export type MeasuredRoomInput = Static<typeof MeasuredRoomInput>;
/** Stored: the input plus each point's and the room's mean. */
export interface MeasuredRoom extends MeasuredRoomInput {
  meanC: number;
  pointMeansC: number[];
}

export const NewMeasurement = Type.Object(
  {
    householdId: Type.Integer({ minimum: 1 }),
    complaintId: Type.Optional(Type.Integer({ minimum: 1 })),
    instrumentId: Type.Integer({ minimum: 1 }),
    /** Defaults to now; a paper record may be entered up to a week late, never in the future. */
    measuredAt: Type.Optional(IsoDateTime),
    outdoorMeanC: Celsius,
    doorsWindowsClosed: Type.Boolean(),
    userFaults: Type.Array(Type.Enum(USER_FAULTS), { maxItems: USER_FAULTS.length, uniqueItems: true }),
    residentAcknowledged: Type.Boolean(),
    residentName: Type.Optional(Type.String({ maxLength: 40 })),
    rooms: Type.Array(MeasuredRoomInput, { maxItems: 12 }),
  },
  closed,
);
export type NewMeasurement = Static<typeof NewMeasurement>;

export const MeasurementView = Type.Object({
  id: Type.Integer(),
  householdId: Type.Integer(),
  complaintId: Nullable(Type.Integer()),
  measuredAt: IsoDateTime,
  measuredOn: BusinessDate,
  instrumentSerial: Type.String(),
  outdoorMeanC: Type.Number(),
  resultC: Type.Number(),
  outcome: Type.Enum(MEASUREMENT_OUTCOMES),
  tierPercent: Type.Integer(),
  standardC: Type.Number(),
  rooms: Type.Array(Type.Object({ room: Type.String(), label: Nullable(Type.String()), areaM2: Type.Number(), meanC: Type.Number(), points: Type.Integer() })),
  userFaults: Type.Array(Type.String()),
  residentAcknowledged: Type.Boolean(),
  /** The non-compliance period this finding opened or closed, if any. */
  periodId: Nullable(Type.Integer()),
});
export type MeasurementView = Static<typeof MeasurementView>;

export const NewInstrument = Type.Object(
  {
    branchId: Type.Integer({ minimum: 1 }),
    serialNo: Type.String({ minLength: 1, maxLength: 60 }),
    model: Type.String({ minLength: 1, maxLength: 80 }),
    accuracyC: Type.Number({ exclusiveMinimum: 0, maximum: 2 }),
    calibratedOn: BusinessDate,
    calibrationDueOn: BusinessDate,
  },
  closed,
);
export type NewInstrument = Static<typeof NewInstrument>;
export const InstrumentView = Type.Object({
  id: Type.Integer(),
  branchId: Type.Integer(),
  serialNo: Type.String(),
  model: Type.String(),
  accuracyC: Type.Number(),
  calibratedOn: BusinessDate,
  calibrationDueOn: BusinessDate,
});
export type InstrumentView = Static<typeof InstrumentView>;
export const InstrumentList = Type.Object({ items: Type.Array(InstrumentView) });

export const SettlementRequest = Type.Object(
  { season: Type.String({ pattern: '^\\d{4}-\\d{2}$' }), city: Type.Optional(Type.String({ minLength: 1 })) },
  closed,
);
export type SettlementRequest = Static<typeof SettlementRequest>;
export const SettlementView = Type.Object({
  runId: Type.Integer(),
  season: Type.String(),
  city: Type.String(),
  households: Type.Integer(),
  /** Issued by this run; zero when a re-run found nothing new. */
  creditedFen: Type.Integer(),
  creditNotes: Type.Integer(),
  /** Households owed a credit that billing refused (e.g. no bill for the season), with why. */
  skipped: Type.Array(Type.Object({ householdId: Type.Integer(), reason: Type.String() })),
});
export type SettlementView = Static<typeof SettlementView>;

export const StatementDay = Type.Object({
  day: BusinessDate,
  kind: Type.Enum(REDUCTION_KINDS),
  measuredC: Nullable(Type.Number()),
  outdoorMeanC: Nullable(Type.Number()),
  outageHours: Nullable(Type.Number()),
  reason: Type.String(),
  tierPercent: Type.Integer(),
  reductionFen: Type.Integer(),
});
export const StatementView = Type.Object({
  householdId: Type.Integer(),
  accountNo: Type.String(),
  season: Type.String(),
  days: Type.Array(StatementDay),
  reducedDays: Type.Integer(),
  owedFen: Type.Integer(),
  credits: Type.Array(Type.Object({ sourceRef: Type.String(), amountFen: Type.Integer(), creditNoteId: Nullable(Type.Integer()), createdAt: IsoDateTime })),
  periods: Type.Array(Type.Object({ id: Type.Integer(), startsOn: BusinessDate, endsOn: Nullable(BusinessDate) })),
});
export type StatementView = Static<typeof StatementView>;
export const StatementQuery = Type.Object(
  { householdId: Type.Optional(Type.Integer({ minimum: 1 })), season: Type.Optional(Type.String({ pattern: '^\\d{4}-\\d{2}$' })) },
  closed,
);

/** The rulebook's method, as the resident's guide shows it (公开: no sign-in needed). */
export const GuideView = Type.Object({
  city: Type.String(),
  cityName: Type.Object({ zh: Type.String(), en: Type.String() }),
  standardC: Type.Number(),
  rooms: Type.Array(Type.String()),
  heightM: Type.Number(),
  outerWallMinM: Type.Number(),
  innerWallMinM: Type.Number(),
  largeRoomM2: Type.Number(),
  pointsSmallRoom: Type.Integer(),
  pointsLargeRoom: Type.Integer(),
  stabilityDeltaC: Type.Number(),
  stabilityMinutes: Type.Integer(),
  readingsPerPoint: Type.Integer(),
  readingIntervalMinutes: Type.Integer(),
  instrumentAccuracyC: Type.Number(),
  selfCheckHeightM: Type.Tuple([Type.Number(), Type.Number()]),
  measureWithinHours: Type.Integer(),
  selfChecks: Type.Array(Type.String()),
});
export type GuideView = Static<typeof GuideView>;
export const GuideQuery = Type.Object({ city: Type.Optional(Type.String({ pattern: '^[a-z][a-z0-9_-]*$' })) }, closed);
export const ReadingList = Type.Object({ items: Type.Array(ReadingView) });
export const MeasurementList = Type.Object({ items: Type.Array(MeasurementView) });
