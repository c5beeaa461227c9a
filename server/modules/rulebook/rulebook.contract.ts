/**
 * The shape of ONE rulebook version of one city: every number a heating rule needs, as data.
 * Other modules never hard-code a rule; they read it from here (domain.md §4).
 *
 * Imported by the browser bundle too, so it imports only typebox.
 *
 * Units, chosen so no money or area is ever a float:
 *   - prices end in `YuanE4`: integers in 1/10,000 yuan (0.01 fen), because tariffs need sub-fen
 *     precision (0.19 元/m²·day = 1900; 0.217 元/kWh = 2170);
 *   - areas elsewhere are integer hundredths of a m² (`Cm2`), as printed on property certificates;
 *   - temperatures are °C (measured values have decimals; they are not money);
 *   - durations carry their unit in the name (Minutes, Hours, Days, Months).
 * Every section carries `source` (document + article) so an auditor can check the number.
 */
import { Type, type Static } from 'typebox';

const closed = { additionalProperties: false } as const;

export const Source = Type.Object(
  {
    document: Type.String({ minLength: 1, description: 'Chinese title of the regulation or standard' }),
    article: Type.String({ minLength: 1, description: 'article / clause; "unverified" when not checked' }),
    note: Type.Optional(Type.String({ description: 'demo values, open questions, what to verify' })),
  },
  closed,
);
export type Source = Static<typeof Source>;

/** 'MM-DD', a day of the year (validateRules rejects 02-30 and 02-29). */
export const MonthDayText = Type.String({ pattern: '^\\d{2}-\\d{2}$' });
/** 'YYYY-MM-DD' business date in the city's time zone. */
export const DateText = Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$' });
/** '2026-27': the season starting in autumn 2026. */
export const SeasonCode = Type.String({ pattern: '^\\d{4}-\\d{2}$' });

const Month = Type.Integer({ minimum: 1, maximum: 12 });
const Day = Type.Integer({ minimum: 1, maximum: 31 });
const Count = Type.Integer({ minimum: 0 });
const Percent = Type.Integer({ minimum: 0, maximum: 100 });
const PriceE4 = Type.Integer({ minimum: 0, description: 'yuan × 10,000 (0.01 fen)' });
const Band = Type.Tuple([Type.Number(), Type.Number()], { description: '[min, max]' });

export const CUSTOMER_TYPES = ['residential', 'nonResidential'] as const;
export type CustomerType = (typeof CUSTOMER_TYPES)[number];
export const REQUEST_CATEGORIES = [
  'not_warm',
  'no_heat',
  'leak',
  'valve',
  'noise',
  'other',
  'temperature_complaint',
] as const;
export type RequestCategory = (typeof REQUEST_CATEGORIES)[number];
export const PRIORITIES = ['normal', 'urgent'] as const;
export type Priority = (typeof PRIORITIES)[number];
export const SLA_PROFILES = ['standard', 'special', 'coldSnap'] as const;
export type SlaProfile = (typeof SLA_PROFILES)[number];
/** Who hears about a missed clock: the grid's crew lead, every crew lead of the section, the branch's admins. */
export const ESCALATION_TARGETS = ['crew_lead', 'section', 'branch'] as const;
export type EscalationTarget = (typeof ESCALATION_TARGETS)[number];

export const CustomerTypeSchema = Type.Union(CUSTOMER_TYPES.map((t) => Type.Literal(t)));
export const RequestCategorySchema = Type.Union(REQUEST_CATEGORIES.map((c) => Type.Literal(c)));
export const PrioritySchema = Type.Union(PRIORITIES.map((p) => Type.Literal(p)));
export const SlaProfileSchema = Type.Union(SLA_PROFILES.map((p) => Type.Literal(p)));

const Tariff = Type.Object(
  {
    dailyPerM2YuanE4: PriceE4,
    metered: Type.Object({ basicPerM2SeasonYuanE4: PriceE4, perKwhYuanE4: PriceE4 }, closed),
  },
  closed,
);

export const SlaTarget = Type.Object(
  {
    firstResponseMinutes: Type.Integer({ minimum: 1 }),
    onSiteMinutes: Type.Integer({ minimum: 1 }),
    resolveMinutes: Type.Integer({ minimum: 1 }),
  },
  closed,
);
export type SlaTarget = Static<typeof SlaTarget>;

