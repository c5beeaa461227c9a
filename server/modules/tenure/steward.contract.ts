import { Type, type Static, type TSchema } from 'typebox';
import { BusinessDate } from '../../kernel/contract.ts';
import { ModeReasonSchema, ServiceModeSchema } from './tenure.contract.ts';

/**
 * The public "my steward" answer (no sign-in). It names only people whose numbers are published
 * for residents — the steward, the deputy, the branch hotline, the property company's office —
 * and never the household's holder or phone.
 */
const Nullable = <T extends TSchema>(t: T) => Type.Union([t, Type.Null()]);
const closed = { additionalProperties: false } as const;

export const StewardQuery = Type.Object(
  {
    accountNo: Type.Optional(Type.String({ pattern: '^[0-9A-Za-z-]{4,32}$', description: '户号 as printed on the bill' })),
    buildingId: Type.Optional(Type.Integer({ minimum: 1, description: 'picked community → compound → building' })),
  },
  { ...closed, minProperties: 1, maxProperties: 1 },
);
export type StewardQuery = Static<typeof StewardQuery>;

export const PublicContact = Type.Object({ name: Type.String(), phone: Nullable(Type.String()) });
export type PublicContact = Static<typeof PublicContact>;

export const PAY_CHANNELS = ['property_company', 'heating_company_counter', 'heating_company_online'] as const;
export const CALL_ROLES = ['steward', 'deputy', 'property_company', 'branch_hotline', 'community_office'] as const;

export const CollectionPoint = Type.Object({
  name: Type.String(),
  address: Type.String(),
  opensOn: BusinessDate,
  closesOn: Nullable(BusinessDate),
  hours: Nullable(Type.String()),
});

export const StewardView = Type.Object({
  community: Type.Object({ id: Type.Integer(), name: Type.String() }),
  compound: Type.Object({ id: Type.Integer(), name: Type.String(), address: Type.String() }),
  building: Type.Object({ id: Type.Integer(), name: Type.String() }),
  grid: Type.Object({ id: Type.Integer(), name: Type.String() }),
  steward: Nullable(PublicContact),
  deputy: Nullable(PublicContact),
  serviceMode: Type.Object({ date: BusinessDate, mode: ServiceModeSchema, reason: ModeReasonSchema, propertyCompany: Nullable(PublicContact) }),
  whereToPay: Type.Object({
    channels: Type.Array(Type.Enum(PAY_CHANNELS), { description: 'in the order to suggest them' }),
    propertyCompany: Nullable(PublicContact),
    heatingCompany: Type.Object({ name: Type.String(), counterAddress: Nullable(Type.String()), hotline: Nullable(Type.String()) }),
    collectionPoints: Type.Array(CollectionPoint, {
      description: 'Temporary collection points opened for vacuum compounds. Filled by the payments module (payment continuity, 缴费不断档); always empty until that module ships.',
    }),
  }),
  whomToCall: Type.Array(Type.Object({ role: Type.Enum(CALL_ROLES), name: Type.String(), phone: Type.String() })),
  season: Type.Object({
    code: Type.String(),
    start: BusinessDate,
    end: Type.String({ format: 'date', description: 'exclusive: heating stops at 00:00 of this date' }),
    inSeason: Type.Boolean(),
  }),
});
export type StewardView = Static<typeof StewardView>;

const Item = Type.Object({ id: Type.Integer(), name: Type.String() });
export const PublicCommunities = Type.Object({ items: Type.Array(Item) });
export const PublicCompounds = Type.Object({ items: Type.Array(Type.Object({ id: Type.Integer(), name: Type.String(), address: Type.String() })) });
export const PublicBuildings = Type.Object({ items: Type.Array(Item) });
export const CommunityQuery = Type.Object({ q: Type.Optional(Type.String({ maxLength: 32, description: 'name contains' })) }, closed);
