// The jobs runner: claims due jobs from the store (FOR UPDATE SKIP LOCKED, so several servers on one PostgreSQL
// share them and each runs once), runs them, and records the outcome: done, queued again after a backoff, dead
// after its last attempt, or, for a recurring job, queued for its next occurrence. Time comes from ctx.now().
import { hostname } from 'node:os';
import { randomBytes } from 'node:crypto';
import { nextRun, parseCron } from '../core/schedule.ts';
import { nowOf, type ServiceContext } from '../services/context.ts';
import {
  claimJobs,
  finishJob,
  releaseJob,
  requeueExpired,
  touchJob,
  upsertSchedule,
  type JobRow,
} from '../store/jobs.ts';
import { backoffDelay, DEFAULT_BACKOFF, DEFAULT_MAX_ATTEMPTS, type JobKind, type RunningJob } from './types.ts';

export interface RunnerOptions {
  ctx: ServiceContext;
  kinds: readonly JobKind[];
  /** Jobs run at once by `start()`. */
  concurrency?: number;
  /** How often an idle runner looks for due jobs (real time). */
  pollMs?: number;
  /** A claimed job belongs to this runner this long; a running job renews it, a dead runner's jobs go back. */
  leaseMs?: number;
  /** Called with every failed attempt (the server logs it). */
  onError?: (job: JobRow, error: unknown) => void;
}

export interface RunSummary {
  ran: number;
  succeeded: number;
  failed: number;
}

export interface Runner {
  readonly worker: string;
  /** Registers the recurring kinds' schedules (once per store; later calls keep their next run). */
  ensureSchedules(): Promise<void>;
  /** Runs every job due now in this process, one after the other, and returns; `ids` limits it to those jobs. */
  runDue(options?: { ids?: readonly number[] }): Promise<RunSummary>;
  /** Polls and runs jobs in the background until stop(). */
  start(): Promise<void>;
  /** Looks for due jobs now instead of at the next poll. */
  wake(): void;
  /** Stops claiming, lets running jobs finish for up to `graceMs`, then gives the rest back to the queue. */
  stop(graceMs?: number): Promise<void>;
}

/** How often a polling runner looks for jobs whose runner died. */
const SWEEP_MS = 10_000;

const message = (error: unknown) =>
  (error instanceof Error ? error.message : String(error)).slice(0, 2000) || 'failed without a message';

