// `tenure report renewals`: renewal rates by count and by amount per month, quarter or year.
import type { Command } from 'commander';
import { formatMinor } from '../../core/money.ts';
import type { GroupedRenewalRow, RenewalInterval, RenewalRow } from '../../core/renewals/renewals.ts';
import { UsageError } from '../../services/errors.ts';
import {
  RENEWAL_DIMENSIONS,
  renewalDimension,
  renewalReport,
  type RenewalReport,
} from '../../services/renewals/report.ts';
import { monthlyPlanReport } from '../../services/renewals/derive-contracts.ts';
import { withContext } from '../context.ts';
import { parseFormat, tableWidth, toCsv, toTable, type OutputFormat } from '../format.ts';
import { parseAsOf, parseDimension } from '../options.ts';

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

function columns(row: RenewalRow | GroupedRenewalRow, currency: string, format: OutputFormat): Record<string, unknown> {
  return {
    ...('group' in row ? { group: row.group } : {}),
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

const columnNames = (report: RenewalReport) => (report.by === null ? RENEWAL_COLUMNS : ['group', ...RENEWAL_COLUMNS]);

/** The report as `--format csv` prints it (with `--by`, a `group` column first). */
export function renewalCsv(report: RenewalReport): string {
  return toCsv(
    columnNames(report),
    report.rows.map((r) => columns(r, report.currency, 'csv')),
  );
}

const PLANS = ['term', 'monthly'] as const;

function parsePlans(value: string): (typeof PLANS)[number] {
  const found = PLANS.find((p) => p === value);
  if (found === undefined) throw new UsageError(`--plans must be one of ${PLANS.join(', ')}, found "${value}"`);
  return found;
}

interface RenewalOptions {
  plans: string;
  format: string;
  interval: string;
  by?: string;
  asOf?: string;
  wide?: boolean;
}

export function registerRenewalReports(report: Command): void {
  report
    .command('renewals')
    .description('renewal rate by count and by amount (gross and net) per period of the contracts’ end days')
    .option('--format <format>', 'table, csv or json', 'table')
    .option(
      '--plans <plans>',
      'term: contracts (imported, and derived from plans billed yearly or longer); monthly: plans billed more often, apart',
      'term',
    )
    .option('--interval <interval>', `one of ${INTERVALS.join(', ')}`, 'month')
    .option('--by <dimension>', `break down by one of ${RENEWAL_DIMENSIONS.join(', ')}`)
    .option('--as-of <YYYY-MM-DD>', 'decide churned and pending as of this day (default: today, UTC)')
    .option('--wide', 'print the table at full width instead of wrapping it to 120 columns')
    .action(async (options: RenewalOptions, command: Command) => {
      const format = parseFormat(options.format);
      const interval = parseRenewalInterval(options.interval);
      const by = options.by === undefined ? undefined : renewalDimension(parseDimension(options.by));
      const asOf = parseAsOf(options.asOf);
      const plans = parsePlans(options.plans);
      if (plans === 'monthly' && by !== undefined)
        throw new UsageError('--by is for term contracts, not --plans monthly');
      await withContext(command.optsWithGlobals(), async (ctx) => {
        const result =
          plans === 'monthly'
            ? await monthlyPlanReport({ ctx, asOf, interval })
            : await renewalReport({ ctx, asOf, interval, by });
        if (format === 'json') {
          process.stdout.write(JSON.stringify(result, null, 2) + '\n');
          return;
        }
        if (format === 'csv') {
          process.stdout.write(renewalCsv(result));
          return;
        }
        const rows = result.rows.map((r) => columns(r, result.currency, format));
        process.stdout.write(toTable(columnNames(result), rows, tableWidth(options.wide)));
      });
    });
}
