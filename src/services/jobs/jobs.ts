// Service verbs over the jobs table: list, retry, enqueue (for any module that wants work done in the background).
import { boundedJson } from '../../contract/common.ts';
import type { JobView } from '../../contract/jobs.ts';
import {
  getJob,
  insertJob,
  listJobs as listJobRows,
  retryJob as retryJobRow,
  type JobRow,
  type JobState,
} from '../../store/jobs.ts';
import { StoreError, type Queryable } from '../../store/types.ts';
import { nowOf, type ServiceContext } from '../context.ts';
import { UsageError } from '../errors.ts';

export type Job = JobRow;

/** A job as the HTTP contract shows it: its payload as bounded JSON, no lease or uniqueness internals. */
export function jobView(job: Job): JobView {
  return {
    id: job.id,
    kind: job.kind,
    payload: boundedJson(job.payload),
    state: job.state,
    runAt: job.runAt,
    attempts: job.attempts,
    maxAttempts: job.maxAttempts,
    schedule: job.schedule,
    lockedBy: job.lockedBy,
    progress: job.progress,
    lastError: job.lastError,
    lastStartedAt: job.lastStartedAt,
    lastFinishedAt: job.lastFinishedAt,
    createdAt: job.createdAt,
  };
}
export const JOB_STATES: readonly JobState[] = ['queued', 'running', 'done', 'dead'];

/** `field`: what the caller calls it (the CLI's --state flag, an API field). */
export function parseJobState(value: string, field = 'state'): JobState {
  if (!(JOB_STATES as readonly string[]).includes(value)) {
    throw new UsageError(`${field} must be one of ${JOB_STATES.join(', ')}, found "${value}"`);
  }
  return value as JobState;
}

export function parseJobId(value: string): number {
  if (!/^\d+$/.test(value) || !Number.isSafeInteger(Number(value)) || Number(value) < 1) {
    throw new UsageError(`ID must be a job id (a positive whole number), found "${value}"`);
  }
  return Number(value);
}

export async function listJobs({
  ctx,
  state,
  kind,
  limit = 50,
  offset = 0,
}: {
  ctx: ServiceContext;
  state?: JobState | undefined;
  kind?: string | undefined;
  limit?: number;
  offset?: number;
}): Promise<{ items: Job[]; total: number }> {
  return listJobRows(ctx.store, { state, kind, limit, offset });
}

/** Runs a job again now, from its first attempt (a dead job, or a queued one sooner). */
export async function retryJob({ ctx, id }: { ctx: ServiceContext; id: number }): Promise<Job> {
  let job: Job | null;
  try {
    job = await retryJobRow(ctx.store, { id, now: nowOf(ctx) });
  } catch (error) {
    // The jobs_queued_key_idx: a job doing the same work is already waiting to run.
    if (error instanceof StoreError && error.code === '23505') {
      throw new UsageError(`job ${id} need not run again: the same work is already queued`);
    }
    throw error;
  }
  if (job) return job;
  const existing = await getJob(ctx.store, id);
  if (!existing) throw new UsageError(`there is no job ${id}`);
  throw new UsageError(`job ${id} is running now; retry it once it has finished`);
}

/**
 * Queues work for the runner: `kind` must be a registered kind (src/jobs/kinds.ts). With `uniqueKey`, nothing is
 * added while a job with that key is still queued. Pass `tx` to queue inside the caller's transaction.
 */
export async function enqueueJob(
  ctx: { store: Queryable; now?: ServiceContext['now'] },
  job: { kind: string; payload?: unknown; runAt?: Date; maxAttempts?: number; uniqueKey?: string },
  options: { tx?: Queryable } = {},
): Promise<number | null> {
  return insertJob(options.tx ?? ctx.store, {
    kind: job.kind,
    payload: job.payload ?? {},
    runAt: job.runAt ?? nowOf(ctx),
    maxAttempts: job.maxAttempts ?? 5,
    uniqueKey: job.uniqueKey,
  });
}
