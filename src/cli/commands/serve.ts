import type { Command } from 'commander';
import { countUsers } from '../../services/users.ts';
import { withContext } from '../context.ts';
import { parsePort, serve } from '../server.ts';

const DEFAULT_PORT = '3000';
const DEFAULT_HOST = '127.0.0.1';

/** --port and --host, shared by `serve` and `start`. */
export function withServerOptions(command: Command): Command {
  return command
    .option('--port <port>', 'port (TENURE_PORT; 0 picks a free one)', process.env.TENURE_PORT ?? DEFAULT_PORT)
    .option('--host <host>', 'address to listen on (TENURE_HOST)', process.env.TENURE_HOST ?? DEFAULT_HOST);
}

/** `tenure serve`: the API and dashboard on whatever store is configured. */
export function registerServeCommand(program: Command): void {
  withServerOptions(program.command('serve').description('serve the API and dashboard on the configured store')).action(
    async (options: { port: string; host: string }, command: Command) => {
      const port = parsePort(options.port);
      await withContext(command.optsWithGlobals(), async (ctx) => {
        const notes =
          (await countUsers({ ctx })) === 0
            ? ['Nobody can sign in yet: add an admin with  npx tenure user add --email you@example.com --role admin']
            : [];
        await serve(ctx, { host: options.host, port, notes });
      });
    },
  );
}
