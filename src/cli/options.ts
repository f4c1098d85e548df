// Command options parsed into the contract's input types: one parser per kind of value (days, months, intervals,
// dimensions, counts), each refusing a bad value with the flag, what it expects and what it found (exit 2).
import type { Static, TSchema } from 'typebox';
import { Value } from 'typebox/value';
import { WindowDays } from '../contract/adoption.ts';
import { Day, FORMAT_EXPECTED, Month } from '../contract/common.ts';
import { IntervalSchema } from '../contract/revenue.ts';
import { DimensionSchema, RevenueDimensionSchema } from '../contract/segments.ts';
import { UsageError } from '../services/errors.ts';
import { todayUtc } from '../services/revenue.ts';

/** What a schema expects, in words. */
function expected(schema: TSchema): string {
  const s = schema as { format?: string; enum?: unknown[]; minimum?: number; maximum?: number; type?: string };
  if (s.format !== undefined && FORMAT_EXPECTED[s.format]) return FORMAT_EXPECTED[s.format] ?? s.format;
  if (Array.isArray(s.enum)) return `one of ${s.enum.map(String).join(', ')}`;
  if (s.type === 'integer') return `a whole number from ${s.minimum ?? '…'} to ${s.maximum ?? '…'}`;
  return `a ${s.type ?? 'value'}`;
}

/** The value if the schema accepts it; otherwise a usage error naming the flag. */
export function optionValue<T extends TSchema>(flag: string, schema: T, value: unknown): Static<T> {
  if (Value.Check(schema, value)) return value;
  throw new UsageError(`${flag} must be ${expected(schema)}, found ${JSON.stringify(value)}`);
}

/** `--as-of`: a real calendar day; today (UTC) when absent. */
export const parseAsOf = (value: string | undefined, flag = '--as-of'): string =>
  value === undefined ? todayUtc() : optionValue(flag, Day, value);

/** `--from`, `--to`, `--month`: a month YYYY-MM, or absent. */
export const parseMonthOption = (flag: string, value: string | undefined): string | undefined =>
  value === undefined ? undefined : optionValue(flag, Month, value);

export const parseInterval = (value: string) => optionValue('--interval', IntervalSchema, value);

export const parseDimension = (value: string) => optionValue('--by', DimensionSchema, value);

/** `--by` of a revenue report: the account dimensions and the billing interval. */
export const parseRevenueDimension = (value: string) => optionValue('--by', RevenueDimensionSchema, value);

/** `--window-days`: whole days from 1 to 366, or absent. */
export function parseWindowDays(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const days = /^\d{1,6}$/.test(value) ? Number(value) : value;
  return optionValue('--window-days', WindowDays, days);
}
