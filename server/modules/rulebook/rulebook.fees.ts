/**
 * Fees and temperature reductions, in integers only.
 *
 * Units: areas in cm2 (hundredths of a m²), rates in yuan × 10⁴ (`E4`). Their product is exact
 * in micro-yuan (`E6`, yuan × 10⁶): 1 fen = 10,000 E6. Intermediate products use BigInt, so a
 * 100,000 m² non-residential building over a whole season cannot overflow.
 *
 * Rounding rule (one place, one time): a bill's exact amount is summed in E6 (or finer) and
 * rounded ONCE to fen, half up (x.5 fen → x+1). Parts of a bill (basic fee, kWh, each day's
 * reduction) are never rounded separately, so the total never drifts by a fen per line.
 */
import type { BusinessDate } from '../../kernel/business-time.ts';
import { CUSTOMER_TYPES, type CustomerType, type Rules } from './rulebook.contract.ts';
import { RulebookError } from './rulebook.errors.ts';
import { assertBusinessDate, excludedDays, seasonByCode } from './rulebook.season.ts';

export type HouseholdStatus = 'heating' | 'suspended' | 'disconnected';
const STATUSES: readonly HouseholdStatus[] = ['heating', 'suspended', 'disconnected'];

/** What the rulebook needs to know about a household to price it. */
export interface BillableHousehold {
  customerType: CustomerType;
  /** 套内建筑面积 in cm2; null/undefined when the certificate gives none. */
  interiorAreaCm2?: number | null;
  /** 建筑面积 in cm2. */
  grossAreaCm2?: number | null;
  status: HouseholdStatus;
  /** Present for households on the two-part metered tariff: whole kWh read for the season. */
  metered?: { kwh: number };
}

const FEN_E6 = 10_000n;

/** Σ(numerators) / divisor rounded half up; all inputs non-negative safe integers. */
function roundHalfUp(numerator: bigint, divisor: bigint): number {
  const result = (numerator * 2n + divisor) / (divisor * 2n);
  if (result > BigInt(Number.MAX_SAFE_INTEGER)) throw new RangeError('amount too large');
  return Number(result);
}

function checkArea(value: number | null | undefined, field: string): number | null {
  if (value === null || value === undefined) return null;
  if (!Number.isSafeInteger(value) || value < 0) {
    throw new RulebookError('invalid_household', `${field} must be a whole number of cm2 (0.01 m²), not ${value}`, {
      field,
    });
  }
  return value;
}

function checkHousehold(h: BillableHousehold): void {
  if (!CUSTOMER_TYPES.includes(h.customerType)) {
    throw new RulebookError('unknown_customer_type', `unknown customer type "${h.customerType}"`, {
      customerType: h.customerType,
    });
  }
  if (!STATUSES.includes(h.status)) {
    throw new RulebookError('invalid_household', `unknown household status "${h.status}"`, { field: 'status' });
  }
  if (h.metered && (!Number.isSafeInteger(h.metered.kwh) || h.metered.kwh < 0)) {
    throw new RulebookError('invalid_household', 'metered.kwh must be a whole, non-negative number', {
      field: 'metered.kwh',
    });
  }
}

/**
 * The area a household is billed on: its interior area when recorded, else `grossAreaPercent` of
 * its gross area. That percentage is rounded half up to 0.01 m², the precision bills print.
 */
export function billingAreaCm2(
  rules: Rules,
  areas: { interiorAreaCm2?: number | null; grossAreaCm2?: number | null },
): number {
  const interior = checkArea(areas.interiorAreaCm2, 'interiorAreaCm2');
  if (interior !== null) return interior;
  const gross = checkArea(areas.grossAreaCm2, 'grossAreaCm2');
  if (gross === null) {
    throw new RulebookError('invalid_household', 'a household needs an interior or a gross area to be billed', {
      field: 'interiorAreaCm2',
    });
  }
  return roundHalfUp(BigInt(gross) * BigInt(rules.billingArea.grossAreaPercent), 100n);
}

/**
 * The tariff's fee for one heated day, exact in E6 (micro-yuan): billing area × daily rate.
 * Independent of status (suspension is priced per season in seasonBill). Metered households have
 * no daily fee: their heat is paid by the kWh, so asking is an error, not a zero.
 */
