// Reading a playbook's JSON field by field: each bad value names its path (e.g. `steps[1].due_in_days`).
import { InputError } from '../../core/errors.ts';

export type Json = Record<string, unknown>;

/** Where a value sits in the file: its file name and the path to the object being read. */
export interface At {
  file: string;
  path: string;
}

export const child = (at: At, key: string | number): At => ({
  file: at.file,
  path: typeof key === 'number' ? `${at.path}[${key}]` : at.path ? `${at.path}.${key}` : key,
});

/**
 * The value found, at most 80 characters: text as it is (InputError quotes it), anything else as JSON; a value
 * nested too deep to serialize (a stack overflow) is named so.
 */
const shown = (value: unknown): string => {
  if (value === undefined) return 'nothing';
  if (typeof value === 'string') return value.slice(0, 80);
  try {
    return JSON.stringify(value).slice(0, 80);
  } catch (error) {
    if (!(error instanceof RangeError)) throw error;
    return `${Array.isArray(value) ? 'a list' : 'an object'} nested too deeply to show`;
  }
};

export function fail(at: At, expected: string, value: unknown): never {
  throw new InputError({ file: at.file }, at.path || '(top level)', expected, shown(value));
}

export function object(value: unknown, at: At): Json {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) fail(at, 'a JSON object', value);
  return value as Json;
}

/** Refuses keys the reader does not know, so a misspelt option is an error rather than silently ignored. */
export function onlyKeys(obj: Json, keys: readonly string[], at: At): void {
  for (const key of Object.keys(obj)) {
    if (!keys.includes(key)) fail(child(at, key), `one of the fields ${keys.join(', ')}`, key);
  }
}

export function text(obj: Json, key: string, at: At, options: { max?: number } = {}): string {
  const value = obj[key];
  const max = options.max ?? 200;
  if (typeof value !== 'string' || value.trim() === '' || value.length > max) {
    fail(child(at, key), `a non-empty text of at most ${max} characters`, value);
  }
  return value.trim();
}

export function optionalText(obj: Json, key: string, at: At, options: { max?: number } = {}): string | undefined {
  return obj[key] === undefined ? undefined : text(obj, key, at, options);
}

export function whole(obj: Json, key: string, at: At, range: { min: number; max: number; default?: number }): number {
  const value = obj[key] ?? range.default;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < range.min || value > range.max) {
    fail(child(at, key), `a whole number from ${range.min} to ${range.max}`, obj[key]);
  }
  return value;
}

export function ratio(obj: Json, key: string, at: At): number {
  const value = obj[key];
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0 || value > 10) {
    fail(child(at, key), 'a ratio such as 0.5 (50%)', value);
  }
  return value;
}

export function flag(obj: Json, key: string, at: At, fallback: boolean): boolean {
  const value = obj[key] ?? fallback;
  if (typeof value !== 'boolean') fail(child(at, key), 'true or false', obj[key]);
  return value;
}

export function oneOf<T extends string>(obj: Json, key: string, at: At, values: readonly T[]): T {
  const value = obj[key];
  if (typeof value !== 'string' || !(values as readonly string[]).includes(value)) {
    fail(child(at, key), `one of ${values.join(', ')}`, value);
  }
  return value as T;
}

export function day(obj: Json, key: string, at: At): string {
  const value = obj[key];
  if (
    typeof value !== 'string' ||
    !/^\d{4}-\d{2}-\d{2}$/.test(value) ||
    Number.isNaN(Date.parse(`${value}T00:00:00Z`))
  ) {
    fail(child(at, key), 'a calendar day YYYY-MM-DD', value);
  }
  return value;
}
