// Runs the HTTP server for `tenure serve` and `tenure start` until SIGINT/SIGTERM.
import { ensureWebBuild } from '../../web/build.ts';
import { buildApp } from '../http/app.ts';
import type { ServiceContext } from '../services/context.ts';
import { createReportCache } from '../services/report-cache.ts';
import { currentLedger, todayUtc } from '../services/revenue.ts';
import { keepRevenueTablesCurrent } from '../services/revenue-tables.ts';
import { UsageError } from '../services/errors.ts';

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
  process.stdout.write(`\nTenure is running at http://${shown}:${bound}/\n`);
  for (const line of notes) process.stdout.write(`${line}\n`);
  process.stdout.write('Press Ctrl+C to stop.\n');
  // Load the ledger now, so the first page a person opens is quick; then keep the SQL copy current.
  const tables = keepRevenueTablesCurrent(
    { ...ctx, cache },
    {
      onError: (error) => {
        app.log.error(error);
      },
    },
  );
  void currentLedger({ ctx: { ...ctx, cache }, asOf: todayUtc() })
    .then(() => tables.runOnce())
    .catch((error: unknown) => {
      app.log.error(error);
    });
  await new Promise<void>((resolve) => {
    process.once('SIGINT', resolve);
    process.once('SIGTERM', resolve);
  });
  process.stdout.write('Stopping…\n');
  tables.stop();
  await app.close();
}
