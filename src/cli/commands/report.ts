import type { Command } from 'commander';
import { formatMinor } from '../../core/money.ts';
import { INTERVALS } from '../../contract/revenue.ts';
import { monthKey } from '../../core/period.ts';
import { UsageError } from '../../services/errors.ts';
import { refreshRevenue } from '../../services/revenue.ts';
import { cohortReport, REVENUE_DIMENSIONS, revenueMetrics, type MetricsRow } from '../../services/revenue-reports.ts';
import { parseRollup, ROLLUPS } from '../../services/revenue-views.ts';
import { withContext } from '../context.ts';
import { parseFormat, tableWidth, toCsv, toTable, type OutputFormat } from '../format.ts';
import { parseAsOf, parseInterval, parseMonthOption, parseRevenueDimension } from '../options.ts';
import { registerAdoptionReports } from './report-adoption.ts';
import { registerFinanceReports } from './report-finance.ts';
import { registerSurveyReports } from './report-surveys.ts';
import { registerRenewalReports } from './report-renewals.ts';
import { registerCsmReport } from './csm.ts';

interface ReportOptions {
  format: string;
  from?: string;
  to?: string;
  interval: string;
  by?: string;
  asOf?: string;
  rollup?: string;
  wide?: boolean;
}

function withReportOptions(command: Command): Command {
  return command
    .option('--format <format>', 'table, csv or json', 'table')
    .option('--from <YYYY-MM>', 'first month (or window ending in it) to show')
    .option('--to <YYYY-MM>', 'last month (or window ending in it) to show')
    .option('--interval <interval>', `one of ${INTERVALS.join(', ')}`, 'month')
    .option('--by <dimension>', `break down by one of ${REVENUE_DIMENSIONS.join(', ')}`)
    .option('--as-of <YYYY-MM-DD>', 'read the data as of this day (default: today, UTC)')
    .option('--rollup <rollup>', `${ROLLUPS.join(' or ')}: parent counts child accounts under their parent`)
    .option('--wide', 'print the table at full width instead of wrapping it to 120 columns');
}

const rate = (value: number | null, format: OutputFormat) =>
  value === null ? '' : format === 'table' ? `${(value * 100).toFixed(1)}%` : value.toFixed(6);

function mrrColumns(row: MetricsRow, currency: string): Record<string, unknown> {
  const money = (minor: number) => formatMinor(Math.round(minor), currency);
  return {
    ...(row.group !== undefined ? { group: row.group } : {}),
    month: row.window.label,
    mrr: money(row.mrrMinor),
    customers: row.payingCustomers,
    new: money(row.newMrrMinor),
    expansion: money(row.expansionMrrMinor),
    contraction: money(row.contractionMrrMinor),
    churn: money(row.churnMrrMinor),
    reactivation: money(row.reactivationMrrMinor),
    new_count: row.newCustomers,
    expansion_count: row.expansions,
    contraction_count: row.contractions,
    churn_count: row.churnedCustomers,
    reactivation_count: row.reactivations,
    fx: money(row.fxMinor),
    // By group: MRR carried in (+) or out (−) by customers changing group, so start + movements + fx + transfer = end.
    ...(row.group !== undefined ? { transfer: money(row.transferMinor) } : {}),
    arr: money(row.arrMinor),
    arpa: row.arpaMinor === null ? '' : money(row.arpaMinor),
  };
}

function retentionColumns(row: MetricsRow, format: OutputFormat): Record<string, unknown> {
  const status = (id: string) => row.benchmarks.find((b) => b.id === id)?.status ?? 'n/a';
  return {
    ...(row.group !== undefined ? { group: row.group } : {}),
    month: row.window.label,
    logo_churn_rate: rate(row.logoChurnRate, format),
    gross_mrr_churn_rate: rate(row.grossMrrChurnRate, format),
    net_mrr_churn_rate: rate(row.netMrrChurnRate, format),
    expansion_rate: rate(row.expansionMrrRate, format),
    nrr: rate(row.nrr, format),
    grr: rate(row.grr, format),
    nrr_12m: rate(row.nrr12m, format),
    grr_12m: rate(row.grr12m, format),
    quick_ratio: row.quickRatio === null ? '' : row.quickRatio.toFixed(format === 'table' ? 2 : 6),
    existing_customer_mrr_share: rate(row.existingCustomerMrrShare, format),
    logo_churn_under_5pct: status('logoChurn'),
    mrr_churn_under_1pct: status('mrrChurn'),
    net_mrr_churn_negative: status('netMrrChurn'),
    expansion_offsets_churn: status('expansionOffsetsChurn'),
  };
}

function print(format: OutputFormat, rows: Record<string, unknown>[], json: unknown, wide?: boolean): void {
  if (format === 'json') {
    process.stdout.write(JSON.stringify(json, null, 2) + '\n');
    return;
  }
  const columns = rows[0] ? Object.keys(rows[0]) : [];
  process.stdout.write(format === 'csv' ? toCsv(columns, rows) : toTable(columns, rows, tableWidth(wide)));
}

