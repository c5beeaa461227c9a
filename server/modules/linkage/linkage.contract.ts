/**
 * Request/response shapes of the heating–community linkage API (imported by web/: typebox only).
 * Glossary: a linkage group (联动工作群) per community, its daily bulletin (每日互通), sides
 * `heating` (stewards, crew leads) and `community` (liaisons).
 */
import { Type, type Static } from 'typebox';
import { BusinessDate, IsoDateTime } from '../../kernel/contract.ts';

const closed = { additionalProperties: false } as const;
const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(s: T) => Type.Union([s, Type.Null()]);

export const LINKAGE_SIDES = ['heating', 'community'] as const;
export type LinkageSide = (typeof LINKAGE_SIDES)[number];
export const GROUP_STATUSES = ['active', 'closed'] as const;
export const GROUP_ORIGINS = ['auto', 'admin'] as const;
export const NOTICE_SCOPES = ['compound', 'community', 'station', 'grid'] as const;
export const FAQ_TOPICS = ['payment', 'temperature', 'repairs', 'handover'] as const;
export type FaqTopic = (typeof FAQ_TOPICS)[number];
export const VULNERABILITY_REASONS = ['elderly_alone', 'disabled', 'infant', 'ill', 'other'] as const;
export const CALL_STATUSES = ['pending', 'done'] as const;

/** Attachments: small files of these kinds only (checked against the bytes, not just the name). */
export const ATTACHMENT_TYPES = ['image/png', 'image/jpeg', 'application/pdf', 'text/plain'] as const;
export const ATTACHMENT_MAX_BYTES = 512 * 1024;

export const Member = Type.Object({ userId: Type.Integer(), name: Type.String(), role: Type.String(), side: Type.Enum(LINKAGE_SIDES), phone: Nullable(Type.String()) });
export type Member = Static<typeof Member>;

export const GroupSummary = Type.Object({
  id: Type.Integer(),
  communityId: Type.Integer(),
  communityName: Type.String(),
  branchId: Type.Integer(),
  name: Type.String(),
  status: Type.Enum(GROUP_STATUSES),
  origin: Type.Enum(GROUP_ORIGINS),
  createdAt: IsoDateTime,
  /** Direct-mode (vacuum) compounds of the community today. */
  vacuumCompounds: Type.Array(Type.Object({ id: Type.Integer(), name: Type.String() })),
});
export type GroupSummary = Static<typeof GroupSummary>;
export const GroupList = Type.Object({ items: Type.Array(GroupSummary) });
export type GroupList = Static<typeof GroupList>;

export const GroupDetail = Type.Object({ ...GroupSummary.properties, members: Type.Array(Member), mySide: Nullable(Type.Enum(LINKAGE_SIDES)) });
export type GroupDetail = Static<typeof GroupDetail>;

export const CreateGroup = Type.Object({ communityId: Type.Integer({ minimum: 1 }), name: Type.Optional(Type.String({ minLength: 1, maxLength: 60 })) }, closed);
export type CreateGroup = Static<typeof CreateGroup>;

export const AttachmentIn = Type.Object(
  {
    fileName: Type.String({ minLength: 1, maxLength: 120 }),
    contentType: Type.String({ minLength: 1, maxLength: 80 }),
    /** The file's bytes, base64; at most ATTACHMENT_MAX_BYTES once decoded. */
    dataBase64: Type.String({ minLength: 1, maxLength: Math.ceil((ATTACHMENT_MAX_BYTES * 4) / 3) + 8 }),
  },
  closed,
);
export const PostMessage = Type.Object(
  { body: Type.String({ minLength: 1, maxLength: 2000 }), attachment: Type.Optional(AttachmentIn) },
  closed,
);
export type PostMessage = Static<typeof PostMessage>;

export const AttachmentView = Type.Object({ id: Type.Integer(), fileName: Type.String(), contentType: Type.String(), sizeBytes: Type.Integer() });
export const MessageView = Type.Object({
  id: Type.Integer(),
  groupId: Type.Integer(),
  authorUserId: Type.Integer(),
  authorName: Type.String(),
  side: Type.Enum(LINKAGE_SIDES),
  body: Type.String(),
  repairRequestId: Nullable(Type.Integer()),
  createdAt: IsoDateTime,
  attachments: Type.Array(AttachmentView),
});
export type MessageView = Static<typeof MessageView>;
export const MessageList = Type.Object({ items: Type.Array(MessageView) });
export const MessagesQuery = Type.Object({ afterId: Type.Optional(Type.Integer({ minimum: 0 })) }, closed);

