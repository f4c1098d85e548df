// `tenure model backtest`: the walk-forward backtest of the churn model, the scorecards and the baselines on
// this company's own history, as a table or as JSON (`{"results":[{"name","kind","auc",…}],…}`).
import type { Command } from 'commander';
import { runBacktest, DEFAULT_BACKTEST_MONTHS } from '../../services/churn/backtest.ts';
import { printExpansionBacktest, TARGETS } from './expansion-backtest.ts';
import { UsageError } from '../../services/errors.ts';
import { withContext } from '../context.ts';
import { parseFormat, tableWidth, toTable } from '../format.ts';
import { parseAsOf } from '../options.ts';

interface BacktestOptions {
  format: string;
  horizonDays?: string;
  months?: string;
  asOf?: string;
  wide?: boolean;
  target: string;
}

function wholeNumber(flag: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  // A sign is read, so -5 gets the backtest's own check, which says the range ("from 1 to 730, found -5").
  if (!/^-?\d+$/.test(value)) throw new UsageError(`${flag} must be a whole number, found "${value}"`);
  return Number(value);
}

const figure = (x: number | null) => (x === null ? '' : x.toFixed(3));

export function registerModelBacktestCommand(program: Command): void {
  const model =
    program.commands.find((c) => c.name() === 'model') ??
    program.command('model').description('the churn model: backtest it and evaluate the trainers');
  model
    .command('backtest')
    .description(
      'walk-forward backtest: train on the month ends before T, predict churn over T → T + horizon, roll T over the last months; the model, scorecards and baselines side by side',
    )
    .option('--format <format>', 'table or json', 'table')
    .option(
      '--horizon-days <days>',
      'churn within this many days of each month end (default TENURE_CHURN_HORIZON_DAYS, 90)',
    )
    .option('--months <n>', `month ends to predict from (default ${DEFAULT_BACKTEST_MONTHS})`)
    .option('--as-of <YYYY-MM-DD>', 'read the history as of this day (default: today, UTC)')
    .option('--wide', 'print the table at full width instead of wrapping it to 120 columns')
    .option('--target <target>', `what to predict: ${TARGETS.join(' or ')}`, 'churn')
    .action(async (options: BacktestOptions, command: Command) => {
      const format = parseFormat(options.format, ['table', 'json']);
      const horizonDays = wholeNumber('--horizon-days', options.horizonDays);
      const months = wholeNumber('--months', options.months);
      const asOf = parseAsOf(options.asOf);
      if (!(TARGETS as readonly string[]).includes(options.target))
        throw new UsageError(`--target must be one of ${TARGETS.join(', ')}, found "${options.target}"`);
      await withContext(command.optsWithGlobals(), async (ctx) => {
        if (options.target === 'expansion') {
          await printExpansionBacktest(ctx, { format, asOf, horizonDays, months, wide: options.wide });
          return;
        }
        const report = await runBacktest({
          ctx,
          asOf,
          ...(horizonDays === undefined ? {} : { horizonDays }),
          ...(months === undefined ? {} : { months }),
        });
        if (format === 'json') {
          process.stdout.write(JSON.stringify(report, null, 2) + '\n');
          return;
        }
        const rows = report.results.map((r) => ({
          name: r.name,
          kind: r.kind,
          auc: figure(r.auc),
          pr_auc: figure(r.pr_auc),
          logloss: figure(r.logloss),
          brier: figure(r.brier),
          ece: figure(r.ece),
          top_decile_lift: figure(r.deciles[0]?.lift ?? null),
        }));
        process.stdout.write(
          `Backtest as of ${report.as_of}: ${report.rows} predictions from ${report.months[0] ?? '-'} to ${report.months.at(-1) ?? '-'}, churn within ${report.horizon_days} days, churn rate ${figure(report.churn_rate)}\n`,
        );
        const columns = ['name', 'kind', 'auc', 'pr_auc', 'logloss', 'brier', 'ece', 'top_decile_lift'];
        process.stdout.write(toTable(columns, rows, tableWidth(options.wide)));
        for (const f of report.findings) process.stdout.write(`Scorecard ${f.name}: ${f.reasons.join('; ')}\n`);
      });
    });
}
