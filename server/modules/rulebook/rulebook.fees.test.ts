import { describe, expect, it } from 'vitest';
import {
  billingAreaCm2,
  dailyFeeE6,
  reductionForDay,
  reductionTotal,
  seasonBill,
  seasonFeeFen,
  type BillableHousehold,
  type ReductionQuery,
} from './rulebook.calc.ts';
import type { Rules } from './rulebook.contract.ts';
import { xian, zhengzhou } from './rules/index.ts';

/** A 90.00 m² flat with its interior area on the certificate, heated. */
const flat: BillableHousehold = { customerType: 'residential', interiorAreaCm2: 9000, grossAreaCm2: 10500, status: 'heating' };

function day(rules: Rules, date: string, measuredC: number, extra: Partial<ReductionQuery> = {}) {
  return reductionForDay(rules, { household: flat, seasonCode: '2026-27', hoursBelowStandard: 72, date, measuredC, ...extra });
}

describe('billing area: interior area, else 90 % of gross area', () => {
  it('uses the interior area when the certificate gives one', () => {
    expect(billingAreaCm2(zhengzhou, { interiorAreaCm2: 9000, grossAreaCm2: 10500 })).toBe(9000);
  });

  it('uses 90 % of the gross area otherwise, rounded half up to 0.01 m²', () => {
    expect(billingAreaCm2(zhengzhou, { interiorAreaCm2: null, grossAreaCm2: 10000 })).toBe(9000);
    expect(billingAreaCm2(zhengzhou, { grossAreaCm2: 8751 })).toBe(7876); // 78.759 → 78.76
    expect(billingAreaCm2(zhengzhou, { grossAreaCm2: 8755 })).toBe(7880); // 78.795 → 78.80 (half up)
  });

  it('a household with no area, or a fractional or negative area, is refused', () => {
    expect(() => billingAreaCm2(zhengzhou, {})).toThrow(expect.objectContaining({ code: 'invalid_household' }));
    expect(() => billingAreaCm2(zhengzhou, { interiorAreaCm2: 90.5 })).toThrow(expect.objectContaining({ code: 'invalid_household' }));
    expect(() => billingAreaCm2(zhengzhou, { grossAreaCm2: -1 })).toThrow(expect.objectContaining({ code: 'invalid_household' }));
  });
});

describe('tariff: 0.19 元/m²·day residential, 0.28 non-residential, × 120 billed days', () => {
  it('a 90 m² flat pays 17.10 元 a day and 2,052.00 元 a season (22.80 元/m²)', () => {
    expect(dailyFeeE6(zhengzhou, flat)).toBe(17_100_000);
    expect(seasonBill(zhengzhou, flat, '2026-27')).toEqual({
      seasonCode: '2026-27',
      basis: 'area',
      billingAreaCm2: 9000,
      billedDays: 120,
      fen: 205_200,
    });
  });

  it('the leap-year season 2027-28 (121 days) costs the same as 2026-27', () => {
    expect(seasonFeeFen(zhengzhou, flat, '2027-28')).toBe(seasonFeeFen(zhengzhou, flat, '2026-27'));
  });

  it('an announced extension (2021-22 to 22 March) costs residents nothing', () => {
    expect(seasonFeeFen(zhengzhou, flat, '2021-22')).toBe(205_200);
  });

  it('a non-residential 100 m² unit pays 0.28 元/m²·day: 3,360.00 元', () => {
    expect(seasonFeeFen(zhengzhou, { ...flat, customerType: 'nonResidential', interiorAreaCm2: 10000 }, '2026-27')).toBe(336_000);
  });

  it('rounds once to fen, half up: 87.51 m² × 22.80 元 = 1,995.228 元 → 1,995.23 元', () => {
    expect(seasonFeeFen(zhengzhou, { ...flat, interiorAreaCm2: 8751 }, '2026-27')).toBe(199_523);
  });

  it('a very large building does not overflow: 100,000 m² non-residential', () => {
    const office: BillableHousehold = { customerType: 'nonResidential', interiorAreaCm2: 10_000_000, status: 'heating' };
    expect(seasonFeeFen(zhengzhou, office, '2026-27')).toBe(336_000_000);
  });

  it('a malformed season code or unknown customer type is refused', () => {
    expect(() => seasonFeeFen(zhengzhou, flat, '2026')).toThrow(expect.objectContaining({ code: 'invalid_season_code' }));
    const odd = { ...flat, customerType: 'industrial' } as unknown as BillableHousehold;
    expect(() => seasonFeeFen(zhengzhou, odd, '2026-27')).toThrow(expect.objectContaining({ code: 'unknown_customer_type' }));
  });
});

