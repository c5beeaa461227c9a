import { Type, type Static, type TSchema } from 'typebox';
import { BusinessDate, IsoDateTime, PageQuery, Paged } from '../../kernel/contract.ts';

/** Request and response shapes of the tenure module's staff API (imported by web/ too). */
const closed = { additionalProperties: false } as const;
const Nullable = <T extends TSchema>(t: T) => Type.Union([t, Type.Null()]);

export const TenureKind = Type.Union([Type.Literal('contracted'), Type.Literal('emergency'), Type.Literal('owners_committee')], {
  description: 'contracted property company; emergency manager appointed by the subdistrict; owners’ committee self-managed',
});
export const ServiceModeSchema = Type.Union([Type.Literal('agent'), Type.Literal('direct')], {
  description: 'agent: the property company in tenure is the first line and collects; direct: the heating company serves residents itself',
});
export const ModeReasonSchema = Type.Union([
  Type.Literal('contracted_agent'),
  Type.Literal('no_company'),
  Type.Literal('emergency_manager'),
  Type.Literal('company_not_collecting'),
  Type.Literal('owners_committee'),
]);

const Name = Type.String({ minLength: 1, maxLength: 100 });
const PhoneText = Type.String({ pattern: '^[0-9+\\- ]{5,20}$', description: 'landline or mobile as published' });

export const PropertyCompanyView = Type.Object({
  id: Type.Integer(),
  name: Type.String(),
  contactName: Nullable(Type.String()),
  contactPhone: Nullable(Type.String()),
  creditCode: Nullable(Type.String()),
});
export type PropertyCompanyView = Static<typeof PropertyCompanyView>;

export const CreatePropertyCompany = Type.Object(
  {
    name: Name,
    contactName: Type.Optional(Nullable(Type.String({ minLength: 1, maxLength: 64 }))),
    contactPhone: Type.Optional(Nullable(PhoneText)),
    creditCode: Type.Optional(Nullable(Type.String({ pattern: '^[0-9A-Z]{18}$', description: '统一社会信用代码' }))),
  },
  closed,
);
export type CreatePropertyCompany = Static<typeof CreatePropertyCompany>;
export const UpdatePropertyCompany = Type.Partial(CreatePropertyCompany, { ...closed, minProperties: 1 });
export type UpdatePropertyCompany = Static<typeof UpdatePropertyCompany>;

export const PropertyCompanyListQuery = Type.Object({ q: Type.Optional(Type.String({ maxLength: 64, description: 'name contains' })), ...PageQuery }, closed);
export type PropertyCompanyListQuery = Static<typeof PropertyCompanyListQuery>;
export const PropertyCompanyList = Paged(PropertyCompanyView);

export const TenureView = Type.Object({
  id: Type.Integer(),
  compoundId: Type.Integer(),
  propertyCompany: Nullable(Type.Object({ id: Type.Integer(), name: Type.String(), contactPhone: Nullable(Type.String()) })),
  kind: TenureKind,
  startsOn: BusinessDate,
  endsOn: Nullable(BusinessDate),
  collectsAsAgent: Type.Boolean(),
  note: Nullable(Type.String()),
  createdAt: IsoDateTime,
});
export type TenureView = Static<typeof TenureView>;
export const TenureList = Type.Object({ items: Type.Array(TenureView) });

export const CreateTenure = Type.Object(
  {
    kind: TenureKind,
    propertyCompanyId: Type.Optional(Nullable(Type.Integer({ minimum: 1 }))),
    startsOn: BusinessDate,
    endsOn: Type.Optional(Nullable(Type.String({ format: 'date', description: 'first day the company is gone (exclusive); null = open-ended' }))),
    collectsAsAgent: Type.Optional(Type.Boolean({ default: false, description: 'collects heating fees as agent (代收)' })),
    note: Type.Optional(Nullable(Type.String({ maxLength: 500 }))),
  },
  closed,
);
export type CreateTenure = Static<typeof CreateTenure>;

export const UpdateTenure = Type.Object(
  {
    endsOn: Type.Optional(Nullable(BusinessDate)),
    collectsAsAgent: Type.Optional(Type.Boolean()),
    note: Type.Optional(Nullable(Type.String({ maxLength: 500 }))),
  },
  { ...closed, minProperties: 1 },
);
export type UpdateTenure = Static<typeof UpdateTenure>;

