// `tenure model backtest`: the walk-forward backtest of the churn model, the scorecards and the baselines on
// this company's own history, as a table or as JSON (`{"results":[{"name","kind","auc",…}],…}`).
import type { Command } from 'commander';
import { DEFAULT_BACKTEST_MONTHS } from '../../services/model/backtest.ts';
import { printBacktest, TARGETS, type BacktestTarget } from './backtest-print.ts';
import { UsageError } from '../../services/errors.ts';
import { withContext } from '../context.ts';
import { parseFormat } from '../format.ts';
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
      const target = options.target as BacktestTarget;
      await withContext(command.optsWithGlobals(), (ctx) =>
        printBacktest(ctx, target, { format, asOf, horizonDays, months, wide: options.wide }),
      );
    });
}
