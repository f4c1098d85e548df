import type { Command } from 'commander';
import type { ServiceContext } from '../../services/context.ts';
import { importAccounts, importContacts } from '../../services/import-accounts.ts';
import { importFx } from '../../services/import-fx.ts';
import { importInvoices } from '../../services/import-invoices.ts';
import { importSubscriptions } from '../../services/import-subscriptions.ts';
import type { ImportSummary } from '../../services/imports.ts';
import { importResponses } from '../../services/surveys/import-responses.ts';
import { importContracts } from '../../services/renewals/import-contracts.ts';
import { importChurnReasons } from '../../services/renewals/churn-reasons.ts';
import { importTickets } from '../../services/health/import-tickets.ts';
import { withContext } from '../context.ts';
import { parseFormat } from '../format.ts';
import { registerEventsImport } from './import-events.ts';
import { registerStripeImport } from './import-stripe.ts';

type CsvImport = (
  ctx: ServiceContext,
  file: string,
  options: Record<string, string | undefined>,
) => Promise<ImportSummary>;

const CSV_IMPORTS: readonly { name: string; description: string; run: CsvImport; options?: [string, string][] }[] = [
  {
    name: 'accounts',
    description: 'import accounts from CSV (id, name, industry, employee_count, segment, ...; other columns kept)',
    run: (ctx, file) => importAccounts({ ctx, input: { path: file } }),
  },
  {
    name: 'contacts',
    description: 'import contacts from CSV (account_id, email, name, title, role)',
    run: (ctx, file) => importContacts({ ctx, input: { path: file } }),
  },
  {
    name: 'subscriptions',
    description:
      'import subscription periods from CSV (subscription_id, customer_id, start_date, end_date, monthly_amount)',
    options: [['--currency <code>', 'currency of rows without one (default: the reporting currency)']],
    run: (ctx, file, options) => importSubscriptions({ ctx, input: { path: file }, defaultCurrency: options.currency }),
  },
  {
    name: 'invoices',
    description:
      'import invoice lines from CSV (invoice_id, customer_id, issued_at, period_start, period_end, amount, currency)',
    run: (ctx, file) => importInvoices({ ctx, input: { path: file } }),
  },
  {
    name: 'contracts',
    description:
      'import term contracts from CSV (contract_id, account_id, start_date, end_date, arr, currency, auto_renew, notice_days, exclusion_reason)',
    run: (ctx, file) => importContracts({ ctx, input: { path: file } }),
  },
  {
    name: 'churn-reasons',
    description: 'import why renewals were lost from CSV (contract_id, reason, notes)',
    run: (ctx, file) => importChurnReasons({ ctx, input: { path: file } }),
  },
  {
    name: 'fx',
    description: 'import daily FX rates from CSV (date, currency, rate[, quote])',
    run: (ctx, file) => importFx({ ctx, input: { path: file } }),
  },
  {
    name: 'responses',
    description:
      'import survey responses from CSV (response_id, survey, kind, score, comment, responded_at, account_id, contact_email, user_id)',
    run: (ctx, file) => importResponses({ ctx, input: { path: file } }),
  },
  {
    name: 'tickets',
    description: 'import support tickets from CSV (ticket_id, account_id, opened_at, closed_at, priority, csat)',
    run: (ctx, file) => importTickets({ ctx, input: { path: file } }),
  },
];

/**
 * Adds the `import` command group with its CSV subcommands and returns the group,
 * so other modules can add theirs (e.g. `import stripe`).
 */
export function registerImportCommands(program: Command): Command {
  const group = program.command('import').description('import data into the store (each file: all or nothing)');
  for (const spec of CSV_IMPORTS) {
    const command = group
      .command(spec.name)
      .description(spec.description)
      .argument('<file>', 'CSV file (UTF-8, comma-separated, header line first)')
      .option('--format <format>', 'summary as table or json', 'table');
    for (const [flags, description] of spec.options ?? []) command.option(flags, description);
    command.action(async (file: string, options: Record<string, string | undefined>, self: Command) => {
      const format = parseFormat(options.format ?? 'table', ['table', 'json']);
      const summary = await withContext(self.optsWithGlobals(), (ctx) => spec.run(ctx, file, options));
      process.stdout.write(format === 'json' ? JSON.stringify(summary, null, 2) + '\n' : formatImportSummary(summary));
    });
  }
  registerStripeImport(group);
  registerEventsImport(group);
  return group;
}

/** `read N, created N, updated N, unchanged N`, then one line per record kind when several were written. */
export function formatImportSummary(summary: ImportSummary): string {
  const counts = (c: { created: number; updated: number; unchanged: number }) =>
    `created ${c.created}, updated ${c.updated}, unchanged ${c.unchanged}`;
  const lines = [`read ${summary.read}, ${counts(summary)}`];
  for (const [kind, c] of Object.entries(summary.byKind ?? {})) lines.push(`  ${kind}: ${counts(c)}`);
  return lines.join('\n') + '\n';
}