const ByPriority = Type.Object({ normal: SlaTarget, urgent: SlaTarget }, closed);
// Every category must be present in every profile: a missing entry would make a query guess.
const SlaTable = Type.Object(
  Object.fromEntries(REQUEST_CATEGORIES.map((c) => [c, ByPriority])) as Record<RequestCategory, typeof ByPriority>,
  closed,
);
const SlaProfileEntry = Type.Object({ targets: SlaTable, source: Source }, closed);

const DefaultPriority = Type.Enum(PRIORITIES);

export const EscalationRung = Type.Object(
  {
    level: Type.Integer({ minimum: 1 }),
    target: Type.Enum(ESCALATION_TARGETS),
    afterMinutes: Type.Integer({ minimum: 0, description: 'minutes after the missed due time' }),
  },
  closed,
);
export type EscalationRung = Static<typeof EscalationRung>;

export const ReductionTier = Type.Object(
  {
    belowC: Type.Number({ description: 'applies when measured < belowC' }),
    atLeastC: Type.Union([Type.Number(), Type.Null()], { description: 'and measured ≥ atLeastC; null = no floor' }),
    percent: Percent,
  },
  closed,
);
export type ReductionTier = Static<typeof ReductionTier>;

export const SeasonOverride = Type.Object(
  {
    season: SeasonCode,
    start: Type.Optional(DateText),
    end: Type.Optional(
      Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$', description: 'exclusive: heating stops at 00:00 of this date' }),
    ),
    reason: Type.String({ minLength: 1 }),
  },
  closed,
);
export type SeasonOverride = Static<typeof SeasonOverride>;

const DateWindow = Type.Object({ start: MonthDayText, end: MonthDayText, source: Source }, closed);

