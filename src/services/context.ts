import type { TenureConfig } from '../config.ts';
import type { Store } from '../store/types.ts';
import type { ReportCache } from './report-cache.ts';

/** Reports progress of long work; the CLI draws a bar on a TTY, everything else passes `silentProgress`. */
export interface Progress {
  start(total: number, label: string): void;
  update(done: number): void;
  stop(): void;
}

export const silentProgress: Progress = { start() {}, update() {}, stop() {} };

/** Everything a service verb needs, handed in: never read from module state. */
export interface ServiceContext {
  store: Store;
  config: TenureConfig;
  progress: Progress;
  /** A long-running server's ledger and report memory; absent in one-shot commands. */
  cache?: ReportCache;
  /** The clock: tests hand in one they can advance; absent, the system clock. */
  now?: () => Date;
}

/** The current time as the context's clock tells it. */
export const nowOf = (ctx: Pick<ServiceContext, 'now'>): Date => ctx.now?.() ?? new Date();
