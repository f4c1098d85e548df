// Parsers for single CSV values: each returns the stored form, or null when the text is not acceptable.

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const TIMESTAMP =
  /^(\d{4}-\d{2}-\d{2})[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?(?:(Z)|([+-])(\d{2}):?(\d{2}))?$/i;

/**
 * Dates in files must fall in this range: a year 0025 or 9999 is a typo that no figure can use (and would
 * stretch every report); the revenue engine reads billing days in this range only.
 */
export const FIRST_DATE = '1970-01-01';
export const LAST_DATE = '2100-12-31';

/** Whether a YYYY-MM-DD date (or an ISO timestamp starting with one) falls within FIRST_DATE..LAST_DATE. */
export const inDateRange = (iso: string): boolean => {
  const day = iso.slice(0, 10);
  return day >= FIRST_DATE && day <= LAST_DATE;
};

/** A real UTC calendar date written YYYY-MM-DD ('2019-02-30' is not one); returns it unchanged. */
export function parseDate(text: string): string | null {
  const match = DATE.exec(text);
  if (!match) return null;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  if (year < 1 || month < 1 || month > 12 || day < 1) return null;
  const leap = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
  const days = month === 2 ? (leap ? 29 : 28) : [4, 6, 9, 11].includes(month) ? 30 : 31;
  return day <= days ? text : null;
}

/**
 * A date (midnight UTC) or an ISO 8601 timestamp 'YYYY-MM-DDTHH:MM[:SS[.fff]][Z|±HH:MM]' ('T' or a space; no zone
 * means UTC), returned as an ISO string in UTC. Fractions of a second are kept to the millisecond.
 */
export function parseTimestamp(text: string): string | null {
  const date = parseDate(text);
  if (date !== null) return `${date}T00:00:00.000Z`;
  const match = TIMESTAMP.exec(text);
  if (!match) return null;
  const [, day, hh, mm, ss, fraction, , sign, offH, offM] = match;
  if (day === undefined || parseDate(day) === null) return null;
  const [hours, minutes, seconds] = [Number(hh), Number(mm), Number(ss ?? '0')];
  if (hours > 23 || minutes > 59 || seconds > 59) return null;
  const [offsetHours, offsetMinutes] = [Number(offH ?? '0'), Number(offM ?? '0')];
  if (offsetHours > 23 || offsetMinutes > 59) return null;
  const millis = (fraction ?? '').slice(0, 3).padEnd(3, '0');
  const offset = (sign === '-' ? -1 : 1) * (offsetHours * 60 + offsetMinutes);
  // Date.parse of this exact ISO shape is specified for every year 0000-9999 (Date.UTC maps 0-99 to 19xx).
  const utc = Date.parse(`${day}T${hh}:${mm}:${ss ?? '00'}.${millis}Z`) - offset * 60_000;
  return new Date(utc).toISOString();
}

const BOOLEANS: Readonly<Record<string, boolean>> = {
  true: true,
  yes: true,
  '1': true,
  false: false,
  no: false,
  '0': false,
};

/** true/false, yes/no, 1/0, in any letter case. */
export function parseBoolean(text: string): boolean | null {
  return BOOLEANS[text.toLowerCase()] ?? null;
}

/** A non-negative whole number in digits, at most `max` (PostgreSQL `integer` by default). */
export function parseCount(text: string, max = 2_147_483_647): number | null {
  if (!/^\d+$/.test(text)) return null;
  const value = Number(text);
  return value <= max ? value : null;
}

/**
 * A positive decimal that fits `numeric(24, 12)` (FX rates): at most 12 digits before the point and 12 after
 * (more only if zeros). Returned as text so it reaches the database exactly.
 */
export function parseRate(text: string): string | null {
  const match = /^(\d+)(?:\.(\d+))?$/.exec(text);
  if (!match) return null;
  const whole = (match[1] ?? '').replace(/^0+/, '');
  const fraction = (match[2] ?? '').replace(/0+$/, '');
  if (whole.length > 12 || fraction.length > 12 || (whole === '' && fraction === '')) return null;
  return `${whole === '' ? '0' : whole}${fraction === '' ? '' : `.${fraction}`}`;
}
