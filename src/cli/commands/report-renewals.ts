// `tenure report renewals`: renewal rates by count and by amount per month, quarter or year.
import type { Command } from 'commander';
import { formatMinor } from '../../core/money.ts';
import type { RenewalInterval, RenewalRow } from '../../core/renewals/renewals.ts';
import { UsageError } from '../../services/errors.ts';
import { renewalReport, type RenewalReport } from '../../services/renewals/report.ts';
import { withContext } from '../context.ts';
import { parseFormat, tableWidth, toCsv, toTable, type OutputFormat } from '../format.ts';
import { parseAsOf } from '../options.ts';

export const RENEWAL_COLUMNS = [
  'period',
  'due',
  'renewed',
  'churned',
  'excluded',
  'pending',
  'renewal_rate',
  'due_amount',
  'renewed_amount',
  'renewal_amount_rate_gross',
  'renewal_amount_rate_net',
] as const;

const INTERVALS: readonly RenewalInterval[] = ['month', 'quarter', 'year'];

function parseRenewalInterval(value: string): RenewalInterval {
  const found = INTERVALS.find((i) => i === value);
  if (found === undefined) throw new UsageError(`--interval must be one of ${INTERVALS.join(', ')}, found "${value}"`);
  return found;
}

const rate = (value: number | null, format: OutputFormat) =>
  value === null ? '' : format === 'table' ? `${(value * 100).toFixed(1)}%` : value.toFixed(6);

function columns(
  row: RenewalRow,
  currency: string,
  format: OutputFormat,
): Record<(typeof RENEWAL_COLUMNS)[number], unknown> {
  return {
    period: row.period,
    due: row.due,
    renewed: row.renewed,
    churned: row.churned,
    excluded: row.excluded,
    pending: row.pending,
    renewal_rate: rate(row.renewalRate, format),
    due_amount: formatMinor(row.dueAmountMinor, currency),
    renewed_amount: formatMinor(row.renewedAmountMinor, currency),
    renewal_amount_rate_gross: rate(row.grossAmountRate, format),
    renewal_amount_rate_net: rate(row.netAmountRate, format),
  };
}

/** The report as `--format csv` prints it. */
export function renewalCsv(report: RenewalReport): string {
  return toCsv(
    RENEWAL_COLUMNS,
    report.rows.map((r) => columns(r, report.currency, 'csv')),
  );
}

export function registerRenewalReports(report: Command): void {
  report
    .command('renewals')
    .description('renewal rate by count and by amount (gross and net) per period of the contracts’ end days')
    .option('--format <format>', 'table, csv or json', 'table')
    .option('--interval <interval>', `one of ${INTERVALS.join(', ')}`, 'month')
    .option('--as-of <YYYY-MM-DD>', 'decide churned and pending as of this day (default: today, UTC)')
    .option('--wide', 'print the table at full width instead of wrapping it to 120 columns')
    .action(async (options: { format: string; interval: string; asOf?: string; wide?: boolean }, command: Command) => {
      const format = parseFormat(options.format);
      const interval = parseRenewalInterval(options.interval);
      const asOf = parseAsOf(options.asOf);
      await withContext(command.optsWithGlobals(), async (ctx) => {
        const result = await renewalReport({ ctx, asOf, interval });
        if (format === 'json') {
          process.stdout.write(JSON.stringify(result, null, 2) + '\n');
          return;
        }
        const rows = result.rows.map((r) => columns(r, result.currency, format));
        process.stdout.write(
          format === 'csv' ? toCsv(RENEWAL_COLUMNS, rows) : toTable(RENEWAL_COLUMNS, rows, tableWidth(options.wide)),
        );
      });
    });
}
