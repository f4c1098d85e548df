// Shapes every domain's contract uses: days and months as real calendar values, ids, pages, money, and the
// problem+json error. Imported by services, routes, the CLI and (types only) the web dashboard.
import { Type, type Static, type TProperties, type TSchema } from 'typebox';
import Format from 'typebox/format';

/** Years a day or month may name: wide enough for any billing history, narrow enough to bound a report's work. */
export const FIRST_YEAR = 1900;
export const LAST_YEAR = 2100;

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
const isLeap = (year: number) => year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
const inYears = (year: number) => year >= FIRST_YEAR && year <= LAST_YEAR;

/** 'YYYY-MM-DD' naming a day that exists (no 2024-02-30), in FIRST_YEAR..LAST_YEAR. */
export function isCalendarDay(text: string): boolean {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  if (!match) return false;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  if (!inYears(year) || month < 1 || month > 12 || day < 1) return false;
  return day <= (month === 2 && isLeap(year) ? 29 : (DAYS_IN_MONTH[month - 1] ?? 0));
}

/** 'YYYY-MM' naming a month 01..12 in FIRST_YEAR..LAST_YEAR. */
export function isCalendarMonth(text: string): boolean {
  const match = /^(\d{4})-(\d{2})$/.exec(text);
  if (!match) return false;
  const [year, month] = [Number(match[1]), Number(match[2])];
  return inYears(year) && month >= 1 && month <= 12;
}

/** Custom string formats, registered with TypeBox here and handed to the HTTP server's validator. */
export const FORMATS = { 'calendar-day': isCalendarDay, 'calendar-month': isCalendarMonth } as const;
for (const [name, check] of Object.entries(FORMATS)) Format.Set(name, check);

export const DAY_EXPECTED = `a calendar day YYYY-MM-DD (UTC) from ${FIRST_YEAR} to ${LAST_YEAR}`;
export const MONTH_EXPECTED = `a month YYYY-MM from ${FIRST_YEAR} to ${LAST_YEAR}`;
/** What each custom format expects, in words (for error messages). */
export const FORMAT_EXPECTED: Readonly<Record<string, string>> = {
  'calendar-day': DAY_EXPECTED,
  'calendar-month': MONTH_EXPECTED,
};

/** A day as input: a real calendar day. */
export const dayInput = (description = DAY_EXPECTED) => Type.String({ format: 'calendar-day', description });
export const Day = dayInput();
/** A month as input. */
export const Month = Type.String({ format: 'calendar-month', description: MONTH_EXPECTED });
/** A day or month as output (always well formed; not re-checked on the way out). */
export const DayText = Type.String({ description: 'a day, YYYY-MM-DD (UTC)' });
export const MonthText = Type.String({ description: 'a month, YYYY-MM' });

/**
 * Marks a number input as finite. The HTTP validator coerces '1e400' to Infinity and then skips every bound on
 * it; the keyword (registered with it, see src/http/schemas.ts) refuses that.
 */
export const FINITE = { finite: true } as const;

/** A whole number in [minimum, maximum], as input. */
export const integerInput = (options: { minimum: number; maximum: number; description: string; default?: number }) =>
  Type.Integer({ ...options, ...FINITE });

/** A database id: a positive whole number a JavaScript number holds exactly. */
export const Id = integerInput({
  minimum: 1,
  maximum: Number.MAX_SAFE_INTEGER,
  description: `a positive whole number up to ${Number.MAX_SAFE_INTEGER}`,
});
export const IdParams = Type.Object({ id: Id });

/** Money in minor units of the reporting currency (cents for USD); may carry fractions after FX conversion. */
export const Minor = Type.Number({ description: 'money in minor units (cents for USD)' });
export const Currency = Type.String({ description: 'ISO 4217 currency code' });
export const Ratio = Type.Union([Type.Number(), Type.Null()], { description: 'a ratio (0.25 = 25%); null: undefined' });

export const Nullable = <T extends TSchema>(schema: T) => Type.Union([schema, Type.Null()]);

