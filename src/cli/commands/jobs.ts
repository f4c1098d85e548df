import type { Command } from 'commander';
import { JOB_KINDS } from '../../jobs/kinds.ts';
import { createRunner } from '../../jobs/runner.ts';
import { UsageError } from '../../services/errors.ts';
import { listJobs, parseJobId, parseJobState, retryJob, type Job } from '../../services/jobs/jobs.ts';
import { withContext } from '../context.ts';
import { parseFormat, toTable } from '../format.ts';

const progressText = (p: unknown): string => {
  if (p === null || typeof p !== 'object') return '';
  const { done, total, note } = p as { done?: number; total?: number; note?: string };
  return [done !== undefined ? `${done}${total !== undefined ? `/${total}` : ''}` : '', note ?? '']
    .filter(Boolean)
    .join(' ');
};

const row = (j: Job) => ({
  id: j.id,
  kind: j.kind,
  state: j.state,
  attempts: `${j.attempts}/${j.maxAttempts}`,
  next_run: j.state === 'queued' ? j.runAt : '',
  schedule: j.schedule ?? '',
  progress: progressText(j.progress),
  last_error: (j.lastError ?? '').replace(/\s+/g, ' ').slice(0, 80),
});

/** `tenure jobs list|run --once|retry ID`. */
export function registerJobCommands(program: Command): void {
  const jobs = program.command('jobs').description('background jobs: upkeep, webhook deliveries, scheduled checks');
  jobs
    .command('list')
    .description('jobs with their state, attempts, next run and last error (running and dead first)')
    .option('--state <state>', 'only queued, running, done or dead jobs')
    .option('--kind <kind>', 'only jobs of this kind')
    .option('--limit <n>', 'at most this many', '100')
    .option('--format <format>', 'table or json', 'table')
    .action(async (options: { state?: string; kind?: string; limit: string; format: string }, command: Command) => {
      const format = parseFormat(options.format, ['table', 'json']);
      const state = options.state === undefined ? undefined : parseJobState(options.state, '--state');
      const limit = Number(options.limit);
      if (!Number.isInteger(limit) || limit < 1) throw new UsageError(`--limit must be a positive whole number`);
      await withContext(command.optsWithGlobals(), async (ctx) => {
        const page = await listJobs({ ctx, state, kind: options.kind, limit });
        if (format === 'json') {
          process.stdout.write(`${JSON.stringify(page, null, 2)}\n`);
          return;
        }
        const columns = ['id', 'kind', 'state', 'attempts', 'next_run', 'schedule', 'progress', 'last_error'];
        process.stdout.write(toTable(columns, page.items.map(row)));
        if (page.total > page.items.length) process.stdout.write(`(${page.items.length} of ${page.total} shown)\n`);
      });
    });
  jobs
    .command('run')
    .description('run the jobs that are due now in this process, then exit')
    .requiredOption('--once', 'run what is due and exit (the server runs jobs continuously)')
    .action(async (_options: unknown, command: Command) => {
      await withContext(command.optsWithGlobals(), async (ctx) => {
        const runner = createRunner({
          ctx,
          kinds: JOB_KINDS,
          onError: (job, error) => {
            process.stderr.write(
              `job ${job.id} (${job.kind}) failed: ${error instanceof Error ? error.message : String(error)}\n`,
            );
          },
        });
        await runner.ensureSchedules();
        const summary = await runner.runDue();
        process.stdout.write(`Ran ${summary.ran} job(s): ${summary.succeeded} succeeded, ${summary.failed} failed.\n`);
      });
    });
  jobs
    .command('retry <id>')
    .description('run a job again now, from its first attempt (a dead one, or a queued one sooner)')
    .action(async (id: string, _options: unknown, command: Command) => {
      const jobId = parseJobId(id);
      await withContext(command.optsWithGlobals(), async (ctx) => {
        const job = await retryJob({ ctx, id: jobId });
        process.stdout.write(`Job ${job.id} (${job.kind}) is queued to run now.\n`);
      });
    });
}
