/**
 * Display of rulebook units. Prices are integers in yuan × 10⁴ and are shown with integer
 * arithmetic only, so 0.217 元/kWh never prints as 0.21699999.
 */

/** 1900 → "0.19", 68400 → "6.84", 2170 → "0.217": at least 2 decimals, at most 4. */
export function yuanFromE4(e4: number): string {
  const sign = e4 < 0 ? '-' : '';
  const abs = Math.abs(e4);
  const frac = String(abs % 10_000).padStart(4, '0').replace(/0+$/, '').padEnd(2, '0');
  return `${sign}${Math.floor(abs / 10_000)}.${frac}`;
}

/** A duration in minutes as the largest whole unit: 1440 → days 1, 120 → hours 2, 90 → minutes 90. */
export function durationParts(minutes: number): { unit: 'days' | 'hours' | 'minutes'; count: number } {
  if (minutes % 1440 === 0) return { unit: 'days', count: minutes / 1440 };
  if (minutes % 60 === 0) return { unit: 'hours', count: minutes / 60 };
  return { unit: 'minutes', count: minutes };
}