/** An output object: exactly these fields (a field the service adds must be added here to reach the client). */
export const Obj = <T extends TProperties>(properties: T, description?: string) =>
  Type.Object(properties, { additionalProperties: false, ...(description ? { description } : {}) });

export const MAX_PAGE_SIZE = 1000;
export const MAX_OFFSET = 1_000_000_000;
export const PageQuery = {
  limit: Type.Optional(integerInput({ minimum: 1, maximum: MAX_PAGE_SIZE, description: 'rows per page' })),
  offset: Type.Optional(integerInput({ minimum: 0, maximum: MAX_OFFSET, description: 'rows to skip' })),
};
export const Page = <T extends TSchema>(item: T) =>
  Obj({ total: Type.Integer({ description: 'rows matching, over every page' }), items: Type.Array(item) });
export interface PageOf<T> {
  total: number;
  items: T[];
}

/** RFC 9457 problem details, the body of every error answer (application/problem+json). */
export const Problem = Obj(
  {
    type: Type.String(),
    title: Type.String(),
    status: Type.Integer(),
    detail: Type.String({ description: 'what went wrong and what to do about it' }),
    instance: Type.Optional(Type.String()),
    errors: Type.Optional(
      Type.Array(
        Obj({
          field: Type.Optional(Type.String({ description: "where: 'querystring.asOf', 'params.id', a CSV column" })),
          message: Type.String({ description: 'what was expected (and found)' }),
          line: Type.Optional(Type.Integer()),
        }),
      ),
    ),
  },
  'RFC 9457 problem details',
);
export type Problem = Static<typeof Problem>;

/** A JSON value as an answer carries it. */
export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };
export type JsonObject = { [key: string]: JsonValue };

/**
 * How deeply nested a free-form JSON value (a job's payload, an audit entry's details) reaches a client: its
 * schema names every level, so no answer holds an untyped value; anything deeper arrives as its JSON text
 * (`boundedJson`).
 */
export const JSON_DEPTH = 4;
const jsonScalars = () => [Type.String(), Type.Number(), Type.Boolean(), Type.Null()];
function jsonLevels(depth: number, options: { description?: string } = {}): TSchema {
  if (depth <= 0) return Type.Union(jsonScalars(), options);
  const inner = jsonLevels(depth - 1);
  return Type.Union([...jsonScalars(), Type.Array(inner), Type.Record(Type.String(), inner)], options);
}
/** Free-form JSON (objects, arrays, scalars) nested up to JSON_DEPTH levels. */
export const json = (description?: string) =>
  Type.Unsafe<JsonValue>(jsonLevels(JSON_DEPTH, description === undefined ? {} : { description }));
/** A free-form JSON object whose values nest up to JSON_DEPTH - 1 levels. */
export const jsonObject = (description?: string) =>
  Type.Unsafe<JsonObject>(
    Type.Record(Type.String(), jsonLevels(JSON_DEPTH - 1), description === undefined ? {} : { description }),
  );

/** `value` as JSON that `Json` describes: parts nested deeper than `depth` become their JSON text. */
export function boundedJson(value: unknown, depth = JSON_DEPTH): JsonValue {
  if (value === null || typeof value === 'string' || typeof value === 'boolean') return value;
  if (typeof value === 'number') return Number.isFinite(value) ? value : null;
  if (typeof value !== 'object') return null;
  const toJSON = (value as { toJSON?: () => unknown }).toJSON;
  if (typeof toJSON === 'function') return boundedJson(toJSON.call(value), depth);
  if (depth <= 0) return JSON.stringify(value);
  if (Array.isArray(value)) return value.map((v: unknown) => boundedJson(v, depth - 1));
  const entries = Object.entries(value as Record<string, unknown>).filter(([, v]) => v !== undefined);
  return Object.fromEntries(entries.map(([k, v]) => [k, boundedJson(v, depth - 1)]));
}
/** A JSON object as `jsonObject()` describes it. */
export const boundedJsonObject = (value: Record<string, unknown>): JsonObject => boundedJson(value) as JsonObject;
