import { currencyExponent, formatMinor, isCurrencyCode, parseMajorToMinor } from '../../core/money.ts';
import { InputError } from '../../core/errors.ts';
import type { CsvRecord, CsvTable } from './read.ts';
import { FIRST_DATE, inDateRange, LAST_DATE, parseBoolean, parseCount, parseDate, parseTimestamp } from './values.ts';

export interface ColumnSpec {
  /** Accepted header names, normalized (see `normalizeColumnName`); the first is the one messages suggest. */
  names: readonly string[];
  required?: boolean;
}

export type ColumnSpecs<F extends string> = Readonly<Record<F, ColumnSpec>>;

/** Header names match case-insensitively, ignoring surrounding spaces; inner spaces and hyphens count as '_'. */
export function normalizeColumnName(name: string): string {
  return name
    .trim()
    .toLowerCase()
    .replace(/[\s-]+/g, '_');
}

export interface Columns<F extends string> {
  file: string;
  /** Header names as written in the file. */
  header: readonly string[];
  index: Partial<Record<F, number>>;
  /** Columns no spec claims (and whose header is not blank), e.g. for an `attributes` object. */
  extras: readonly number[];
}

/** Maps the header onto the importer's fields; a missing required column or an ambiguous one is an error. */
export function mapColumns<F extends string>(
  table: Pick<CsvTable, 'file' | 'header' | 'headerLine'>,
  specs: ColumnSpecs<F>,
): Columns<F> {
  const where = { file: table.file, line: table.headerLine };
  const normalized = table.header.map(normalizeColumnName);
  const index: Partial<Record<F, number>> = {};
  const claimed = new Set<number>();
  for (const field of Object.keys(specs) as F[]) {
    const spec = specs[field];
    const matches = normalized.flatMap((name, i) => (spec.names.includes(name) ? [i] : []));
    const [first, second] = matches;
    if (first === undefined) {
      if (!spec.required) continue;
      const names = spec.names.join(' or ');
      throw new InputError(where, spec.names[0], `a column named ${names}`, `columns ${table.header.join(', ')}`);
    }
    if (second !== undefined) {
      const found = `columns ${table.header[first]} and ${table.header[second]}`;
      throw new InputError(where, spec.names[0], 'one column for this field', found);
    }
    index[field] = first;
    claimed.add(first);
  }
  const extras: number[] = [];
  const seen = new Map<string, number>();
  normalized.forEach((name, i) => {
    if (name === '' || claimed.has(i)) return;
    const before = seen.get(name);
    if (before !== undefined) {
      throw new InputError(where, table.header[i], 'each column name once', `columns ${before + 1} and ${i + 1}`);
    }
    seen.set(name, i);
    extras.push(i);
  });
  return { file: table.file, header: table.header, index, extras };
}

/** A record as a row, checked to have as many fields as the header (extra empty fields are fine). */
function checkedRow<F extends string>(columns: Columns<F>, record: CsvRecord): CsvRow<F> {
  const width = columns.header.length;
  const { values } = record;
  if (values.length < width || values.slice(width).some((v) => v.trim() !== '')) {
    throw new InputError(
      { file: columns.file, line: record.line },
      undefined,
      `${width} fields like the header`,
      values.length === 1 ? '1 field' : `${values.length} fields`,
    );
  }
  return new CsvRow(columns, record);
}

/** The data rows of a table, each checked to have as many fields as the header. */
export function* csvRows<F extends string>(table: CsvTable, columns: Columns<F>): Generator<CsvRow<F>> {
  for (const record of table.records) yield checkedRow(columns, record);
}

/** The same over a stream of records. */
export async function* streamedRows<F extends string>(
  records: AsyncIterable<CsvRecord>,
  columns: Columns<F>,
): AsyncGenerator<CsvRow<F>> {
  for await (const record of records) yield checkedRow(columns, record);
}

/** Ids, names and other known fields are keys of btree indexes, which hold at most 2704 bytes. */
export const MAX_CELL_BYTES = 2000;

/** One data row: typed getters that throw an `InputError` naming file, line, column, expectation and value. */
export class CsvRow<F extends string> {
  readonly line: number;
  readonly #columns: Columns<F>;
  readonly #values: readonly string[];

  constructor(columns: Columns<F>, record: CsvRecord) {
    this.line = record.line;
    this.#columns = columns;
    this.#values = record.values;
  }

