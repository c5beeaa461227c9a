/**
 * Business dates: the calendar day an instant falls on in the rulebook's time zone.
 *
 * Instants are stored in UTC; seasons, windows and bulletin days are calendar dates in the
 * city's zone (Asia/Shanghai, UTC+8, no DST). The offset is read from Intl rather than
 * hard-coded, so a zone with DST would also work, and a server running in UTC never shifts a
 * date: 2026-11-14T16:00:00Z is already 2026-11-15 in Shanghai.
 *
 * A business date is the string 'YYYY-MM-DD'. Date arithmetic on it (addDays, daysBetween) is
 * pure calendar arithmetic, done in UTC so it never depends on the machine's zone.
 */
export type BusinessDate = string;

const DATE_RE = /^(\d{4})-(\d{2})-(\d{2})$/;
const MS_PER_DAY = 86_400_000;

export function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

export function daysInMonth(year: number, month: number): number {
  if (month === 2) return isLeapYear(year) ? 29 : 28;
  return [4, 6, 9, 11].includes(month) ? 30 : 31;
}

/**
 * True for a real calendar date written 'YYYY-MM-DD' (rejects 2027-02-29, 2026-13-01).
 * Deliberately not a type guard: BusinessDate is a plain string, so a guard would narrow the
 * rejected case to `never`.
 */
export function isBusinessDate(value: unknown): boolean {
  if (typeof value !== 'string') return false;
  const m = DATE_RE.exec(value);
  if (!m) return false;
  const [year, month, day] = [Number(m[1]), Number(m[2]), Number(m[3])];
  return month >= 1 && month <= 12 && day >= 1 && day <= daysInMonth(year, month);
}

export interface DateParts {
  year: number;
  month: number;
  day: number;
}

export function parseBusinessDate(date: BusinessDate): DateParts {
  if (!isBusinessDate(date)) throw new RangeError(`"${date}" is not a date written YYYY-MM-DD`);
  const [year, month, day] = date.split('-').map(Number) as [number, number, number];
  return { year, month, day };
}

export function formatBusinessDate({ year, month, day }: DateParts): BusinessDate {
  const text = `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
  if (!isBusinessDate(text)) throw new RangeError(`${text} is not a calendar date`);
  return text;
}

function utcMidnight(date: BusinessDate): number {
  const { year, month, day } = parseBusinessDate(date);
  return Date.UTC(year, month - 1, day);
}

function fromUtcMidnight(ms: number): BusinessDate {
  const d = new Date(ms);
  return formatBusinessDate({ year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate() });
}

export function addDays(date: BusinessDate, n: number): BusinessDate {
  if (!Number.isInteger(n)) throw new RangeError('addDays needs a whole number of days');
  return fromUtcMidnight(utcMidnight(date) + n * MS_PER_DAY);
}

/** Whole days from a to b (b − a): daysBetween('2026-11-15', '2027-03-15') = 120. */
export function daysBetween(a: BusinessDate, b: BusinessDate): number {
  return Math.round((utcMidnight(b) - utcMidnight(a)) / MS_PER_DAY);
}

/** Same day of month n months later, clamped to the month's end (03-31 + 1 month → 04-30). */
export function addMonths(date: BusinessDate, n: number): BusinessDate {
  if (!Number.isInteger(n)) throw new RangeError('addMonths needs a whole number of months');
  const { year, month, day } = parseBusinessDate(date);
  const index = year * 12 + (month - 1) + n;
  const y = Math.floor(index / 12);
  const m = (index % 12) + 1;
  return formatBusinessDate({ year: y, month: m, day: Math.min(day, daysInMonth(y, m)) });
}

// Intl formatters are costly to build; bill runs call these per household, so cache per zone.
const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    try {
      f = new Intl.DateTimeFormat('en-US', {
        timeZone,
        hourCycle: 'h23', // never '24' for midnight
        year: 'numeric',
        month: '2-digit',
        day: '2-digit',
        hour: '2-digit',
        minute: '2-digit',
        second: '2-digit',
      });
    } catch {
      throw new RangeError(`unknown time zone "${timeZone}"`);
    }
    formatters.set(timeZone, f);
  }
  return f;
}

function wallClock(instant: Date, timeZone: string): DateParts & { hour: number; minute: number; second: number } {
  if (Number.isNaN(instant.getTime())) throw new RangeError('invalid instant');
  const parts: Record<string, number> = {};
  for (const p of formatterFor(timeZone).formatToParts(instant)) {
    if (p.type !== 'literal') parts[p.type] = Number(p.value);
  }
  return {
    year: parts.year!,
    month: parts.month!,
    day: parts.day!,
    hour: parts.hour!,
    minute: parts.minute!,
    second: parts.second!,
  };
}

/** Offset of the zone from UTC at an instant, in ms (Shanghai: +8 h). */
function offsetMs(instant: Date, timeZone: string): number {
  const w = wallClock(instant, timeZone);
  const asUtc = Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute, w.second);
  return asUtc - Math.floor(instant.getTime() / 1000) * 1000;
}

/**
 * Hot paths ask for today's date on every request, and Intl's formatToParts is slow, so the last
 * answer per zone is kept for its minute: a zone's date can only change on a whole minute (every
 * zone's offset has been whole minutes since the early 20th century).
 */
const lastDates = new Map<string, { minute: number; date: BusinessDate }>();

/** The calendar date of an instant in the zone. */
export function businessDate(instant: Date, timeZone: string): BusinessDate {
  const minute = Math.floor(instant.getTime() / 60_000);
  const last = lastDates.get(timeZone);
  if (last?.minute === minute) return last.date;
  const { year, month, day } = wallClock(instant, timeZone);
  const date = formatBusinessDate({ year, month, day });
  lastDates.set(timeZone, { minute, date });
  return date;
}

/** The instant the date begins in the zone: startOfBusinessDay('2026-11-15', Shanghai) = 2026-11-14T16:00Z. */
export function startOfBusinessDay(date: BusinessDate, timeZone: string): Date {
  const guess = utcMidnight(date);
  // Two passes settle the offset even if a DST change lies between the guess and the answer.
  let instant = guess - offsetMs(new Date(guess), timeZone);
  instant = guess - offsetMs(new Date(instant), timeZone);
  return new Date(instant);
}
