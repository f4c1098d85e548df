// Client-side CSV (RFC 4180) from a table's rows (pure: downloads are in download.ts).
import { csvField } from '../../../src/core/csv.ts';

export interface CsvColumn<Row> {
  header: string;
  value: (row: Row) => string | number | boolean | null | undefined;
}

/** Quoted where needed; a text that could start a spreadsheet formula is escaped (the CLI's rule too). */
function cell(value: string | number | boolean | null | undefined): string {
  if (value === null || value === undefined) return '';
  return csvField(String(value));
}

export function toCsv<Row>(columns: readonly CsvColumn<Row>[], rows: readonly Row[]): string {
  const lines = [columns.map((c) => cell(c.header)).join(',')];
  for (const row of rows) lines.push(columns.map((c) => cell(c.value(row))).join(','));
  return `${lines.join('\r\n')}\r\n`;
}
