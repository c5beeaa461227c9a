import { Type, type Static, type TNull, type TObject, type TOptional, type TProperties, type TUnion } from 'typebox';
import { BusinessDate, IsoDateTime, PageQuery, Paged } from '../../kernel/contract.ts';

/**
 * The registry's HTTP contract: the field organisation (branch → section → crew → grid), the
 * civil side (subdistrict → community), the physical city (compound → building → entrance →
 * household; stations and pipe segments), dated steward assignments, import and export.
 * Imported by web/ too, so it imports only typebox and kernel contract pieces.
 * Areas are integer hundredths of a m² (cm2), like the rulebook: never floats.
 */
export const CUSTOMER_TYPES = ['residential', 'nonResidential'] as const;
export const HOUSEHOLD_STATUSES = ['heating', 'suspended', 'disconnected'] as const;
export const PIPE_NETWORKS = ['primary', 'secondary'] as const;

const closed = { additionalProperties: false } as const;
const Id = Type.Integer({ minimum: 1 });
const Name = Type.String({ minLength: 1, maxLength: 100 });
const Code = Type.String({ pattern: '^[A-Za-z0-9_.-]{1,32}$', description: 'letters, digits, _ . -' });
/** Mainland mobile number; landlines are not accepted because stewards text residents. */
export const MobilePhone = Type.String({ pattern: '^1[3-9]\\d{9}$', description: '11-digit mobile number' });
const AreaCm2 = Type.Integer({ minimum: 1, maximum: 100_000_000, description: 'hundredths of a m² (8550 = 85.50 m²)' });

type Nullables<O extends TProperties> = { [K in keyof O]: TUnion<[O[K], TNull]> };
type Optionals<O extends TProperties> = { [K in keyof O]: TOptional<TUnion<[O[K], TNull]>> };

function nullables<O extends TProperties>(o: O): Nullables<O> {
  return Object.fromEntries(Object.entries(o).map(([k, s]) => [k, Type.Union([s, Type.Null()])])) as Nullables<O>;
}
function optionals<O extends TProperties>(o: O): Optionals<O> {
  return Object.fromEntries(Object.entries(o).map(([k, s]) => [k, Type.Optional(Type.Union([s, Type.Null()]))])) as Optionals<O>;
}

/**
 * View, create and patch bodies and the list query of one plain registry entity, from its
 * required fields, its nullable fields and the ids it can be filtered by. Keeps the eleven
 * entities below from being eleven hand-copied sets of four schemas.
 */
function entity<R extends TProperties, O extends TProperties, F extends TProperties>(required: R, optional: O, filters: F) {
  const View = Type.Object({ id: Type.Integer(), ...required, ...nullables(optional) });
  const Create = Type.Object({ ...required, ...optionals(optional) }, closed);
  const Patch = Type.Partial(Type.Object({ ...required, ...nullables(optional) }), { ...closed, minProperties: 1 });
  const filterProps = Object.fromEntries(Object.entries(filters).map(([k, s]) => [k, Type.Optional(s)])) as {
    [K in keyof F]: TOptional<F[K]>;
  };
  const ListQuery = Type.Object(
    { q: Type.Optional(Type.String({ maxLength: 64, description: 'name or code contains' })), ...filterProps, ...PageQuery },
    closed,
  );
  return { View, Create, Patch, ListQuery, List: Paged(View) };
}

