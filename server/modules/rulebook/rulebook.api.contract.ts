/**
 * Requests and responses of /api/rulebook. The rulebook itself (`Rules`) is in
 * rulebook.contract.ts; both are imported by the web page.
 */
import { Type, type Static } from 'typebox';
import { BusinessDate, IsoDateTime } from '../../kernel/contract.ts';
import { Rules, SeasonCode, SeasonOverride } from './rulebook.contract.ts';

const closed = { additionalProperties: false } as const;

/** Any text: an unknown city is a 404 naming it rather than a pattern error. */
export const CityParams = Type.Object({ city: Type.String({ minLength: 1, maxLength: 64 }) }, closed);
export const VersionParams = Type.Object(
  { city: Type.String({ minLength: 1, maxLength: 64 }), id: Type.Integer({ minimum: 1 }) },
  closed,
);

export const CityView = Type.Object({
  code: Type.String(),
  name: Type.Object({ zh: Type.String(), en: Type.String() }),
  timeZone: Type.String(),
});
export type CityView = Static<typeof CityView>;
export const CityList = Type.Array(CityView);

export const SeasonView = Type.Object({
  code: Type.String({ description: "'2026-27'" }),
  start: BusinessDate,
  end: Type.String({ format: 'date', description: 'exclusive: heating stops at 00:00 of this date' }),
  startsAt: IsoDateTime,
  endsAt: IsoDateTime,
  days: Type.Integer({ description: 'real length; 121 with a 29 February, more when extended' }),
  billedDays: Type.Integer({ description: 'days the season fee is based on, whatever the length' }),
  extendedDays: Type.Integer({ description: 'days added (negative: removed) by an override' }),
  override: Type.Union([SeasonOverride, Type.Null()]),
});
export type SeasonView = Static<typeof SeasonView>;

export const InForceQuery = Type.Object(
  { at: Type.Optional(Type.String({ maxLength: 40, description: 'YYYY-MM-DD (business date) or an ISO instant; default now' })) },
  closed,
);
export const SeasonQuery = Type.Object(
  { date: Type.Optional(Type.String({ format: 'date', description: 'YYYY-MM-DD; default today in the city' })) },
  closed,
);

export const RulebookView = Type.Object({
  versionId: Type.Integer(),
  city: Type.String(),
  effectiveFrom: BusinessDate,
  /** The business date the question was about. */
  at: BusinessDate,
  /** The season containing `at`, or null between seasons. */
  season: Type.Union([SeasonView, Type.Null()]),
  /** The first season starting after `at`, by the version in force when it starts. */
  nextSeason: SeasonView,
  rules: Rules,
});
export type RulebookView = Static<typeof RulebookView>;

export const VersionView = Type.Object({
  id: Type.Integer(),
  city: Type.String(),
  effectiveFrom: BusinessDate,
  note: Type.String(),
  createdBy: Type.Union([Type.Object({ id: Type.Integer(), name: Type.String() }), Type.Null()]),
  createdAt: IsoDateTime,
  /** Set when a bill run used this version: from then on it can only be superseded. */
  lockedAt: Type.Union([IsoDateTime, Type.Null()]),
  /** The version answering questions about today. */
  inForce: Type.Boolean(),
  /** Top-level sections that differ from the previous version ('season', 'tariffs'…). */
  changed: Type.Array(Type.String()),
});
export type VersionView = Static<typeof VersionView>;
export const VersionList = Type.Array(VersionView);

const Note = Type.String({ minLength: 1, maxLength: 500, description: 'why: the decree or correction' });
const EffectiveFrom = Type.String({ format: 'date', description: 'applies from 00:00 of this date in the city; today or later' });

export const NewVersion = Type.Object({ effectiveFrom: EffectiveFrom, rules: Rules, note: Note }, closed);
export type NewVersion = Static<typeof NewVersion>;

export const VersionPatch = Type.Object(
  { effectiveFrom: Type.Optional(EffectiveFrom), rules: Type.Optional(Rules), note: Type.Optional(Note) },
  { ...closed, minProperties: 1 },
);
export type VersionPatch = Static<typeof VersionPatch>;

/** "Extend 2026-27 to 2027-03-22": a new version = the rules in force + this season override. */
export const SeasonExtension = Type.Object(
  {
    season: SeasonCode,
    end: Type.String({ format: 'date', description: 'new end, exclusive: heating stops at 00:00 of this date' }),
    reason: Type.String({ minLength: 1, maxLength: 500 }),
    effectiveFrom: Type.Optional(EffectiveFrom),
  },
  closed,
);
export type SeasonExtension = Static<typeof SeasonExtension>;