export const Rules = Type.Object(
  {
    city: Type.Object(
      {
        code: Type.String({ pattern: '^[a-z][a-z0-9_-]*$', description: "e.g. 'zhengzhou'" }),
        name: Type.Object({ zh: Type.String({ minLength: 1 }), en: Type.String({ minLength: 1 }) }, closed),
        timeZone: Type.String({ minLength: 1, description: "IANA zone, 'Asia/Shanghai'" }),
        source: Source,
      },
      closed,
    ),
    season: Type.Object(
      {
        // Heating starts at 00:00 of start and stops at 00:00 of end in the next year (end exclusive).
        start: Type.Object({ month: Month, day: Day }, closed),
        end: Type.Object({ month: Month, day: Day }, closed),
        // The season fee is fixed: a leap-year season (121 days) or an extension is still billed this.
        billedDays: Type.Integer({ minimum: 1 }),
        overrides: Type.Array(SeasonOverride),
        source: Source,
      },
      closed,
    ),
    /** Whole-season fees are collected between these days, both inclusive. */
    collectionWindow: DateWindow,
    /** Suspension/resumption, area and holder changes are accepted between these days, inclusive. */
    changeWindow: DateWindow,
    tariffs: Type.Object({ residential: Tariff, nonResidential: Tariff, source: Source }, closed),
    billingArea: Type.Object(
      { grossAreaPercent: Type.Integer({ minimum: 1, maximum: 100 }), source: Source },
      closed,
    ),
    suspension: Type.Object({ basicFeePercent: Percent, source: Source }, closed),
    arrears: Type.Object({ remindersBeforeValveClose: Count, source: Source }, closed),
    temperature: Type.Object(
      {
        standardC: Type.Number(),
        rooms: Type.Array(Type.String({ minLength: 1 }), { minItems: 1 }),
        source: Source,
        exemptions: Type.Object(
          {
            // No reduction is owed on a day whose outdoor mean is below this design temperature.
            designOutdoorC: Type.Number(),
            // No reduction is owed when the user altered/covered radiators or left windows open.
            userFault: Type.Boolean(),
            source: Source,
          },
          closed,
        ),
        // What "recent" means on the compliance picture: readings older than this say nothing about the room today.
        compliance: Type.Object({ recentDays: Type.Integer({ minimum: 1, maximum: 31 }), source: Source }, closed),
        measurement: Type.Object(
          {
            heightM: Type.Number({ exclusiveMinimum: 0 }),
            outerWallMinM: Type.Number({ minimum: 0 }),
            innerWallMinM: Type.Number({ minimum: 0 }),
            largeRoomM2: Type.Number({ exclusiveMinimum: 0 }),
            pointsSmallRoom: Type.Integer({ minimum: 1 }),
            pointsLargeRoom: Type.Integer({ minimum: 1 }),
            stabilityDeltaC: Type.Number({ exclusiveMinimum: 0 }),
            stabilityMinutes: Type.Integer({ minimum: 1 }),
            readingsPerPoint: Type.Integer({ minimum: 1 }),
            readingIntervalMinutes: Type.Integer({ minimum: 1 }),
            instrumentAccuracyC: Type.Number({ exclusiveMinimum: 0 }),
            selfCheckHeightM: Band,
            source: Source,
          },
          closed,
        ),
        limits: Type.Object(
          {
            measureWithinHours: Type.Integer({ minimum: 1 }),
            minHoursBelow: Count,
            excludedDaysAtStart: Count,
            excludedDaysAtEnd: Count,
            settlementMonthsAfterSeason: Count,
            source: Source,
          },
          closed,
        ),
        reduction: Type.Object(
          {
            // Share of the daily fee that is a basic fee and never reduced (Xi'an 30, Henan 0).
            basicFeePercentDeducted: Percent,
            // Ordered from the standard downwards; together they cover every T < standardC.
            tiers: Type.Array(ReductionTier, { minItems: 1 }),
            source: Source,
          },
          closed,
        ),
      },
      closed,
    ),
    outages: Type.Object(
      { notifyAtHours: Type.Integer({ minimum: 1 }), reduceAtHours: Type.Integer({ minimum: 1 }), source: Source },
      closed,
    ),
    sla: Type.Object(
      {
        profiles: Type.Object({ standard: SlaProfileEntry, special: SlaProfileEntry, coldSnap: SlaProfileEntry }, closed),
        // A resolved request the resident neither confirms nor disputes is confirmed after this.
        autoConfirmDays: Type.Integer({ minimum: 1 }),
        // This many reports from one station/building within the window open one incident.
        incident: Type.Object(
          {
            windowMinutes: Type.Integer({ minimum: 1 }),
            stationThreshold: Type.Integer({ minimum: 2 }),
            buildingThreshold: Type.Integer({ minimum: 2 }),
          },
          closed,
        ),
        // The ladder a missed clock climbs (levels 1, 2, … with later and later rungs).
        escalation: Type.Object(
          { ladder: Type.Array(EscalationRung, { minItems: 1, maxItems: 5 }), source: Source },
          closed,
        ),
        // The priority a request gets when the reporter does not choose one.
        defaultPriority: Type.Object(
          Object.fromEntries(REQUEST_CATEGORIES.map((c) => [c, DefaultPriority])) as Record<RequestCategory, typeof DefaultPriority>,
          closed,
        ),
        source: Source,
      },
      closed,
    ),
    patrols: Type.Object(
      {
        frequencyHours: Type.Object({ station: Type.Integer({ minimum: 1 }), pipe: Type.Integer({ minimum: 1 }) }, closed),
        // Complaints and incidents of a station within this many days count towards a complaint cluster.
        clusterDays: Type.Integer({ minimum: 1, maximum: 31 }),
        // Patrol interval is divided by this in a vacuum compound / complaint cluster / cold snap.
        boostFactor: Type.Object(
          {
            vacuum: Type.Number({ minimum: 1 }),
            complaintCluster: Type.Number({ minimum: 1 }),
            coldSnap: Type.Number({ minimum: 1 }),
          },
          closed,
        ),
        bands: Type.Object(
          {
            primarySupplyC: Band,
            primaryReturnC: Band,
            secondarySupplyC: Band,
            secondaryReturnC: Band,
            primaryPressureMpa: Band,
            secondaryPressureMpa: Band,
          },
          closed,
        ),
        source: Source,
      },
      closed,
    ),
    tenure: Type.Object({ emergencyManagerMaxMonths: Type.Integer({ minimum: 1 }), source: Source }, closed),
  },
  closed,
);
export type Rules = Static<typeof Rules>;