export const EndTenure = Type.Object(
  { endsOn: Type.Optional(Type.String({ format: 'date', description: 'first day without the company; default today' })) },
  closed,
);
export type EndTenure = Static<typeof EndTenure>;

export const ModeQuery = Type.Object({ date: Type.Optional(Type.String({ format: 'date', description: 'default today' })) }, closed);
export const ServiceModeView = Type.Object({
  compoundId: Type.Integer(),
  date: BusinessDate,
  mode: ServiceModeSchema,
  reason: ModeReasonSchema,
  tenure: Nullable(TenureView),
});
export type ServiceModeView = Static<typeof ServiceModeView>;

export const VacuumQuery = Type.Object({ from: BusinessDate, to: Type.String({ format: 'date', description: 'exclusive' }) }, closed);
export const VacuumInterval = Type.Object({
  start: BusinessDate,
  end: Type.String({ format: 'date', description: 'exclusive' }),
  reason: ModeReasonSchema,
  tenureId: Nullable(Type.Integer()),
});
export const VacuumList = Type.Object({ compoundId: Type.Integer(), from: BusinessDate, to: BusinessDate, intervals: Type.Array(VacuumInterval) });
export type VacuumList = Static<typeof VacuumList>;

const Affected = { households: Type.Integer(), grossAreaM2: Type.Number({ description: 'sum of gross area (建筑面积), m²' }) };

export const ForecastQuery = Type.Object({ withinDays: Type.Optional(Type.Integer({ minimum: 1, maximum: 366, default: 60 })) }, closed);
export const ForecastItem = Type.Object({
  compoundId: Type.Integer(),
  compoundName: Type.String(),
  branchId: Type.Integer(),
  tenureId: Type.Integer(),
  kind: TenureKind,
  propertyCompanyName: Nullable(Type.String()),
  endsOn: BusinessDate,
  successorStartsOn: Nullable(BusinessDate),
  season: Type.Object({ code: Type.String(), start: BusinessDate, end: BusinessDate }),
  seasonDaysInGap: Type.Integer({ description: 'days of that heating season nobody is in tenure' }),
  ...Affected,
});
export type ForecastItem = Static<typeof ForecastItem>;
export const ForecastView = Type.Object({ withinDays: Type.Integer(), items: Type.Array(ForecastItem) });

export const VacuumNowItem = Type.Object({
  compoundId: Type.Integer(),
  compoundName: Type.String(),
  branchId: Type.Integer(),
  reason: ModeReasonSchema,
  since: Nullable(BusinessDate),
  until: Nullable(BusinessDate),
  ...Affected,
});
export type VacuumNowItem = Static<typeof VacuumNowItem>;

const Totals = Type.Object({ compounds: Type.Integer(), ...Affected });
export const DashboardBranch = Type.Object({
  branchId: Type.Integer(),
  branchName: Type.String(),
  today: BusinessDate,
  inVacuum: Type.Object({ totals: Totals, items: Type.Array(VacuumNowItem) }),
  atRisk: Type.Object({ totals: Totals, items: Type.Array(ForecastItem) }),
});
export const DashboardView = Type.Object({ withinDays: Type.Integer(), branches: Type.Array(DashboardBranch) });
export type DashboardView = Static<typeof DashboardView>;

export const MyCompoundsView = Type.Object({
  items: Type.Array(Type.Object({ compoundId: Type.Integer(), compoundName: Type.String(), address: Type.String(), tenure: TenureView })),
});
export type MyCompoundsView = Static<typeof MyCompoundsView>;

export const ModeChangeView = Type.Object({
  id: Type.Integer(),
  compoundId: Type.Integer(),
  effectiveOn: BusinessDate,
  fromMode: Nullable(ServiceModeSchema),
  toMode: ServiceModeSchema,
  reason: ModeReasonSchema,
});
/** A tenure write answers with the tenure and the mode changes it caused (today or later). */
export const TenureWriteResult = Type.Object({ tenure: TenureView, modeChanges: Type.Array(ModeChangeView) });
export type TenureWriteResult = Static<typeof TenureWriteResult>;
