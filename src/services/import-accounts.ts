import { accountParser, contactParser } from '../importers/csv/accounts.ts';
import { streamedRows, type Columns, type CsvRow } from '../importers/csv/columns.ts';
import type { CsvInput } from '../importers/csv/read.ts';
import { chunked, openCsvStream, type CsvStream } from '../importers/csv/stream.ts';
import { ensureAccounts, idOf } from '../importers/csv/write.ts';
import { ACCOUNT_COLUMNS } from '../store/tables.ts';
import { upsertRows, type UpsertSpec } from '../store/upsert.ts';
import { withTransaction, type ServiceContext } from './context.ts';
import { addCounts, recordImportRun, zeroCounts, type ImportSummary } from './imports.ts';

// `source` is hashed, not insert-only: an account first created implicitly (from a subscription) becomes 'csv'.
export const ACCOUNTS: UpsertSpec = { table: 'accounts', key: ['external_id'], columns: ACCOUNT_COLUMNS };

const CONTACTS: UpsertSpec = {
  table: 'contacts',
  key: ['external_id'],
  columns: {
    external_id: 'text',
    account_id: 'bigint',
    email: 'text',
    name: 'text',
    title: 'text',
    role: 'text',
    attributes: 'jsonb',
    source: 'text',
  },
  insertOnly: ['source'],
};

/**
 * Imports accounts by external id. Every field this importer knows is set from the file, so a column left out
 * clears that field on the accounts the file lists. The file is read as a stream and written in chunks inside one
 * transaction: a bad row anywhere rolls back every chunk before it, and a file of a million rows never sits in
 * memory whole.
 */
export async function importAccounts({ ctx, input }: { ctx: ServiceContext; input: CsvInput }): Promise<ImportSummary> {
  const startedAt = new Date();
  const csv = await openCsvStream(input);
  const parser = accountParser(csv);
  return withTransaction(ctx, async ({ tx }) => {
    let written = zeroCounts();
    let read = 0;
    await inChunks(ctx, csv, parser.columns, 'accounts', async (rows) => {
      read += rows.length;
      const accounts = rows.map((row) => ({ ...parser.parse(row), source: 'csv' }));
      written = addCounts(written, await upsertRows(tx, ACCOUNTS, accounts));
    });
    const summary: ImportSummary = { kind: 'csv:accounts', source: csv.file, read, ...written };
    await recordImportRun(tx, summary, startedAt, ctx);
    return summary;
  });
}

/** Imports contacts by id (or email); an account they name and the store lacks is created from its id. */
export async function importContacts({ ctx, input }: { ctx: ServiceContext; input: CsvInput }): Promise<ImportSummary> {
  const startedAt = new Date();
  const csv = await openCsvStream(input);
  const parser = contactParser(csv);
  return withTransaction(ctx, async ({ tx }) => {
    let [accountCounts, written] = [zeroCounts(), zeroCounts()];
    const seenAccounts = new Set<string>();
    let read = 0;
    await inChunks(ctx, csv, parser.columns, 'contacts', async (rows) => {
      read += rows.length;
      const contacts = rows.map(parser.parse);
      const ensured = await ensureAccounts(
        tx,
        contacts.map((c) => c.account_external_id),
      );
      // An account named in several chunks counts once: created the first time, then neither.
      const fresh = new Set(contacts.map((c) => c.account_external_id).filter((id) => !seenAccounts.has(id)));
      for (const id of fresh) seenAccounts.add(id);
      accountCounts = addCounts(accountCounts, {
        created: ensured.counts.created,
        updated: 0,
        unchanged: fresh.size - ensured.counts.created,
      });
      const contactRows = contacts.map(({ account_external_id, ...contact }) => ({
        ...contact,
        account_id: idOf(ensured.ids, account_external_id),
        source: 'csv',
      }));
      written = addCounts(written, await upsertRows(tx, CONTACTS, contactRows));
    });
    const summary: ImportSummary = {
      kind: 'csv:contacts',
      source: csv.file,
      read,
      ...written,
      byKind: { accounts: accountCounts, contacts: written },
    };
    await recordImportRun(tx, summary, startedAt, ctx);
    return summary;
  });
}

const CHUNK_ROWS = 2000;
const PROGRESS_MIN_BYTES = 1024 * 1024;

/** Runs `write` over the stream's rows in chunks, reporting progress in bytes read. */
async function inChunks<F extends string>(
  ctx: ServiceContext,
  csv: CsvStream,
  columns: Columns<F>,
  label: string,
  write: (rows: CsvRow<F>[]) => Promise<void>,
): Promise<void> {
  // Rows are not known before the end of a stream: progress is in bytes, for files of about 10,000 rows and more.
  if (csv.size >= PROGRESS_MIN_BYTES) ctx.progress.start(csv.size, `${label} (bytes)`);
  try {
    for await (const rows of chunked(streamedRows(csv.records, columns), CHUNK_ROWS)) {
      await write(rows);
      ctx.progress.update(csv.bytesRead);
    }
  } finally {
    ctx.progress.stop();
  }
}
