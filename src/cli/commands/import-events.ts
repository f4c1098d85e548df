import type { Command } from 'commander';
import { importEvents } from '../../services/import-events.ts';
import { withContext } from '../context.ts';
import { parseFormat } from '../format.ts';

/** `tenure import events FILE`: historical product usage from NDJSON or CSV Segment messages. */
export function registerEventsImport(importCommand: Command): Command {
  return importCommand
    .command('events')
    .description('import product-usage events: Segment messages as NDJSON (one a line) or CSV (one a row)')
    .argument('<file>', 'an .ndjson/.jsonl file, or a .csv file with type, user_id, event, timestamp, ... columns')
    .option('--format <format>', 'summary as table or json', 'table')
    .action(async (file: string, options: { format: string }, command: Command) => {
      const format = parseFormat(options.format, ['table', 'json']);
      const summary = await withContext(command.optsWithGlobals(), (ctx) =>
        importEvents({ ctx, input: { path: file } }),
      );
      process.stdout.write(
        format === 'json'
          ? JSON.stringify(summary, null, 2) + '\n'
          : `read ${summary.read} messages: ${summary.created} stored, ${summary.unchanged} already stored\n`,
      );
    });
}