export const Branch = entity({ code: Code, name: Name, city: Type.String({ pattern: '^[a-z_]{2,32}$', description: 'rulebook city code' }) }, { address: Name, phone: Name }, {});
export const Section = entity({ branchId: Id, name: Name }, {}, { branchId: Id });
export const Crew = entity({ sectionId: Id, name: Name }, { leadUserId: Id }, { sectionId: Id });
export const Grid = entity({ crewId: Id, code: Code, name: Name }, {}, { crewId: Id });
export const Subdistrict = entity({ name: Name }, {}, {});
export const Community = entity({ subdistrictId: Id, name: Name }, { officePhone: Name }, { subdistrictId: Id });
export const Compound = entity({ communityId: Id, branchId: Id, name: Name, address: Name }, {}, { communityId: Id, branchId: Id });
export const Station = entity({ branchId: Id, code: Code, name: Name }, { address: Name }, { branchId: Id });
export const Building = entity({ compoundId: Id, gridId: Id, name: Name }, { stationId: Id }, { compoundId: Id, gridId: Id, stationId: Id });
export const Entrance = entity({ buildingId: Id, name: Name }, {}, { buildingId: Id });
export const PipeSegment = entity(
  { branchId: Id, code: Code, name: Name, network: Type.Enum(PIPE_NETWORKS) },
  { fromStationId: Id, toStationId: Id, toBuildingId: Id, lengthM: Type.Integer({ minimum: 1 }) },
  { branchId: Id, fromStationId: Id, toStationId: Id },
);

/** The schemas of one plain entity, as the generic entity routes use them. */
export interface EntitySchemas {
  View: TObject;
  Create: TObject;
  Patch: TObject;
  ListQuery: TObject;
  List: TObject;
}

// ── grid assignments ─────────────────────────────────────────────────────────

export const GridAssignmentView = Type.Object({
  id: Type.Integer(),
  gridId: Type.Integer(),
  stewardUserId: Type.Integer(),
  stewardName: Type.String(),
  stewardPhone: Type.Union([Type.String(), Type.Null()]),
  deputyUserId: Type.Union([Type.Integer(), Type.Null()]),
  deputyName: Type.Union([Type.String(), Type.Null()]),
  deputyPhone: Type.Union([Type.String(), Type.Null()]),
  validFrom: BusinessDate,
  validTo: Type.Union([BusinessDate, Type.Null()], { description: 'exclusive; null while current' }),
});
export type GridAssignmentView = Static<typeof GridAssignmentView>;
export const GridAssignmentList = Type.Object({ items: Type.Array(GridAssignmentView) });

export const AssignSteward = Type.Object(
  { stewardUserId: Id, deputyUserId: Type.Optional(Type.Union([Id, Type.Null()])), validFrom: BusinessDate },
  closed,
);
export type AssignSteward = Static<typeof AssignSteward>;

/** Who may be named steward or deputy: the pick list of the assignment form. */
export const FieldWorkerList = Type.Object({
  items: Type.Array(
    Type.Object({ id: Type.Integer(), name: Type.String(), phone: Type.Union([Type.String(), Type.Null()]), role: Type.Enum(['steward', 'crew_lead'] as const) }),
  ),
});

// ── households ───────────────────────────────────────────────────────────────

export const HouseholdView = Type.Object({
  id: Type.Integer(),
  accountNo: Type.String(),
  holderName: Type.String(),
  phone: Type.Union([Type.String(), Type.Null()], { description: 'masked (138****5678) for roles that do not call residents' }),
  room: Type.String(),
  grossAreaCm2: Type.Integer(),
  interiorAreaCm2: Type.Union([Type.Integer(), Type.Null()]),
  billingAreaCm2: Type.Integer({ description: 'interior area, or the rulebook percentage of gross area' }),
  customerType: Type.Enum(CUSTOMER_TYPES),
  status: Type.Enum(HOUSEHOLD_STATUSES),
  hasHeatMeter: Type.Boolean(),
  address: Type.String({ description: '金色港湾小区 3号楼 1单元 502' }),
  entranceId: Type.Integer(),
  entranceName: Type.String(),
  buildingId: Type.Integer(),
  buildingName: Type.String(),
  compoundId: Type.Integer(),
  compoundName: Type.String(),
  communityId: Type.Integer(),
  communityName: Type.String(),
  branchId: Type.Integer(),
  gridId: Type.Integer(),
  gridCode: Type.String(),
  stationId: Type.Union([Type.Integer(), Type.Null()]),
  createdAt: IsoDateTime,
  updatedAt: IsoDateTime,
});
export type HouseholdView = Static<typeof HouseholdView>;