/** A request a liaison raises for a resident from the group page (posted to the thread too). */
export const RaiseRequest = Type.Object(
  {
    householdId: Type.Integer({ minimum: 1 }),
    category: Type.Union([Type.Literal('not_warm'), Type.Literal('no_heat'), Type.Literal('leak'), Type.Literal('valve'), Type.Literal('noise'), Type.Literal('other')]),
    note: Type.Optional(Type.String({ maxLength: 1000 })),
    callerName: Type.Optional(Type.String({ minLength: 1, maxLength: 60 })),
    callerPhone: Type.Optional(Type.String({ pattern: '^[0-9][0-9-]{4,19}$' })),
  },
  closed,
);
export type RaiseRequest = Static<typeof RaiseRequest>;
export const RaisedRequest = Type.Object({ requestId: Type.Integer(), message: MessageView });

// ── bulletins ──────────────────────────────────────────────────────────────────
const Count = Type.Integer({ minimum: 0 });
export const BulletinRequest = Type.Object({
  id: Type.Integer(),
  category: Type.String(),
  status: Type.String(),
  compound: Type.String(),
  place: Type.String(),
  createdAt: IsoDateTime,
  overdue: Type.Boolean(),
});
export const BulletinContent = Type.Object({
  requests: Type.Object({ new: Count, open: Count, overdue: Count, newItems: Type.Array(BulletinRequest), overdueItems: Type.Array(BulletinRequest) }),
  incidents: Type.Object({ open: Count, resolvedInWindow: Count, items: Type.Array(Type.Object({ id: Type.Integer(), scope: Type.String(), status: Type.String(), startedAt: IsoDateTime })) }),
  payments: Type.Array(
    Type.Object({
      compoundId: Type.Integer(),
      compound: Type.String(),
      season: Type.String(),
      households: Count,
      paidHouseholds: Count,
      billedFen: Type.Integer(),
      paidFen: Type.Integer(),
      paidInWindowFen: Type.Integer(),
    }),
  ),
  tenureChanges: Type.Array(Type.Object({ compoundId: Type.Integer(), compound: Type.String(), effectiveOn: BusinessDate, fromMode: Nullable(Type.String()), toMode: Type.String(), reason: Type.String() })),
  /** Sections other modules contribute (temperature, patrols, temporary points) when installed. */
  extra: Type.Record(Type.String(), Type.Unknown()),
});
export type BulletinContent = Static<typeof BulletinContent>;

export const CopyView = Type.Object({ side: Type.Enum(LINKAGE_SIDES), acknowledgedBy: Nullable(Type.String()), acknowledgedAt: Nullable(IsoDateTime), remindedAt: Nullable(IsoDateTime) });
export const BulletinSummary = Type.Object({
  id: Type.Integer(),
  groupId: Type.Integer(),
  groupName: Type.String(),
  bulletinDate: BusinessDate,
  windowFrom: IsoDateTime,
  windowTo: IsoDateTime,
  generatedAt: IsoDateTime,
  copies: Type.Array(CopyView),
});
export type BulletinSummary = Static<typeof BulletinSummary>;
export const BulletinDetail = Type.Object({ ...BulletinSummary.properties, content: BulletinContent });
export type BulletinDetail = Static<typeof BulletinDetail>;
export const BulletinList = Type.Object({ items: Type.Array(BulletinSummary) });
export type BulletinList = Static<typeof BulletinList>;
export const AckBulletin = Type.Object({ side: Type.Enum(LINKAGE_SIDES) }, closed);
export const IssueBulletin = Type.Object({ date: Type.Optional(BusinessDate) }, closed);
export const DashboardQuery = Type.Object({ branchId: Type.Optional(Type.Integer({ minimum: 1 })), date: Type.Optional(BusinessDate) }, closed);

