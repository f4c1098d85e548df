import type { Command } from 'commander';
import { formatMinor } from '../../core/money.ts';
import { DEMO_DEFAULTS, loadDemo, type DemoSummary } from '../../services/demo.ts';
import { UsageError } from '../../services/errors.ts';
import { todayUtc } from '../../services/revenue.ts';
import { withContext } from '../context.ts';

interface DemoOptions {
  seed: string;
  accounts: string;
  end?: string;
}

function wholeNumber(flag: string, value: string): number {
  if (!/^\d+$/.test(value)) throw new UsageError(`${flag} must be a whole number, found "${value}"`);
  return Number(value);
}

const count = (n: number) => n.toLocaleString('en-US');

function describe(summary: DemoSummary): string {
  const currencies = Object.entries(summary.accountsByCurrency)
    .map(([currency, n]) => `${count(n)} in ${currency}`)
    .join(', ');
  const mrr = `${formatMinor(summary.mrrMinor, summary.reportingCurrency)} ${summary.reportingCurrency}`;
  return (
    `Loaded the demo company (seed ${summary.seed}), ${summary.firstMonth} to ${summary.endMonth}:\n` +
    `  ${count(summary.accounts)} accounts (${currencies})\n` +
    `  ${count(summary.subscriptions)} subscriptions in ${count(summary.periods)} subscription periods\n` +
    `  ${count(summary.fxRates)} monthly EUR/USD rates\n` +
    `  revenue ledger: ${count(summary.movements)} movements; MRR in ${summary.endMonth}: ${mrr} from ${count(summary.payingCustomers)} paying customers\n` +
    'Try: npx tenure report retention --interval quarter, or npx tenure report mrr --by segment\n'
  );
}

/** `tenure demo`: loads a generated SaaS company into an empty store, for trying Tenure out. */
export function registerDemoCommand(program: Command): void {
  program
    .command('demo')
    .description('load a realistic demo SaaS company (deterministic for a seed) into an empty store')
    .option('--seed <N>', 'random seed: the same seed gives the same company', String(DEMO_DEFAULTS.seed))
    .option('--accounts <N>', 'customers over the three years, churned ones included', String(DEMO_DEFAULTS.accounts))
    .option('--end <YYYY-MM>', 'last month of the history (default: the current month, up to today)')
    .action(async (options: DemoOptions, command: Command) => {
      const seed = wholeNumber('--seed', options.seed);
      const accounts = wholeNumber('--accounts', options.accounts);
      await withContext(command.optsWithGlobals(), async (ctx) => {
        const summary = await loadDemo({ ctx, seed, accounts, endMonth: options.end, asOf: todayUtc() });
        process.stdout.write(describe(summary));
      });
    });
}
