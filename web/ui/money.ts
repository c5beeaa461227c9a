/**
 * Money in the web app: the server sends and takes integer fen (分). These two helpers are the
 * only place fen and yuan meet, and neither does float arithmetic on an amount, so ¥0.10 + ¥0.20
 * can never show as ¥0.30000000000000004 or post one fen short.
 */

/** ¥1,234.50 from 123450 fen; the digits come from integer division, never from fen / 100. */
export function formatFen(fen: number, locale: string = 'zh-CN'): string {
  const sign = fen < 0 ? '-' : '';
  const abs = Math.abs(Math.trunc(fen));
  const yuan = Math.trunc(abs / 100).toLocaleString(locale === 'en' ? 'en-US' : 'zh-CN');
  const cents = String(abs % 100).padStart(2, '0');
  return `${sign}¥${yuan}.${cents}`;
}

/** A yuan amount as typed: digits, optionally a point and one or two decimals ("12", "12.5", "12.50"). */
export const YUAN_PATTERN = /^(\d{1,12})(?:\.(\d{1,2}))?$/;

/**
 * Integer fen from a typed yuan amount by splitting the string at the point, or undefined when
 * the text is not such an amount ("1e3", "-5", "0.001", "1,000"). 19.99 becomes 1999 exactly,
 * where Math.round(19.99 * 100) would depend on binary floating point.
 */
export function parseYuanToFen(text: string): number | undefined {
  const m = YUAN_PATTERN.exec(text.trim());
  if (!m) return undefined;
  const cents = (m[2] ?? '').padEnd(2, '0');
  return Number(m[1]) * 100 + Number(cents);
}
