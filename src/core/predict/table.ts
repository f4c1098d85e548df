// Any CSV as a training table: numeric and categorical columns told apart, categories one-hot encoded (the most
// frequent levels, rare ones pooled), blanks kept as missing values, an id column dropped, and the target's
// positive class read from Yes/No, true/false or 1/0.
import { InputError } from '../errors.ts';
import type { TrainingSet } from './types.ts';

/** A parsed CSV: the header and each record with the line it starts on (src/importers/csv/read.ts makes one). */
export interface CsvLike {
  file: string;
  header: readonly string[];
  headerLine: number;
  records: readonly { line: number; values: readonly string[] }[];
}

export interface TableOptions {
  target: string;
  id?: string | undefined;
  /** Most levels one categorical column keeps (default 20); the rest are pooled as "(other)". */
  maxLevels?: number;
  /** A level seen fewer times than this is pooled (default 1% of rows, at least 5). */
  minLevelCount?: number;
}

export type ColumnKind =
  | { name: string; kind: 'numeric' }
  | { name: string; kind: 'categorical'; levels: string[] }
  | { name: string; kind: 'dropped'; reason: string };

export interface PreparedTable extends TrainingSet {
  columns: ColumnKind[];
  /** The target's value taken as the positive class, as written in the file. */
  positive: string;
}

const BLANKS = new Set(['', 'na', 'n/a', 'nan', 'null', 'none']);
const NUMBER = /^[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?$/;
const TARGET_PAIRS: readonly (readonly [string, string])[] = [
  ['yes', 'no'],
  ['true', 'false'],
  ['1', '0'],
];
const OTHER = '(other)';
const BLANK = '(blank)';

const isBlank = (value: string) => BLANKS.has(value.trim().toLowerCase());

function columnIndex(csv: CsvLike, name: string, option: string): number {
  const index = csv.header.indexOf(name);
  if (index < 0) {
    throw new InputError(
      { file: csv.file, line: csv.headerLine },
      option,
      `a column named "${name}" in the header`,
      csv.header.join(','),
    );
  }
  return index;
}

function readTarget(csv: CsvLike, index: number, name: string): { labels: (0 | 1)[]; positive: string } {
  const seen = new Map<string, number>();
  for (const record of csv.records) {
    const value = (record.values[index] ?? '').trim();
    if (!seen.has(value.toLowerCase())) seen.set(value.toLowerCase(), record.line);
  }
  const values = [...seen.keys()];
  const pair = TARGET_PAIRS.find((p) => values.every((v) => p.includes(v)));
  if (!pair) {
    const bad = values.find((v) => !TARGET_PAIRS.some((p) => p.includes(v))) ?? values[0] ?? '';
    const found = values.map((v) => (v === '' ? '(blank)' : v)).slice(0, 8);
    throw new InputError(
      { file: csv.file, line: seen.get(bad) },
      name,
      'a target of Yes/No, true/false or 1/0',
      `${found.join(', ')}${values.length > 8 ? ', …' : ''}`,
    );
  }
  if (values.length < 2) {
    throw new InputError({ file: csv.file }, name, 'both classes of the target', `only ${values[0] ?? 'no rows'}`);
  }
  const positiveRecord = csv.records.find((r) => (r.values[index] ?? '').trim().toLowerCase() === pair[0]);
  return {
    labels: csv.records.map((r) => ((r.values[index] ?? '').trim().toLowerCase() === pair[0] ? 1 : 0)),
    positive: (positiveRecord?.values[index] ?? pair[0]).trim(),
  };
}

function describeColumn(csv: CsvLike, index: number, options: TableOptions): ColumnKind {
  const name = csv.header[index] ?? '';
  const values = csv.records.map((r) => r.values[index] ?? '');
  const present = values.filter((v) => !isBlank(v));
  if (present.length === 0) return { name, kind: 'dropped', reason: 'blank in every row' };
  if (present.every((v) => NUMBER.test(v.trim()))) {
    const distinct = new Set(present.map((v) => Number(v)));
    if (distinct.size < 2 && present.length === values.length) return { name, kind: 'dropped', reason: 'constant' };
    return { name, kind: 'numeric' };
  }
  const counts = new Map<string, number>();
  for (const v of values) {
    const level = isBlank(v) ? BLANK : v.trim();
    counts.set(level, (counts.get(level) ?? 0) + 1);
  }
  const minCount = options.minLevelCount ?? Math.max(5, Math.ceil(values.length / 100));
  const kept = [...counts.entries()]
    .filter(([, count]) => count >= minCount)
    .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
    .slice(0, options.maxLevels ?? 20)
    .map(([level]) => level);
  const pooled = kept.length < counts.size;
  const levels = pooled ? [...kept, OTHER] : kept;
  if (levels.length < 2) return { name, kind: 'dropped', reason: 'one level only (after pooling rare ones)' };
  return { name, kind: 'categorical', levels };
}

/** Checks every record has the header's fields, then builds the numeric table. */
export function prepareTable(csv: CsvLike, options: TableOptions): PreparedTable {
  if (csv.records.length === 0) {
    throw new InputError({ file: csv.file }, undefined, 'at least one row under the header', 'none');
  }
  for (const record of csv.records) {
    if (record.values.length !== csv.header.length) {
      throw new InputError(
        { file: csv.file, line: record.line },
        undefined,
        `${csv.header.length} fields as in the header`,
        `${record.values.length}`,
      );
    }
  }
  const targetIndex = columnIndex(csv, options.target, '--target');
  const idIndex = options.id === undefined ? -1 : columnIndex(csv, options.id, '--id');
  const { labels, positive } = readTarget(csv, targetIndex, options.target);
  const columns: ColumnKind[] = [];
  const indexes: number[] = [];
  csv.header.forEach((_, index) => {
    if (index === targetIndex || index === idIndex) return;
    columns.push(describeColumn(csv, index, options));
    indexes.push(index);
  });
  const featureNames: string[] = [];
  columns.forEach((column) => {
    if (column.kind === 'numeric') featureNames.push(column.name);
    if (column.kind === 'categorical') for (const level of column.levels) featureNames.push(`${column.name}=${level}`);
  });
  const rows = csv.records.map((record) => {
    const row: number[] = [];
    columns.forEach((column, c) => {
      const raw = record.values[indexes[c] ?? 0] ?? '';
      if (column.kind === 'numeric') row.push(isBlank(raw) ? Number.NaN : Number(raw.trim()));
      if (column.kind === 'categorical') {
        const level = isBlank(raw) ? BLANK : raw.trim();
        const at = column.levels.includes(level) ? level : OTHER;
        for (const l of column.levels) row.push(l === at ? 1 : 0);
      }
    });
    return row;
  });
  return { featureNames, rows, labels, columns, positive };
}
