import { parseContracts } from '../../importers/csv/contracts.ts';
import { readCsv, type CsvInput } from '../../importers/csv/read.ts';
import { ensureAccounts, idOf, upsertWithProgress } from '../../importers/csv/write.ts';
import { CONTRACTS } from '../../store/contracts.ts';
import { deleteDerivedUnderImported, listExclusionReasons } from '../../store/renewals-data.ts';
import { db, withTransaction, type ServiceContext } from '../context.ts';
import { recordImportRun, type ImportSummary } from '../imports.ts';

/**
 * Imports term contracts into `contracts`, keyed by contract_id. Accounts it names and the store lacks are created
 * from their ids, as subscription imports do; stored accounts are left as they are.
 * Validates the whole file first, then writes everything in one transaction, or nothing.
 */
export async function importContracts({
  ctx,
  input,
}: {
  ctx: ServiceContext;
  input: CsvInput;
}): Promise<ImportSummary> {
  const startedAt = ctx.now();
  const table = await readCsv(input);
  const contracts = parseContracts(table, await listExclusionReasons(db(ctx)));
  return withTransaction(ctx, async ({ tx }) => {
    const accounts = await ensureAccounts(
      tx,
      contracts.map((c) => c.account_external_id),
    );
    const rows = contracts.map(({ account_external_id, ...contract }) => ({
      ...contract,
      account_id: idOf(accounts.ids, account_external_id),
      source: 'csv',
    }));
    const { counts: written } = await upsertWithProgress(tx, CONTRACTS, rows, ctx.progress, 'contracts');
    const summary: ImportSummary = {
      kind: 'csv:contracts',
      source: table.file,
      read: table.records.length,
      ...written,
      byKind: { accounts: accounts.counts, contracts: written },
    };
    await deleteDerivedUnderImported(tx); // imported contracts win over those derived from billing
    await recordImportRun(tx, summary, startedAt, ctx);
    return summary;
  });
}
