import { Type, type Static } from 'typebox';
import { ROLES, SCOPE_KINDS } from '../../kernel/actor.ts';
import { IsoDateTime, PageQuery, Paged } from '../../kernel/contract.ts';

export const RoleSchema = Type.Enum(ROLES);
export const ScopeSchema = Type.Object(
  { kind: Type.Enum(SCOPE_KINDS), refId: Type.Integer({ minimum: 1 }) },
  { additionalProperties: false },
);

/** Mainland mobile numbers: 11 digits starting with 1. */
export const Phone = Type.String({ pattern: '^1[3-9]\\d{9}$', description: '11-digit mobile number' });

export const UserView = Type.Object({
  id: Type.Integer(),
  role: RoleSchema,
  name: Type.String(),
  username: Type.Union([Type.String(), Type.Null()]),
  phone: Type.Union([Type.String(), Type.Null()]),
  active: Type.Boolean(),
  scopes: Type.Array(ScopeSchema),
  createdAt: IsoDateTime,
});
export type UserView = Static<typeof UserView>;

export const PasswordLogin = Type.Object(
  {
    username: Type.String({ minLength: 1, maxLength: 64 }),
    password: Type.String({ minLength: 1, maxLength: 200 }),
  },
  { additionalProperties: false },
);
export type PasswordLogin = Static<typeof PasswordLogin>;

export const CodeRequest = Type.Object({ phone: Phone }, { additionalProperties: false });
export type CodeRequest = Static<typeof CodeRequest>;
export const CodeRequested = Type.Object({ sent: Type.Boolean(), expiresInSeconds: Type.Integer() });

export const CodeLogin = Type.Object(
  { phone: Phone, code: Type.String({ pattern: '^\\d{6}$', description: 'the 6-digit code from the SMS' }) },
  { additionalProperties: false },
);
export type CodeLogin = Static<typeof CodeLogin>;

export const SessionView = Type.Object({ user: UserView, csrfToken: Type.String(), expiresAt: IsoDateTime });
export type SessionView = Static<typeof SessionView>;

export const UserListQuery = Type.Object(
  {
    role: Type.Optional(RoleSchema),
    q: Type.Optional(Type.String({ maxLength: 64, description: 'name, username or phone contains' })),
    ...PageQuery,
  },
  { additionalProperties: false },
);
export type UserListQuery = Static<typeof UserListQuery>;
export const UserList = Paged(UserView);

export const NewPassword = Type.String({ minLength: 8, maxLength: 200, description: 'at least 8 characters' });

export const CreateUser = Type.Object(
  {
    role: RoleSchema,
    name: Type.String({ minLength: 1, maxLength: 64 }),
    username: Type.Optional(Type.String({ pattern: '^[a-zA-Z0-9_.-]{3,32}$' })),
    phone: Type.Optional(Phone),
    password: Type.Optional(NewPassword),
    scopes: Type.Array(ScopeSchema, { maxItems: 200, default: [] }),
  },
  { additionalProperties: false },
);
export type CreateUser = Static<typeof CreateUser>;

export const UpdateUser = Type.Object(
  {
    name: Type.Optional(Type.String({ minLength: 1, maxLength: 64 })),
    phone: Type.Optional(Type.Union([Phone, Type.Null()])),
    password: Type.Optional(NewPassword),
    active: Type.Optional(Type.Boolean()),
    scopes: Type.Optional(Type.Array(ScopeSchema, { maxItems: 200 })),
  },
  { additionalProperties: false, minProperties: 1 },
);
export type UpdateUser = Static<typeof UpdateUser>;

