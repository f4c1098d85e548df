import { isCurrencyCode } from '../../core/money.ts';
import { InputError, type InputLocation } from '../../core/errors.ts';

export type JsonObject = Record<string, unknown>;

export function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A short rendering of a bad value for an error message. */
export function describeValue(value: unknown): string | undefined {
  if (value === undefined) return undefined;
  if (typeof value === 'string') return value;
  const text = JSON.stringify(value) ?? typeof value;
  return text.length > 80 ? `${text.slice(0, 77)}...` : text;
}

const LAST_UNIX_SECOND = Date.UTC(2101, 0, 1) / 1000;

/** Unix seconds → ISO 8601 UTC timestamp. */
export function isoFromUnix(seconds: number): string {
  return new Date(seconds * 1000).toISOString();
}

/** Unix seconds → UTC calendar date 'YYYY-MM-DD'. */
export function dateFromUnix(seconds: number): string {
  return isoFromUnix(seconds).slice(0, 10);
}

/** An id, or the id of an expanded object: Stripe's expandable fields hold either. */
export interface Reference {
  id: string;
  expanded: Fields | null;
}

const DECIMAL = /^-?\d+(\.\d+)?$/;

/**
 * Typed reads from one Stripe object (or a part of it), each failing with an InputError that names
 * the file, the top-level object id and the field's path inside it (`items.data[0].price.recurring.interval`).
 */
export class Fields {
  readonly value: JsonObject;
  readonly location: InputLocation;
  readonly path: string;

  constructor(value: JsonObject, location: InputLocation, path = '') {
    this.value = value;
    this.location = location;
    this.path = path;
  }

  /** Reads a top-level Stripe object, which must carry a string `id` (named in every later error). */
  static root(value: unknown, file: string, what: string): Fields {
    if (!isObject(value)) throw new InputError({ file }, undefined, `a Stripe ${what} object`, describeValue(value));
    const id = value.id;
    if (typeof id !== 'string' || id === '') {
      throw new InputError({ file }, 'id', `the ${what}'s id`, describeValue(id));
    }
    return new Fields(value, { file, objectId: id });
  }

  get id(): string {
    return this.str('id');
  }

  fieldPath(name: string): string {
    return this.path === '' ? name : `${this.path}.${name}`;
  }

  fail(name: string, expected: string, found?: unknown): never {
    throw new InputError(this.location, this.fieldPath(name), expected, describeValue(found));
  }

  has(name: string): boolean {
    return this.value[name] !== undefined && this.value[name] !== null;
  }

  raw(name: string): unknown {
    return this.value[name];
  }

  str(name: string): string {
    const v = this.value[name];
    if (typeof v !== 'string' || v === '') this.fail(name, 'a non-empty string', v);
    return v;
  }

  optStr(name: string): string | null {
    const v = this.value[name];
    if (v === undefined || v === null || v === '') return null;
    if (typeof v !== 'string') this.fail(name, 'a string or null', v);
    return v;
  }

  bool(name: string, fallback: boolean): boolean {
    const v = this.value[name];
    if (v === undefined || v === null) return fallback;
    if (typeof v !== 'boolean') this.fail(name, 'true or false', v);
    return v;
  }

  int(name: string, min = Number.MIN_SAFE_INTEGER): number {
    const v = this.value[name];
    if (typeof v !== 'number' || !Number.isSafeInteger(v)) this.fail(name, 'an integer', v);
    if (v < min) this.fail(name, min === 0 ? 'an integer >= 0' : `an integer >= ${min}`, v);
    return v;
  }

  optInt(name: string, min = Number.MIN_SAFE_INTEGER): number | null {
    return this.has(name) ? this.int(name, min) : null;
  }

  optNumber(name: string): number | null {
    const v = this.value[name];
    if (v === undefined || v === null) return null;
    if (typeof v !== 'number' || !Number.isFinite(v)) this.fail(name, 'a number', v);
    return v;
  }

  /** A decimal as Stripe sends it: a string over the wire, a Decimal object from the stripe client. */
  optDecimal(name: string): string | null {
    const v = this.value[name];
    if (v === undefined || v === null) return null;
    const text = typeof v === 'string' ? v : isDecimal(v) ? v.toString() : null;
    if (text === null || !DECIMAL.test(text)) this.fail(name, 'a decimal string', v);
    return text;
  }

