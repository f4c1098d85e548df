// `tenure import tickets FILE`: support tickets from CSV, all or nothing, idempotent by ticket_id. Each ticket's
// account must be imported already (a ticket naming an unknown account refuses the file, naming its line).
import { InputError } from '../../core/errors.ts';
import { readCsv, type CsvInput } from '../../importers/csv/read.ts';
import { parseTickets } from '../../importers/csv/tickets.ts';
import { upsertWithProgress } from '../../importers/csv/write.ts';
import { TICKETS } from '../../store/health.ts';
import { accountIdsByExternalId } from '../../store/surveys.ts';
import { withTransaction, type ServiceContext } from '../context.ts';
import { recordImportRun, type ImportSummary } from '../imports.ts';

export async function importTickets({ ctx, input }: { ctx: ServiceContext; input: CsvInput }): Promise<ImportSummary> {
  const startedAt = ctx.now();
  const table = await readCsv(input);
  const tickets = parseTickets(table);
  return withTransaction(ctx, async ({ tx }) => {
    const accounts = await accountIdsByExternalId(
      tx,
      tickets.map((t) => t.account_external_id),
    );
    const rows = tickets.map(({ line, account_external_id, ...ticket }) => {
      const accountId = accounts.get(account_external_id);
      if (accountId === undefined) {
        throw new InputError(
          { file: table.file, line },
          'account_id',
          'the id of an account already imported',
          account_external_id,
        );
      }
      return { ...ticket, account_id: accountId, source: 'csv' };
    });
    const { counts } = await upsertWithProgress(tx, TICKETS, rows, ctx.progress, 'tickets');
    const summary: ImportSummary = { kind: 'csv:tickets', source: table.file, read: table.records.length, ...counts };
    await recordImportRun(tx, summary, startedAt, ctx);
    return summary;
  });
}
