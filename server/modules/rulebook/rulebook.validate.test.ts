import { describe, expect, it } from 'vitest';
import { assertValidRules, RulebookError, validateRules } from './rulebook.calc.ts';
import type { Rules } from './rulebook.contract.ts';
import { defaultCityCode, shippedRulebooks, zhengzhou } from './rules/index.ts';

function edit(change: (r: Rules) => void): Rules {
  const copy = structuredClone(zhengzhou);
  change(copy);
  return copy;
}

const fields = (rules: unknown) => validateRules(rules).map((p) => p.field);

describe('shipped rulebooks', () => {
  it('Zhengzhou is the default and both shipped rulebooks are valid', () => {
    expect(defaultCityCode).toBe('zhengzhou');
    expect(Object.keys(shippedRulebooks).sort()).toEqual(['xian', 'zhengzhou']);
    for (const rules of Object.values(shippedRulebooks)) expect(validateRules(rules)).toEqual([]);
  });

  it('every section names the document and article an auditor can check', () => {
    for (const rules of Object.values(shippedRulebooks)) {
      const sources: unknown[] = [];
      JSON.stringify(rules, (key, value: unknown) => {
        if (key === 'source') sources.push(value);
        return value;
      });
      expect(sources.length).toBeGreaterThanOrEqual(20);
      for (const s of sources) expect(s).toMatchObject({ document: expect.any(String), article: expect.any(String) });
    }
  });
});

describe('schema problems are named by field', () => {
  it('a negative price is refused', () => {
    expect(fields(edit((r) => (r.tariffs.residential.dailyPerM2YuanE4 = -1)))).toEqual(['tariffs.residential.dailyPerM2YuanE4']);
  });

  it('a fractional price is refused: prices are integers in 0.01 fen', () => {
    expect(fields(edit((r) => (r.tariffs.residential.metered.perKwhYuanE4 = 2170.5)))).toEqual([
      'tariffs.residential.metered.perKwhYuanE4',
    ]);
  });

  it('a percentage above 100 and an unknown property are refused', () => {
    expect(fields(edit((r) => (r.suspension.basicFeePercent = 130)))).toEqual(['suspension.basicFeePercent']);
    expect(validateRules({ ...zhengzhou, surprise: 1 }).length).toBeGreaterThan(0);
  });

  it('a missing SLA category is refused: every category needs targets', () => {
    const r = edit((x) => delete (x.sla.profiles.standard.targets as Partial<Rules['sla']['profiles']['standard']['targets']>).leak);
    expect(validateRules(r).length).toBeGreaterThan(0);
  });

  it('assertValidRules throws one typed error listing every problem', () => {
    const bad = edit((r) => {
      r.suspension.basicFeePercent = 101;
      r.arrears.remindersBeforeValveClose = -1;
    });
    try {
      assertValidRules(bad);
      expect.unreachable();
    } catch (err) {
      expect(err).toBeInstanceOf(RulebookError);
      expect((err as RulebookError).code).toBe('invalid_rules');
      expect((err as RulebookError).details).toHaveLength(2);
    }
  });
});

describe('season rules', () => {
  it('a season must end in the next year, before its start date', () => {
    expect(fields(edit((r) => (r.season.end = { month: 11, day: 20 })))).toContain('season.end');
  });

  it('29 February cannot be a recurring date: it does not exist three years in four', () => {
    expect(fields(edit((r) => (r.season.end = { month: 2, day: 29 })))).toContain('season.end');
    expect(fields(edit((r) => (r.season.start = { month: 11, day: 31 })))).toContain('season.start');
  });

  it('billed days cannot exceed the regular season length', () => {
    expect(fields(edit((r) => (r.season.billedDays = 121)))).toContain('season.billedDays');
  });

  it('an extension must end after the season starts and not run into the next season', () => {
    const before = edit((r) => r.season.overrides.push({ season: '2026-27', end: '2026-11-01', reason: 'typo' }));
    expect(validateRules(before).map((p) => p.message).join()).toMatch(/end after it starts/);
    const overlap = edit((r) => r.season.overrides.push({ season: '2026-27', end: '2027-11-20', reason: 'typo' }));
    expect(validateRules(overlap).map((p) => p.message).join()).toMatch(/overlap/);
  });

  it('an override needs a valid code, a real date, a change, and only one per season', () => {
    const r = edit((x) =>
      x.season.overrides.push(
        { season: '2026-28', end: '2027-03-20', reason: 'x' },
        { season: '2025-26', end: '2026-02-30', reason: 'x' },
        { season: '2024-25', reason: 'x' },
        { season: '2022-23', end: '2023-03-20', reason: 'duplicate' },
      ),
    );
    expect(fields(r)).toEqual(
      expect.arrayContaining(['season.overrides[2].season', 'season.overrides[3].end', 'season.overrides[4]', 'season.overrides[5].season']),
    );
  });
});

describe('window rules', () => {
  it('a window must end on or after its start, on days that exist', () => {
    expect(fields(edit((r) => (r.collectionWindow = { ...r.collectionWindow, start: '11-10', end: '09-01' })))).toEqual([
      'collectionWindow.end',
    ]);
    expect(fields(edit((r) => (r.changeWindow.end = '09-31')))).toEqual(['changeWindow.end']);
  });
});