export function dailyFeeE6(rules: Rules, household: BillableHousehold): number {
  checkHousehold(household);
  if (household.metered) {
    throw new RulebookError('not_applicable', 'a metered household has no daily fee', { field: 'metered' });
  }
  const area = billingAreaCm2(rules, household);
  const fee = area * rules.tariffs[household.customerType].dailyPerM2YuanE4;
  if (!Number.isSafeInteger(fee)) throw new RangeError('daily fee too large');
  return fee;
}

export type BillBasis = 'area' | 'metered' | 'suspended' | 'disconnected';

export interface SeasonBill {
  seasonCode: string;
  basis: BillBasis;
  billingAreaCm2: number;
  billedDays: number;
  fen: number;
}

/**
 * A household's fee for a season:
 *  - heating, area tariff: area × daily rate × billedDays (extensions and 29 February are free);
 *  - heating, metered: area × basic rate per season + kWh × rate per kWh;
 *  - suspended: `suspension.basicFeePercent` of the area-tariff fee (also for metered homes: a
 *    suspended home draws no heat, so only the basic share of the fixed fee can be owed);
 *  - disconnected: nothing.
 */
export function seasonBill(rules: Rules, household: BillableHousehold, seasonCode: string): SeasonBill {
  checkHousehold(household);
  const season = seasonByCode(rules, seasonCode); // refuses a malformed code
  const tariff = rules.tariffs[household.customerType];
  const area = BigInt(billingAreaCm2(rules, household));
  const days = BigInt(season.billedDays);
  const base = { seasonCode, billingAreaCm2: Number(area), billedDays: season.billedDays };

  if (household.status === 'disconnected') return { ...base, basis: 'disconnected', fen: 0 };
  if (household.status === 'suspended') {
    const e6xPercent = area * BigInt(tariff.dailyPerM2YuanE4) * days * BigInt(rules.suspension.basicFeePercent);
    return { ...base, basis: 'suspended', fen: roundHalfUp(e6xPercent, FEN_E6 * 100n) };
  }
  if (household.metered) {
    const basicE6 = area * BigInt(tariff.metered.basicPerM2SeasonYuanE4);
    const energyE6 = BigInt(household.metered.kwh) * BigInt(tariff.metered.perKwhYuanE4) * 100n;
    return { ...base, basis: 'metered', fen: roundHalfUp(basicE6 + energyE6, FEN_E6) };
  }
  return { ...base, basis: 'area', fen: roundHalfUp(area * BigInt(tariff.dailyPerM2YuanE4) * days, FEN_E6) };
}

export function seasonFeeFen(rules: Rules, household: BillableHousehold, seasonCode: string): number {
  return seasonBill(rules, household, seasonCode).fen;
}

export type ReductionReason =
  | 'below_standard'
  | 'at_or_above_standard'
  | 'not_heating'
  | 'user_fault'
  | 'outdoor_below_design'
  | 'below_standard_too_short'
  | 'season_start_excluded'
  | 'season_end_excluded';

export interface ReductionDayInput {
  date: BusinessDate;
  /** Indoor temperature found by the official measurement, °C. */
  measuredC: number;
  /** Outdoor daily mean, °C, when known; below the design temperature no reduction is owed. */
  outdoorMeanC?: number;
  /** The user altered/covered radiators or left windows open. */
  userFault?: boolean;
}

export interface ReductionQuery extends ReductionDayInput {
  household: BillableHousehold;
  seasonCode: string;
  /** How long the room stayed below standard in this episode; short episodes earn nothing. */
  hoursBelowStandard: number;
}

export interface DayReduction {
  date: BusinessDate;
  excluded: boolean;
  reason: ReductionReason;
  /** Percent of the reducible fee the matching tier grants (0 at or above standard). */
  tierPercent: number;
  /** Share of the whole daily fee refunded, in 0.01 % (Xi'an 50 % tier after 30 % basic → 3500). */
  reductionBasisPoints: number;
  /** This day alone, rounded; totals use reductionTotal, which rounds once. */
  reductionFen: number;
  /** Exact amount in yuan × 10¹⁰ (daily fee E6 × basis points), for summing without rounding. */
  reductionE10: number;
}

