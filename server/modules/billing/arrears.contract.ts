/** Arrears lists, reminders and valve tasks (imported by web/ too). */
import { Type, type Static } from 'typebox';
import { IsoDateTime } from '../../kernel/contract.ts';

const closed = { additionalProperties: false } as const;
const Fen = Type.Integer({ description: 'integer fen (分)' });
const SeasonCode = Type.String({ pattern: '^\\d{4}-\\d{2}$', description: "e.g. '2026-27'" });
const Id = Type.Integer({ minimum: 1 });

export const ArrearsFilter = {
  /** Default: the latest season whose collection window has closed. */
  season: Type.Optional(SeasonCode),
  compoundId: Type.Optional(Id),
  gridId: Type.Optional(Id),
  communityId: Type.Optional(Id),
};
export const ArrearsQuery = Type.Object(
  { ...ArrearsFilter, page: Type.Optional(Type.Integer({ minimum: 1 })), pageSize: Type.Optional(Type.Integer({ minimum: 1, maximum: 500 })) },
  closed,
);
export type ArrearsQuery = Static<typeof ArrearsQuery>;
export const ArrearsExportQuery = Type.Object(ArrearsFilter, closed);

/** Where the household's valve stands for the season, from its valve tasks. */
export const VALVE_STATES = ['open', 'close_pending', 'closed', 'reopen_pending'] as const;
export type ValveState = (typeof VALVE_STATES)[number];

export const ArrearsRow = Type.Object({
  householdId: Type.Integer(),
  accountNo: Type.String(),
  holderName: Type.String(),
  address: Type.String(),
  compoundId: Type.Integer(),
  compoundName: Type.String(),
  gridId: Type.Integer(),
  gridCode: Type.String(),
  season: Type.String(),
  billId: Type.Integer(),
  amountFen: Fen,
  paidFen: Fen,
  creditFen: Fen,
  /** amount − paid − credit: what the household still owes for the season. */
  owedFen: Fen,
  reminders: Type.Integer(),
  lastRemindedOn: Type.Union([Type.String(), Type.Null()]),
  valve: Type.Union([Type.Literal('open'), Type.Literal('close_pending'), Type.Literal('closed'), Type.Literal('reopen_pending')]),
});
export type ArrearsRow = Static<typeof ArrearsRow>;

export const ArrearsList = Type.Object({
  season: Type.String(),
  /** The last day of the collection window (the household's city; the first one listed). */
  windowEnd: Type.Union([Type.String(), Type.Null()]),
  /** Reminders before a valve-close task, by the rulebook. */
  remindersBeforeValveClose: Type.Integer(),
  items: Type.Array(ArrearsRow),
  total: Type.Integer(),
  totalOwedFen: Fen,
  page: Type.Integer(),
  pageSize: Type.Integer(),
});
export type ArrearsList = Static<typeof ArrearsList>;

export const SendReminders = Type.Object(
  {
    season: Type.Optional(SeasonCode),
    /** Remind these households (each must be in arrears and in your branch); without it, the whole filtered list. */
    householdIds: Type.Optional(Type.Array(Id, { minItems: 1, maxItems: 500, uniqueItems: true })),
    compoundId: Type.Optional(Id),
    gridId: Type.Optional(Id),
  },
  closed,
);
export type SendReminders = Static<typeof SendReminders>;

export const RemindersSent = Type.Object({
  season: Type.String(),
  reminded: Type.Integer(),
  /** Already reminded today: at most one reminder per household and day. */
  alreadyToday: Type.Integer(),
  /** No phone on record: nothing could be sent. */
  withoutPhone: Type.Integer(),
  valveCloseTasks: Type.Integer(),
});
export type RemindersSent = Static<typeof RemindersSent>;

export const ValveTaskView = Type.Object({
  id: Type.Integer(),
  kind: Type.Union([Type.Literal('close'), Type.Literal('open')]),
  status: Type.Union([Type.Literal('open'), Type.Literal('done'), Type.Literal('cancelled')]),
  season: Type.String(),
  householdId: Type.Integer(),
  accountNo: Type.String(),
  holderName: Type.String(),
  phone: Type.Union([Type.String(), Type.Null()]),
  address: Type.String(),
  gridCode: Type.String(),
  owedFen: Fen,
  reason: Type.String(),
  assigneeUserId: Type.Union([Type.Integer(), Type.Null()]),
  createdAt: IsoDateTime,
  doneAt: Type.Union([IsoDateTime, Type.Null()]),
  note: Type.Union([Type.String(), Type.Null()]),
});
export type ValveTaskView = Static<typeof ValveTaskView>;
export const ValveTaskList = Type.Object({ items: Type.Array(ValveTaskView) });
export const ValveTaskQuery = Type.Object(
  { status: Type.Optional(Type.Union([Type.Literal('open'), Type.Literal('done'), Type.Literal('cancelled')])) },
  closed,
);
export const CompleteValveTask = Type.Object({ note: Type.Optional(Type.String({ maxLength: 200 })) }, closed);
