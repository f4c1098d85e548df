// Reading a CSV file as a stream of records, so a file of a million rows never sits in memory whole: the bytes
// are checked as UTF-8 as they arrive (line named on failure), line breaks become LF, and csv-parse hands over
// one record at a time with the physical line it starts on.
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { CsvError, parse } from 'csv-parse';
import { InputError } from '../../core/errors.ts';
import { Utf8Decoder } from '../encoding.ts';
import { csvInputName, readBytes, type CsvInput, type CsvRecord, type CsvTable } from './read.ts';

export type CsvHead = Pick<CsvTable, 'file' | 'header' | 'headerLine'>;

export interface CsvStream extends CsvHead {
  /** Data records, in file order; iterate once. */
  records: AsyncIterable<CsvRecord>;
  /** Bytes of the file, and how many were read so far (for progress). */
  size: number;
  readonly bytesRead: number;
}

/** UTF-8 text from byte chunks, line breaks made LF (a CR at a chunk's end waits for the next chunk). */
async function* normalizedText(source: AsyncIterable<Uint8Array>, file: string, counter: { bytes: number }) {
  const decoder = new Utf8Decoder(file);
  let carry = '';
  for await (const chunk of source) {
    counter.bytes += chunk.length;
    const text = carry + decoder.decode(chunk);
    carry = text.endsWith('\r') ? '\r' : '';
    const ready = (carry ? text.slice(0, -1) : text).replace(/\r\n?/g, '\n');
    if (ready !== '') yield ready;
  }
  const rest = (carry + decoder.decode(new Uint8Array(0), true)).replace(/\r\n?/g, '\n');
  if (rest !== '') yield rest;
}

function countLineBreaks(value: string): number {
  let n = 0;
  for (let i = value.indexOf('\n'); i !== -1; i = value.indexOf('\n', i + 1)) n++;
  return n;
}

async function* parsedRecords(text: AsyncIterable<string>, file: string): AsyncGenerator<CsvRecord> {
  const parser = parse({
    info: true,
    bom: true,
    relax_column_count: true,
    skip_empty_lines: true,
    skip_records_with_empty_values: true,
  });
  const feeding = pipeline(Readable.from(text), parser);
  feeding.catch(() => undefined); // the same error surfaces from the iteration below
  try {
    for await (const { record, info } of parser as AsyncIterable<{ record: string[]; info: { lines: number } }>) {
      yield { line: info.lines - record.reduce((n, value) => n + countLineBreaks(value), 0), values: record };
    }
    await feeding;
  } catch (error) {
    if (error instanceof CsvError) {
      const line = typeof error.lines === 'number' ? error.lines : undefined;
      throw new InputError({ file, line }, undefined, 'well-formed CSV', error.message);
    }
    throw error;
  } finally {
    parser.destroy();
  }
}

/** Opens a CSV input as a stream: reads up to its header, leaving the data records to iterate. */
export async function openCsvStream(input: CsvInput): Promise<CsvStream> {
  const file = csvInputName(input);
  const counter = { bytes: 0 };
  let size: number;
  let source: AsyncIterable<Uint8Array>;
  if ('text' in input) {
    const bytes = Buffer.from(input.text);
    size = bytes.length;
    source = Readable.from([bytes]);
  } else {
    // A missing or unreadable file is named as such before streaming starts.
    if (!(await stat(input.path).catch(() => null))?.isFile()) await readBytes(input.path, file);
    size = (await stat(input.path)).size;
    source = createReadStream(input.path, { highWaterMark: 256 * 1024 });
  }
  const records = parsedRecords(normalizedText(source, file, counter), file);
  const first = await records.next();
  if (first.done) {
    const found = counter.bytes === 0 ? 'an empty file' : 'only blank lines';
    throw new InputError({ file }, undefined, 'a header line naming the columns', found);
  }
  const header = first.value;
  const rest: AsyncIterable<CsvRecord> = { [Symbol.asyncIterator]: () => records };
  return {
    file,
    header: header.values.map((name) => name.trim()),
    headerLine: header.line,
    records: rest,
    size,
    get bytesRead() {
      return counter.bytes;
    },
  };
}

/** Groups an async iterable into arrays of at most `size`. */
export async function* chunked<T>(items: AsyncIterable<T>, size: number): AsyncGenerator<T[]> {
  let chunk: T[] = [];
  for await (const item of items) {
    chunk.push(item);
    if (chunk.length >= size) {
      yield chunk;
      chunk = [];
    }
  }
  if (chunk.length > 0) yield chunk;
}