const householdFields = {
  entranceId: Id,
  room: Type.String({ minLength: 1, maxLength: 20 }),
  holderName: Type.String({ minLength: 1, maxLength: 64 }),
  grossAreaCm2: AreaCm2,
  phone: Type.Union([MobilePhone, Type.Null()]),
  interiorAreaCm2: Type.Union([AreaCm2, Type.Null()]),
  customerType: Type.Enum(CUSTOMER_TYPES),
  status: Type.Enum(HOUSEHOLD_STATUSES),
  hasHeatMeter: Type.Boolean(),
};
export const CreateHousehold = Type.Object(
  {
    accountNo: Type.String({ pattern: '^[A-Za-z0-9-]{4,32}$', description: '户号' }),
    entranceId: householdFields.entranceId,
    room: householdFields.room,
    holderName: householdFields.holderName,
    grossAreaCm2: householdFields.grossAreaCm2,
    phone: Type.Optional(householdFields.phone),
    interiorAreaCm2: Type.Optional(householdFields.interiorAreaCm2),
    customerType: Type.Optional(householdFields.customerType),
    status: Type.Optional(householdFields.status),
    hasHeatMeter: Type.Optional(householdFields.hasHeatMeter),
  },
  closed,
);
export type CreateHousehold = Static<typeof CreateHousehold>;
/** The account number is the household's identity on bills; it is not edited, only created. */
export const PatchHousehold = Type.Partial(Type.Object(householdFields), { ...closed, minProperties: 1 });
export type PatchHousehold = Static<typeof PatchHousehold>;

const householdFilters = {
  q: Type.Optional(Type.String({ minLength: 1, maxLength: 64, description: 'account number (or prefix), phone (or its last 4+ digits), or address text such as "金色港湾 3号楼 502"' })),
  branchId: Type.Optional(Id),
  communityId: Type.Optional(Id),
  compoundId: Type.Optional(Id),
  buildingId: Type.Optional(Id),
  entranceId: Type.Optional(Id),
  gridId: Type.Optional(Id),
  stationId: Type.Optional(Id),
  status: Type.Optional(Type.Enum(HOUSEHOLD_STATUSES)),
  customerType: Type.Optional(Type.Enum(CUSTOMER_TYPES)),
};
export const HouseholdFilter = Type.Object(householdFilters, closed);
export type HouseholdFilter = Static<typeof HouseholdFilter>;
export const HouseholdListQuery = Type.Object({ ...householdFilters, ...PageQuery }, closed);
export type HouseholdListQuery = Static<typeof HouseholdListQuery>;
export const HouseholdList = Paged(HouseholdView);

// ── import ───────────────────────────────────────────────────────────────────

export const ImportProblem = Type.Object({
  row: Type.Integer({ description: 'row number in the file; 1 is the header row' }),
  column: Type.String({ description: 'the column as headed in the file, or "" for the whole row' }),
  value: Type.String(),
  /** English, for API users, logs and the downloaded list. */
  message: Type.String(),
  /** What kind of problem, for a UI to say it in the person's language (reports before it have none). */
  rule: Type.Optional(Type.String()),
  params: Type.Optional(Type.Record(Type.String(), Type.Union([Type.String(), Type.Number()]))),
});
export type ImportProblem = Static<typeof ImportProblem>;

export const ImportReport = Type.Object({
  importId: Type.Integer(),
  status: Type.Enum(['applied', 'rejected'] as const),
  fileName: Type.String(),
  rows: Type.Integer({ description: 'data rows read' }),
  inserted: Type.Integer(),
  updated: Type.Integer(),
  unchanged: Type.Integer(),
  buildingsCreated: Type.Integer(),
  entrancesCreated: Type.Integer(),
  badRows: Type.Integer(),
  problems: Type.Array(ImportProblem),
  problemsTruncated: Type.Boolean({ description: 'more problems than the report keeps' }),
  reportUrl: Type.Union([Type.String(), Type.Null()], { description: 'the problems as .xlsx' }),
});
export type ImportReport = Static<typeof ImportReport>;
/** A rejected import answers 422 with this error shape; details is the ImportReport. */
export const ImportRejected = Type.Object({
  error: Type.Object({ code: Type.Literal('import_rejected'), message: Type.String(), details: ImportReport }),
});
