// Runs the HTTP server for `tenure serve` and `tenure start` until SIGINT/SIGTERM.
import { ensureWebBuild } from '../../web/build.ts';
import { buildApp } from '../http/app.ts';
import type { ServiceContext } from '../services/context.ts';
import { createReportCache, type ReportCache } from '../services/report-cache.ts';
import type { App } from '../http/types.ts';
import { currentLedger, todayUtc } from '../services/revenue.ts';
import { UsageError } from '../services/errors.ts';
import { lastWriteId } from '../services/audit.ts';
import { commandWords } from '../store/lock.ts';
import { listenCliSocket, socketPathOf } from './remote.ts';

export interface ServeOptions {
  host: string;
  port: number;
  /** Lines printed once the server listens (sign-in hints). */
  notes?: string[];
}

export function parsePort(value: string): number {
  const port = Number(value);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new UsageError(`--port must be a port number 0-65535, found "${value}"`);
  }
  return port;
}

export async function serve(ctx: ServiceContext, { host, port, notes = [] }: ServeOptions): Promise<void> {
  const webDir = await ensureWebBuild();
  const cache = createReportCache();
  const app = await buildApp({
    ctx: { ...ctx, cache },
    webDir,
    logger: { level: process.env.TENURE_LOG_LEVEL ?? 'warn' },
  });
  await app.listen({ host, port });
  const address = app.server.address();
  const bound = typeof address === 'object' && address ? address.port : port;
  const shown = host === '0.0.0.0' || host === '::' ? 'localhost' : host.includes(':') ? `[${host}]` : host;
  const closeSocket = await listenForCli(ctx, app, cache);
  process.stdout.write(`\nTenure is running at http://${shown}:${bound}/\n`);
  for (const line of notes) process.stdout.write(`${line}\n`);
  process.stdout.write('Press Ctrl+C to stop.\n');
  // Load the ledger now, so the first page a person opens is quick.
  void currentLedger({ ctx: { ...ctx, cache }, asOf: todayUtc() }).catch((error: unknown) => {
    app.log.error(error);
  });
  await new Promise<void>((resolve) => {
    process.once('SIGINT', resolve);
    process.once('SIGTERM', resolve);
  });
  process.stdout.write('Stopping…\n');
  await closeSocket();
  await app.close();
}

/**
 * On the embedded store, CLI commands run inside this server (see remote.ts): after one that wrote, the report
 * memory and remembered credentials are dropped, so the API sees a new user or a revoked key at once.
 */
async function listenForCli(ctx: ServiceContext, app: App, cache: ReportCache): Promise<() => Promise<void>> {
  if (!('dataDir' in ctx.config.store) || ctx.store.kind !== 'pglite') return () => Promise.resolve();
  const { runCommand } = await import('./main.ts');
  let seen = await lastWriteId({ ctx });
  return listenCliSocket({
    socketPath: socketPathOf(ctx.config.store.dataDir),
    ctx: { ...ctx, cache },
    run: async (argv) => {
      const code = await runCommand(argv);
      return typeof code === 'number' ? code : 1;
    },
    afterCommand: async () => {
      const last = await lastWriteId({ ctx });
      if (last === seen) return;
      seen = last;
      cache.clear();
      app.forgetCredentials();
    },
    commandOf: commandWords,
  });
}