describe('reduction tiers must cover every temperature below the standard exactly once', () => {
  const tiers = (t: Rules['temperature']['reduction']['tiers']) => fields(edit((r) => (r.temperature.reduction.tiers = t)));

  it('a gap between tiers is refused', () => {
    expect(tiers([
      { belowC: 18, atLeastC: 15, percent: 50 },
      { belowC: 14, atLeastC: null, percent: 100 },
    ])).toEqual(['temperature.reduction.tiers[1].belowC']);
  });

  it('overlapping tiers are refused', () => {
    expect(tiers([
      { belowC: 18, atLeastC: 14, percent: 50 },
      { belowC: 15, atLeastC: null, percent: 100 },
    ])).toEqual(['temperature.reduction.tiers[1].belowC']);
  });

  it('the first tier must start at the standard, the last must have no floor', () => {
    expect(tiers([{ belowC: 17, atLeastC: null, percent: 50 }])).toEqual(['temperature.reduction.tiers[0].belowC']);
    expect(tiers([{ belowC: 18, atLeastC: 14, percent: 50 }])).toEqual(['temperature.reduction.tiers[0].atLeastC']);
  });

  it('tiers in the wrong order, inverted bands and shrinking percentages are refused', () => {
    expect(tiers([
      { belowC: 14, atLeastC: null, percent: 100 },
      { belowC: 18, atLeastC: 14, percent: 50 },
    ]).length).toBeGreaterThan(0);
    expect(tiers([
      { belowC: 18, atLeastC: 19, percent: 50 },
      { belowC: 19, atLeastC: null, percent: 100 },
    ])).toContain('temperature.reduction.tiers[0].atLeastC');
    expect(tiers([
      { belowC: 18, atLeastC: 14, percent: 100 },
      { belowC: 14, atLeastC: null, percent: 50 },
    ])).toEqual(['temperature.reduction.tiers[1].percent']);
  });
});

describe('other consistency rules', () => {
  it('urgent is never slower than normal, and the special period never slower than standard', () => {
    expect(fields(edit((r) => (r.sla.profiles.standard.targets.leak.urgent.onSiteMinutes = 180)))).toContain(
      'sla.profiles.standard.targets.leak.urgent.onSiteMinutes',
    );
    expect(fields(edit((r) => (r.sla.profiles.special.targets.noise.normal.resolveMinutes = 9999)))).toContain(
      'sla.profiles.special.targets.noise.normal.resolveMinutes',
    );
    expect(fields(edit((r) => (r.sla.profiles.coldSnap.targets.other.normal.firstResponseMinutes = 5000)))).toContain(
      'sla.profiles.coldSnap.targets.other.normal',
    );
  });

  it('time zone, outage thresholds, bands and measurement points are checked', () => {
    expect(fields(edit((r) => (r.city.timeZone = 'Asia/Zhengzhou')))).toEqual(['city.timeZone']);
    expect(fields(edit((r) => (r.outages.reduceAtHours = 6)))).toEqual(['outages.reduceAtHours']);
    expect(fields(edit((r) => (r.patrols.bands.primarySupplyC = [130, 70])))).toEqual(['patrols.bands.primarySupplyC']);
    expect(fields(edit((r) => (r.temperature.measurement.pointsLargeRoom = 0)))).toEqual([
      'temperature.measurement.pointsLargeRoom',
    ]);
    expect(fields(edit((r) => (r.temperature.exemptions.designOutdoorC = 20)))).toEqual([
      'temperature.exemptions.designOutdoorC',
    ]);
  });
});

describe('the escalation ladder and default priorities (sla)', () => {
  it('ship the ladder the repairs sweep used to hard-code, and a leak is urgent by default', () => {
    expect(zhengzhou.sla.escalation.ladder).toEqual([
      { level: 1, target: 'crew_lead', afterMinutes: 0 },
      { level: 2, target: 'section', afterMinutes: 60 },
      { level: 3, target: 'branch', afterMinutes: 240 },
    ]);
    expect(zhengzhou.sla.defaultPriority).toMatchObject({ leak: 'urgent', no_heat: 'normal' });
  });

  it('levels run 1, 2, … each later than the one before, each target once', () => {
    expect(validateRules(edit((r) => {
      r.sla.escalation.ladder = [
        { level: 1, target: 'crew_lead', afterMinutes: 30 },
        { level: 3, target: 'crew_lead', afterMinutes: 30 },
      ];
    }))).toEqual([
      { field: 'sla.escalation.ladder[1].level', message: 'must be 2 (levels run 1, 2, … in order)', rule: 'level_out_of_order', params: { level: 2 } },
      { field: 'sla.escalation.ladder[1].afterMinutes', message: 'must be later than level 1 (30 min)', rule: 'not_after_level', params: { level: 1, minutes: 30 } },
      { field: 'sla.escalation.ladder[1].target', message: 'crew_lead is already on the ladder', rule: 'target_twice' },
    ]);
  });

  it('an empty ladder, an unknown target or a missing category default is a schema problem', () => {
    expect(fields(edit((r) => (r.sla.escalation.ladder = [])))).toEqual(['sla.escalation.ladder']);
    expect(fields(edit((r) => ((r.sla.escalation.ladder[0] as { target: string }).target = 'mayor')))).toContain('sla.escalation.ladder[0].target');
    expect(fields(edit((r) => delete (r.sla.defaultPriority as Partial<typeof r.sla.defaultPriority>).leak))).toEqual(['sla.defaultPriority']);
  });
});
