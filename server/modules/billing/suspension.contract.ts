/** Suspension/resumption (报停/复热) request and response schemas (typebox only: web/ imports them). */
import { Type, type Static } from 'typebox';
import { IsoDateTime } from '../../kernel/contract.ts';

const closed = { additionalProperties: false } as const;
const Nullable = <T extends ReturnType<typeof Type.String> | ReturnType<typeof Type.Integer>>(t: T) => Type.Union([t, Type.Null()]);

export const SuspensionKind = Type.Union([Type.Literal('suspend'), Type.Literal('resume')]);
export const SuspensionStatus = Type.Union([Type.Literal('pending'), Type.Literal('approved'), Type.Literal('rejected'), Type.Literal('superseded')]);

export const ApplySuspension = Type.Object(
  {
    householdId: Type.Integer({ minimum: 1 }),
    kind: SuspensionKind,
    reason: Type.Optional(Type.String({ maxLength: 500 })),
  },
  closed,
);
export type ApplySuspension = Static<typeof ApplySuspension>;

export const DecideSuspension = Type.Object({ note: Type.Optional(Type.String({ maxLength: 500 })) }, closed);
export type DecideSuspension = Static<typeof DecideSuspension>;

export const SuspensionView = Type.Object({
  id: Type.Integer(),
  householdId: Type.Integer(),
  accountNo: Type.String(),
  address: Type.String({ description: 'compound building entrance room' }),
  holderName: Type.String(),
  branchId: Type.Integer(),
  season: Type.String({ description: 'the season whose bill it changes' }),
  kind: SuspensionKind,
  status: SuspensionStatus,
  toStatus: Type.String(),
  reason: Nullable(Type.String()),
  appliedAt: IsoDateTime,
  appliedByName: Nullable(Type.String()),
  decidedAt: Nullable(IsoDateTime),
  decidedByName: Nullable(Type.String()),
  decisionNote: Nullable(Type.String()),
});
export type SuspensionView = Static<typeof SuspensionView>;

export const SuspensionListQuery = Type.Object(
  {
    status: Type.Optional(SuspensionStatus),
    householdId: Type.Optional(Type.Integer({ minimum: 1 })),
  },
  closed,
);
export type SuspensionListQuery = Static<typeof SuspensionListQuery>;

/** What a household may apply for today: the window, the season it would change, its status for it. */
export const SuspensionOutlook = Type.Object({
  householdId: Type.Integer(),
  today: Type.String({ format: 'date' }),
  window: Type.Object({ start: Type.String({ format: 'date' }), end: Type.String({ format: 'date' }) }),
  inWindow: Type.Boolean(),
  season: Type.String(),
  statusForSeason: Type.String({ description: 'heating, suspended or disconnected, with approved applications applied' }),
  applications: Type.Array(SuspensionView),
});
export type SuspensionOutlook = Static<typeof SuspensionOutlook>;
