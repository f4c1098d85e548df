// Historical backfill of product usage: Segment-shaped messages from NDJSON (one JSON message a line) or CSV
// (one message a row). The whole file is validated first; then everything is written in one transaction, so a
// bad row writes nothing. Re-importing a file counts every message as a duplicate (messageIds, or ids derived
// from the content when the file has none).
import { readFile } from 'node:fs/promises';
import { normalizeColumnName } from '../importers/csv/columns.ts';
import { parseCsv, type CsvTable } from '../importers/csv/read.ts';
import { prepareBatch } from '../ingest/batch.ts';
import type { UsageMessage } from '../ingest/message.ts';
import type { ServiceContext } from './context.ts';
import { InputError } from './errors.ts';
import { recordImportRun, type ImportSummary } from './imports.ts';
import { durably, preparePartitions, resolvePendingUsage, writeUsageIn } from './ingest.ts';

export type EventsInput = { path: string } | { text: string; name: string };

interface SourceMessage {
  line: number;
  message: Record<string, unknown>;
}

const CHUNK = 5000;
const JSON_COLUMNS = new Set(['properties', 'traits', 'context']);
// CSV header (normalized) → Segment field.
const CSV_FIELDS: Record<string, string> = {
  type: 'type',
  message_id: 'messageId',
  messageid: 'messageId',
  user_id: 'userId',
  userid: 'userId',
  anonymous_id: 'anonymousId',
  anonymousid: 'anonymousId',
  event: 'event',
  name: 'name',
  timestamp: 'timestamp',
  group_id: 'groupId',
  groupid: 'groupId',
};

const KNOWN_COLUMNS =
  'a column named type, message_id, user_id, anonymous_id, event, name, timestamp, group_id, properties, traits, ' +
  'context, or properties.<name> (traits.<name>, context.<name>)';

async function readText(input: EventsInput): Promise<{ file: string; text: string }> {
  if ('text' in input) return { file: input.name, text: input.text };
  try {
    return { file: input.path, text: await readFile(input.path, 'utf8') };
  } catch (error) {
    const found = (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (error as Error).message;
    throw new InputError({ file: input.path }, undefined, 'a readable NDJSON or CSV file', found);
  }
}

function isNdjson(file: string, text: string): boolean {
  if (/\.(ndjson|jsonl|json)$/i.test(file)) return true;
  if (/\.csv$/i.test(file)) return false;
  return text.trimStart().startsWith('{');
}

function readNdjson(file: string, text: string): SourceMessage[] {
  const messages: SourceMessage[] = [];
  text
    .replace(/^\uFEFF/, '')
    .split(/\r?\n/)
    .forEach((raw, i) => {
      if (raw.trim() === '') return;
      let value: unknown;
      try {
        value = JSON.parse(raw);
      } catch (error) {
        throw new InputError({ file, line: i + 1 }, undefined, 'one JSON message a line', (error as Error).message);
      }
      if (typeof value !== 'object' || value === null || Array.isArray(value)) {
        throw new InputError({ file, line: i + 1 }, undefined, 'a JSON object', raw.slice(0, 60));
      }
      messages.push({ line: i + 1, message: value as Record<string, unknown> });
    });
  return messages;
}

function jsonCell(table: CsvTable, line: number, column: string, cell: string): Record<string, unknown> {
  try {
    const value: unknown = JSON.parse(cell);
    if (typeof value === 'object' && value !== null && !Array.isArray(value)) return value as Record<string, unknown>;
  } catch {
    // reported below
  }
  throw new InputError({ file: table.file, line }, column, 'a JSON object', cell.slice(0, 60));
}

/** A CSV row as a Segment message: known columns, JSON object columns, and `properties.x`-style columns. */
function csvMessage(table: CsvTable, columns: string[], values: string[], line: number): Record<string, unknown> {
  const message: Record<string, Record<string, unknown> | string> = { type: 'track' };
  const nested = (key: string) => (message[key] ??= {}) as Record<string, unknown>;
  columns.forEach((column, i) => {
    const cell = values[i]?.trim() ?? '';
    if (cell === '' || column === '') return;
    const dot = column.indexOf('.');
    if (JSON_COLUMNS.has(column)) Object.assign(nested(column), jsonCell(table, line, table.header[i] ?? column, cell));
    else if (dot > 0 && JSON_COLUMNS.has(column.slice(0, dot)))
      nested(column.slice(0, dot))[column.slice(dot + 1)] = cell;
    else if (CSV_FIELDS[column]) message[CSV_FIELDS[column]] = cell;
    else throw new InputError({ file: table.file, line: table.headerLine }, table.header[i], KNOWN_COLUMNS);
  });
  // A group id names the account: a group call's own, any other call's context.groupId.
  if (typeof message.groupId === 'string' && message.type !== 'group') {
    nested('context').groupId = message.groupId;
    delete message.groupId;
  }
  return message;
}

function readCsvMessages(file: string, text: string): SourceMessage[] {
  const table = parseCsv(text, file);
  // Dotted columns keep their case after the prefix: property names are case-sensitive.
  const columns = table.header.map((h) => {
    const dot = h.indexOf('.');
    return dot > 0 ? `${normalizeColumnName(h.slice(0, dot))}.${h.slice(dot + 1).trim()}` : normalizeColumnName(h);
  });
  return table.records.map((r) => ({ line: r.line, message: csvMessage(table, columns, r.values, r.line) }));
}

/** Parses and validates the whole file; the first bad message is an InputError naming its line and field. */
function validate(file: string, source: SourceMessage[], receivedAt: number) {
  const prepared = prepareBatch(
    source.map((s) => s.message),
    { receivedAt, sentAt: null, requireTimestamp: true },
  );
  const [bad] = prepared.rejected;
  if (bad) {
    const { field, expected, foundText } = bad.rejection;
    throw new InputError({ file, line: source[bad.index]?.line }, field, expected, foundText);
  }
  return prepared;
}

/** `tenure import events FILE`: all or nothing, in one transaction; progress over the written messages. */
export async function importEvents({
  ctx,
  input,
}: {
  ctx: ServiceContext;
  input: EventsInput;
}): Promise<ImportSummary> {
  const startedAt = new Date();
  const { file, text } = await readText(input);
  const source = isNdjson(file, text) ? readNdjson(file, text) : readCsvMessages(file, text);
  const prepared = validate(file, source, startedAt.getTime());
  await preparePartitions(ctx.store, prepared.messages, { retentionDays: ctx.config.usage.retentionDays });
  const summary = await durably(ctx.store, () =>
    ctx.store.transaction(async (tx) => {
      const created = await writeChunks(ctx, prepared.messages, (messages) => writeUsageIn(tx, messages, 'import'));
      const summary: ImportSummary = {
        kind: 'events',
        source: file,
        read: source.length,
        created,
        updated: 0,
        unchanged: source.length - created,
      };
      await recordImportRun(tx, summary, startedAt, ctx);
      return summary;
    }),
  );
  // Events naming accounts that exist only now, or users mapped by this file, get rolled up.
  await resolvePendingUsage({ ctx });
  return summary;
}

async function writeChunks(
  ctx: ServiceContext,
  messages: readonly UsageMessage[],
  write: (chunk: UsageMessage[]) => Promise<Set<string>>,
): Promise<number> {
  let created = 0;
  ctx.progress.start(messages.length, 'events');
  try {
    for (let i = 0; i < messages.length; i += CHUNK) {
      created += (await write(messages.slice(i, i + CHUNK))).size;
      ctx.progress.update(Math.min(i + CHUNK, messages.length));
    }
  } finally {
    ctx.progress.stop();
  }
  return created;
}