describe('two-part metered tariff: 6.84 元/m²·season basic + 0.217 元/kWh', () => {
  it('an exact half fen rounds up: 100 m² + 5 kWh = 684.00 + 1.085 元 → 685.09 元', () => {
    const metered: BillableHousehold = { ...flat, interiorAreaCm2: 10000, metered: { kwh: 5 } };
    expect(seasonBill(zhengzhou, metered, '2026-27')).toMatchObject({ basis: 'metered', fen: 68_509 });
  });

  it('the parts are not rounded separately: 684.684 + 0.434 元 → 685.12 元 (not 685.11)', () => {
    const metered: BillableHousehold = { ...flat, interiorAreaCm2: 10010, metered: { kwh: 2 } };
    expect(seasonFeeFen(zhengzhou, metered, '2026-27')).toBe(68_512);
  });

  it('a metered household has no daily fee to reduce: asking is an error', () => {
    expect(() => dailyFeeE6(zhengzhou, { ...flat, metered: { kwh: 1 } })).toThrow(expect.objectContaining({ code: 'not_applicable' }));
    expect(() => seasonFeeFen(zhengzhou, { ...flat, metered: { kwh: 1.5 } }, '2026-27')).toThrow(
      expect.objectContaining({ code: 'invalid_household' }),
    );
  });
});

describe('suspension (报停) and disconnection', () => {
  it('Zhengzhou: a suspended household owes no basic fee', () => {
    expect(seasonBill(zhengzhou, { ...flat, status: 'suspended' }, '2026-27')).toMatchObject({ basis: 'suspended', fen: 0 });
  });

  it("Xi'an: a suspended household owes 30 % of the fee — same flat, 615.60 元", () => {
    expect(seasonFeeFen(xian, { ...flat, status: 'suspended' }, '2026-27')).toBe(61_560);
    // 87.51 m²: 1,995.228 × 30 % = 598.5684 元 → 598.57 元
    expect(seasonFeeFen(xian, { ...flat, interiorAreaCm2: 8751, status: 'suspended' }, '2026-27')).toBe(59_857);
  });

  it('a disconnected household owes nothing in either city', () => {
    expect(seasonFeeFen(zhengzhou, { ...flat, status: 'disconnected' }, '2026-27')).toBe(0);
    expect(seasonFeeFen(xian, { ...flat, status: 'disconnected' }, '2026-27')).toBe(0);
  });
});

