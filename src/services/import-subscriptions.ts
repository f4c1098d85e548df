import { readCsv, type CsvInput } from '../importers/csv/read.ts';
import { parseSubscriptionPeriods } from '../importers/csv/subscriptions.ts';
import { ensureAccounts, idOf, upsertWithProgress } from '../importers/csv/write.ts';
import { fxFirstDays } from '../store/revenue.ts';
import type { UpsertSpec } from '../store/upsert.ts';
import { isCurrencyCode } from '../core/money.ts';
import { withTransaction, type ServiceContext } from './context.ts';
import { UsageError } from './errors.ts';
import { recordImportRun, type ImportSummary } from './imports.ts';

export const PERIODS: UpsertSpec = {
  table: 'subscription_periods',
  key: ['subscription_external_id', 'start_on'],
  columns: {
    subscription_external_id: 'text',
    start_on: 'date',
    account_id: 'bigint',
    end_on: 'date',
    monthly_amount_minor: 'bigint',
    currency: 'text',
    plan: 'text',
    quantity: 'integer',
    source: 'text',
  },
  insertOnly: ['source'],
};

export interface ImportSubscriptionsInput {
  input: CsvInput;
  /** Currency of rows without one; defaults to the reporting currency. */
  defaultCurrency?: string | undefined;
}

/**
 * Imports subscription periods (dbt mrr-playbook CSV) into `subscription_periods`, keyed by (subscription, start).
 * Accounts it names and the store lacks are created from their ids; stored accounts are left as they are.
 * Validates the whole file first, then writes everything in one transaction, or nothing.
 */
export async function importSubscriptions({
  ctx,
  input,
  defaultCurrency,
}: { ctx: ServiceContext } & ImportSubscriptionsInput): Promise<ImportSummary> {
  const startedAt = new Date();
  const fallback = (defaultCurrency ?? ctx.config.reportingCurrency).toUpperCase();
  if (!isCurrencyCode(fallback))
    throw new UsageError(`the default currency must be an ISO 4217 code like USD, found "${fallback}"`);
  const table = await readCsv(input);
  const rates = {
    reportingCurrency: ctx.config.reportingCurrency,
    firstDay: await fxFirstDays(ctx.store, ctx.config.reportingCurrency),
  };
  const periods = parseSubscriptionPeriods(table, { defaultCurrency: fallback, rates });
  return withTransaction(ctx, async ({ tx }) => {
    const accounts = await ensureAccounts(
      tx,
      periods.map((p) => p.account_external_id),
    );
    const rows = periods.map(({ account_external_id, ...period }) => ({
      ...period,
      account_id: idOf(accounts.ids, account_external_id),
      source: 'csv',
    }));
    const { counts: written } = await upsertWithProgress(tx, PERIODS, rows, ctx.progress, 'subscription periods');
    const summary: ImportSummary = {
      kind: 'csv:subscriptions',
      source: table.file,
      read: table.records.length,
      ...written,
      byKind: { accounts: accounts.counts, subscription_periods: written },
    };
    await recordImportRun(tx, summary, startedAt, ctx);
    return summary;
  });
}
