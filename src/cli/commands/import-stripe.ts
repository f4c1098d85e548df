import type { Command } from 'commander';
import { importStripe, type StripeImportInput, type StripeImportSummary } from '../../services/import-stripe.ts';
import { UsageError } from '../../services/errors.ts';
import { withContext } from '../context.ts';
import { parseFormat } from '../format.ts';
import { formatImportSummary } from './import.ts';

interface StripeImportOptions {
  file?: string;
  live?: boolean;
  apiKey?: string;
  apiBase?: string;
  pageSize: string;
  format: string;
}

/** `tenure import stripe`: from a JSON export (`--file`) or live from the API (`--live`). */
export function registerStripeImport(importCommand: Command): Command {
  return importCommand
    .command('stripe')
    .description('import Stripe customers, subscriptions and invoices from a JSON export or live from the API')
    .option('--file <path>', 'a JSON export of Stripe list objects, or a directory of such files')
    .option('--live', 'fetch from the Stripe API (key from STRIPE_API_KEY or --api-key)')
    .option('--api-key <key>', 'Stripe secret or restricted key for --live (default STRIPE_API_KEY)')
    .option('--api-base <url>', 'Stripe API origin for --live, e.g. http://127.0.0.1:12111 (default STRIPE_API_BASE)')
    .option('--page-size <n>', 'objects per list page for --live, 1 to 100', '100')
    .option('--format <format>', 'summary as table or json', 'table')
    .action(async (options: StripeImportOptions, command: Command) => {
      const format = parseFormat(options.format, ['table', 'json']);
      const input = importInput(options);
      await withContext(command.optsWithGlobals(), async (ctx) => {
        const summary = await importStripe({ ctx, input });
        process.stdout.write(format === 'json' ? JSON.stringify(summary, null, 2) + '\n' : summaryText(summary));
      });
    });
}

function importInput(options: StripeImportOptions): StripeImportInput {
  if ((options.file === undefined) === (options.live !== true)) {
    throw new UsageError('import stripe needs exactly one of --file <path> and --live');
  }
  if (options.file !== undefined) {
    if (options.apiKey !== undefined || options.apiBase !== undefined) {
      throw new UsageError('--api-key and --api-base go with --live, not --file');
    }
    return { file: options.file };
  }
  const pageSize = Number(options.pageSize);
  if (!Number.isInteger(pageSize) || pageSize < 1 || pageSize > 100) {
    throw new UsageError(`--page-size must be a whole number from 1 to 100, found "${options.pageSize}"`);
  }
  return { live: { apiKey: options.apiKey, apiBase: options.apiBase, pageSize } };
}

/** The summary every import prints, plus the children that imported parents no longer have. */
function summaryText(summary: StripeImportSummary): string {
  const { items, discounts, invoice_lines } = summary.removed;
  const removed =
    items + discounts + invoice_lines === 0
      ? ''
      : `  removed: items ${items}, discounts ${discounts}, invoice_lines ${invoice_lines}\n`;
  return formatImportSummary(summary) + removed;
}
