// The Tenure contender, end to end from the store: read the billing records, compute every customer's
// ledger, persist it (spans and movements), then every metric series (month, quarter, year, T12M), from the
// totals the recompute accumulates batch by batch.
import { kindIndex, metricsSeries, type MonthlyAggregate } from '../src/core/revenue/index.ts';
import { firstDayOfMonth, formatDay, monthIndex } from '../src/core/period.ts';
import { loadConfig } from '../src/config.ts';
import { systemActor, silentProgress } from '../src/services/context.ts';
import { refreshRevenue } from '../src/services/revenue.ts';
import type { Store } from '../src/store/types.ts';
import type { MonthlyTotals } from './lib/totals.ts';

export const TENURE_NOT_WIRED = 'Tenure engine not wired yet';

/** Months are 'YYYY-MM', inclusive; the engine has no clock, so the bench passes the horizon in. */
export interface Horizon {
  firstMonth: string;
  lastMonth: string;
}

export type TenureContender = (store: Store, horizon: Horizon) => Promise<MonthlyTotals[]>;

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

export const runTenure: TenureContender = async (store, horizon) => {
  const ctx = { store, config: loadConfig({}), progress: silentProgress, actor: systemActor, now: () => new Date() };
  const last = monthIndex(horizon.lastMonth);
  const asOf = formatDay(firstDayOfMonth(last + 1) - 1);
  const result = await refreshRevenue({ ctx, asOf, full: true });
  const agg = result.aggregate;
  if (!agg) throw new Error('a full recompute returned no totals');
  for (const kind of ['month', 'quarter', 'year', 't12m'] as const) metricsSeries(agg, kind);
  return totalsOf(agg, monthIndex(horizon.firstMonth), last);
};

/**
 * The incremental path: change one customer's billing record, then time the refresh that recomputes just
 * that customer (median of `runs`). Returns milliseconds per run, sorted.
 */
export async function measureIncremental(store: Store, horizon: Horizon, runs = 7): Promise<number[]> {
  const ctx = { store, config: loadConfig({}), progress: silentProgress, actor: systemActor, now: () => new Date() };
  const asOf = formatDay(firstDayOfMonth(monthIndex(horizon.lastMonth) + 1) - 1);
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    await store.execute(
      `UPDATE subscription_periods SET monthly_amount_minor = monthly_amount_minor + 100
       WHERE id = (SELECT min(id) FROM subscription_periods)`,
    );
    const started = performance.now();
    const result = await refreshRevenue({ ctx, asOf });
    times.push(performance.now() - started);
    if (result.scope !== 'accounts' || result.accounts !== 1) {
      throw new Error(`expected one account recomputed, got ${result.scope} of ${result.accounts}`);
    }
  }
  return times.sort((a, b) => a - b);
}
