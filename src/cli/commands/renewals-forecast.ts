// `tenure renewals calendar|forecast|accuracy|factors|snapshot`: the renewal calendar, the forecast by period,
// its accuracy against what renewed, the nine factors, and the forecast snapshot the daily job takes.
import type { Command } from 'commander';
import { formatMinor } from '../../core/money.ts';
import type { RenewalInterval } from '../../core/renewals/renewals.ts';
import { UsageError } from '../../services/errors.ts';
import { renewalCalendar } from '../../services/renewals/calendar.ts';
import { renewalFactorReport } from '../../services/renewals/factors.ts';
import { forecastAccuracy, renewalForecast, takeForecastSnapshots } from '../../services/renewals/forecast.ts';
import { withContext } from '../context.ts';
import { parseFormat, tableWidth, toCsv, toTable, type OutputFormat } from '../format.ts';
import { parseAsOf } from '../options.ts';

export const CALENDAR_COLUMNS = [
  'due_date',
  'days_left',
  'contract_id',
  'account_id',
  'account',
  'arr',
  'status',
  'owner',
  'adoption_level',
  'nps',
  'health',
  'forecast_category',
  'category_source',
  'auto_renew',
  'health_band',
  'churn_risk',
] as const;

const INTERVALS: readonly RenewalInterval[] = ['month', 'quarter', 'year'];
function parseInterval(value: string): RenewalInterval {
  const found = INTERVALS.find((i) => i === value);
  if (found === undefined) throw new UsageError(`--interval must be one of ${INTERVALS.join(', ')}, found "${value}"`);
  return found;
}

function parseDays(value: string): number {
  // A sign or a few more digits are read, so -1 or 99999 get the calendar's own check, which says the range.
  if (!/^-?\d{1,6}$/.test(value)) throw new UsageError(`--days must be a whole number of days, found "${value}"`);
  return Number(value);
}

const ratio = (v: number | null, format: OutputFormat) =>
  v === null ? '' : format === 'table' ? `${(v * 100).toFixed(1)}%` : v.toFixed(6);

function print(
  format: OutputFormat,
  result: unknown,
  columns: readonly string[],
  rows: Record<string, unknown>[],
  wide?: boolean,
) {
  if (format === 'json') process.stdout.write(JSON.stringify(result, null, 2) + '\n');
  else if (format === 'csv') process.stdout.write(toCsv(columns, rows));
  else process.stdout.write(toTable(columns, rows, tableWidth(wide)));
}

interface Options {
  format: string;
  asOf?: string;
  days?: string;
  interval?: string;
  wide?: boolean;
}

/** The `renewals` command (another module may have made it already: commands join it). */
function renewalsCommand(program: Command): Command {
  return (
    program.commands.find((c) => c.name() === 'renewals') ??
    program.command('renewals').description('renewals: calendar, forecast and what drives renewal')
  );
}

