/**
 * The branch SLA report: how the three clocks did, per day or week, per grid and per category,
 * and "closed" beside "fixed" (issue 6 §5: closed is not the same as fixed). Definitions are in
 * docs/repairs.md; every count is over requests opened in the date range. Typebox only.
 */
import { Type, type Static } from 'typebox';
import { BusinessDate } from '../../kernel/contract.ts';
import { REPAIR_CATEGORIES } from './repairs.contract.ts';

export const SLA_BUCKETS = ['day', 'week'] as const;

export const SlaReportQuery = Type.Object(
  {
    from: BusinessDate,
    /** Inclusive. */
    to: BusinessDate,
    bucket: Type.Optional(Type.Enum(SLA_BUCKETS, { default: 'day' })),
    gridId: Type.Optional(Type.Integer({ minimum: 1 })),
  },
  { additionalProperties: false },
);
export type SlaReportQuery = Static<typeof SlaReportQuery>;

/** One clock's outcome: met in time, breached (a recorded breach row), or still running. */
const ClockCounts = Type.Object({ met: Type.Integer(), breached: Type.Integer(), running: Type.Integer() });
export type ClockCounts = Static<typeof ClockCounts>;

export const SlaFigures = Type.Object({
  requests: Type.Integer(),
  clocks: Type.Object({ first_response: ClockCounts, on_site: ClockCounts, resolve: ClockCounts }),
  /** Confirmed (by the resident or by silence), cancelled or duplicate. */
  closed: Type.Integer(),
  /** Confirmed by the resident themselves, never reopened. */
  fixed: Type.Integer(),
  /** Confirmed by the system after the rulebook's days of silence. */
  autoConfirmed: Type.Integer(),
  /** Reached "resolved" at least once. */
  resolvedOnce: Type.Integer(),
  /** Reopened by the resident at least once. */
  reopened: Type.Integer(),
  /** reopened / resolvedOnce; null when nothing was resolved yet. */
  reopenRate: Type.Union([Type.Number(), Type.Null()]),
});
export type SlaFigures = Static<typeof SlaFigures>;

export const SlaReport = Type.Object({
  from: BusinessDate,
  to: BusinessDate,
  bucket: Type.Enum(SLA_BUCKETS),
  timeZone: Type.String(),
  total: SlaFigures,
  /** Every bucket of the range, empty ones too; a week is named by its Monday. */
  overTime: Type.Array(Type.Object({ bucket: BusinessDate, ...SlaFigures.properties })),
  byGrid: Type.Array(Type.Object({ gridId: Type.Integer(), gridCode: Type.String(), ...SlaFigures.properties })),
  byCategory: Type.Array(Type.Object({ category: Type.Enum(REPAIR_CATEGORIES), ...SlaFigures.properties })),
});
export type SlaReport = Static<typeof SlaReport>;
