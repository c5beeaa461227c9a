/**
 * Money is integer fen (分) end to end. These helpers refuse anything that is not a safe integer
 * so a float can never sneak into the ledger; display formatting lives in web/.
 */
export type Fen = number;

export const MAX_FEN = 100_000_000_00; // 1 亿元: no single payment is larger; bigger is a typo or an attack

export function isFen(value: unknown): value is Fen {
  return typeof value === 'number' && Number.isSafeInteger(value);
}

export function assertFen(value: unknown, field = 'amountFen'): Fen {
  if (!isFen(value)) throw new TypeError(`${field} must be an integer number of fen`);
  return value;
}

export function sumFen(values: readonly Fen[]): Fen {
  let total = 0;
  for (const v of values) total += assertFen(v);
  if (!Number.isSafeInteger(total)) throw new RangeError('sum of fen overflowed');
  return total;
}

/** Integer division rounding half up (away from zero for positives), for fen from finer units. */
export function divRoundHalfUp(numerator: number, denominator: number): number {
  if (!Number.isSafeInteger(numerator) || !Number.isSafeInteger(denominator) || denominator <= 0) {
    throw new RangeError('divRoundHalfUp needs safe integers and a positive denominator');
  }
  const sign = numerator < 0 ? -1 : 1;
  const abs = Math.abs(numerator);
  return sign * Math.floor((abs * 2 + denominator) / (denominator * 2));
}

/** "12.34" → 1234 fen; rejects more than two decimals, signs where not allowed, and junk. */
export function parseYuan(text: string): Fen {
  const m = /^(-)?(\d{1,12})(?:\.(\d{1,2}))?$/.exec(text.trim());
  if (!m) throw new RangeError(`"${text}" is not an amount in yuan with at most two decimals`);
  const fen = Number(m[2]) * 100 + Number((m[3] ?? '').padEnd(2, '0'));
  return m[1] ? -fen : fen;
}
