import type { Command } from 'commander';
import { accountMerges, mergeAccounts, mergeAccountsFromFile, unmergeAccount } from '../../services/account-merges.ts';
import { UsageError } from '../../services/errors.ts';
import { withContext } from '../context.ts';
import { parseFormat, toCsv, toTable } from '../format.ts';

/** `tenure accounts merge|unmerge|merges`: one customer under two billing ids. */
export function registerAccountCommands(program: Command): void {
  const accounts =
    program.commands.find((c) => c.name() === 'accounts') ?? program.command('accounts').description('accounts');
  accounts.description('accounts: their owners, and merges of one customer billed under two ids');
  accounts
    .command('merge')
    .description(
      "merge FROM into INTO: the revenue ledger reads FROM's billing records as INTO's (a move, not churn + new)",
    )
    .argument('[from]', 'the account merged away (its id, as imported)')
    .argument('[into]', 'the account it becomes')
    .option('--file <pairs.csv>', 'merge every pair of a CSV with columns from_account_id,into_account_id')
    .action(
      async (from: string | undefined, into: string | undefined, options: { file?: string }, command: Command) => {
        const pair = from !== undefined && into !== undefined;
        if (options.file !== undefined ? from !== undefined : !pair) {
          throw new UsageError('give FROM and INTO, or --file pairs.csv (not both)');
        }
        await withContext(command.optsWithGlobals(), async (ctx) => {
          const result =
            options.file !== undefined
              ? await mergeAccountsFromFile({ ctx, input: { path: options.file } })
              : await mergeAccounts({ ctx, from: from ?? '', into: into ?? '' });
          for (const m of result.merged) process.stdout.write(`Merged ${m.from} into ${m.into}.\n`);
        });
      },
    );
  accounts
    .command('unmerge')
    .description('undo a merge: FROM counts as its own account again')
    .argument('<from>', 'the merged account')
    .action(async (from: string, _options: unknown, command: Command) => {
      await withContext(command.optsWithGlobals(), async (ctx) => {
        await unmergeAccount({ ctx, from });
        process.stdout.write(`Unmerged ${from}.\n`);
      });
    });
  accounts
    .command('merges')
    .description('list the merges in force')
    .option('--format <format>', 'table, csv or json', 'table')
    .action(async (options: { format: string }, command: Command) => {
      const format = parseFormat(options.format);
      await withContext(command.optsWithGlobals(), async (ctx) => {
        const merges = await accountMerges({ ctx });
        if (format === 'json') {
          process.stdout.write(JSON.stringify(merges, null, 2) + '\n');
          return;
        }
        const rows = merges.map((m) => ({ from: m.from, into: m.into, merged_at: m.mergedAt, source: m.source }));
        const columns = ['from', 'into', 'merged_at', 'source'];
        process.stdout.write(format === 'csv' ? toCsv(columns, rows) : toTable(columns, rows));
      });
    });
}
