// `tenure expansion candidates|score|backtest`: each CSM's likeliest expanders with the suggested move and its
// MRR, the daily scoring run by hand, and the backtest against the seat-utilization baseline.
import type { Command } from 'commander';
import { formatMinor } from '../../core/money.ts';
import { DEFAULT_CANDIDATES_PER_OWNER, listExpansionCandidates } from '../../services/expansion/candidates.ts';
import { scoreExpansion } from '../../services/expansion/score.ts';
import { UsageError } from '../../services/errors.ts';
import { withContext } from '../context.ts';
import { parseFormat, tableWidth, toCsv, toTable } from '../format.ts';
import { parseAsOf } from '../options.ts';
import { printBacktest } from './backtest-print.ts';

export const CANDIDATE_COLUMNS = [
  'account_id',
  'account',
  'owner',
  'probability',
  'suggested_move',
  'expansion_mrr',
  'expansion_mrr_minor',
  'expected_mrr',
  'currency',
  'reasons',
] as const;

function whole(flag: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  // Any whole number is read, so the verb's own check says the range ("from 1 to 730, found 9999999").
  if (!/^-?\d{1,16}$/.test(value)) throw new UsageError(`${flag} must be a whole number, found "${value}"`);
  return Number(value);
}

function registerCandidates(group: Command): void {
  group
    .command('candidates')
    .description(
      "each CSM's likeliest expanders (probability of expanding within the horizon), with the suggested move and the MRR it would add",
    )
    .option('--format <format>', 'table, csv or json', 'table')
    .option('--owner <email>', "only this owner's accounts (email, or the owner's name)")
    .option('--limit <n>', `at most this many accounts per owner (default ${DEFAULT_CANDIDATES_PER_OWNER})`)
    .option('--wide', 'print the table at full width')
    .action(async (options: { format: string; owner?: string; limit?: string; wide?: boolean }, self: Command) => {
      const format = parseFormat(options.format);
      const limit = whole('--limit', options.limit);
      if (limit === 0) throw new UsageError('--limit must be a whole number from 1 to 10000, found 0');
      const list = await withContext(self.optsWithGlobals(), (ctx) =>
        listExpansionCandidates({ ctx, owner: options.owner ?? null, ...(limit === undefined ? {} : { limit }) }),
      );
      if (format === 'json') {
        process.stdout.write(JSON.stringify(list, null, 2) + '\n');
        return;
      }
      const money = (v: number | null, currency: string) => (v === null ? '' : formatMinor(v, currency));
      const rows = list.items.map((c) => ({
        account_id: c.account_id,
        account: c.name,
        owner: c.owner,
        probability: c.probability.toFixed(4),
        suggested_move: c.suggested_move ?? '',
        expansion_mrr: money(c.expansion_mrr_minor, c.currency),
        expansion_mrr_minor: c.expansion_mrr_minor ?? '',
        expected_mrr: money(c.expected_mrr_minor, c.currency),
        currency: c.currency,
        reasons: c.reasons.join('; '),
      }));
      if (format === 'csv') process.stdout.write(toCsv(CANDIDATE_COLUMNS, rows));
      else if (rows.length === 0)
        process.stdout.write('No account is scored yet: run `tenure expansion score` (or wait for the daily job).\n');
      else process.stdout.write(toTable(CANDIDATE_COLUMNS, rows, tableWidth(options.wide)));
    });
}

export function registerExpansionCommands(program: Command): void {
  const group = program
    .command('expansion')
    .description('expansion propensity: who is likely to buy more, the move to suggest, and how well it predicts');
  registerCandidates(group);
  group
    .command('score')
    .description('train the expansion model on the history and score every paying account now (the daily job)')
    .option('--as-of <YYYY-MM-DD>', 'score as of this day (default: today, UTC)')
    .action(async (options: { asOf?: string }, self: Command) => {
      const asOf = parseAsOf(options.asOf);
      const summary = await withContext(self.optsWithGlobals(), (ctx) => scoreExpansion({ ctx, asOf }));
      process.stdout.write(
        `Scored ${summary.accounts} accounts as of ${summary.as_of} with ${summary.model} (trained on ${summary.training_rows} month ends).\n`,
      );
    });
  group
    .command('backtest')
    .description(
      'walk-forward backtest of the expansion model against seat utilization alone (as `model backtest --target expansion`)',
    )
    .option('--format <format>', 'table or json', 'table')
    .option('--horizon-days <days>', 'expansion within this many days of each month end (default 90)')
    .option('--months <n>', 'month ends to predict from (default 12)')
    .option('--as-of <YYYY-MM-DD>', 'read the history as of this day (default: today, UTC)')
    .option('--wide', 'print the table at full width')
    .action(
      async (
        options: { format: string; horizonDays?: string; months?: string; asOf?: string; wide?: boolean },
        self: Command,
      ) => {
        const format = parseFormat(options.format, ['table', 'json']);
        const horizonDays = whole('--horizon-days', options.horizonDays);
        const months = whole('--months', options.months);
        const asOf = parseAsOf(options.asOf);
        await withContext(self.optsWithGlobals(), (ctx) =>
          printBacktest(ctx, 'expansion', { format, asOf, horizonDays, months, wide: options.wide }),
        );
      },
    );
}
