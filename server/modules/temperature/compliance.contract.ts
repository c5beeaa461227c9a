/** The compliance picture's shapes (typebox only; imported by web/ too). */
import { Type, type Static } from 'typebox';
import { BusinessDate } from '../../kernel/contract.ts';

const closed = { additionalProperties: false } as const;
const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(s: T) => Type.Union([s, Type.Null()]);

export const COMPLIANCE_LEVELS = ['building', 'compound', 'station', 'grid'] as const;
export type ComplianceLevel = (typeof COMPLIANCE_LEVELS)[number];
export const COMPLIANCE_COLOURS = ['green', 'amber', 'red'] as const;

export const ComplianceQuery = Type.Object(
  {
    level: Type.Optional(Type.Enum(COMPLIANCE_LEVELS)),
    city: Type.Optional(Type.String({ pattern: '^[a-z][a-z0-9_-]*$' })),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 2000 })),
  },
  closed,
);
export type ComplianceQuery = Static<typeof ComplianceQuery>;

export const ComplianceRow = Type.Object({
  unitId: Type.Integer(),
  name: Type.String(),
  households: Type.Integer(),
  /** Residents' and stewards' readings of the last days: mean and lowest. */
  recentReadings: Type.Integer(),
  recentMeanC: Nullable(Type.Number()),
  recentMinC: Nullable(Type.Number()),
  openComplaints: Type.Integer(),
  overdueComplaints: Type.Integer(),
  openPeriods: Type.Integer(),
  daysBelowStandard: Type.Integer(),
  /** red: a household below standard now; amber: complaints waiting; green: nothing open. */
  colour: Type.Enum(COMPLIANCE_COLOURS),
});
export type ComplianceRow = Static<typeof ComplianceRow>;

export const CompliancePicture = Type.Object({
  level: Type.Enum(COMPLIANCE_LEVELS),
  season: Type.String(),
  standardC: Type.Number(),
  recentDays: Type.Integer(),
  totals: Type.Object({ households: Type.Integer(), openComplaints: Type.Integer(), openPeriods: Type.Integer(), daysBelowStandard: Type.Integer() }),
  rows: Type.Array(ComplianceRow),
});
export type CompliancePicture = Static<typeof CompliancePicture>;

export const SeasonChartQuery = Type.Object({ city: Type.Optional(Type.String({ pattern: '^[a-z][a-z0-9_-]*$' })), season: Type.Optional(Type.String({ pattern: '^\\d{4}-\\d{2}$' })) }, closed);
export const SeasonChart = Type.Object({
  season: Type.String(),
  standardC: Type.Number(),
  designOutdoorC: Type.Number(),
  days: Type.Array(Type.Object({ day: BusinessDate, indoorMeanC: Nullable(Type.Number()), outdoorMeanC: Nullable(Type.Number()), readings: Type.Integer() })),
});
export type SeasonChart = Static<typeof SeasonChart>;
