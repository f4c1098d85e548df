// The Tenure contender, end to end from the store with a fresh engine: read the billing records (COPY),
// normalize them into the columnar intervals, cut the ledger at the horizon's last day, and compute every
// metric series (month, quarter, year, T12M). Nothing is written. Then, on the warm engine of a server:
// a one-account change followed by the next answer, and answers for as-of days not asked before.
import { aggregateLedger, kindIndex, metricsSeries, type MonthlyAggregate } from '../src/core/revenue/index.ts';
import { firstDayOfMonth, formatDay, monthIndex } from '../src/core/period.ts';
import { loadConfig } from '../src/config.ts';
import { silentProgress, systemActor, type ServiceContext } from '../src/services/context.ts';
import { createReportCache } from '../src/services/report-cache.ts';
import { revenueMetrics } from '../src/services/revenue-reports.ts';
import { currentLedger } from '../src/services/revenue.ts';
import type { Store } from '../src/store/types.ts';
import type { MonthlyTotals } from './lib/totals.ts';

export const TENURE_NOT_WIRED = 'Tenure engine not wired yet';

/** Months are 'YYYY-MM', inclusive; the engine has no clock, so the bench passes the horizon in. */
export interface Horizon {
  firstMonth: string;
  lastMonth: string;
}

export type TenureContender = (ctx: ServiceContext, horizon: Horizon) => Promise<MonthlyTotals[]>;

function totalsOf(agg: MonthlyAggregate, first: number, last: number): MonthlyTotals[] {
  const at = (values: Float64Array | Int32Array, offset: number, month: number) =>
    month < agg.firstMonth || month > agg.lastMonth ? 0 : (values[offset + month - agg.firstMonth] ?? 0);
  const sum = (kind: Parameters<typeof kindIndex>[0], m: number) =>
    at(agg.movementMinor, kindIndex(kind) * agg.length, m);
  const count = (kind: Parameters<typeof kindIndex>[0], m: number) =>
    at(agg.movementCount, kindIndex(kind) * agg.length, m);
  const rows: MonthlyTotals[] = [];
  for (let m = first; m <= last; m++) {
    rows.push({
      month: formatDay(firstDayOfMonth(m)).slice(0, 7),
      mrr: at(agg.mrrMinor, 0, m),
      customers: at(agg.payingCustomers, 0, m),
      newMrr: sum('new', m),
      newCount: count('new', m),
      expansionMrr: sum('expansion', m),
      expansionCount: count('expansion', m),
      contractionMrr: sum('contraction', m),
      contractionCount: count('contraction', m),
      churnMrr: sum('churn', m),
      churnCount: count('churn', m),
      reactivationMrr: sum('reactivation', m),
      reactivationCount: count('reactivation', m),
    });
  }
  return rows;
}

/** A server's context: the engine and answers kept in its cache. */
export function serverContext(store: Store): ServiceContext {
  return {
    store,
    config: loadConfig({}),
    progress: silentProgress,
    actor: systemActor,
    now: () => new Date(),
    cache: createReportCache(),
  };
}

const lastDayOf = (horizon: Horizon) => formatDay(firstDayOfMonth(monthIndex(horizon.lastMonth) + 1) - 1);

export const runTenure: TenureContender = async (ctx, horizon) => {
  const ledger = await currentLedger({ ctx, asOf: lastDayOf(horizon) });
  const agg = aggregateLedger(ledger);
  for (const kind of ['month', 'quarter', 'year', 't12m'] as const) metricsSeries(agg, kind);
  return totalsOf(agg, monthIndex(horizon.firstMonth), monthIndex(horizon.lastMonth));
};

export interface Timing {
  ms: number;
  /** CPU time of the whole process over the same runs (median). */
  cpuMs: number;
}

const median = (times: number[]) => [...times].sort((a, b) => a - b)[Math.floor(times.length / 2)] ?? NaN;

async function timed(fn: () => Promise<unknown>): Promise<Timing> {
  const started = performance.now();
  const cpu = process.cpuUsage();
  await fn();
  const used = process.cpuUsage(cpu);
  return { ms: performance.now() - started, cpuMs: (used.user + used.system) / 1000 };
}

const medians = (times: Timing[]): Timing => ({
  ms: median(times.map((t) => t.ms)),
  cpuMs: median(times.map((t) => t.cpuMs)),
});

/**
 * One customer's billing record changes, then the next answer (every metric by month, with T12M NRR/GRR)
 * on the server's warm engine: the versions are read, the account patched, the answer computed. Median ms.
 */
export async function measureChange(ctx: ServiceContext, horizon: Horizon, runs = 7): Promise<Timing> {
  const asOf = lastDayOf(horizon);
  await revenueMetrics({ ctx, query: { asOf, interval: 'month' } });
  const times: Timing[] = [];
  for (let i = 0; i < runs; i++) {
    await ctx.store.execute(
      `UPDATE subscription_periods SET monthly_amount_minor = monthly_amount_minor + 100
       WHERE id = (SELECT min(id) + ${i * 7919} FROM subscription_periods)`,
    );
    times.push(
      await timed(async () => {
        await ctx.cache?.versions(ctx.store, { fresh: true });
        await revenueMetrics({ ctx, query: { asOf, interval: 'month' } });
      }),
    );
  }
  return medians(times);
}

/** Answers (every metric by month) for as-of days not asked before, on the warm engine. Median ms. */
export async function measureAsOf(ctx: ServiceContext, horizon: Horizon, runs = 5): Promise<Timing> {
  const first = firstDayOfMonth(monthIndex(horizon.firstMonth));
  const last = firstDayOfMonth(monthIndex(horizon.lastMonth));
  const times: Timing[] = [];
  for (let i = 0; i < runs; i++) {
    const asOf = formatDay(first + Math.floor(((i + 1) / (runs + 1)) * (last - first)) + 3);
    times.push(await timed(() => revenueMetrics({ ctx, query: { asOf, interval: 'month' } })));
  }
  return medians(times);
}
