// Backpressure and group commit for ingestion: requests queue their work here; a few writers take whatever
// is waiting and write it in one transaction, so many small batches cost one commit. Beyond `maxPending`
// batches (waiting or being written) new work is refused at once, and the sender is told when to retry.

export class OverloadedError extends Error {
  readonly retryAfterSeconds: number;
  constructor(retryAfterSeconds: number) {
    super(`ingestion is overloaded; retry after ${retryAfterSeconds} s`);
    this.name = 'OverloadedError';
    this.retryAfterSeconds = retryAfterSeconds;
  }
}

export interface WriteQueueOptions<J, R> {
  /** Jobs waiting or being written beyond which `submit` refuses. */
  maxPending: number;
  /** Flushes running at once (1 on the embedded store, which has a single session). */
  writers: number;
  /** A flush takes waiting jobs until their total weight reaches this (at least one job). */
  maxWeight: number;
  weight(job: J): number;
  /** Writes jobs together; returns one result per job, in order. */
  flush(jobs: J[]): Promise<R[]>;
  /** Runs after a flush, before the writer looks for more work (maintenance). */
  afterFlush?: () => Promise<void>;
}

export interface WriteQueue<J, R> {
  /** Queues a job; rejects with OverloadedError at once when `maxPending` jobs are in the queue. */
  submit(job: J): Promise<R>;
  /** Jobs waiting or being written. */
  readonly pending: number;
  /** Resolves when nothing is waiting or being written. */
  drain(): Promise<void>;
}

interface Entry<J, R> {
  job: J;
  resolve(result: R): void;
  reject(error: unknown): void;
}

export function createWriteQueue<J, R>(options: WriteQueueOptions<J, R>): WriteQueue<J, R> {
  const waiting: Entry<J, R>[] = [];
  let inFlight = 0;
  let writers = 0;
  let idle: (() => void)[] = [];

  const take = (): Entry<J, R>[] => {
    const taken: Entry<J, R>[] = [];
    let weight = 0;
    for (let next = waiting[0]; next !== undefined; next = waiting[0]) {
      const w = options.weight(next.job);
      if (taken.length > 0 && weight + w > options.maxWeight) break;
      waiting.shift();
      weight += w;
      taken.push(next);
    }
    return taken;
  };

  const settle = async (entries: Entry<J, R>[]): Promise<void> => {
    try {
      const results = await options.flush(entries.map((e) => e.job));
      entries.forEach((e, i) => {
        e.resolve(results[i] as R);
      });
    } catch (error) {
      // One bad job must not fail the others it was grouped with: write each alone.
      const [only] = entries;
      if (entries.length === 1 && only) only.reject(error);
      else for (const entry of entries) await settle([entry]);
    }
  };

  const run = async (): Promise<void> => {
    writers++;
    try {
      for (let entries = take(); entries.length > 0; entries = take()) {
        inFlight += entries.length;
        try {
          await settle(entries);
        } finally {
          inFlight -= entries.length;
        }
        await options.afterFlush?.().catch(() => undefined);
      }
    } finally {
      writers--;
      if (writers === 0 && waiting.length === 0) {
        for (const wake of idle) wake();
        idle = [];
      }
    }
  };

  return {
    submit(job) {
      if (waiting.length + inFlight >= options.maxPending) return Promise.reject(new OverloadedError(1));
      const promise = new Promise<R>((resolve, reject) => waiting.push({ job, resolve, reject }));
      if (writers < options.writers) void run();
      return promise;
    },
    get pending() {
      return waiting.length + inFlight;
    },
    drain() {
      if (writers === 0 && waiting.length === 0) return Promise.resolve();
      return new Promise<void>((resolve) => idle.push(resolve));
    },
  };
}
