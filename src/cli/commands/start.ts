import type { Command } from 'commander';
import { formatMinor } from '../../core/money.ts';
import { UsageError } from '../../services/errors.ts';
import { prepareStart } from '../../services/first-start.ts';
import { withContext } from '../context.ts';
import { parsePort, serve } from '../server.ts';
import { withServerOptions } from './serve.ts';

/** `npm start`: creates the store if needed, loads the demo into an empty one, and serves the dashboard. */
export function registerStartCommand(program: Command): void {
  withServerOptions(
    program
      .command('start')
      .description('create or open the store (an empty one gets the demo company) and serve the dashboard'),
  )
    .option('--no-demo', 'do not load the demo company into an empty store')
    .option('--demo-accounts <n>', 'size of the demo company (default 2000)')
    .action(async (options: { port: string; host: string; demo: boolean; demoAccounts?: string }, command: Command) => {
      const port = parsePort(options.port);
      const demoAccounts = options.demoAccounts === undefined ? undefined : Number(options.demoAccounts);
      await withContext(command.optsWithGlobals(), async (ctx) => {
        const out = process.stdout;
        out.write(`Tenure store: ${ctx.store.kind} (${ctx.store.location})\n`);
        const plan = await prepareStart({ ctx, demo: options.demo, demoAccounts });
        if (plan.demo) {
          const d = plan.demo;
          out.write(
            `Loaded the demo company: ${d.accounts} accounts, ${d.periods} subscription periods ${d.firstMonth}..${d.endMonth}, ` +
              `MRR ${formatMinor(d.mrrMinor, d.reportingCurrency)} ${d.reportingCurrency}.\n`,
          );
        }
        if (plan.needsAdmin) {
          throw new UsageError(
            'this store has data but no user who can sign in. Create the first admin, then start again:\n' +
              '  npx tenure user add --email you@example.com --role admin',
          );
        }
        const notes = plan.signIn
          ? [`Demo sign-in: ${plan.signIn.email} / ${plan.signIn.password}`]
          : ['Sign in with your Tenure user (add one with: npx tenure user add --email E --role admin).'];
        await serve(ctx, { host: options.host, port, notes });
      });
    });
}