  /** The column's name as the file writes it (or the field's name when the file has no such column). */
  columnName(field: F): string {
    const i = this.#columns.index[field];
    return i === undefined ? field : (this.#columns.header[i] ?? field);
  }

  fail(field: string, expected: string, found?: string): never {
    throw new InputError({ file: this.#columns.file, line: this.line }, field, expected, found);
  }

  /** The trimmed value; null when the file has no such column or the cell is empty. */
  text(field: F): string | null {
    const i = this.#columns.index[field];
    const value = i === undefined ? '' : (this.#values[i] ?? '').trim();
    if (value.length > MAX_CELL_BYTES / 3 && Buffer.byteLength(value) > MAX_CELL_BYTES) {
      this.fail(
        this.columnName(field),
        `a value of at most ${MAX_CELL_BYTES} bytes`,
        `${Buffer.byteLength(value)} bytes`,
      );
    }
    return value === '' ? null : value;
  }

  required(field: F): string {
    return this.text(field) ?? this.fail(this.columnName(field), 'a value', '');
  }

  /** A date within 1970-01-01..2100-12-31: a year like 0025 is a typo that no figure can use. */
  date(field: F): string | null {
    return this.#inRange(field, 'a date YYYY-MM-DD', parseDate);
  }

  timestamp(field: F): string | null {
    return this.#inRange(field, 'a date YYYY-MM-DD or an ISO 8601 timestamp', parseTimestamp);
  }

  /** A date or timestamp that parses and falls in the range; one message for both failures. */
  #inRange(field: F, what: string, parse: (text: string) => string | null): string | null {
    const expected = `${what} between ${FIRST_DATE} and ${LAST_DATE}`;
    const value = this.#parse(field, parse, expected);
    if (value === null || inDateRange(value)) return value;
    return this.fail(this.columnName(field), expected, this.text(field) ?? '');
  }

  boolean(field: F): boolean | null {
    return this.#parse(field, parseBoolean, 'true/false, yes/no or 1/0');
  }

  count(field: F): number | null {
    return this.#parse(field, parseCount, 'a whole number >= 0');
  }

  /** A major-unit amount converted to minor units of `currency`; a refusal says which rule the text breaks. */
  amount(field: F, currency: string): number | null {
    const text = this.text(field);
    if (text === null) return null;
    const value = parseMajorToMinor(text, currency);
    return value ?? this.fail(this.columnName(field), amountExpectation(text, currency), text);
  }

  /** An ISO 4217 code in any letter case, returned upper case; `fallback` when empty. */
  currency(field: F, fallback?: string): string {
    const text = this.text(field);
    if (text === null) return fallback ?? this.fail(this.columnName(field), 'a currency code like USD', '');
    const code = text.toUpperCase();
    return isCurrencyCode(code) ? code : this.fail(this.columnName(field), 'an ISO 4217 currency code like USD', text);
  }

  /** Values of the columns no field claims, by header name, leaving out empty cells. */
  extras(): Record<string, string> {
    const out: Record<string, string> = {};
    for (const i of this.#columns.extras) {
      const value = (this.#values[i] ?? '').trim();
      if (value !== '') out[this.#columns.header[i] ?? String(i)] = value;
    }
    return out;
  }

  #parse<T>(field: F, parse: (text: string) => T | null, expected: string): T | null {
    const text = this.text(field);
    if (text === null) return null;
    const value = parse(text);
    return value === null ? this.fail(this.columnName(field), expected, text) : value;
  }
}

/** What an amount the text fails to be should look like: too many decimals, too large, or not plain digits. */
export function amountExpectation(text: string, currency: string): string {
  const exponent = currencyExponent(currency);
  const match = /^\d+(?:\.(\d+))?$/.exec(text);
  if (match && /[^0]/.test((match[1] ?? '').slice(exponent))) {
    return exponent === 0
      ? `a whole ${currency} amount (no decimals)`
      : `a ${currency} amount with at most ${exponent} decimals`;
  }
  if (match) return `a ${currency} amount of at most ${formatMinor(Number.MAX_SAFE_INTEGER, currency)}`;
  const example = exponent === 0 ? '1500' : `49.${'9'.repeat(exponent)}`;
  return `a non-negative ${currency} amount in plain digits, like ${example}`;
}

/** Remembers keys by line, so a key used twice in one file is refused with both lines named. */
export class KeyLines {
  readonly #lines = new Map<string, number>();

  claim<F extends string>(row: CsvRow<F>, key: string, field: string, shown: string): void {
    const first = this.#lines.get(key);
    if (first !== undefined) row.fail(field, `a key not used before in the file (line ${first} has it too)`, shown);
    this.#lines.set(key, row.line);
  }
}
