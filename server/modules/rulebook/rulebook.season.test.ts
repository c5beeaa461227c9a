import { describe, expect, it } from 'vitest';
import {
  changeWindowOf,
  collectionWindowOf,
  inChangeWindow,
  inCollectionWindow,
  requireSeasonOf,
  RulebookError,
  seasonAt,
  seasonByCode,
  seasonOf,
  settlementDueBefore,
} from './rulebook.calc.ts';
import type { Rules } from './rulebook.contract.ts';
import { xian, zhengzhou } from './rules/index.ts';

function withOverride(rules: Rules, override: Rules['season']['overrides'][number]): Rules {
  const copy = structuredClone(rules);
  copy.season.overrides.push(override);
  return copy;
}

describe('Zhengzhou season: 15 Nov 00:00 to 15 Mar 00:00, billed 120 days (郑州市城市供热与用热管理办法)', () => {
  it('2026-27 runs 2026-11-15 to 2027-03-15 (exclusive), 120 days, billed 120', () => {
    const s = seasonByCode(zhengzhou, '2026-27');
    expect(s).toMatchObject({ start: '2026-11-15', end: '2027-03-15', days: 120, billedDays: 120, extendedDays: 0 });
    expect(s.startsAt.toISOString()).toBe('2026-11-14T16:00:00.000Z');
    expect(s.endsAt.toISOString()).toBe('2027-03-14T16:00:00.000Z');
  });

  it('2027-28 contains 29 February 2028: 121 days long, still billed 120', () => {
    expect(seasonByCode(zhengzhou, '2027-28')).toMatchObject({ days: 121, billedDays: 120, extendedDays: 0 });
  });

  it('the first and last heated days belong to the season; the day after and the day before do not', () => {
    expect(seasonOf(zhengzhou, '2026-11-15')?.code).toBe('2026-27');
    expect(seasonOf(zhengzhou, '2027-03-14')?.code).toBe('2026-27');
    expect(seasonOf(zhengzhou, '2026-11-14')).toBeNull();
    expect(seasonOf(zhengzhou, '2027-03-15')).toBeNull();
    expect(seasonOf(zhengzhou, '2027-01-01')?.code).toBe('2026-27');
    expect(seasonOf(zhengzhou, '2028-02-29')?.code).toBe('2027-28');
  });

  it('heating starts at Shanghai midnight: 2026-11-14T16:00Z is in the season, a millisecond earlier is not', () => {
    expect(seasonAt(zhengzhou, new Date('2026-11-14T16:00:00Z'))?.code).toBe('2026-27');
    expect(seasonAt(zhengzhou, new Date('2026-11-14T15:59:59.999Z'))).toBeNull();
    expect(seasonAt(zhengzhou, new Date('2027-03-14T15:59:59.999Z'))?.code).toBe('2026-27');
    expect(seasonAt(zhengzhou, new Date('2027-03-14T16:00:00Z'))).toBeNull();
  });

  it('a date between seasons is an error when a season is required, never a guess', () => {
    expect(() => requireSeasonOf(zhengzhou, '2027-06-01')).toThrow(expect.objectContaining({ code: 'outside_season' }));
  });

  it('a malformed season code or date is refused with a typed error', () => {
    for (const code of ['2026-28', '2026/27', '26-27', '2026-2027']) {
      expect(() => seasonByCode(zhengzhou, code)).toThrow(RulebookError);
      expect(() => seasonByCode(zhengzhou, code)).toThrow(expect.objectContaining({ code: 'invalid_season_code' }));
    }
    expect(seasonByCode(zhengzhou, '2099-00').start).toBe('2099-11-15');
    expect(() => seasonOf(zhengzhou, '2027-02-29')).toThrow(expect.objectContaining({ code: 'invalid_date' }));
  });
});

