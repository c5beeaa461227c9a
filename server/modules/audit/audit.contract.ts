import { Type, type Static } from 'typebox';
import { IsoDateTime, PageQuery, Paged } from '../../kernel/contract.ts';

export const AuditQuery = Type.Object(
  {
    entity: Type.Optional(Type.String({ maxLength: 64 })),
    entityId: Type.Optional(Type.String({ maxLength: 64 })),
    action: Type.Optional(Type.String({ maxLength: 64 })),
    actorId: Type.Optional(Type.Integer({ minimum: 1 })),
    from: Type.Optional(IsoDateTime),
    to: Type.Optional(IsoDateTime),
    ...PageQuery,
  },
  { additionalProperties: false },
);
export type AuditQuery = Static<typeof AuditQuery>;
export const AuditEntryView = Type.Object({
  id: Type.Integer(),
  at: IsoDateTime,
  actorId: Type.Union([Type.Integer(), Type.Null()]),
  actorName: Type.Union([Type.String(), Type.Null()]),
  actorRole: Type.String(),
  action: Type.String(),
  entity: Type.String(),
  entityId: Type.Union([Type.String(), Type.Null()]),
  before: Type.Unknown(),
  after: Type.Unknown(),
  requestId: Type.Union([Type.String(), Type.Null()]),
});
export type AuditEntryView = Static<typeof AuditEntryView>;
export const AuditList = Paged(AuditEntryView);

export const OutboxQuery = Type.Object(
  {
    channel: Type.Optional(Type.Union([Type.Literal('sms'), Type.Literal('wechat'), Type.Literal('inapp')])),
    recipient: Type.Optional(Type.String({ maxLength: 64 })),
    ...PageQuery,
  },
  { additionalProperties: false },
);
export type OutboxQuery = Static<typeof OutboxQuery>;
export const OutboxMessageView = Type.Object({
  id: Type.Integer(),
  createdAt: IsoDateTime,
  channel: Type.String(),
  recipient: Type.String(),
  template: Type.String(),
  body: Type.String(),
  status: Type.String(),
  provider: Type.String(),
});
export type OutboxMessageView = Static<typeof OutboxMessageView>;
export const OutboxList = Paged(OutboxMessageView);
