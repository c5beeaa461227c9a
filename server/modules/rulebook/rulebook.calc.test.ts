import { describe, expect, it } from 'vitest';
import { outageConsequences, patrolIntervalMinutes, readingInBand, slaDeadlines, slaTargets } from './rulebook.calc.ts';
import { xian, zhengzhou } from './rules/index.ts';

describe('service-time targets (domain.md §4 response limits)', () => {
  it('Henan: an accident (urgent leak) has a steward on site within 2 hours', () => {
    expect(slaTargets(zhengzhou, { category: 'leak', priority: 'urgent' }).onSiteMinutes).toBe(120);
  });

  it("Xi'an pledge: a leak has a steward on site within 30 minutes — same request, different city", () => {
    expect(slaTargets(xian, { category: 'leak', priority: 'urgent' }).onSiteMinutes).toBe(30);
  });

  it('company pledge: "not warm" is answered within 1 h and visited within 6 h', () => {
    expect(slaTargets(zhengzhou, { category: 'not_warm', priority: 'normal' })).toEqual({
      firstResponseMinutes: 60,
      onSiteMinutes: 360,
      resolveMinutes: 1440,
    });
  });

  it('Henan art. 27: a temperature complaint is measured within 12 h and answered within 2 days', () => {
    const t = slaTargets(zhengzhou, { category: 'temperature_complaint', priority: 'normal' });
    expect(t.onSiteMinutes).toBe(zhengzhou.temperature.limits.measureWithinHours * 60);
    expect(t.resolveMinutes).toBe(2 * 24 * 60);
  });

  it('the special-period profile (管理空窗期) is stricter than standard', () => {
    const standard = slaTargets(zhengzhou, { category: 'no_heat', priority: 'normal' });
    const special = slaTargets(zhengzhou, { category: 'no_heat', priority: 'normal', profile: 'special' });
    expect(special.onSiteMinutes).toBeLessThan(standard.onSiteMinutes);
  });

  it('an unknown category, priority or profile is an error, never a default', () => {
    expect(() => slaTargets(zhengzhou, { category: 'flood', priority: 'normal' })).toThrow(
      expect.objectContaining({ code: 'unknown_category' }),
    );
    expect(() => slaTargets(zhengzhou, { category: 'leak', priority: 'asap' })).toThrow(
      expect.objectContaining({ code: 'unknown_priority' }),
    );
    expect(() => slaTargets(zhengzhou, { category: 'leak', priority: 'normal', profile: 'holiday' })).toThrow(
      expect.objectContaining({ code: 'unknown_profile' }),
    );
  });

  it('returns a copy: a caller cannot change the rulebook through it', () => {
    const t = slaTargets(zhengzhou, { category: 'leak', priority: 'urgent' });
    t.onSiteMinutes = 1;
    expect(slaTargets(zhengzhou, { category: 'leak', priority: 'urgent' }).onSiteMinutes).toBe(120);
  });

  it('deadlines are counted from the moment the request was opened', () => {
    const d = slaDeadlines(zhengzhou, { category: 'leak', priority: 'urgent', openedAt: new Date('2026-12-01T23:30:00Z') });
    expect(d.firstResponseBy.toISOString()).toBe('2026-12-01T23:45:00.000Z');
    expect(d.onSiteBy.toISOString()).toBe('2026-12-02T01:30:00.000Z');
  });
});

describe('Henan arts. 24–25: outages', () => {
  it('a stoppage of 8 h must be notified; of 12 h it also reduces the fee', () => {
    expect(outageConsequences(zhengzhou, 7.9)).toEqual({ mustNotify: false, reducesFee: false });
    expect(outageConsequences(zhengzhou, 8)).toEqual({ mustNotify: true, reducesFee: false });
    expect(outageConsequences(zhengzhou, 12)).toEqual({ mustNotify: true, reducesFee: true });
    expect(() => outageConsequences(zhengzhou, -1)).toThrow(RangeError);
  });
});

describe('patrols (company rules, demo values)', () => {
  it('stations every 24 h; twice as often in a vacuum compound; the strongest boost wins', () => {
    expect(patrolIntervalMinutes(zhengzhou, { kind: 'station' })).toBe(1440);
    expect(patrolIntervalMinutes(zhengzhou, { kind: 'station', boosts: ['vacuum'] })).toBe(720);
    expect(patrolIntervalMinutes(zhengzhou, { kind: 'station', boosts: ['vacuum', 'complaintCluster'] })).toBe(480);
    expect(patrolIntervalMinutes(zhengzhou, { kind: 'pipe' })).toBe(72 * 60);
  });

  it('a reading outside its band is flagged; the band edges are normal', () => {
    expect(readingInBand(zhengzhou, 'secondarySupplyC', 40)).toBe(true);
    expect(readingInBand(zhengzhou, 'secondarySupplyC', 38.5)).toBe(false);
    expect(readingInBand(zhengzhou, 'primaryPressureMpa', 1.7)).toBe(false);
  });
});
