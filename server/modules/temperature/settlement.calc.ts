/**
 * One household's statement for a season, computed from the rulebook alone: each day of a
 * non-compliance period at the temperature the last official finding showed, each day of an
 * outage at the hours lost. A day with both earns the larger reduction, never both. Amounts stay
 * exact (yuan × 10¹⁰) until the household total, which is rounded once per kind.
 */
import { addDays, businessDate, startOfBusinessDay, type BusinessDate } from '../../kernel/business-time.ts';
import { dailyFeeE6, reductionForDay, type BillableHousehold, type Rules, type Season } from '../rulebook/index.ts';
import type { MeasurementOutcome } from './temperature.contract.ts';

export interface PeriodIn {
  requestedAt: Date;
  startsOn: BusinessDate;
  endsOn: BusinessDate | null;
  closedAt: Date | null;
  openedByMeasuredAt: Date;
}
export interface FindingIn {
  measuredAt: Date;
  measuredOn: BusinessDate;
  resultC: number;
  outdoorMeanC: number;
  outcome: MeasurementOutcome;
}
export interface OutageIn {
  startedAt: Date;
  /** Still open: counted up to "now". */
  endedAt: Date | null;
}
export interface StatementLine {
  day: BusinessDate;
  kind: 'temperature' | 'outage';
  measuredC: number | null;
  outdoorMeanC: number | null;
  outageHours: number | null;
  reason: string;
  tierPercent: number;
  reductionE10: number;
  reductionFen: number;
}

const E10_PER_FEN = 100_000_000;

export function e10ToFen(e10: number): number {
  return Math.floor((e10 * 2 + E10_PER_FEN) / (E10_PER_FEN * 2));
}

/** The days [from, to) as business dates. */
function daysOf(from: BusinessDate, to: BusinessDate): BusinessDate[] {
  const out: BusinessDate[] = [];
  for (let d = from; d < to; d = addDays(d, 1)) out.push(d);
  return out;
}

function temperatureLines(rules: Rules, season: Season, household: BillableHousehold, period: PeriodIn, findings: FindingIn[], until: BusinessDate, now: Date): StatementLine[] {
  const from = period.startsOn > season.start ? period.startsOn : season.start;
  const endsOn = period.endsOn ?? until;
  const to = endsOn < season.end ? endsOn : season.end;
  const endedAt = period.closedAt ?? now;
  const hoursBelowStandard = Math.max(0, (endedAt.getTime() - period.requestedAt.getTime()) / 3_600_000);
  // Findings of this episode, oldest first; the days before the first finding take its value.
  const episode = findings.filter((f) => f.measuredAt >= period.openedByMeasuredAt).sort((a, b) => a.measuredAt.getTime() - b.measuredAt.getTime());
  if (episode.length === 0) return [];
  return daysOf(from, to).map((day) => {
    const finding = [...episode].reverse().find((f) => f.measuredOn <= day) ?? episode[0]!;
    const outdoorMeanC = finding.measuredOn === day ? finding.outdoorMeanC : undefined;
    const r = reductionForDay(rules, {
      household,
      seasonCode: season.code,
      hoursBelowStandard,
      date: day,
      measuredC: finding.resultC,
      userFault: finding.outcome === 'exempt_user_fault',
      ...(outdoorMeanC !== undefined && { outdoorMeanC }),
    });
    return {
      day,
      kind: 'temperature' as const,
      measuredC: finding.resultC,
      outdoorMeanC: outdoorMeanC ?? null,
      outageHours: null,
      reason: r.reason,
      tierPercent: r.tierPercent,
      reductionE10: r.reductionE10,
      reductionFen: r.reductionFen,
    };
  });
}

/** Hours of an outage falling on each business day, for outages long enough to reduce the fee. */
function outageLines(rules: Rules, season: Season, household: BillableHousehold, outages: OutageIn[], now: Date): StatementLine[] {
  const tz = rules.city.timeZone;
  const feeE6 = dailyFeeE6(rules, household);
  const lines: StatementLine[] = [];
  for (const o of outages) {
    const end = o.endedAt ?? now;
    const hours = (end.getTime() - o.startedAt.getTime()) / 3_600_000;
    if (hours < rules.outages.reduceAtHours) continue;
    for (let day = businessDate(o.startedAt, tz); startOfBusinessDay(day, tz) < end; day = addDays(day, 1)) {
      if (day < season.start || day >= season.end) continue;
      const dayStart = startOfBusinessDay(day, tz).getTime();
      const dayEnd = startOfBusinessDay(addDays(day, 1), tz).getTime();
      const lostMs = Math.min(end.getTime(), dayEnd) - Math.max(o.startedAt.getTime(), dayStart);
      if (lostMs <= 0) continue;
      const lostHours = Math.round((lostMs / 3_600_000) * 100) / 100;
      // The fee for the time lost: the daily fee × hours / 24, exact to 10⁻¹⁰ yuan.
      const e10 = Math.round((feeE6 * 10_000 * lostMs) / 86_400_000);
      lines.push({ day, kind: 'outage', measuredC: null, outdoorMeanC: null, outageHours: lostHours, reason: 'outage', tierPercent: 0, reductionE10: e10, reductionFen: e10ToFen(e10) });
    }
  }
  return lines;
}

/**
 * The statement lines of one household: one per day, the larger of the day's temperature and
 * outage reductions (a day already refunded whole for cold cannot be refunded again for an outage).
 */
export function statementLines(
  rules: Rules,
  season: Season,
  household: BillableHousehold,
  input: { periods: PeriodIn[]; findings: FindingIn[]; outages: OutageIn[]; until: BusinessDate; now: Date },
): StatementLine[] {
  const byDay = new Map<BusinessDate, StatementLine>();
  const all = [
    ...input.periods.flatMap((p) => temperatureLines(rules, season, household, p, input.findings, input.until, input.now)),
    ...outageLines(rules, season, household, input.outages, input.now),
  ];
  for (const line of all) {
    const seen = byDay.get(line.day);
    if (!seen || line.reductionE10 > seen.reductionE10) byDay.set(line.day, line);
  }
  return [...byDay.values()].sort((a, b) => (a.day < b.day ? -1 : 1));
}

/** Totals per kind, each rounded once to fen. */
export function owedByKind(lines: StatementLine[]): { temperature: number; outage: number } {
  const sum = (kind: StatementLine['kind']) => lines.filter((l) => l.kind === kind).reduce((a, l) => a + l.reductionE10, 0);
  return { temperature: e10ToFen(sum('temperature')), outage: e10ToFen(sum('outage')) };
}
