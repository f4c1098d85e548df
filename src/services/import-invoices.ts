import { parseInvoiceLines } from '../importers/csv/invoices.ts';
import { readCsv, type CsvInput } from '../importers/csv/read.ts';
import { ensureAccounts, idOf, upsertWithProgress } from '../importers/csv/write.ts';
import { INVOICE_COLUMNS, INVOICE_LINE_COLUMNS } from '../store/tables.ts';
import { fxFirstDays } from '../store/revenue.ts';
import type { UpsertSpec } from '../store/upsert.ts';
import { withTransaction, type ServiceContext } from './context.ts';
import { recordImportRun, type ImportSummary } from './imports.ts';

const INVOICES: UpsertSpec = {
  table: 'invoices',
  key: ['external_id'],
  columns: INVOICE_COLUMNS,
  insertOnly: ['source'],
};

const LINES: UpsertSpec = { table: 'invoice_lines', key: ['external_id'], columns: INVOICE_LINE_COLUMNS };

/**
 * Imports invoice lines and the invoices they make up. An invoice in the file is described whole by its lines
 * there: stored lines of it that the file no longer has are deleted, so its totals match its lines.
 * Validates the whole file, then writes everything in one transaction.
 */
export async function importInvoices({ ctx, input }: { ctx: ServiceContext; input: CsvInput }): Promise<ImportSummary> {
  const startedAt = new Date();
  const table = await readCsv(input);
  const rates = {
    reportingCurrency: ctx.config.reportingCurrency,
    firstDay: await fxFirstDays(ctx.store, ctx.config.reportingCurrency),
  };
  const { invoices, lines } = parseInvoiceLines(table, { rates });
  return withTransaction(ctx, async ({ tx }) => {
    const { ids: accountIds, counts: accountCounts } = await ensureAccounts(
      tx,
      invoices.map((i) => i.account_external_id),
    );
    const invoiceRows = invoices.map(({ account_external_id, ...invoice }) => ({
      ...invoice,
      account_id: idOf(accountIds, account_external_id),
      source: 'csv',
    }));
    const { ids: invoiceIds, counts: invoiceCounts } = await upsertWithProgress(
      tx,
      INVOICES,
      invoiceRows,
      ctx.progress,
      'invoices',
    );
    const lineRows = lines.map(({ invoice_external_id, ...line }) => ({
      ...line,
      invoice_id: idOf(invoiceIds, invoice_external_id),
    }));
    const { counts: lineCounts } = await upsertWithProgress(tx, LINES, lineRows, ctx.progress, 'invoice lines');
    await tx.execute(
      `DELETE FROM invoice_lines
       WHERE invoice_id IN (SELECT value::bigint FROM jsonb_array_elements_text($1::jsonb))
         AND external_id NOT IN (SELECT jsonb_array_elements_text($2::jsonb))`,
      [JSON.stringify([...invoiceIds.values()]), JSON.stringify(lines.map((l) => l.external_id))],
    );
    const summary: ImportSummary = {
      kind: 'csv:invoices',
      source: table.file,
      read: table.records.length,
      ...lineCounts,
      byKind: { accounts: accountCounts, invoices: invoiceCounts, invoice_lines: lineCounts },
    };
    await recordImportRun(tx, summary, startedAt, ctx);
    return summary;
  });
}