export function createRunner(options: RunnerOptions): Runner {
  const { ctx } = options;
  const kinds = new Map(options.kinds.map((k) => [k.kind, k]));
  const names = [...kinds.keys()];
  const leaseMs = options.leaseMs ?? 5 * 60_000;
  const worker = `${hostname()}:${process.pid}:${randomBytes(3).toString('hex')}`;
  const zone = ctx.config.jobs.timezone;
  const running = new Map<number, AbortController>();
  let stopping = false;
  let loops: Promise<void>[] = [];
  let wakeUp: (() => void) | null = null;

  const leaseFrom = (now: Date) => new Date(now.getTime() + leaseMs);

  async function execute(job: JobRow): Promise<boolean> {
    const def = kinds.get(job.kind);
    if (!def) return false;
    const controller = new AbortController();
    const renew = (progress?: unknown) =>
      touchJob(ctx.store, { id: job.id, worker, lockedUntil: leaseFrom(nowOf(ctx)), progress });
    const heartbeat = setInterval(() => void renew().catch(() => undefined), Math.max(1000, leaseMs / 3));
    heartbeat.unref();
    const handle: RunningJob = {
      id: job.id,
      kind: job.kind,
      payload: job.payload,
      attempt: job.attempts,
      maxAttempts: job.maxAttempts,
      signal: controller.signal,
      progress: async (p) => {
        await renew(p);
      },
    };
    running.set(job.id, controller);
    let error: unknown = null;
    try {
      await def.run(ctx, handle);
    } catch (e) {
      error = e;
      options.onError?.(job, e);
    } finally {
      clearInterval(heartbeat);
    }
    try {
      if (!controller.signal.aborted) await finish(def, job, error);
    } finally {
      running.delete(job.id);
    }
    return error === null;
  }

  async function finish(def: JobKind, job: JobRow, error: unknown): Promise<void> {
    const now = nowOf(ctx);
    const next = job.schedule ? () => new Date(nextRun(parseCron(job.schedule ?? ''), zone, now.getTime())) : null;
    if (error === null) {
      await finishJob(ctx.store, {
        id: job.id,
        worker,
        now,
        error: null,
        next: next ? { state: 'queued', runAt: next(), resetAttempts: true } : { state: 'done' },
      });
      return;
    }
    const retry = job.attempts < job.maxAttempts;
    const wait = backoffDelay(def.backoff ?? DEFAULT_BACKOFF, job.attempts);
    await finishJob(ctx.store, {
      id: job.id,
      worker,
      now,
      error: message(error),
      next: retry
        ? { state: 'queued', runAt: new Date(now.getTime() + wait), resetAttempts: false }
        : next
          ? { state: 'queued', runAt: next(), resetAttempts: true }
          : { state: 'dead' },
    });
  }

  let lastSweep = -Infinity;
  /** Looks for jobs of dead runners at most every SWEEP_MS (real time), and whenever `force`. */
  const sweep = async (force: boolean) => {
    if (!force && performance.now() - lastSweep < SWEEP_MS) return;
    lastSweep = performance.now();
    await requeueExpired(ctx.store, nowOf(ctx));
  };

  const claim = (ids?: readonly number[]) => {
    const now = nowOf(ctx);
    return claimJobs(ctx.store, {
      worker,
      kinds: names,
      now,
      lockedUntil: leaseFrom(now),
      limit: 1,
      ...(ids ? { ids } : {}),
    });
  };

  async function ensureSchedules(): Promise<void> {
    const now = nowOf(ctx).getTime();
    for (const def of kinds.values()) {
      if (!def.schedule) continue;
      await upsertSchedule(ctx.store, {
        kind: def.kind,
        uniqueKey: `schedule:${def.kind}`,
        schedule: def.schedule,
        nextRunAt: new Date(nextRun(parseCron(def.schedule), zone, now)),
        maxAttempts: def.maxAttempts ?? DEFAULT_MAX_ATTEMPTS,
      });
    }
  }

  async function runDue({ ids }: { ids?: readonly number[] } = {}): Promise<RunSummary> {
    const summary: RunSummary = { ran: 0, succeeded: 0, failed: 0 };
    await sweep(true);
    for (;;) {
      const [job] = await claim(ids);
      if (!job) return summary;
      const ok = await execute(job);
      summary.ran++;
      if (ok) summary.succeeded++;
      else summary.failed++;
    }
  }

  async function loop(): Promise<void> {
    while (!stopping) {
      let job: JobRow | undefined;
      try {
        await sweep(false);
        [job] = await claim();
      } catch (error) {
        options.onError?.({ id: 0, kind: 'claim' } as JobRow, error);
      }
      if (job) {
        // A store that fails while recording the outcome must not end the loop: the lease brings the job back.
        const ran = await execute(job).catch((error: unknown) => {
          options.onError?.(job, error);
          return null;
        });
        if (ran !== null) continue;
      }
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, options.pollMs ?? 1000);
        wakeUp = () => {
          clearTimeout(timer);
          resolve();
        };
      });
      wakeUp = null;
    }
  }

  return {
    worker,
    ensureSchedules,
    runDue,
    async start() {
      await ensureSchedules();
      stopping = false;
      loops = Array.from({ length: Math.max(1, options.concurrency ?? 1) }, () => loop());
    },
    wake() {
      wakeUp?.();
    },
    async stop(graceMs = 10_000) {
      stopping = true;
      wakeUp?.();
      const all = Promise.all(loops);
      let timer: NodeJS.Timeout | undefined;
      const timedOut = await Promise.race([
        all.then(() => false),
        new Promise<boolean>((resolve) => {
          timer = setTimeout(() => {
            resolve(true);
          }, graceMs);
        }),
      ]);
      clearTimeout(timer);
      if (!timedOut) return;
      for (const [id, controller] of running) {
        controller.abort();
        await releaseJob(ctx.store, { id, worker }).catch(() => undefined);
      }
    },
  };
}