/** The reduction tier's percent at a measured temperature (0 at or above the standard). */
export function tierPercentFor(rules: Rules, measuredC: number): number {
  const { standardC, reduction } = rules.temperature;
  if (measuredC >= standardC) return 0;
  const tier = reduction.tiers.find((t) => measuredC < t.belowC && (t.atLeastC === null || measuredC >= t.atLeastC));
  if (!tier) {
    throw new RulebookError('invalid_rules', `no reduction tier covers ${measuredC} °C`, { measuredC });
  }
  return tier.percent;
}

function whyExcluded(rules: Rules, q: ReductionQuery, tierPercent: number): ReductionReason | null {
  const { exemptions, limits } = rules.temperature;
  if (q.household.status !== 'heating') return 'not_heating';
  if (tierPercent === 0 && q.measuredC >= rules.temperature.standardC) return null;
  if (q.userFault && exemptions.userFault) return 'user_fault';
  if (q.outdoorMeanC !== undefined && q.outdoorMeanC < exemptions.designOutdoorC) return 'outdoor_below_design';
  if (q.hoursBelowStandard < limits.minHoursBelow) return 'below_standard_too_short';
  const season = seasonByCode(rules, q.seasonCode);
  const { startUntil, endFrom } = excludedDays(rules, season);
  if (q.date < startUntil) return 'season_start_excluded';
  if (q.date >= endFrom) return 'season_end_excluded';
  return null;
}

/**
 * The reduction owed for one day at a measured temperature. The tier's percent applies to the
 * daily fee after deducting `basicFeePercentDeducted` (Henan 0; Xi'an 30). A date outside the
 * named season is an error: a reduction is never silently zero because of a wrong season.
 */
export function reductionForDay(rules: Rules, q: ReductionQuery): DayReduction {
  assertBusinessDate(q.date);
  if (!Number.isFinite(q.measuredC)) throw new RulebookError('invalid_household', 'measuredC must be a number');
  const season = seasonByCode(rules, q.seasonCode);
  if (q.date < season.start || q.date >= season.end) {
    throw new RulebookError('outside_season', `${q.date} is outside season ${season.code}`, {
      date: q.date,
      season: season.code,
      start: season.start,
      end: season.end,
    });
  }
  const tierPercent = tierPercentFor(rules, q.measuredC);
  const excludedBy = whyExcluded(rules, q, tierPercent);
  const zero = { date: q.date, tierPercent, reductionBasisPoints: 0, reductionFen: 0, reductionE10: 0 };
  if (excludedBy) return { ...zero, excluded: true, reason: excludedBy };
  if (tierPercent === 0) return { ...zero, excluded: false, reason: 'at_or_above_standard' };

  const basisPoints = (100 - rules.temperature.reduction.basicFeePercentDeducted) * tierPercent;
  const e10 = BigInt(dailyFeeE6(rules, q.household)) * BigInt(basisPoints);
  if (e10 > BigInt(Number.MAX_SAFE_INTEGER)) throw new RangeError('daily reduction too large');
  return {
    date: q.date,
    excluded: false,
    reason: 'below_standard',
    tierPercent,
    reductionBasisPoints: basisPoints,
    reductionFen: roundHalfUp(e10, FEN_E6 * 10_000n),
    reductionE10: Number(e10),
  };
}

/** Reductions for several days of one episode, totalled exactly and rounded once to fen. */
export function reductionTotal(
  rules: Rules,
  q: Omit<ReductionQuery, keyof ReductionDayInput> & { days: ReductionDayInput[] },
): { days: DayReduction[]; totalFen: number } {
  const days = q.days.map((d) =>
    reductionForDay(rules, { household: q.household, seasonCode: q.seasonCode, hoursBelowStandard: q.hoursBelowStandard, ...d }),
  );
  const sum = days.reduce((acc, d) => acc + BigInt(d.reductionE10), 0n);
  return { days, totalFen: roundHalfUp(sum, FEN_E6 * 10_000n) };
}