// ── notices ────────────────────────────────────────────────────────────────────
export const SendNotice = Type.Object(
  {
    scopeKind: Type.Enum(NOTICE_SCOPES),
    scopeId: Type.Integer({ minimum: 1 }),
    title: Type.String({ minLength: 1, maxLength: 60 }),
    body: Type.String({ minLength: 1, maxLength: 500 }),
  },
  closed,
);
export type SendNotice = Static<typeof SendNotice>;
export const NoticeView = Type.Object({
  id: Type.Integer(),
  scopeKind: Type.Enum(NOTICE_SCOPES),
  scopeId: Type.Integer(),
  title: Type.String(),
  body: Type.String(),
  households: Count,
  smsSent: Count,
  inappSent: Count,
  createdAt: IsoDateTime,
});
export type NoticeView = Static<typeof NoticeView>;

// ── Q&A sessions and the public FAQ ───────────────────────────────────────────
export const ScheduleSession = Type.Object(
  {
    communityId: Type.Integer({ minimum: 1 }),
    place: Type.String({ minLength: 1, maxLength: 120 }),
    startsAt: IsoDateTime,
    staff: Type.Array(Type.String({ minLength: 1, maxLength: 40 }), { minItems: 1, maxItems: 10 }),
  },
  closed,
);
export type ScheduleSession = Static<typeof ScheduleSession>;
export const RecordQuestion = Type.Object(
  {
    topic: Type.Enum(FAQ_TOPICS),
    questionZh: Type.String({ minLength: 1, maxLength: 500 }),
    answerZh: Type.String({ minLength: 1, maxLength: 2000 }),
    questionEn: Type.String({ minLength: 1, maxLength: 500 }),
    answerEn: Type.String({ minLength: 1, maxLength: 2000 }),
    followUpUserId: Type.Optional(Type.Integer({ minimum: 1 })),
    followUpDueOn: Type.Optional(BusinessDate),
    publish: Type.Optional(Type.Boolean()),
  },
  closed,
);
export type RecordQuestion = Static<typeof RecordQuestion>;
export const QuestionView = Type.Object({
  id: Type.Integer(),
  sessionId: Type.Integer(),
  topic: Type.Enum(FAQ_TOPICS),
  questionZh: Type.String(),
  answerZh: Type.String(),
  questionEn: Type.String(),
  answerEn: Type.String(),
  followUpUserId: Nullable(Type.Integer()),
  followUpDueOn: Nullable(BusinessDate),
  published: Type.Boolean(),
});
export type QuestionView = Static<typeof QuestionView>;
export const SessionView = Type.Object({
  id: Type.Integer(),
  communityId: Type.Integer(),
  communityName: Type.String(),
  place: Type.String(),
  startsAt: IsoDateTime,
  staff: Type.Array(Type.String()),
  heldAt: Nullable(IsoDateTime),
  notice: Nullable(NoticeView),
  questions: Type.Array(QuestionView),
});
export type SessionView = Static<typeof SessionView>;
export const SessionList = Type.Object({ items: Type.Array(SessionView) });
export const FaqQuery = Type.Object({ topic: Type.Optional(Type.Enum(FAQ_TOPICS)), q: Type.Optional(Type.String({ maxLength: 60 })) }, closed);
export const FaqEntry = Type.Object({ id: Type.Integer(), topic: Type.Enum(FAQ_TOPICS), questionZh: Type.String(), answerZh: Type.String(), questionEn: Type.String(), answerEn: Type.String(), community: Type.String(), askedOn: BusinessDate });
export type FaqEntry = Static<typeof FaqEntry>;
export const FaqList = Type.Object({ items: Type.Array(FaqEntry) });

// ── roll-out board ─────────────────────────────────────────────────────────────
export const ROLLOUT_ITEMS = ['stewardPublished', 'collectionPointOpen', 'groupActive', 'qaHeld', 'noticePosted'] as const;
export const RolloutCompound = Type.Object({
  compoundId: Type.Integer(),
  compound: Type.String(),
  communityId: Type.Integer(),
  community: Type.String(),
  checklist: Type.Object(Object.fromEntries(ROLLOUT_ITEMS.map((k) => [k, Type.Boolean()])) as Record<(typeof ROLLOUT_ITEMS)[number], ReturnType<typeof Type.Boolean>>),
  done: Count,
});
export type RolloutCompound = Static<typeof RolloutCompound>;
export const RolloutBoard = Type.Object({
  branchId: Type.Integer(),
  date: BusinessDate,
  compounds: Type.Array(RolloutCompound),
  progress: Type.Object({ compounds: Count, complete: Count, byItem: Type.Record(Type.String(), Count) }),
});
export type RolloutBoard = Static<typeof RolloutBoard>;
