import { describe, expect, it } from 'vitest';
import {
  addDays,
  addMonths,
  businessDate,
  daysBetween,
  isBusinessDate,
  isLeapYear,
  parseBusinessDate,
  startOfBusinessDay,
} from './business-time.ts';

const SH = 'Asia/Shanghai';

describe('businessDate: the calendar day of an instant in the city', () => {
  it('2026-11-14T16:00:00Z is already 15 November in Shanghai (UTC+8)', () => {
    expect(businessDate(new Date('2026-11-14T16:00:00Z'), SH)).toBe('2026-11-15');
  });

  it('turns the date at midnight even when asked twice a second (the answer is kept per minute)', () => {
    expect(businessDate(new Date('2026-11-14T15:59:30Z'), SH)).toBe('2026-11-14');
    expect(businessDate(new Date('2026-11-14T15:59:59.999Z'), SH)).toBe('2026-11-14');
    expect(businessDate(new Date('2026-11-14T16:00:00.000Z'), SH)).toBe('2026-11-15');
    expect(businessDate(new Date('2026-11-14T15:59:10Z'), SH)).toBe('2026-11-14');
  });

  it('one millisecond before Shanghai midnight is still the previous day', () => {
    expect(businessDate(new Date('2026-11-14T15:59:59.999Z'), SH)).toBe('2026-11-14');
  });

  it('is the same date in UTC and Shanghai between 00:00 and 16:00 UTC', () => {
    expect(businessDate(new Date('2027-03-14T12:00:00Z'), SH)).toBe('2027-03-14');
    expect(businessDate(new Date('2027-03-14T12:00:00Z'), 'UTC')).toBe('2027-03-14');
  });

  it('reaches 29 February in a leap year and skips it otherwise', () => {
    expect(businessDate(new Date('2028-02-28T16:00:00Z'), SH)).toBe('2028-02-29');
    expect(businessDate(new Date('2027-02-28T16:00:00Z'), SH)).toBe('2027-03-01');
  });

  it('works for a zone with DST too (the offset comes from Intl, not a constant)', () => {
    // New York is UTC−4 in July: 03:30Z is still the previous evening there.
    expect(businessDate(new Date('2026-07-10T03:30:00Z'), 'America/New_York')).toBe('2026-07-09');
  });

  it('refuses an unknown zone and an invalid instant', () => {
    expect(() => businessDate(new Date(), 'Mars/Olympus')).toThrow(RangeError);
    expect(() => businessDate(new Date('nope'), SH)).toThrow(RangeError);
  });
});

describe('startOfBusinessDay: the instant a date begins in the city', () => {
  it('15 November 00:00 in Shanghai is 14 November 16:00 UTC', () => {
    expect(startOfBusinessDay('2026-11-15', SH).toISOString()).toBe('2026-11-14T16:00:00.000Z');
  });

  it('round-trips with businessDate across a year end and a leap day', () => {
    for (const d of ['2026-12-31', '2027-01-01', '2028-02-29', '2028-03-01']) {
      const start = startOfBusinessDay(d, SH);
      expect(businessDate(start, SH)).toBe(d);
      expect(businessDate(new Date(start.getTime() - 1), SH)).toBe(addDays(d, -1));
    }
  });

  it('handles a DST zone on the day clocks change', () => {
    // US clocks went forward on 2026-03-08; midnight was still EST (UTC−5).
    expect(startOfBusinessDay('2026-03-08', 'America/New_York').toISOString()).toBe('2026-03-08T05:00:00.000Z');
    expect(startOfBusinessDay('2026-03-09', 'America/New_York').toISOString()).toBe('2026-03-09T04:00:00.000Z');
  });

  it('refuses a date that does not exist', () => {
    expect(() => startOfBusinessDay('2027-02-29', SH)).toThrow(RangeError);
  });
});

describe('calendar arithmetic on business dates', () => {
  it('isLeapYear follows the Gregorian rule', () => {
    expect([2024, 2028, 2000].map(isLeapYear)).toEqual([true, true, true]);
    expect([2026, 2027, 1900, 2100].map(isLeapYear)).toEqual([false, false, false, false]);
  });

  it('isBusinessDate accepts real dates only', () => {
    expect(isBusinessDate('2028-02-29')).toBe(true);
    expect(isBusinessDate('2027-02-29')).toBe(false);
    expect(isBusinessDate('2026-13-01')).toBe(false);
    expect(isBusinessDate('2026-1-01')).toBe(false);
    expect(isBusinessDate(20261115)).toBe(false);
    expect(() => parseBusinessDate('yesterday')).toThrow(RangeError);
  });

  it('addDays crosses month, year and leap-day boundaries', () => {
    expect(addDays('2026-12-31', 1)).toBe('2027-01-01');
    expect(addDays('2028-02-28', 1)).toBe('2028-02-29');
    expect(addDays('2027-02-28', 1)).toBe('2027-03-01');
    expect(addDays('2027-03-15', -5)).toBe('2027-03-10');
    expect(() => addDays('2027-03-15', 0.5)).toThrow(RangeError);
  });

  it('daysBetween: a regular season is 120 days, one with 29 February 121', () => {
    expect(daysBetween('2026-11-15', '2027-03-15')).toBe(120);
    expect(daysBetween('2027-11-15', '2028-03-15')).toBe(121);
    expect(daysBetween('2027-03-15', '2026-11-15')).toBe(-120);
  });

  it('addMonths clamps to the end of a shorter month', () => {
    expect(addMonths('2027-03-15', 2)).toBe('2027-05-15');
    expect(addMonths('2027-03-31', 1)).toBe('2027-04-30');
    expect(addMonths('2027-12-31', 2)).toBe('2028-02-29');
    expect(addMonths('2027-01-15', -2)).toBe('2026-11-15');
  });
});