describe('Henan art. 27 / Luoyang art. 29: fee reduction below the 18 °C standard', () => {
  it('Henan art. 27: 15 °C for 3 days from the request day → half the daily fee for each day', () => {
    const days = ['2026-12-01', '2026-12-02', '2026-12-03'].map((date) => ({ date, measuredC: 15 }));
    const r = reductionTotal(zhengzhou, { household: flat, seasonCode: '2026-27', hoursBelowStandard: 72, days });
    expect(r.days.map((d) => [d.tierPercent, d.reductionFen])).toEqual([
      [50, 855],
      [50, 855],
      [50, 855],
    ]);
    expect(r.totalFen).toBe(2565);
  });

  it('Henan art. 27: below 14 °C → the whole daily fee', () => {
    expect(day(zhengzhou, '2026-12-01', 13.9)).toMatchObject({ tierPercent: 100, reductionBasisPoints: 10000, reductionFen: 1710 });
  });

  it('tier edges: 14.0 °C is in the half-fee tier, 18.0 °C meets the standard', () => {
    expect(day(zhengzhou, '2026-12-01', 14).tierPercent).toBe(50);
    expect(day(zhengzhou, '2026-12-01', 17.99).tierPercent).toBe(50);
    expect(day(zhengzhou, '2026-12-01', 18)).toMatchObject({ excluded: false, reason: 'at_or_above_standard', reductionFen: 0 });
  });

  it('Henan art. 27: the room must stay below standard for 48 h before a reduction counts', () => {
    expect(day(zhengzhou, '2026-12-01', 15, { hoursBelowStandard: 47 })).toMatchObject({
      excluded: true,
      reason: 'below_standard_too_short',
      reductionFen: 0,
    });
    expect(day(zhengzhou, '2026-12-01', 15, { hoursBelowStandard: 48 }).reductionFen).toBe(855);
  });

  it('Henan art. 27: the first 5 days of the season are excluded (15–19 Nov), the 6th counts', () => {
    expect(day(zhengzhou, '2026-11-15', 12)).toMatchObject({ excluded: true, reason: 'season_start_excluded' });
    expect(day(zhengzhou, '2026-11-19', 12)).toMatchObject({ excluded: true, reason: 'season_start_excluded' });
    expect(day(zhengzhou, '2026-11-20', 12)).toMatchObject({ excluded: false, reductionFen: 1710 });
  });

  it('Henan art. 27: the last 5 days are excluded (10–14 Mar); after an extension, the new last 5', () => {
    expect(day(zhengzhou, '2027-03-09', 12).excluded).toBe(false);
    expect(day(zhengzhou, '2027-03-10', 12)).toMatchObject({ excluded: true, reason: 'season_end_excluded' });
    const extended = structuredClone(zhengzhou);
    extended.season.overrides.push({ season: '2026-27', end: '2027-03-22', reason: 'cold spring' });
    expect(day(extended, '2027-03-10', 12).excluded).toBe(false);
    expect(day(extended, '2027-03-17', 12)).toMatchObject({ excluded: true, reason: 'season_end_excluded' });
  });

  it('GB/T 33833 §5.1: nothing is owed on a day colder outside than the design temperature (−3.8 °C)', () => {
    expect(day(zhengzhou, '2027-01-10', 15, { outdoorMeanC: -5 })).toMatchObject({ excluded: true, reason: 'outdoor_below_design' });
    expect(day(zhengzhou, '2027-01-10', 15, { outdoorMeanC: -3.8 }).excluded).toBe(false);
  });

  it('Henan art. 26: nothing is owed when the user covered radiators or left windows open', () => {
    expect(day(zhengzhou, '2026-12-01', 12, { userFault: true })).toMatchObject({ excluded: true, reason: 'user_fault' });
  });

  it('a suspended household is not heated, so no reduction is owed', () => {
    expect(day(zhengzhou, '2026-12-01', 12, { household: { ...flat, status: 'suspended' } }).reason).toBe('not_heating');
  });

  it('a date outside the named season is an error, not a zero', () => {
    expect(() => day(zhengzhou, '2027-04-01', 12)).toThrow(expect.objectContaining({ code: 'outside_season' }));
    expect(() => day(zhengzhou, '2026-12-01', Number.NaN)).toThrow();
  });
});

describe("Xi'an: 20/50/100 % of the fee after deducting a 30 % basic fee — same inputs, different city", () => {
  const cases: Array<[number, number, number]> = [
    // measured °C, Zhengzhou fen/day, Xi'an fen/day (17.10 元 × 70 % × tier)
    [17, 855, 239], // Xi'an 20 %: 2.394 元
    [15, 855, 599], // Xi'an 50 %: 5.985 元
    [13, 1710, 1197], // Xi'an 100 %: 11.97 元
    [18, 0, 0],
  ];
  for (const [measuredC, zz, xa] of cases) {
    it(`${measuredC} °C for the same 90 m² flat: Zhengzhou ${zz} fen, Xi'an ${xa} fen`, () => {
      expect(day(zhengzhou, '2026-12-01', measuredC).reductionFen).toBe(zz);
      expect(day(xian, '2026-12-01', measuredC).reductionFen).toBe(xa);
    });
  }

  it("Xi'an 50 % tier is 35 % of the daily fee; 3 days total 17.955 元 → 17.96 元, rounded once", () => {
    const days = ['2026-12-01', '2026-12-02', '2026-12-03'].map((date) => ({ date, measuredC: 15 }));
    const r = reductionTotal(xian, { household: flat, seasonCode: '2026-27', hoursBelowStandard: 72, days });
    expect(r.days[0]).toMatchObject({ tierPercent: 50, reductionBasisPoints: 3500 });
    expect(r.totalFen).toBe(1796); // per-day rounding would say 1797
  });
});
