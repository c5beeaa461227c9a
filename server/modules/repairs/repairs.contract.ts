/**
 * Request/response shapes of the repairs API (imported by web/ too: typebox only).
 * Words from the glossary: a request (报修/工单) is routed to the grid's steward; its three
 * clocks (first response, on site, resolved) have due times; a missed one is a breach and
 * climbs the escalation ladder.
 */
import { Type, type Static } from 'typebox';
import { IsoDateTime, PHOTO_TYPES } from '../../kernel/contract.ts';

const closed = { additionalProperties: false } as const;
const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(s: T) => Type.Union([s, Type.Null()]);

/** The rulebook also knows temperature_complaint; that has its own module and flow. */
export const REPAIR_CATEGORIES = ['not_warm', 'no_heat', 'leak', 'valve', 'noise', 'other'] as const;
export type RepairCategory = (typeof REPAIR_CATEGORIES)[number];
export const REPAIR_PRIORITIES = ['normal', 'urgent'] as const;
export const CHANNELS = ['app', 'hotline', '12345', 'liaison'] as const;
export type Channel = (typeof CHANNELS)[number];
export const REQUEST_STATUSES = [
  'submitted',
  'accepted',
  'on_site',
  'waiting',
  'resolved',
  'confirmed',
  'reopened',
  'cancelled',
  'duplicate',
] as const;
export type RequestStatus = (typeof REQUEST_STATUSES)[number];
export const CLOCKS = ['first_response', 'on_site', 'resolve'] as const;
export type ClockName = (typeof CLOCKS)[number];
export const ESCALATION_CAUSES = [...CLOCKS, 'reopened'] as const;
export const ESCALATION_TARGETS = ['crew_lead', 'section', 'branch'] as const;
export type EscalationTarget = (typeof ESCALATION_TARGETS)[number];
export const EVENT_KINDS = ['created', 'transition', 'reassigned', 'escalated', 'auto_confirmed', 'linked'] as const;
export const INCIDENT_SCOPES = ['station', 'building'] as const;
/** report: the reporter's photo of the problem; resolve: the steward's photo of the fix. */
export const PHOTO_KINDS = ['report', 'resolve'] as const;
export type PhotoKind = (typeof PHOTO_KINDS)[number];
/** Image formats accepted (the kernel's: every module's photos are the same kinds of file). */
export { PHOTO_TYPES };
export const PhotoView = Type.Object({
  id: Type.Integer(),
  requestId: Type.Integer(),
  kind: Type.Enum(PHOTO_KINDS),
  contentType: Type.Enum(PHOTO_TYPES),
  bytes: Type.Integer(),
  uploadedBy: Type.Integer(),
  uploadedAt: IsoDateTime,
  /** Where the image itself is served (signed in, same scope as the request). */
  url: Type.String(),
});
export type PhotoView = Static<typeof PhotoView>;
export const PhotoList = Type.Object({ items: Type.Array(PhotoView) });
/**
 * The rulebook's SLA profiles (rulebook.contract's SLA_PROFILES; a contract imports only typebox):
 * which set of targets a request's clocks were fixed from, chosen when it opens or reopens.
 */
export const SLA_PROFILES = ['standard', 'special', 'coldSnap'] as const;
export type SlaProfileName = (typeof SLA_PROFILES)[number];
/** Only these categories can be a symptom of a station or building outage. */
export const OUTAGE_CATEGORIES: readonly RepairCategory[] = ['not_warm', 'no_heat'];

/** Mobile or landline, digits and dashes: the steward calls back whoever called. */
export const CALLER_PHONE_PATTERN = '^[0-9][0-9-]{4,19}$';
export const Caller = Type.Object(
  {
    name: Type.String({ minLength: 1, maxLength: 60 }),
    phone: Type.Optional(Type.String({ pattern: CALLER_PHONE_PATTERN })),
    /** The 12345 platform's case number. */
    caseRef: Type.Optional(Type.String({ minLength: 1, maxLength: 40 })),
  },
  closed,
);
export type Caller = Static<typeof Caller>;
export const CallerView = Type.Object({ name: Type.String(), phone: Nullable(Type.String()), caseRef: Nullable(Type.String()) });
export type CallerView = Static<typeof CallerView>;

export const OpenRequest = Type.Object(
  {
    category: Type.Enum(REPAIR_CATEGORIES),
    note: Type.Optional(Type.String({ maxLength: 1000 })),
    /** Omitted by a resident with exactly one household (one-click). */
    householdId: Type.Optional(Type.Integer({ minimum: 1 })),
    priority: Type.Optional(Type.Enum(REPAIR_PRIORITIES)),
    /** Dispatchers say where the call came from; residents and liaisons have one channel each. */
    channel: Type.Optional(Type.Enum(CHANNELS)),
    /** On someone's behalf (代报): who called. Staff only; residents report for themselves. */
    caller: Type.Optional(Caller),
  },
  closed,
);
export type OpenRequest = Static<typeof OpenRequest>;

