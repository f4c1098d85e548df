import { readFile } from 'node:fs/promises';
import { CsvError, parse } from 'csv-parse/sync';
import { InputError } from '../../core/errors.ts';
import { decodeUtf8 } from '../encoding.ts';

/**
 * A CSV file to import: a path on disk, or text already in memory, with the name to use in messages (an upload's
 * own name, never the temporary path it was saved to; the path itself when no name is given).
 */
export type CsvInput = { path: string; name?: string } | { text: string; name: string };

export interface CsvRecord {
  /** 1-based physical line where the record starts (the header is line 1 unless blank lines precede it). */
  line: number;
  values: string[];
}

export interface CsvTable {
  /** The file as named in messages. */
  file: string;
  header: string[];
  headerLine: number;
  records: CsvRecord[];
}

export function csvInputName(input: CsvInput): string {
  return input.name ?? ('path' in input ? input.path : '');
}

/** Reads and parses a whole CSV file: UTF-8 (BOM optional), comma-separated, RFC 4180 quoting, LF or CRLF. */
export async function readCsv(input: CsvInput): Promise<CsvTable> {
  if ('text' in input) return parseCsv(input.text, input.name);
  const file = csvInputName(input);
  return parseCsv(decodeUtf8(await readBytes(input.path, file), file), file);
}

/** A file's bytes; a file that cannot be read is an InputError naming it as `file`. */
export async function readBytes(path: string, file = path): Promise<Buffer> {
  try {
    return await readFile(path);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const found =
      code === 'ENOENT'
        ? 'no such file'
        : code === 'EISDIR'
          ? 'a directory'
          : code === 'EACCES'
            ? 'a file this user may not read'
            : (error as Error).message;
    throw new InputError({ file }, undefined, 'a readable CSV file', found);
  }
}

/** Parses CSV text; the first non-blank record is the header. Blank lines and all-empty records are skipped. */
export function parseCsv(text: string, file: string): CsvTable {
  // csv-parse miscounts lines for CRLF inside quoted fields, so every line break becomes LF first.
  const normalized = text.replace(/^\uFEFF/, '').replace(/\r\n?/g, '\n');
  if (normalized.includes('\u0000')) {
    const line = normalized.slice(0, normalized.indexOf('\u0000')).split('\n').length;
    throw new InputError({ file, line }, undefined, 'text without NUL characters', 'a NUL character');
  }
  if (normalized.trim() === '') {
    throw new InputError({ file }, undefined, 'a header line naming the columns', 'an empty file');
  }
  let parsed: { record: string[]; info: { lines: number } }[];
  try {
    // With `info`, each record comes as { record, info }; the declared return type does not say so.
    parsed = parse(normalized, {
      info: true,
      relax_column_count: true,
      skip_empty_lines: true,
      skip_records_with_empty_values: true,
    }) as unknown as typeof parsed;
  } catch (error) {
    if (error instanceof CsvError) {
      const line = typeof error.lines === 'number' ? error.lines : undefined;
      throw new InputError({ file, line }, undefined, 'well-formed CSV', error.message);
    }
    throw error;
  }
  const records = parsed.map(({ record, info }) => ({
    // `info.lines` is the line the record ends on; line breaks inside quoted fields move its start back.
    line: info.lines - record.reduce((n, value) => n + countLineBreaks(value), 0),
    values: record,
  }));
  const [header, ...rows] = records;
  if (!header) throw new InputError({ file }, undefined, 'a header line naming the columns', 'only blank lines');
  return { file, header: header.values.map((name) => name.trim()), headerLine: header.line, records: rows };
}

function countLineBreaks(value: string): number {
  let n = 0;
  for (let i = value.indexOf('\n'); i !== -1; i = value.indexOf('\n', i + 1)) n++;
  return n;
}
