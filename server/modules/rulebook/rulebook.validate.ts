/**
 * Checks a rulebook beyond what JSON Schema can say: dates that exist, a season that ends after
 * it starts, windows in order, tiers that cover every temperature below the standard exactly
 * once, SLA targets that make sense. Returns every problem (an admin fixes them all at once);
 * assertValidRules throws them as one RulebookError.
 */
import { Value } from 'typebox/value';
import { daysBetween, isBusinessDate } from '../../kernel/business-time.ts';
import { PRIORITIES, REQUEST_CATEGORIES, Rules, SLA_PROFILES, type SlaTarget } from './rulebook.contract.ts';
import { RulebookError, type RuleProblem } from './rulebook.errors.ts';
import { regularSeasonDates, seasonCodeFor, seasonStartYear } from './rulebook.season.ts';

type Problems = RuleProblem[];

function schemaProblems(input: unknown): Problems {
  return [...Value.Errors(Rules, input)].map((e) => ({
    field: e.instancePath.replace(/^\//, '').replace(/\/(\d+)(?=\/|$)/g, '[$1]').replaceAll('/', '.') || '(root)',
    message: e.message,
    rule: e.keyword,
    params: e.params,
  }));
}

// A day of year must exist in every year, so 02-29 is refused: the rule would vanish in 3 of 4.
function checkMonthDay(p: Problems, field: string, month: number, day: number): boolean {
  const ok = isBusinessDate(`2027-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`);
  if (!ok) p.push({ field, message: `${month}-${day} is not a day that exists every year`, rule: 'not_every_year', params: { month, day } });
  return ok;
}

function checkMonthDayText(p: Problems, field: string, text: string): boolean {
  const [m, d] = text.split('-').map(Number) as [number, number];
  return checkMonthDay(p, field, m, d);
}

function checkSeason(rules: Rules, p: Problems): void {
  const { start, end, billedDays, overrides } = rules.season;
  const okStart = checkMonthDay(p, 'season.start', start.month, start.day);
  const okEnd = checkMonthDay(p, 'season.end', end.month, end.day);
  if (!okStart || !okEnd) return;
  // The season crosses New Year: it ends (exclusive) in the next year, before its own start date.
  if (end.month * 100 + end.day >= start.month * 100 + start.day) {
    p.push({ field: 'season.end', message: 'the season must end in the next year, before its start date', rule: 'season_end_next_year' });
    return;
  }
  const regular = regularSeasonDates(rules, 2026); // 2026-27 has no 29 February: the shorter length
  const regularDays = daysBetween(regular.start, regular.end);
  if (billedDays > regularDays) {
    p.push({ field: 'season.billedDays', message: `must not exceed the regular season length (${regularDays} days)`, rule: 'longer_than_season', params: { days: regularDays } });
  }
  const { excludedDaysAtStart, excludedDaysAtEnd } = rules.temperature.limits;
  if (excludedDaysAtStart + excludedDaysAtEnd >= regularDays) {
    p.push({ field: 'temperature.limits', message: 'excluded days at start and end leave no day of the season', rule: 'no_day_left' });
  }

  const seen = new Set<string>();
  overrides.forEach((o, i) => {
    const field = `season.overrides[${i}]`;
    let startYear: number;
    try {
      startYear = seasonStartYear(o.season);
    } catch {
      p.push({ field: `${field}.season`, message: `"${o.season}" is not a season code like 2026-27`, rule: 'season_code' });
      return;
    }
    if (seen.has(o.season)) p.push({ field: `${field}.season`, message: `season ${o.season} already has an override`, rule: 'override_twice', params: { season: o.season } });
    seen.add(o.season);
    if (o.start === undefined && o.end === undefined) {
      p.push({ field, message: 'an override must change the start, the end or both', rule: 'override_empty' });
    }
    for (const key of ['start', 'end'] as const) {
      const value = o[key];
      if (value !== undefined && !isBusinessDate(value)) p.push({ field: `${field}.${key}`, message: `${value} is not a date`, rule: 'not_a_date' });
    }
    const own = regularSeasonDates(rules, startYear);
    const s = o.start ?? own.start;
    const e = o.end ?? own.end;
    if (!isBusinessDate(s) || !isBusinessDate(e)) return;
    if (s >= e) p.push({ field: `${field}.end`, message: `the season must end after it starts (${s} → ${e})`, rule: 'after_start', params: { start: s } });
    if (!s.startsWith(`${startYear}-`)) p.push({ field: `${field}.start`, message: `season ${o.season} must start in ${startYear}`, rule: 'season_starts_in', params: { season: o.season, year: startYear } });
    if (!e.startsWith(`${startYear + 1}-`)) p.push({ field: `${field}.end`, message: `season ${o.season} must end in ${startYear + 1}`, rule: 'season_ends_in', params: { season: o.season, year: startYear + 1 } });
    const next = overrides.find((x) => x.season === seasonCodeFor(startYear + 1));
    const nextStart = next?.start ?? regularSeasonDates(rules, startYear + 1).start;
    if (e > nextStart) p.push({ field: `${field}.end`, message: `season ${o.season} would overlap the next one (${nextStart})`, rule: 'overlaps_next_season', params: { nextStart } });
  });
}

function checkWindow(p: Problems, name: 'collectionWindow' | 'changeWindow', w: { start: string; end: string }): void {
  const ok = checkMonthDayText(p, `${name}.start`, w.start) && checkMonthDayText(p, `${name}.end`, w.end);
  if (ok && w.end < w.start) p.push({ field: `${name}.end`, message: 'a window must end on or after the day it starts', rule: 'window_ends_before_start' });
}

function checkTiers(rules: Rules, p: Problems): void {
  const { standardC, reduction, exemptions } = rules.temperature;
  const tiers = reduction.tiers;
  if (exemptions.designOutdoorC >= standardC) {
    p.push({ field: 'temperature.exemptions.designOutdoorC', message: 'must be below the indoor standard', rule: 'below_standard', params: { standardC } });
  }
  // Tiers run from the standard downwards, each starting where the previous one stops.
  let expectedBelow: number | null = standardC;
  tiers.forEach((t, i) => {
    const field = `temperature.reduction.tiers[${i}]`;
    if (expectedBelow === null) {
      p.push({ field, message: 'no tier may follow the open-ended (lowest) tier', rule: 'after_open_tier' });
      return;
    }
    if (t.belowC !== expectedBelow) {
      const what = i === 0 ? `the standard ${standardC} °C` : `the previous tier's floor ${expectedBelow} °C`;
      p.push({ field: `${field}.belowC`, message: `must equal ${what} (tiers must not overlap or leave a gap)`, rule: 'tier_gap', params: { expectedC: expectedBelow } });
    }
    if (t.atLeastC !== null && t.atLeastC >= t.belowC) {
      p.push({ field: `${field}.atLeastC`, message: 'must be below belowC', rule: 'floor_not_below' });
    }
    const prev = tiers[i - 1];
    if (prev && t.percent < prev.percent) {
      p.push({ field: `${field}.percent`, message: 'a colder tier must not reduce less than a warmer one', rule: 'colder_reduces_less' });
    }
    expectedBelow = t.atLeastC;
  });
  const last = tiers[tiers.length - 1];
  if (last && last.atLeastC !== null) {
    p.push({ field: `temperature.reduction.tiers[${tiers.length - 1}].atLeastC`, message: 'the lowest tier must have no floor (null)', rule: 'lowest_tier_floor' });
  }
}

function checkTarget(p: Problems, field: string, t: SlaTarget): void {
  if (t.firstResponseMinutes > t.onSiteMinutes) p.push({ field, message: 'first response must come no later than on site', rule: 'response_after_on_site' });
  if (t.onSiteMinutes > t.resolveMinutes) p.push({ field, message: 'on site must come no later than resolved', rule: 'on_site_after_resolve' });
}

function checkNotLooser(p: Problems, field: string, t: SlaTarget, looser: SlaTarget): void {
  for (const k of ['firstResponseMinutes', 'onSiteMinutes', 'resolveMinutes'] as const) {
    if (t[k] > looser[k]) p.push({ field: `${field}.${k}`, message: `must not be looser than ${looser[k]} min`, rule: 'looser_than', params: { minutes: looser[k] } });
  }
}

/** Levels 1, 2, … in order, each rung later than the one before, each target once. */
function checkLadder(rules: Rules, p: Problems): void {
  const { ladder } = rules.sla.escalation;
  const seen = new Set<string>();
  ladder.forEach((rung: { level: number; target: string; afterMinutes: number }, i) => {
    const field = `sla.escalation.ladder[${i}]`;
    if (rung.level !== i + 1) p.push({ field: `${field}.level`, message: `must be ${i + 1} (levels run 1, 2, … in order)`, rule: 'level_out_of_order', params: { level: i + 1 } });
    if (i > 0 && rung.afterMinutes <= ladder[i - 1]!.afterMinutes) p.push({ field: `${field}.afterMinutes`, message: `must be later than level ${i} (${ladder[i - 1]!.afterMinutes} min)`, rule: 'not_after_level', params: { level: i, minutes: ladder[i - 1]!.afterMinutes } });
    if (seen.has(rung.target)) p.push({ field: `${field}.target`, message: `${rung.target} is already on the ladder`, rule: 'target_twice' });
    seen.add(rung.target);
  });
}

function checkSla(rules: Rules, p: Problems): void {
  checkLadder(rules, p);
  const { profiles } = rules.sla;
  for (const profile of SLA_PROFILES) {
    for (const category of REQUEST_CATEGORIES) {
      const row = profiles[profile].targets[category];
      const base = `sla.profiles.${profile}.targets.${category}`;
      checkTarget(p, `${base}.normal`, row.normal);
      checkTarget(p, `${base}.urgent`, row.urgent);
      // Urgent is never slower than normal; the special period is never slower than standard.
      checkNotLooser(p, `${base}.urgent`, row.urgent, row.normal);
      if (profile === 'special') {
        for (const priority of PRIORITIES) {
          checkNotLooser(p, `${base}.${priority}`, row[priority], profiles.standard.targets[category][priority]);
        }
      }
    }
  }
}

function checkBands(rules: Rules, p: Problems): void {
  const bands: Record<string, [number, number]> = {
    ...rules.patrols.bands,
    'temperature.measurement.selfCheckHeightM': rules.temperature.measurement.selfCheckHeightM,
  };
  for (const [name, [min, max]] of Object.entries(bands)) {
    const field = name.includes('.') ? name : `patrols.bands.${name}`;
    if (!(min < max)) p.push({ field, message: `[${min}, ${max}] must have min < max`, rule: 'band_empty' });
  }
}

function checkOther(rules: Rules, p: Problems): void {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: rules.city.timeZone });
  } catch {
    p.push({ field: 'city.timeZone', message: `unknown time zone "${rules.city.timeZone}"`, rule: 'unknown_time_zone' });
  }
  if (rules.outages.reduceAtHours < rules.outages.notifyAtHours) {
    p.push({ field: 'outages.reduceAtHours', message: 'an outage long enough to reduce the fee must also be notified', rule: 'reduce_before_notify' });
  }
  const m = rules.temperature.measurement;
  if (m.pointsLargeRoom < m.pointsSmallRoom) {
    p.push({ field: 'temperature.measurement.pointsLargeRoom', message: 'a large room needs at least as many points', rule: 'fewer_points_than_small' });
  }
}

/** Every problem with a candidate rulebook: schema first (later checks need the right shape). */
export function validateRules(input: unknown): RuleProblem[] {
  const schema = schemaProblems(input);
  if (schema.length > 0) return schema;
  const rules = input as Rules;
  const p: Problems = [];
  checkOther(rules, p);
  checkSeason(rules, p);
  checkWindow(p, 'collectionWindow', rules.collectionWindow);
  checkWindow(p, 'changeWindow', rules.changeWindow);
  checkTiers(rules, p);
  checkSla(rules, p);
  checkBands(rules, p);
  return p;
}

export function assertValidRules(input: unknown): Rules {
  const problems = validateRules(input);
  if (problems.length > 0) {
    const where = problems.map((x) => x.field).join(', ');
    throw new RulebookError('invalid_rules', `the rulebook has ${problems.length} problem(s): ${where}`, problems);
  }
  return input as Rules;
}
