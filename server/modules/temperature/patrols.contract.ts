/** Request/response shapes of network patrols (巡检); typebox only, imported by web/ too. */
import { Type, type Static } from 'typebox';
import { IsoDateTime } from '../../kernel/contract.ts';

const closed = { additionalProperties: false } as const;
const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(s: T) => Type.Union([s, Type.Null()]);

export const PATROL_TARGETS = ['station', 'pipe'] as const;
export type PatrolTarget = (typeof PATROL_TARGETS)[number];
/** Keys of the rulebook's patrol bands (rules.patrols.bands). */
export const READING_KEYS = [
  'primarySupplyC',
  'primaryReturnC',
  'secondarySupplyC',
  'secondaryReturnC',
  'primaryPressureMpa',
  'secondaryPressureMpa',
] as const;
export type PatrolReadingKey = (typeof READING_KEYS)[number];
/** Checks that pass when true; leaks and noises are "none found". */
export const CHECKS = ['noLeaks', 'noAbnormalNoise', 'pumpsRunning', 'valvesInPosition'] as const;
export const BOOST_REASONS = ['vacuum', 'complaintCluster', 'coldSnap'] as const;

const Reading = Type.Number({ minimum: -50, maximum: 250 });
export const PatrolReadings = Type.Object(
  Object.fromEntries(READING_KEYS.map((k) => [k, Type.Optional(Reading)])) as Record<PatrolReadingKey, ReturnType<typeof Type.Optional<typeof Reading>>>,
  closed,
);
export type PatrolReadings = Static<typeof PatrolReadings>;
export const PatrolChecklist = Type.Object(
  Object.fromEntries(CHECKS.map((k) => [k, Type.Boolean()])) as Record<(typeof CHECKS)[number], ReturnType<typeof Type.Boolean>>,
  closed,
);
export type PatrolChecklist = Static<typeof PatrolChecklist>;

export const PatrolFinding = Type.Object({
  key: Type.String(),
  /** A reading outside its band, or a failed check. */
  kind: Type.Union([Type.Literal('out_of_band'), Type.Literal('failed_check')]),
  value: Nullable(Type.Number()),
  band: Nullable(Type.Tuple([Type.Number(), Type.Number()])),
});
export type PatrolFinding = Static<typeof PatrolFinding>;

export const NewPlan = Type.Object(
  {
    targetKind: Type.Enum(PATROL_TARGETS),
    stationId: Type.Optional(Type.Integer({ minimum: 1 })),
    pipeSegmentId: Type.Optional(Type.Integer({ minimum: 1 })),
    crewId: Type.Integer({ minimum: 1 }),
  },
  closed,
);
export type NewPlan = Static<typeof NewPlan>;

export const NewRound = Type.Object(
  {
    /** The station or pipe code as painted on site; an unknown one is a 404. */
    stationId: Type.Optional(Type.Integer({ minimum: 1 })),
    pipeSegmentId: Type.Optional(Type.Integer({ minimum: 1 })),
    checklist: PatrolChecklist,
    readings: PatrolReadings,
    note: Type.Optional(Type.String({ maxLength: 1000 })),
  },
  closed,
);
export type NewRound = Static<typeof NewRound>;

export const RoundView = Type.Object({
  id: Type.Integer(),
  planId: Type.Integer(),
  recordedAt: IsoDateTime,
  findings: Type.Array(PatrolFinding),
  workOrderId: Nullable(Type.Integer()),
});
export type RoundView = Static<typeof RoundView>;

export const PlanView = Type.Object({
  id: Type.Integer(),
  targetKind: Type.Enum(PATROL_TARGETS),
  targetId: Type.Integer(),
  targetCode: Type.String(),
  targetName: Type.String(),
  crewId: Type.Integer(),
  boosts: Type.Array(Type.Enum(BOOST_REASONS)),
  intervalMinutes: Type.Integer(),
  lastRoundAt: Nullable(IsoDateTime),
  dueAt: IsoDateTime,
  overdue: Type.Boolean(),
});
export type PlanView = Static<typeof PlanView>;
export const PlanList = Type.Object({ items: Type.Array(PlanView) });
export const PlanQuery = Type.Object(
  { boostedOnly: Type.Optional(Type.Boolean()), coldSnap: Type.Optional(Type.Boolean()) },
  closed,
);

export const WorkOrderView = Type.Object({
  id: Type.Integer(),
  planId: Type.Integer(),
  targetCode: Type.String(),
  targetName: Type.String(),
  category: Type.String(),
  findings: Type.Array(PatrolFinding),
  status: Type.Union([Type.Literal('open'), Type.Literal('resolved')]),
  assigneeName: Type.String(),
  openedAt: IsoDateTime,
  onSiteDueAt: IsoDateTime,
  resolvedAt: Nullable(IsoDateTime),
});
export type WorkOrderView = Static<typeof WorkOrderView>;
export const WorkOrderList = Type.Object({ items: Type.Array(WorkOrderView) });
