// Keeps the SQL copy of the ledger (revenue_spans, revenue_movements) current in a long-running server,
// off the request path. The jobs runner can run `refreshRevenue` as a recurring job instead: this is the
// same call on a timer.
import type { ServiceContext } from './context.ts';
import { refreshRevenue, todayUtc, type RecomputeResult } from './revenue.ts';

export interface RevenueTablesTimer {
  /** Runs one refresh now (skipped while one runs); resolves with its result. */
  runOnce(): Promise<RecomputeResult | null>;
  stop(): void;
}

/** Refreshes the tables for today every `everyMs` (a no-op when nothing changed since the last refresh). */
export function keepRevenueTablesCurrent(
  ctx: ServiceContext,
  { everyMs = 60_000, onError }: { everyMs?: number; onError: (error: unknown) => void },
): RevenueTablesTimer {
  let running: Promise<RecomputeResult | null> | null = null;
  const runOnce = () => {
    running ??= refreshRevenue({ ctx, asOf: todayUtc() })
      .catch((error: unknown) => {
        onError(error);
        return null;
      })
      .finally(() => {
        running = null;
      });
    return running;
  };
  const timer = setInterval(() => void runOnce(), everyMs);
  timer.unref();
  return {
    runOnce,
    stop: () => {
      clearInterval(timer);
    },
  };
}