export const Transition = Type.Object(
  {
    to: Type.Enum(REQUEST_STATUSES),
    note: Type.Optional(Type.String({ maxLength: 1000 })),
    /** Required with to = duplicate, refused with anything else. */
    duplicateOf: Type.Optional(Type.Integer({ minimum: 1 })),
    /** The resident's rating of the fix, only with to = confirmed. */
    rating: Type.Optional(Type.Integer({ minimum: 1, maximum: 5 })),
  },
  closed,
);
export type Transition = Static<typeof Transition>;

export const Reassign = Type.Object(
  { userId: Type.Integer({ minimum: 1 }), note: Type.Optional(Type.String({ maxLength: 1000 })) },
  closed,
);
export type Reassign = Static<typeof Reassign>;

export const CreateAbsence = Type.Object(
  { userId: Type.Integer({ minimum: 1 }), from: IsoDateTime, to: IsoDateTime, reason: Type.String({ minLength: 1, maxLength: 200 }) },
  closed,
);
export type CreateAbsence = Static<typeof CreateAbsence>;

export const AbsenceView = Type.Object({
  id: Type.Integer(),
  userId: Type.Integer(),
  from: IsoDateTime,
  to: IsoDateTime,
  reason: Type.String(),
});
export type AbsenceView = Static<typeof AbsenceView>;

const ClockView = Type.Object({
  name: Type.Enum(CLOCKS),
  dueAt: IsoDateTime,
  metAt: Nullable(IsoDateTime),
  /** Met late, or still unmet past its due time. */
  breached: Type.Boolean(),
});

export const RequestSummary = Type.Object({
  id: Type.Integer(),
  householdId: Type.Integer(),
  accountNo: Type.String(),
  address: Type.String(),
  gridId: Type.Integer(),
  category: Type.Enum(REPAIR_CATEGORIES),
  priority: Type.Enum(REPAIR_PRIORITIES),
  channel: Type.Enum(CHANNELS),
  status: Type.Enum(REQUEST_STATUSES),
  note: Nullable(Type.String()),
  assigneeUserId: Type.Integer(),
  assigneeName: Type.String(),
  escalationLevel: Type.Integer(),
  /** Set when the report is part of a known station or building fault. */
  incidentId: Nullable(Type.Integer()),
  /** The due time of the first clock still running, null when none runs (waiting, closed). */
  nextDueAt: Nullable(IsoDateTime),
  createdAt: IsoDateTime,
});
export type RequestSummary = Static<typeof RequestSummary>;
export const RequestList = Type.Object({ items: Type.Array(RequestSummary) });

export const RequestDetail = Type.Object({
  ...RequestSummary.properties,
  /** Whole only for staff who need to call the resident; null otherwise. */
  householdPhone: Nullable(Type.String()),
  assigneePhone: Nullable(Type.String()),
  duplicateOfId: Nullable(Type.Integer()),
  rating: Nullable(Type.Integer()),
  round: Type.Integer(),
  /** standard, special (特殊时期 of the compound or community) or coldSnap (the branch's cold wave). */
  slaProfile: Type.Enum(SLA_PROFILES),
  clocks: Type.Array(ClockView),
  timeline: Type.Array(
    Type.Object({
      at: IsoDateTime,
      kind: Type.Enum(EVENT_KINDS),
      actorName: Type.String(),
      from: Nullable(Type.Enum(REQUEST_STATUSES)),
      to: Type.Enum(REQUEST_STATUSES),
      note: Nullable(Type.String()),
    }),
  ),
  escalations: Type.Array(
    Type.Object({ at: IsoDateTime, cause: Type.Enum(ESCALATION_CAUSES), level: Type.Integer(), target: Type.Enum(ESCALATION_TARGETS) }),
  ),
  /** What the caller may do next. */
  allowedTransitions: Type.Array(Type.Enum(REQUEST_STATUSES)),
  /** Who called, when opened on someone's behalf (代报); the phone only for those who call back. */
  caller: Nullable(CallerView),
});
export type RequestDetail = Static<typeof RequestDetail>;

export const IncidentView = Type.Object({
  id: Type.Integer(),
  scope: Type.Enum(INCIDENT_SCOPES),
  stationId: Nullable(Type.Integer()),
  buildingId: Nullable(Type.Integer()),
  gridId: Type.Integer(),
  status: Type.Enum(['open', 'resolved']),
  /** Outage start: the first linked report. */
  startedAt: IsoDateTime,
  openedAt: IsoDateTime,
  /** Outage end. */
  resolvedAt: Nullable(IsoDateTime),
  linkedRequests: Type.Integer(),
  /** Highest rung the incident reached on the escalation ladder (0: none); its requests do not climb on their own. */
  escalationLevel: Type.Integer(),
});
export type IncidentView = Static<typeof IncidentView>;
export const IncidentList = Type.Object({ items: Type.Array(IncidentView) });
export const ResolveIncident = Type.Object({ note: Type.Optional(Type.String({ maxLength: 1000 })) }, closed);