  /** Unix seconds within 1970-01-01..2100-12-31 (the days revenue figures cover). */
  timestamp(name: string): string {
    const seconds = this.int(name, 0);
    if (seconds >= LAST_UNIX_SECOND) this.fail(name, 'a time before 2101-01-01 (Unix seconds)', seconds);
    return isoFromUnix(seconds);
  }

  optTimestamp(name: string): string | null {
    return this.has(name) ? this.timestamp(name) : null;
  }

  oneOf<T extends string>(name: string, allowed: readonly T[]): T {
    const v = this.value[name];
    if (typeof v !== 'string' || !(allowed as readonly string[]).includes(v)) {
      this.fail(name, `one of ${allowed.join(', ')}`, v);
    }
    return v as T;
  }

  /** An ISO 4217 code; Stripe sends it in lower case. */
  currency(name: string): string {
    const code = this.str(name).toUpperCase();
    if (!isCurrencyCode(code)) this.fail(name, 'an ISO 4217 currency code', this.value[name]);
    return code;
  }

  obj(name: string): Fields {
    const v = this.value[name];
    if (!isObject(v)) this.fail(name, 'an object', v);
    return new Fields(v, this.location, this.fieldPath(name));
  }

  optObj(name: string): Fields | null {
    return this.has(name) ? this.obj(name) : null;
  }

  /** Elements of an array field; `null` or absent reads as empty. */
  array(name: string): unknown[] {
    const v = this.value[name];
    if (v === undefined || v === null) return [];
    if (!Array.isArray(v)) this.fail(name, 'an array', v);
    return v as unknown[];
  }

  /** Object elements of an array field, each readable with its index in the path. */
  objects(name: string): Fields[] {
    return this.array(name).map((element, i) => {
      const path = `${this.fieldPath(name)}[${i}]`;
      if (!isObject(element)) throw new InputError(this.location, path, 'an object', describeValue(element));
      return new Fields(element, this.location, path);
    });
  }

  /** An expandable field: an id string, or the expanded object with its id. */
  ref(name: string): Reference {
    const r = this.optRef(name);
    if (r === null) this.fail(name, 'an id or an expanded object', this.value[name]);
    return r;
  }

  optRef(name: string): Reference | null {
    const v = this.value[name];
    if (v === undefined || v === null) return null;
    return refOf(v, this.location, this.fieldPath(name));
  }

  /** Elements of an array of expandable references (`discounts`). */
  refs(name: string): Reference[] {
    return this.array(name).map((element, i) => refOf(element, this.location, `${this.fieldPath(name)}[${i}]`));
  }

  /** A Stripe list object (`{object: 'list', data, has_more}`) embedded in this object. */
  list(name: string): { data: Fields[]; hasMore: boolean } {
    const list = this.obj(name);
    return { data: list.objects('data'), hasMore: list.bool('has_more', false) };
  }

  /** Metadata as a plain string map with sorted keys, so equal metadata hashes equally. */
  metadata(name = 'metadata'): Record<string, string> {
    const v = this.value[name];
    if (v === undefined || v === null) return {};
    if (!isObject(v)) this.fail(name, 'an object of strings', v);
    const out: Record<string, string> = {};
    for (const key of Object.keys(v).sort()) {
      const entry = v[key];
      if (typeof entry !== 'string') this.fail(`${name}.${key}`, 'a string', entry);
      out[key] = entry;
    }
    return out;
  }
}

/** The stripe client's Decimal (it turns `*_decimal` strings into these); its toString gives the decimal text. */
function isDecimal(value: unknown): value is { toString(): string; toFixed(digits: number): string } {
  return isObject(value) && typeof value.toFixed === 'function' && typeof value.isZero === 'function';
}

function refOf(value: unknown, location: InputLocation, path: string): Reference {
  if (typeof value === 'string' && value !== '') return { id: value, expanded: null };
  if (isObject(value) && typeof value.id === 'string' && value.id !== '') {
    return { id: value.id, expanded: new Fields(value, location, path) };
  }
  throw new InputError(location, path, 'an id or an expanded object with an id', describeValue(value));
}
