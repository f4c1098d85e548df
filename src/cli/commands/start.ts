import type { Command } from 'commander';
import { getStatus } from '../../services/status.ts';
import { withContext } from '../context.ts';

/** `npm start`: opens (and if needed creates) the store, brings the schema up to date and says what it holds. */
export function registerStartCommand(program: Command): void {
  program
    .command('start')
    .description('create or open the store, migrate it, and report what it holds')
    .action(async (_options: unknown, command: Command) => {
      await withContext(command.optsWithGlobals(), async (ctx) => {
        const status = await getStatus({ ctx });
        const out = process.stdout;
        out.write(
          `Tenure store: ${status.store.kind} (${status.store.location}), schema version ${status.schemaVersion}\n`,
        );
        const held = Object.entries(status.counts).filter(([, n]) => n > 0);
        if (held.length === 0) {
          out.write(
            '\nThe store is empty. Load your billing data:\n' +
              '  npx tenure import accounts accounts.csv\n' +
              '  npx tenure import subscriptions subscription_periods.csv   (dbt mrr-playbook format)\n' +
              '  npx tenure import stripe --file stripe-export.json          (or --live with STRIPE_API_KEY)\n' +
              'Then: npx tenure status, and npx tenure --help for reports.\n',
          );
          return;
        }
        out.write(`\nIt holds: ${held.map(([kind, n]) => `${n} ${kind.replace(/_/g, ' ')}`).join(', ')}.\n`);
        out.write('Run npx tenure --help for reports and imports.\n');
      });
    });
}
