// What a job kind is: a name, the work, how often it may fail and how long to wait between tries, and for a
// recurring kind its cron schedule. Register a new kind with one line in kinds.ts.
import type { ServiceContext } from '../services/context.ts';

export interface Backoff {
  /** The wait after the first failed attempt. */
  baseMs: number;
  /** Each further wait is this many times the one before. */
  factor: number;
  maxMs?: number;
}

export interface RunningJob<P = unknown> {
  id: number;
  kind: string;
  payload: P;
  /** 1 on the first try. */
  attempt: number;
  maxAttempts: number;
  /** Aborted when the runner stops and gives the job back. */
  signal: AbortSignal;
  /** Records progress (shown in `tenure jobs list` and the app) and extends the job's lease. */
  progress(progress: { done: number; total?: number; note?: string }): Promise<void>;
}

export interface JobKind<P = unknown> {
  kind: string;
  description: string;
  run(ctx: ServiceContext, job: RunningJob<P>): Promise<void>;
  /** Tries before a one-off job is dead (a recurring one waits for its next occurrence). Default 5. */
  maxAttempts?: number;
  /** Default 30 s doubling, at most 1 hour. */
  backoff?: Backoff;
  /** A cron expression in TENURE_TIMEZONE: the kind runs on its own on that schedule. */
  schedule?: string;
}

export const DEFAULT_MAX_ATTEMPTS = 5;
export const DEFAULT_BACKOFF: Backoff = { baseMs: 30_000, factor: 2, maxMs: 3_600_000 };

/** The wait before try `attempts + 1`, after `attempts` tries failed. */
export function backoffDelay(backoff: Backoff, attempts: number): number {
  const delay = backoff.baseMs * backoff.factor ** Math.max(0, attempts - 1);
  return Math.round(Math.min(delay, backoff.maxMs ?? Infinity));
}

/** A kind's definition with its payload type erased, for lists of kinds. */
export function defineJob<P>(kind: JobKind<P>): JobKind {
  return kind;
}
