import { parseAccounts, parseContacts } from '../importers/csv/accounts.ts';
import { readCsv, type CsvInput } from '../importers/csv/read.ts';
import { ensureAccounts, idOf, upsertWithProgress } from '../importers/csv/write.ts';
import { ACCOUNT_COLUMNS } from '../store/tables.ts';
import type { UpsertSpec } from '../store/upsert.ts';
import type { ServiceContext } from './context.ts';
import { recordImportRun, type ImportSummary } from './imports.ts';

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
 * clears that field on the accounts the file lists. Validates the whole file, then writes it in one transaction.
 */
export async function importAccounts({ ctx, input }: { ctx: ServiceContext; input: CsvInput }): Promise<ImportSummary> {
  const startedAt = new Date();
  const table = await readCsv(input);
  const accounts = parseAccounts(table).map((account) => ({ ...account, source: 'csv' }));
  return ctx.store.transaction(async (tx) => {
    const { counts: written } = await upsertWithProgress(tx, ACCOUNTS, accounts, ctx.progress, 'accounts');
    const summary: ImportSummary = {
      kind: 'csv:accounts',
      source: table.file,
      read: table.records.length,
      ...written,
    };
    await recordImportRun(tx, summary, startedAt, ctx);
    return summary;
  });
}

/** Imports contacts by id (or email); an account they name and the store lacks is created from its id. */
export async function importContacts({ ctx, input }: { ctx: ServiceContext; input: CsvInput }): Promise<ImportSummary> {
  const startedAt = new Date();
  const table = await readCsv(input);
  const contacts = parseContacts(table);
  return ctx.store.transaction(async (tx) => {
    const { ids: accountIds, counts: accountCounts } = await ensureAccounts(
      tx,
      contacts.map((c) => c.account_external_id),
    );
    const rows = contacts.map(({ account_external_id, ...contact }) => ({
      ...contact,
      account_id: idOf(accountIds, account_external_id),
      source: 'csv',
    }));
    const { counts: written } = await upsertWithProgress(tx, CONTACTS, rows, ctx.progress, 'contacts');
    const summary: ImportSummary = {
      kind: 'csv:contacts',
      source: table.file,
      read: table.records.length,
      ...written,
      byKind: { accounts: accountCounts, contacts: written },
    };
    await recordImportRun(tx, summary, startedAt, ctx);
    return summary;
  });
}
