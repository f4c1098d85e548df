import type { Command } from 'commander';
import { getStatus } from '../../services/status.ts';
import { withContext } from '../context.ts';
import { parseFormat, toTable } from '../format.ts';

export function registerStatusCommand(program: Command): void {
  program
    .command('status')
    .description('name the store in use, count stored records by kind, and list billing records no figure can use')
    .option('--format <format>', 'table or json', 'table')
    .action(async (options: { format: string }, command: Command) => {
      const format = parseFormat(options.format, ['table', 'json']);
      await withContext(command.optsWithGlobals(), async (ctx) => {
        const status = await getStatus({ ctx });
        if (format === 'json') {
          process.stdout.write(
            JSON.stringify(
              {
                store: status.store,
                schema_version: status.schemaVersion,
                ...status.counts,
                problems: status.problems,
              },
              null,
              2,
            ) + '\n',
          );
          return;
        }
        process.stdout.write(
          `store: ${status.store.kind} (${status.store.location}), schema version ${status.schemaVersion}\n\n`,
        );
        const rows = Object.entries(status.counts).map(([kind, count]) => ({ kind, count }));
        process.stdout.write(toTable(['kind', 'count'], rows));
        if (status.problems.length > 0) {
          process.stdout.write(`\nbilling records left out of the revenue figures (fix them and import again):\n`);
          process.stdout.write(toTable(['record', 'account', 'problem'], status.problems));
        }
      });
    });
}
