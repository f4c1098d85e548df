// Runs the HTTP server for `tenure serve` and `tenure start` until SIGINT/SIGTERM.
import { ensureWebBuild } from '../../web/build.ts';
import { buildApp } from '../http/app.ts';
import type { ServiceContext } from '../services/context.ts';
import type { App } from '../http/types.ts';
import { JOB_KINDS } from '../jobs/kinds.ts';
import { REFRESH_REVENUE_JOB } from '../jobs/kinds/upkeep.ts';
import { createRunner } from '../jobs/runner.ts';
import { enqueueJob } from '../services/jobs/jobs.ts';
import { createReportCache, type ReportCache } from '../services/report-cache.ts';
import { keepRevenueTablesCurrent } from '../services/revenue-tables.ts';
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
  // Background jobs run in the server. The ledger is loaded now (by the revenue refresh, as a job when jobs run),
  // so the first page opened is quick; then a timer keeps the SQL copy of the ledger current.
  const tables = keepRevenueTablesCurrent(
    { ...ctx, cache },
    {
      onError: (error) => {
        app.log.error(error);
      },
    },
  );
  const runner = createRunner({
    ctx: { ...ctx, cache },
    kinds: JOB_KINDS,
    concurrency: ctx.config.jobs.concurrency,
    onError: (job, error) => {
      app.log.warn({ job: job.id, kind: job.kind, err: error }, 'job attempt failed');
    },
  });
  if (ctx.config.jobs.enabled) {
    await enqueueJob(ctx, { kind: REFRESH_REVENUE_JOB, uniqueKey: REFRESH_REVENUE_JOB });
    await runner.start();
  } else {
    void tables.runOnce();
  }
  await new Promise<void>((resolve) => {
    process.once('SIGINT', resolve);
    process.once('SIGTERM', resolve);
  });
  process.stdout.write('Stopping…\n');
  tables.stop();
  await closeSocket();
  // Running jobs get a few seconds to finish; the rest go back to the queue for the next runner.
  await Promise.all([runner.stop(JOB_GRACE_MS), app.close()]);
}

/** How long a stopping server lets running jobs finish before giving them back. */
const JOB_GRACE_MS = 10_000;

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