async function metricsReport(options: ReportOptions, command: Command, kind: 'mrr' | 'retention') {
  const format = parseFormat(options.format);
  const query = {
    asOf: parseAsOf(options.asOf),
    interval: parseInterval(options.interval),
    from: parseMonthOption('--from', options.from),
    to: parseMonthOption('--to', options.to),
    by: options.by === undefined ? undefined : parseRevenueDimension(options.by),
    rollup: parseRollup(options.rollup),
  };
  await withContext(command.optsWithGlobals(), async (ctx) => {
    const rows = await revenueMetrics({ ctx, query });
    const currency = ctx.config.reportingCurrency;
    const shaped = rows.map((r) => (kind === 'mrr' ? mrrColumns(r, currency) : retentionColumns(r, format)));
    const json = { currency, asOf: query.asOf, interval: query.interval, by: query.by ?? null, rows };
    print(format, shaped, json, options.wide);
    if (format === 'table' && kind === 'retention') {
      process.stdout.write(
        '\nBenchmarks (David Skok, Drift): logo churn under 5% a month is a common goal; MRR churn under 1% is best in\n' +
          'class; negative net MRR churn is good; expansion should offset churn and contraction. A longer window is held\n' +
          'to the monthly goal compounded over its months (5% a month: 14.3% a quarter, 46.0% a year).\n',
      );
    }
  });
}

export function registerReportCommands(program: Command): void {
  const report = program.command('report').description('revenue reports from the MRR ledger');
  withReportOptions(
    report
      .command('mrr')
      .description('MRR, customers and movements (new, expansion, contraction, churn, reactivation) per period'),
  ).action((options: ReportOptions, command: Command) => metricsReport(options, command, 'mrr'));
  withReportOptions(
    report.command('retention').description('logo, gross and net MRR churn, expansion rate, NRR and GRR per period'),
  ).action((options: ReportOptions, command: Command) => metricsReport(options, command, 'retention'));
  registerAdoptionReports(report);
  registerFinanceReports(report);
  registerSurveyReports(report);
  registerRenewalReports(report);
  registerCsmReport(report);
  report
    .command('cohorts')
    .description('logo and revenue retention by signup month (rows) and months since signup (columns)')
    .option('--format <format>', 'table, csv or json', 'table')
    .option('--metric <metric>', 'logo or revenue', 'revenue')
    .option('--by <dimension>', 'limit to one group of a dimension (with --group)')
    .option('--group <value>', 'the group to keep')
    .option('--as-of <YYYY-MM-DD>', 'read the data as of this day (default: today, UTC)')
    .option('--rollup <rollup>', `${ROLLUPS.join(' or ')}: parent counts child accounts under their parent`)
    .option('--wide', 'print the table at full width instead of wrapping it to 120 columns')
    .action(
      async (
        options: {
          format: string;
          metric: string;
          by?: string;
          group?: string;
          asOf?: string;
          rollup?: string;
          wide?: boolean;
        },
        command: Command,
      ) => {
        const format = parseFormat(options.format);
        if (options.metric !== 'logo' && options.metric !== 'revenue') {
          throw new UsageError(`--metric must be logo or revenue, found "${options.metric}"`);
        }
        const by = options.by === undefined ? undefined : parseRevenueDimension(options.by);
        const asOf = parseAsOf(options.asOf);
        await withContext(command.optsWithGlobals(), async (ctx) => {
          const cohorts = await cohortReport({
            ctx,
            asOf,
            by,
            group: options.group,
            rollup: parseRollup(options.rollup),
          });
          const width = Math.max(0, ...cohorts.map((c) => c.logoRetention.length));
          const rows = cohorts.map((c) => {
            const values = options.metric === 'logo' ? c.logoRetention : c.revenueRetention;
            const row: Record<string, unknown> = {
              cohort: c.label,
              customers: c.customers,
              starting_mrr: formatMinor(c.startingMrrMinor, ctx.config.reportingCurrency),
            };
            for (let k = 0; k < width; k++)
              row[`m${k}`] = values[k] === undefined ? '' : rate(values[k] ?? null, format);
            return row;
          });
          print(
            format,
            rows,
            cohorts.map((c) => ({ ...c, cohortMonth: monthKey(c.cohortMonth) })),
            options.wide,
          );
        });
      },
    );
  program
    .command('recompute')
    .description(
      'write the ledger into revenue_spans and revenue_movements for SQL and BI tools (reports compute in memory)',
    )
    .option('--full', 'recompute every account, not only the changed ones')
    .option('--as-of <YYYY-MM-DD>', 'read the data as of this day (default: today, UTC)')
    .action(async (options: { full?: boolean; asOf?: string }, command: Command) => {
      const asOf = parseAsOf(options.asOf);
      await withContext(command.optsWithGlobals(), async (ctx) => {
        const result = await refreshRevenue({ ctx, asOf, full: options.full === true });
        process.stdout.write(
          `recomputed: ${result.scope}, ${result.accounts} accounts, ${result.movements} movements\n`,
        );
      });
    });
}
