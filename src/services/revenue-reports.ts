// Revenue reports over the stored ledger: metrics by window, breakdowns by dimension, cohorts, explain.
import {
  aggregateLedger,
  cohortRetention,
  evaluateBenchmarks,
  metricsByDimension,
  metricsByPlan,
  metricsSeries,
  signupCohorts,
  type AccountId,
  type BenchmarkResult,
  type CohortRow,
  type Ledger,
  type RevenueMetrics,
} from '../core/revenue/index.ts';
import { monthIndex, type WindowKind } from '../core/period.ts';
import type { ServiceContext } from './context.ts';
import { UsageError } from './errors.ts';
import { accountProfiles, filterLedger, profileValue, type SegmentFilters } from './account-directory.ts';
import { billingIntervals } from '../store/account-links.ts';
import { reportLedger, type Rollup } from './revenue-views.ts';
import { DIMENSIONS, REVENUE_DIMENSIONS, type Dimension, type RevenueDimension } from '../contract/segments.ts';

export { DIMENSIONS, REVENUE_DIMENSIONS, type Dimension, type RevenueDimension };

export interface ReportQuery {
  asOf: string;
  interval: WindowKind;
  /** 'YYYY-MM' bounds on the windows' last months, inclusive. */
  from?: string | undefined;
  to?: string | undefined;
  by?: RevenueDimension | undefined;
  /** Only the accounts matching every one of these. */
  filters?: SegmentFilters | undefined;
  /** 'parent': child accounts count under their top-most parent. */
  rollup?: Rollup | undefined;
}

export interface MetricsRow extends RevenueMetrics {
  /** The breakdown's group ('(none)' for accounts without a value); absent without --by. */
  group?: string;
  /** Cohort NRR and GRR over the twelve months ending with this window's last month (null under 12 months). */
  nrr12m: number | null;
  grr12m: number | null;
  benchmarks: BenchmarkResult[];
}

export function parseDimension(value: string): RevenueDimension {
  if (!(REVENUE_DIMENSIONS as readonly string[]).includes(value)) {
    throw new UsageError(`--by must be one of ${REVENUE_DIMENSIONS.join(', ')}, found "${value}"`);
  }
  return value as RevenueDimension;
}

function parseMonth(name: string, value: string | undefined): number | null {
  if (value === undefined) return null;
  if (!/^\d{4}-(0[1-9]|1[0-2])$/.test(value)) throw new UsageError(`${name} must be a month YYYY-MM, found "${value}"`);
  return monthIndex(value);
}

/** The months worth showing: from the first with revenue through the month after the last (or asOf's month). */
function shownRange(ledger: Ledger): { first: number; last: number } {
  let lastPaying = -1;
  for (const c of ledger.customers) for (const s of c.history) lastPaying = Math.max(lastPaying, s.endMonth - 1);
  return { first: ledger.firstMonth, last: Math.min(ledger.lastMonth, lastPaying + 1) };
}

async function accountDimension(
  ctx: ServiceContext,
  ledger: Ledger,
  by: Exclude<RevenueDimension, 'plan'>,
): Promise<Map<AccountId, string | null>> {
  if (by === 'cohort') return signupCohorts(ledger);
  if (by === 'billing_interval') return billingIntervals(ctx.store);
  const profiles = await accountProfiles(ctx);
  return new Map([...profiles.values()].map((p) => [p.id, profileValue(p, by)]));
}

/** Every metric per window (month, quarter, year or trailing twelve months), overall or per group. */
export async function revenueMetrics({
  ctx,
  query,
}: {
  ctx: ServiceContext;
  query: ReportQuery;
}): Promise<MetricsRow[]> {
  const from = parseMonth('--from', query.from);
  const to = parseMonth('--to', query.to);
  const ledger = await filterLedger(
    ctx,
    await reportLedger({ ctx, asOf: query.asOf, rollup: query.rollup }),
    query.filters,
  );
  const range = shownRange(ledger);
  // The server's engine keeps the whole book's aggregate, patched per changed account.
  const overall = () => ctx.cache?.revenue.aggregateOf(ledger) ?? aggregateLedger(ledger);
  const inRange = (m: RevenueMetrics) =>
    m.window.endMonth >= range.first &&
    m.window.startMonth <= range.last &&
    (from === null || m.window.endMonth >= from) &&
    (to === null || m.window.endMonth <= to);
  const series = async (kind: WindowKind) => {
    if (!query.by) return [{ group: null, metrics: metricsSeries(overall(), kind) }];
    if (query.by === 'plan') return metricsByPlan(ledger, kind);
    return metricsByDimension(ledger, await accountDimension(ctx, ledger, query.by), kind);
  };
  const trailing = new Map(
    (await series('t12m')).flatMap((b) => b.metrics.map((m) => [`${b.group}|${m.window.endMonth}`, m] as const)),
  );
  return (await series(query.interval)).flatMap((b) =>
    b.metrics.filter(inRange).map((m) => {
      const t12m = trailing.get(`${b.group}|${m.window.endMonth}`);
      return {
        ...m,
        ...(query.by ? { group: b.group ?? '(none)' } : {}),
        nrr12m: t12m?.nrr ?? null,
        grr12m: t12m?.grr ?? null,
        benchmarks: evaluateBenchmarks(m),
      };
    }),
  );
}

/** Logo and revenue retention by signup cohort, optionally for one group of a dimension. */
export async function cohortReport({
  ctx,
  asOf,
  by,
  group,
  filters,
  rollup,
}: {
  ctx: ServiceContext;
  asOf: string;
  by?: RevenueDimension | undefined;
  group?: string | undefined;
  filters?: SegmentFilters | undefined;
  rollup?: Rollup | undefined;
}): Promise<CohortRow[]> {
  const ledger = await filterLedger(ctx, await reportLedger({ ctx, asOf, rollup }), filters);
  // Columns stop at the data's last month (as the metrics do), not at asOf's month.
  const last = shownRange(ledger).last;
  if (!by || group === undefined) return cohortRetention(ledger, undefined, last);
  if (by === 'plan') throw new UsageError('cohorts by plan are not defined: a customer changes plan; use another --by');
  const dimension = await accountDimension(ctx, ledger, by);
  return cohortRetention(ledger, (id) => (dimension.get(id) ?? '(none)') === group, last);
}
