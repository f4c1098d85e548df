// Breakdowns: every metric by a value per account (industry, size band, ICP fit, owner CSM, signup
// cohort) or by plan. Groups are sums of their customers, so the groups of a breakdown add up to the total.
import { monthKey, type WindowKind } from '../period.ts';
import { aggregateByGroup, type Grouping, type MonthlyAggregate } from './aggregate.ts';
import type { Ledger } from './ledger.ts';
import { metricsSeries, type RevenueMetrics } from './metrics.ts';
import type { AccountId } from './types.ts';

/** A group of a breakdown; null collects accounts without a value (missing from the map, or no plan). */
export type GroupKey = string | null;

export interface Breakdown {
  group: GroupKey;
  metrics: RevenueMetrics[];
}

function byAccount(dimensionOf: ReadonlyMap<AccountId, string | null>): Grouping<GroupKey> {
  return {
    spanGroup: (customer) => dimensionOf.get(customer.accountId) ?? null,
    movementGroup: (customer) => dimensionOf.get(customer.accountId) ?? null,
  };
}

/**
 * By plan, which can change from month to month: each customer-month counts under the plan it paid for
 * that month (a customer on several plans: the one bringing the most MRR), a churn under the plan of the
 * last paid month. A customer who switches plan leaves its MRR as a transfer out of the old plan and into
 * the new one (`transferMinor`), before that month's movements, which count under the new plan; so
 * start + movements + fx + transfers = end holds per plan, and a switch is neither churn nor new.
 * Cohort figures (T12M NRR/GRR, existing share) count under the plan at the window's start.
 */
const BY_PLAN: Grouping<GroupKey> = {
  spanGroup: (_customer, span) => span.plan,
  movementGroup: (_customer, movement) => movement.plan,
};

/** Monthly aggregates per value of a per-account dimension. */
export function aggregateByDimension(
  ledger: Ledger,
  dimensionOf: ReadonlyMap<AccountId, string | null>,
): Map<GroupKey, MonthlyAggregate> {
  return aggregateByGroup(ledger, byAccount(dimensionOf));
}

/** Monthly aggregates per plan (see BY_PLAN for how customer-months are attributed). */
export function aggregateByPlan(ledger: Ledger): Map<GroupKey, MonthlyAggregate> {
  return aggregateByGroup(ledger, BY_PLAN);
}

function breakdown(groups: Map<GroupKey, MonthlyAggregate>, kind: WindowKind): Breakdown[] {
  return [...groups]
    .map(([group, agg]) => ({ group, metrics: metricsSeries(agg, kind) }))
    .sort((a, b) => (a.group === null ? 1 : b.group === null ? -1 : a.group.localeCompare(b.group)));
}

/** Every metric, for every window of `kind`, per value of `dimensionOf` (groups sorted, null last). */
export function metricsByDimension(
  ledger: Ledger,
  dimensionOf: ReadonlyMap<AccountId, string | null>,
  kind: WindowKind,
): Breakdown[] {
  return breakdown(aggregateByDimension(ledger, dimensionOf), kind);
}

/** Every metric, for every window of `kind`, per plan. */
export function metricsByPlan(ledger: Ledger, kind: WindowKind): Breakdown[] {
  return breakdown(aggregateByPlan(ledger), kind);
}

/** Each paying account's signup cohort, 'YYYY-MM' of its first paid month: a dimension for the above. */
export function signupCohorts(ledger: Ledger): Map<AccountId, string> {
  const cohorts = new Map<AccountId, string>();
  for (const customer of ledger.customers) {
    const first = customer.movements[0];
    if (first) cohorts.set(customer.accountId, monthKey(first.month));
  }
  return cohorts;
}