describe('announced extensions and early starts cost residents nothing', () => {
  it('Zhengzhou notice 2022: season 2021-22 extended to 22 March — 127 days, 7 extended, billed 120', () => {
    const s = seasonByCode(zhengzhou, '2021-22');
    expect(s).toMatchObject({ end: '2022-03-22', days: 127, extendedDays: 7, billedDays: 120 });
    expect(s.override?.reason).toContain('3月22日');
    expect(seasonOf(zhengzhou, '2022-03-21')?.code).toBe('2021-22');
    expect(seasonOf(zhengzhou, '2022-03-22')).toBeNull();
  });

  it('Zhengzhou notice 2023: season 2022-23 extended to 18 March', () => {
    expect(seasonByCode(zhengzhou, '2022-23')).toMatchObject({ end: '2023-03-18', days: 123, extendedDays: 3 });
  });

  it('an admin extending 2026-27 to 2027-03-22 moves the end, not the fee basis', () => {
    const rules = withOverride(zhengzhou, { season: '2026-27', end: '2027-03-22', reason: 'cold spring' });
    expect(seasonOf(rules, '2027-03-20')?.code).toBe('2026-27');
    expect(seasonByCode(rules, '2026-27')).toMatchObject({ days: 127, extendedDays: 7, billedDays: 120 });
    expect(seasonOf(zhengzhou, '2027-03-20')).toBeNull(); // the shipped rulebook is untouched
  });

  it('an early start on 8 November moves the first heated day', () => {
    const rules = withOverride(zhengzhou, { season: '2026-27', start: '2026-11-08', reason: 'early cold wave' });
    expect(seasonOf(rules, '2026-11-08')?.code).toBe('2026-27');
    expect(seasonOf(rules, '2026-11-07')).toBeNull();
    expect(seasonByCode(rules, '2026-27')).toMatchObject({ days: 127, extendedDays: 7 });
  });

  it('two overrides for one season are refused rather than one picked', () => {
    const twice = withOverride(withOverride(zhengzhou, { season: '2026-27', end: '2027-03-20', reason: 'a' }), {
      season: '2026-27',
      end: '2027-03-22',
      reason: 'b',
    });
    expect(() => seasonByCode(twice, '2026-27')).toThrow(expect.objectContaining({ code: 'invalid_rules' }));
  });
});

describe('Zhengzhou fee collection window: 1 Sep to 10 Nov, both inclusive (art. 21)', () => {
  it('opens on 1 September and closes after 10 November', () => {
    expect(collectionWindowOf(zhengzhou, 2026)).toEqual({ start: '2026-09-01', end: '2026-11-10' });
    expect(inCollectionWindow(zhengzhou, '2026-08-31')).toBe(false);
    expect(inCollectionWindow(zhengzhou, '2026-09-01')).toBe(true);
    expect(inCollectionWindow(zhengzhou, '2026-11-10')).toBe(true);
    expect(inCollectionWindow(zhengzhou, '2026-11-11')).toBe(false);
  });
});

describe('change window for suspension, resumption, area and holder changes: 1 Apr to 30 Sep', () => {
  it('accepts 1 April and 30 September, refuses 31 March and 1 October', () => {
    expect(changeWindowOf(zhengzhou, 2027)).toEqual({ start: '2027-04-01', end: '2027-09-30' });
    expect(inChangeWindow(zhengzhou, '2027-03-31')).toBe(false);
    expect(inChangeWindow(zhengzhou, '2027-04-01')).toBe(true);
    expect(inChangeWindow(zhengzhou, '2027-09-30')).toBe(true);
    expect(inChangeWindow(zhengzhou, '2027-10-01')).toBe(false);
  });

  it('moving the window in the rulebook moves the answer, with no code change', () => {
    const rules = structuredClone(zhengzhou);
    rules.changeWindow.end = '10-15';
    expect(inChangeWindow(rules, '2027-10-01')).toBe(true);
  });
});

describe('Henan art. 27: reductions are settled within 2 months after the season ends', () => {
  it('2026-27 must be settled before 2027-05-15; the extended 2021-22 before 2022-05-22', () => {
    expect(settlementDueBefore(zhengzhou, '2026-27')).toBe('2027-05-15');
    expect(settlementDueBefore(zhengzhou, '2021-22')).toBe('2022-05-22');
  });

  it("Xi'an ships no extension for 2021-22: the same question gives the regular end", () => {
    expect(seasonByCode(xian, '2021-22').end).toBe('2022-03-15');
  });
});
