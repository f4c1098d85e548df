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

/** Leading columns that name a row; a wrapped table repeats them in each block. */
const KEY_COLUMNS = new Set(['group', 'month', 'cohort', 'level', 'account', 'account_id', 'name', 'kind']);

/** The width reports wrap to: 120 columns (more when the terminal is wider); `--wide` never wraps. */
export function tableWidth(wide: boolean | undefined): number {
  if (wide) return Infinity;
  const columns = process.stdout.isTTY ? process.stdout.columns : 0;
  return Math.max(120, columns);
}

/**
 * A plain aligned text table; numbers align right. Wider than `maxWidth`, its columns are wrapped into blocks
 * one under the other, each repeating the leading key columns (month, group, …).
 */
export function toTable(
  columns: readonly string[],
  rows: readonly Readonly<Record<string, unknown>>[],
  maxWidth = Infinity,
): string {
  const cells = rows.map((row) => columns.map((c) => cellText(row[c])));
  const widths = columns.map((c, i) => Math.max(c.length, ...cells.map((r) => r[i]?.length ?? 0)));
  const numeric = columns.map((_, i) => cells.length > 0 && cells.every((r) => /^-?[\d.,%]*$/.test(r[i] ?? '')));
  const blockWidth = (indexes: readonly number[]) =>
    indexes.reduce((sum, i) => sum + (widths[i] ?? 0), 0) + 2 * Math.max(0, indexes.length - 1);
  let keys = 0;
  while (keys < columns.length - 1 && KEY_COLUMNS.has(columns[keys] ?? '')) keys++;
  const keyIndexes = columns.slice(0, keys).map((_, i) => i);
  const blocks: number[][] = [];
  for (let i = keys; i < columns.length; i++) {
    const current = blocks.at(-1);
    if (current && blockWidth([...current, i]) <= maxWidth) current.push(i);
    else blocks.push([...keyIndexes, i]);
  }
  if (blocks.length === 0) blocks.push(keyIndexes);
  const render = (indexes: readonly number[]) => {
    const line = (values: readonly string[]) =>
      indexes
        .map((i) => {
          const v = values[i] ?? '';
          return numeric[i] ? v.padStart(widths[i] ?? 0) : v.padEnd(widths[i] ?? 0);
        })
        .join('  ')
        .trimEnd();
    return [line(columns), line(widths.map((w) => '-'.repeat(w))), ...cells.map(line)].join('\n') + '\n';
  };
  return blocks.map(render).join('\n');
}
