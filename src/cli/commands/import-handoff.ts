import type { Command } from 'commander';
import { decodeUtf8 } from '../../importers/encoding.ts';
import { readBytes } from '../../importers/csv/read.ts';
import { importHandoffs } from '../../services/handoff/handoff.ts';
import { withContext } from '../context.ts';
import { parseFormat } from '../format.ts';

/** `tenure import handoff FILE`: handoff files as JSON, or promised outcomes as CSV; all or nothing. */
export function registerHandoffImport(importCommand: Command): Command {
  return importCommand
    .command('handoff')
    .description(
      'import handoff files: JSON (a list, each with account_id, goals, outcomes, stakeholders, bought, plan, risks) or CSV of outcomes (account_id,metric,baseline,target,due_date)',
    )
    .argument('<file>', 'a .json file (a list of handoff files) or a .csv file of promised outcomes')
    .option('--format <format>', 'summary as table or json', 'table')
    .action(async (file: string, options: { format: string }, command: Command) => {
      const format = parseFormat(options.format, ['table', 'json']);
      const content = decodeUtf8(await readBytes(file), file);
      const summary = await withContext(command.optsWithGlobals(), (ctx) => importHandoffs({ ctx, content, file }));
      process.stdout.write(
        format === 'json' ? JSON.stringify(summary, null, 2) + '\n' : `handoff files written: ${summary.accounts}\n`,
      );
    });
}
