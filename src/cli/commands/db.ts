import type { Command } from 'commander';
import { migrateSchema } from '../../services/database/migrate.ts';
import { withContext } from '../context.ts';

export function registerDbCommands(program: Command): void {
  const db = program.command('db').description('database maintenance');
  db.command('migrate')
    .description('create or upgrade the schema (commands also do this on start)')
    .action(async (_options: unknown, command: Command) => {
      await withContext(
        command.optsWithGlobals(),
        async (ctx) => {
          const applied = await migrateSchema({ ctx });
          process.stdout.write(
            applied.length > 0
              ? `applied migrations ${applied.join(', ')} on ${ctx.store.kind} (${ctx.store.location})\n`
              : `schema is up to date on ${ctx.store.kind} (${ctx.store.location})\n`,
          );
          // Opened without migrating, so the command reports what it applied (opening would apply it first).
        },
        { migrate: false },
      );
    });
}
