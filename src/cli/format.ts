import { csvField } from '../core/csv.ts';
import { UsageError } from '../services/errors.ts';

export type OutputFormat = 'table' | 'csv' | 'json';

export function parseFormat(value: string, allowed: readonly OutputFormat[] = ['table', 'csv', 'json']): OutputFormat {
  if (!(allowed as readonly string[]).includes(value)) {
    throw new UsageError(`--format must be one of ${allowed.join(', ')}, found "${value}"`);
  }
  return value as OutputFormat;
}

/** A value as text in a cell: empty for null, JSON for objects. */
export function cellText(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'bigint' || typeof value === 'boolean') return value.toString();
  return value instanceof Date ? value.toISOString() : (JSON.stringify(value) ?? '');
}

/** A value as a CSV field: quoted where needed, and a text that could start a formula escaped (src/core/csv.ts). */
function csvCell(value: unknown): string {
  return csvField(cellText(value));
}

export function toCsv(columns: readonly string[], rows: readonly Readonly<Record<string, unknown>>[]): string {
  return [columns.join(','), ...rows.map((row) => columns.map((c) => csvCell(row[c])).join(','))].join('\n') + '\n';
}

/** A plain aligned text table; numbers align right. */
export function toTable(columns: readonly string[], rows: readonly Readonly<Record<string, unknown>>[]): string {
  const cells = rows.map((row) => columns.map((c) => cellText(row[c])));
  const widths = columns.map((c, i) => Math.max(c.length, ...cells.map((r) => r[i]?.length ?? 0)));
  const numeric = columns.map((_, i) => cells.length > 0 && cells.every((r) => /^-?[\d.,%]*$/.test(r[i] ?? '')));
  const line = (values: readonly string[]) =>
    values
      .map((v, i) => (numeric[i] ? v.padStart(widths[i] ?? 0) : v.padEnd(widths[i] ?? 0)))
      .join('  ')
      .trimEnd();
  return [line(columns), line(widths.map((w) => '-'.repeat(w))), ...cells.map(line)].join('\n') + '\n';
}
