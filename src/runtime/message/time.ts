/**
 * The transaction's time. Rules about office hours and weekdays mean the
 * transaction's local time, so date, hour, minute and weekday are read in
 * the UTC offset the time is written with, never converted to UTC or to the
 * evaluating machine's zone.
 */

export interface LocalTime {
  /** The time as written (RFC 3339). */
  readonly text: string;
  /** YYYY-MM-DD, local. */
  readonly date: string;
  readonly hour: number;
  readonly minute: number;
  /** ISO 8601, as the catalog says: 1 is Monday, 7 is Sunday. */
  readonly weekday: number;
}

/**
 * RFC 3339 §5.6 date-time with a mandatory offset: `T`, `t` or a space between
 * date and time (§5.6 allows the space), optional fraction, `Z` or `±hh:mm`.
 * Also validates the calendar date (no 30 February) and the ranges.
 */
const rfc3339 = /^(\d{4})-(\d{2})-(\d{2})[Tt ](\d{2}):(\d{2}):(\d{2})(?:\.\d+)?(?:[Zz]|[+-](\d{2}):(\d{2}))$/;

export function parseRfc3339(text: string): LocalTime | undefined {
  const match = rfc3339.exec(text);
  if (!match) return undefined;
  const [year, month, day, hour, minute, second, offsetHours = 0, offsetMinutes = 0] = match.slice(1).map((part) =>
    part === undefined ? undefined : Number(part),
  );
  if (year === undefined || month === undefined || day === undefined || hour === undefined || minute === undefined || second === undefined) {
    return undefined;
  }
  // setUTCFullYear, unlike Date.UTC, does not read years 0-99 as 1900-1999.
  const calendar = new Date(0);
  calendar.setUTCFullYear(year, month - 1, day);
  const validDate = calendar.getUTCMonth() === month - 1 && calendar.getUTCDate() === day;
  // Second 60 is a leap second (RFC 3339 §5.7).
  const validTime = hour <= 23 && minute <= 59 && second <= 60 && offsetHours <= 23 && offsetMinutes <= 59;
  if (!validDate || !validTime) return undefined;
  return { text, date: text.slice(0, 10), hour, minute, weekday: ((calendar.getUTCDay() + 6) % 7) + 1 };
}

/** An instant as RFC 3339 text in UTC, whole seconds; undefined for an invalid or out-of-range Date. */
export function formatUtc(instant: Date): string | undefined {
  const year = instant.getUTCFullYear();
  if (Number.isNaN(instant.getTime()) || year < 0 || year > 9999) return undefined;
  return `${instant.toISOString().slice(0, 19)}Z`;
}
