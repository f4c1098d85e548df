// Calendar arithmetic without Date objects: days are integers since 1970-01-01 (UTC), months are integer
// indexes year * 12 + month0. Strings ('YYYY-MM-DD', 'YYYY-MM') appear only at the edges.

/** year * 12 + (month - 1): 2019-04 → 24231. */
export type MonthIndex = number;
/** Days since 1970-01-01, UTC calendar. */
export type DayNumber = number;
/** A calendar date as 'YYYY-MM-DD', an ISO 8601 timestamp (taken in UTC), or a Date. */
export type DateLike = string | Date;

const MS_PER_DAY = 86_400_000;

export function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

/** Days in a month (1-based month). */
export function daysInMonthOf(year: number, month: number): number {
  if (month === 2) return isLeapYear(year) ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

/** Proleptic Gregorian (year, month 1-12, day) → day number (H. Hinnant's days_from_civil). */
export function daysFromCivil(year: number, month: number, day: number): DayNumber {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const doy = Math.floor((153 * ((month + 9) % 12) + 2) / 5) + day - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

export interface CivilDate {
  year: number;
  month: number;
  day: number;
}

/**
 * Day number → (year, month 1-12, day) packed as year * 512 + month * 32 + day (H. Hinnant's
 * civil_from_days), so the per-record callers below need no object.
 */
function packedCivil(dayNumber: DayNumber): number {
  const z = dayNumber + 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const day = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const month = mp < 10 ? mp + 3 : mp - 9;
  return (yoe + era * 400 + (month <= 2 ? 1 : 0)) * 512 + month * 32 + day;
}

/** Day number → proleptic Gregorian (year, month 1-12, day). */
export function civilFromDays(dayNumber: DayNumber): CivilDate {
  const packed = packedCivil(dayNumber);
  return { year: Math.floor(packed / 512), month: (packed >> 5) & 15, day: packed & 31 };
}

/** The month a day falls in. */
export function monthOfDay(dayNumber: DayNumber): MonthIndex {
  const packed = packedCivil(dayNumber);
  return Math.floor(packed / 512) * 12 + ((packed >> 5) & 15) - 1;
}

export function firstDayOfMonth(month: MonthIndex): DayNumber {
  return daysFromCivil(Math.floor(month / 12), (month % 12) + 1, 1);
}

export function lastDayOfMonth(month: MonthIndex): DayNumber {
  return firstDayOfMonth(month + 1) - 1;
}

export function daysInMonth(month: MonthIndex): number {
  return daysInMonthOf(Math.floor(month / 12), (month % 12) + 1);
}

function digits(text: string, from: number, count: number): number {
  let value = 0;
  for (let i = from; i < from + count; i++) {
    const c = text.charCodeAt(i) - 48;
    if (c < 0 || c > 9) return -1;
    value = value * 10 + c;
  }
  return value;
}

/** 'YYYY-MM-DD' → day number; throws RangeError on anything else (including 2023-02-29). */
export function parseDay(text: string): DayNumber {
  const year = digits(text, 0, 4);
  const month = digits(text, 5, 2);
  const day = digits(text, 8, 2);
  const valid =
    text.length === 10 && text[4] === '-' && text[7] === '-' && year >= 0 && month >= 1 && month <= 12 && day >= 1;
  if (!valid || day > daysInMonthOf(year, month)) throw new RangeError(`invalid date "${text}" (want YYYY-MM-DD)`);
  return daysFromCivil(year, month, day);
}

/** A DateLike as a UTC day: 'YYYY-MM-DD' as is, timestamps by the UTC calendar day they fall on. */
export function dayOf(value: DateLike): DayNumber {
  if (typeof value !== 'string') return Math.floor(value.getTime() / MS_PER_DAY);
  if (value.length === 10) return parseDay(value);
  const ms = Date.parse(value);
  if (Number.isNaN(ms)) throw new RangeError(`invalid timestamp "${value}"`);
  return Math.floor(ms / MS_PER_DAY);
}

const pad2 = (n: number) => String(n).padStart(2, '0');

/** Day number → 'YYYY-MM-DD'. */
export function formatDay(dayNumber: DayNumber): string {
  const { year, month, day } = civilFromDays(dayNumber);
  return `${String(year).padStart(4, '0')}-${pad2(month)}-${pad2(day)}`;
}

/** 'YYYY-MM' → month index. */
export function monthIndex(key: string): MonthIndex {
  const year = digits(key, 0, 4);
  const month = digits(key, 5, 2);
  if (key.length !== 7 || key[4] !== '-' || year < 0 || month < 1 || month > 12) {
    throw new RangeError(`invalid month "${key}" (want YYYY-MM)`);
  }
  return year * 12 + month - 1;
}

/** Month index → 'YYYY-MM'. */
export function monthKey(month: MonthIndex): string {
  return `${String(Math.floor(month / 12)).padStart(4, '0')}-${pad2((month % 12) + 1)}`;
}

/**
 * `months` calendar months after `day`, clamped to the end of the target month
 * (2024-01-31 + 1 month = 2024-02-29), as billing systems anchor renewals.
 */
export function addMonthsToDay(dayNumber: DayNumber, months: number): DayNumber {
  const { year, month, day } = civilFromDays(dayNumber);
  const target = year * 12 + month - 1 + months;
  const targetYear = Math.floor(target / 12);
  const targetMonth = (target % 12) + 1;
  return daysFromCivil(targetYear, targetMonth, Math.min(day, daysInMonthOf(targetYear, targetMonth)));
}

export function isLastDayOfMonth(dayNumber: DayNumber): boolean {
  return civilFromDays(dayNumber + 1).day === 1;
}

export type WindowKind = 'month' | 'quarter' | 'year' | 't12m';

/** A reporting window of whole months, both ends inclusive. */
export interface MonthWindow {
  kind: WindowKind;
  /** '2019-04', '2019-Q2', '2019', 'T12M-2019-04' (the twelve months ending 2019-04). */
  label: string;
  startMonth: MonthIndex;
  endMonth: MonthIndex;
}

/** The window of `kind` that contains `month` (for 't12m': the twelve months ending with it). */
export function windowContaining(kind: WindowKind, month: MonthIndex): MonthWindow {
  const year = Math.floor(month / 12);
  switch (kind) {
    case 'month':
      return { kind, label: monthKey(month), startMonth: month, endMonth: month };
    case 'quarter': {
      const q = Math.floor((month % 12) / 3);
      return { kind, label: `${year}-Q${q + 1}`, startMonth: year * 12 + q * 3, endMonth: year * 12 + q * 3 + 2 };
    }
    case 'year':
      return { kind, label: String(year), startMonth: year * 12, endMonth: year * 12 + 11 };
    case 't12m':
      return { kind, label: `T12M-${monthKey(month)}`, startMonth: month - 11, endMonth: month };
  }
}

/** Consecutive windows of `kind` that overlap months first..last (t12m: one per end month), oldest first. */
export function windowsCovering(kind: WindowKind, first: MonthIndex, last: MonthIndex): MonthWindow[] {
  const windows: MonthWindow[] = [];
  let month = first;
  while (month <= last) {
    const window = windowContaining(kind, month);
    windows.push(window);
    month = kind === 't12m' ? month + 1 : window.endMonth + 1;
  }
  return windows;
}

/** Parses a window label as produced by windowContaining: '2019-04', '2019-Q2', '2019', 'T12M-2019-04'. */
export function parseWindow(label: string): MonthWindow {
  if (label.startsWith('T12M-')) return windowContaining('t12m', monthIndex(label.slice(5)));
  const quarter = /^(\d{4})-Q([1-4])$/.exec(label);
  if (quarter) return windowContaining('quarter', Number(quarter[1]) * 12 + (Number(quarter[2]) - 1) * 3);
  if (/^\d{4}$/.test(label)) return windowContaining('year', Number(label) * 12);
  return windowContaining('month', monthIndex(label));
}