export function registerRenewalForecastCommands(program: Command): void {
  const renewals = renewalsCommand(program);
  const common = (c: Command) =>
    c
      .option('--format <format>', 'table, csv or json', 'table')
      .option('--as-of <YYYY-MM-DD>', 'as of this day (default: today, UTC)')
      .option('--wide', 'print the table at full width');
  common(
    renewals
      .command('calendar')
      .description('renewals due in the next days: ARR at stake, owner, adoption, NPS, forecast category'),
  )
    .option('--days <days>', 'renewals due within this many days', '90')
    .action(async (options: Options, command: Command) => {
      const format = parseFormat(options.format);
      const days = parseDays(options.days ?? '90');
      const asOf = parseAsOf(options.asOf);
      await withContext(command.optsWithGlobals(), async (ctx) => {
        const result = await renewalCalendar({ ctx, asOf, days });
        const rows = result.items.map((i) => ({
          due_date: i.dueDate,
          days_left: i.daysLeft,
          contract_id: i.contractId,
          account_id: i.accountId,
          account: i.accountName,
          arr: formatMinor(i.arrAtStakeMinor, result.currency),
          status: i.status,
          owner: i.owner ?? '',
          adoption_level: i.adoptionLevel ?? '',
          nps: i.nps ?? '',
          health: i.health ?? '',
          forecast_category: i.category,
          category_source: i.categorySource,
          auto_renew: i.autoRenew ? 'yes' : 'no',
          health_band: i.healthBand ?? '',
          churn_risk: i.churnRisk === null ? '' : i.churnRisk.toFixed(3),
        }));
        print(format, result, CALENDAR_COLUMNS, rows, options.wide);
      });
    });
  common(
    renewals.command('forecast').description('renewed amount per period: low (commit), expected, high (all but lost)'),
  )
    .option('--interval <interval>', `one of ${INTERVALS.join(', ')}`, 'quarter')
    .action(async (options: Options, command: Command) => {
      const format = parseFormat(options.format);
      const interval = parseInterval(options.interval ?? 'quarter');
      const asOf = parseAsOf(options.asOf);
      await withContext(command.optsWithGlobals(), async (ctx) => {
        const result = await renewalForecast({ ctx, asOf, interval });
        const money = (v: number) => formatMinor(v, result.currency);
        const rows = result.periods.map((p) => ({
          period: p.period,
          due: p.due,
          open: p.open,
          due_amount: money(p.dueAmountMinor),
          renewed_so_far: money(p.renewedSoFarMinor),
          low: money(p.lowMinor),
          expected: money(p.expectedMinor),
          high: money(p.highMinor),
        }));
        const columns = ['period', 'due', 'open', 'due_amount', 'renewed_so_far', 'low', 'expected', 'high'];
        print(format, result, columns, rows, options.wide);
      });
    });
  common(
    renewals
      .command('accuracy')
      .description('closed periods: forecast made 90 and 30 days before against what renewed'),
  )
    .option('--interval <interval>', `one of ${INTERVALS.join(', ')}`, 'quarter')
    .action(async (options: Options, command: Command) => {
      const format = parseFormat(options.format);
      const interval = parseInterval(options.interval ?? 'quarter');
      const asOf = parseAsOf(options.asOf);
      await withContext(command.optsWithGlobals(), async (ctx) => {
        const result = await forecastAccuracy({ ctx, asOf, interval });
        const money = (v: number) => formatMinor(v, result.currency);
        const rows = result.periods.flatMap((p) =>
          p.horizons.map((h) => ({
            period: p.period,
            horizon_days: h.horizonDays,
            renewals: h.renewals,
            low: money(h.lowMinor),
            expected: money(h.expectedMinor),
            high: money(h.highMinor),
            actual: money(h.actualMinor),
            error: ratio(h.error, format),
            within_range: h.withinRange ? 'yes' : 'no',
          })),
        );
        const columns = [
          'period',
          'horizon_days',
          'renewals',
          'low',
          'expected',
          'high',
          'actual',
          'error',
          'within_range',
        ];
        print(format, result, columns, rows, options.wide);
      });
    });
  common(
    renewals
      .command('factors')
      .description('renewal rate by count and amount per group of the nine factors, with lift'),
  ).action(async (options: Options, command: Command) => {
    const format = parseFormat(options.format);
    const asOf = parseAsOf(options.asOf);
    await withContext(command.optsWithGlobals(), async (ctx) => {
      const result = await renewalFactorReport({ ctx, asOf });
      const rows = result.factors.flatMap((f) =>
        f.groups.length === 0
          ? [{ factor: `${f.number} ${f.name}`, group: '', missing: f.missing ?? '' }]
          : f.groups.map((g) => ({
              factor: `${f.number} ${f.name}`,
              group: g.group,
              renewals: g.renewals,
              renewal_rate: ratio(g.rate, format),
              ci_low: ratio(g.ciLow, format),
              ci_high: ratio(g.ciHigh, format),
              amount_rate: ratio(g.amountRate, format),
              lift: g.lift === null ? '' : g.lift.toFixed(format === 'table' ? 2 : 6),
              missing: '',
            })),
      );
      const columns = [
        'factor',
        'group',
        'renewals',
        'renewal_rate',
        'ci_low',
        'ci_high',
        'amount_rate',
        'lift',
        'missing',
      ];
      print(format, result, columns, rows, options.wide);
    });
  });
  renewals
    .command('snapshot')
    .description('take the forecast snapshots due today (and rebuild missing past ones), as the daily job does')
    .option('--as-of <YYYY-MM-DD>', 'as if today were this day')
    .action(async (options: { asOf?: string }, command: Command) => {
      const today = parseAsOf(options.asOf);
      await withContext(command.optsWithGlobals(), async (ctx) => {
        const { taken, days } = await takeForecastSnapshots({ ctx, today });
        process.stdout.write(`${taken} forecast snapshots taken over ${days} as-of days\n`);
      });
    });
}
