import { describe, expect, it } from 'vitest';
import { formatFen, parseYuanToFen } from './money.ts';

describe('formatFen', () => {
  it('shows yuan with two decimals from integer fen', () => {
    expect(formatFen(0)).toBe('¥0.00');
    expect(formatFen(5)).toBe('¥0.05');
    expect(formatFen(50010)).toBe('¥500.10');
    expect(formatFen(477232094)).toBe('¥4,772,320.94');
    expect(formatFen(-1999, 'en')).toBe('-¥19.99');
  });
});

describe('parseYuanToFen', () => {
  it('turns typed yuan into exact integer fen', () => {
    // 1.15 * 100 is 114.99999999999999 in floating point: string parsing never goes near it.
    expect(parseYuanToFen('1.15')).toBe(115);
    expect(parseYuanToFen('19.99')).toBe(1999);
    expect(parseYuanToFen('0.1')).toBe(10);
    expect(parseYuanToFen(' 500.10 ')).toBe(50010);
    expect(parseYuanToFen('12')).toBe(1200);
    expect(parseYuanToFen('100000000.00')).toBe(10_000_000_000);
  });

  it('refuses what is not a plain amount', () => {
    for (const bad of ['', '.5', '5.', '-5', '1e3', '1,000', '12.345', 'abc', '¥5']) {
      expect(parseYuanToFen(bad), bad).toBeUndefined();
    }
  });
});
