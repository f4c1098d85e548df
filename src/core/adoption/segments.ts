// Adoption by group (industry, plan, owner CSM, …) and revenue outcomes by adoption level: Userly's claim
// (low adoption does not renew, about half of mid adoption churns) checked on one's own data.
import type { MonthIndex } from '../period.ts';
import type { CustomerLedger } from '../revenue/ledger.ts';
import type { AccountAdoption } from './metrics.ts';
import type { AdoptionLevel } from './settings.ts';

export interface AdoptionGroup {
  group: string;
  accounts: number;
  low: number;
  mid: number;
  high: number;
  /** Accounts whose level is unknown (no feature in the plan and no seat count). */
  unknown: number;
  /** Mean of the accounts' feature usage rates (accounts with one). */
  featureUsageRate: number | null;
  /** Σ active users ÷ Σ licensed seats over the accounts with a seat count. */
  seatUtilization: number | null;
  /** Mean stickiness (DAU ÷ MAU) of the accounts with monthly active users. */
  stickiness: number | null;
  activeUsers: number;
  declining: number;
  expansionSignals: number;
}

const mean = (values: readonly number[]) =>
  values.length === 0 ? null : values.reduce((a, b) => a + b, 0) / values.length;

/** What a group summary reads of each account's adoption. */
export type GroupInput = Pick<
  AccountAdoption,
  'level' | 'licensedSeats' | 'activeUsers' | 'featureUsageRate' | 'stickiness' | 'trend' | 'expansion'
>;

export function summarizeGroup(group: string, rows: readonly GroupInput[]): AdoptionGroup {
  const count = (level: AdoptionLevel | null) => rows.filter((r) => r.level === level).length;
  const seated = rows.filter((r) => r.licensedSeats !== null && r.licensedSeats > 0);
  const seats = seated.reduce((a, r) => a + (r.licensedSeats ?? 0), 0);
  return {
    group,
    accounts: rows.length,
    low: count('low'),
    mid: count('mid'),
    high: count('high'),
    unknown: count(null),
    featureUsageRate: mean(rows.flatMap((r) => (r.featureUsageRate === null ? [] : [r.featureUsageRate]))),
    seatUtilization: seats === 0 ? null : seated.reduce((a, r) => a + r.activeUsers, 0) / seats,
    stickiness: mean(rows.flatMap((r) => (r.stickiness === null ? [] : [r.stickiness]))),
    activeUsers: rows.reduce((a, r) => a + r.activeUsers, 0),
    declining: rows.filter((r) => r.trend.declining).length,
    expansionSignals: rows.filter((r) => r.expansion.signal).length,
  };
}

/** One summary per group ('(none)' for accounts without a value), in group order. */
export function adoptionByGroup<T extends GroupInput>(
  rows: readonly T[],
  groupOf: (row: T) => string | null,
): AdoptionGroup[] {
  const groups = new Map<string, T[]>();
  for (const row of rows) {
    const key = groupOf(row) ?? '(none)';
    const members = groups.get(key) ?? [];
    members.push(row);
    groups.set(key, members);
  }
  return [...groups.keys()].sort().map((g) => summarizeGroup(g, groups.get(g) ?? []));
}

/** MRR (reporting-currency minor units) of a customer in a month; 0 when not paying. */
export function mrrInMonth(customer: CustomerLedger, month: MonthIndex): number {
  for (const s of customer.history) if (s.startMonth <= month && month < s.endMonth) return s.mrrMinor;
  return 0;
}

export interface RetentionOutcome {
  level: AdoptionLevel | null;
  startMrrMinor: number;
  endMrrMinor: number;
  /** A churn movement happened in the window (even if the customer came back later). */
  churned: boolean;
}

/** A customer paying in `startMonth`: MRR then and in `endMonth`, and whether it churned in between. */
export function outcomeOf(
  customer: CustomerLedger,
  level: AdoptionLevel | null,
  startMonth: MonthIndex,
  endMonth: MonthIndex,
): RetentionOutcome {
  return {
    level,
    startMrrMinor: mrrInMonth(customer, startMonth),
    endMrrMinor: mrrInMonth(customer, endMonth),
    churned: customer.movements.some((m) => m.kind === 'churn' && m.month > startMonth && m.month <= endMonth),
  };
}

export interface RetentionByLevel {
  level: AdoptionLevel | 'unknown' | 'all';
  customers: number;
  startMrrMinor: number;
  endMrrMinor: number;
  /** Σ end MRR ÷ Σ start MRR. */
  nrr: number | null;
  /** Σ min(end, start) ÷ Σ start. */
  grr: number | null;
  churned: number;
  logoChurnRate: number | null;
  /** Still paying at the window's end. */
  renewed: number;
  renewalRate: number | null;
}

function retentionRow(level: RetentionByLevel['level'], outcomes: readonly RetentionOutcome[]): RetentionByLevel {
  const start = outcomes.reduce((a, o) => a + o.startMrrMinor, 0);
  const end = outcomes.reduce((a, o) => a + o.endMrrMinor, 0);
  const kept = outcomes.reduce((a, o) => a + Math.min(o.startMrrMinor, o.endMrrMinor), 0);
  const churned = outcomes.filter((o) => o.churned).length;
  const renewed = outcomes.filter((o) => o.endMrrMinor > 0).length;
  const n = outcomes.length;
  return {
    level,
    customers: n,
    startMrrMinor: start,
    endMrrMinor: end,
    nrr: start === 0 ? null : end / start,
    grr: start === 0 ? null : kept / start,
    churned,
    logoChurnRate: n === 0 ? null : churned / n,
    renewed,
    renewalRate: n === 0 ? null : renewed / n,
  };
}

/** Rows for low, mid, high, unknown (only when some), then all customers together. */
export function retentionByLevel(outcomes: readonly RetentionOutcome[]): RetentionByLevel[] {
  const rows = (['low', 'mid', 'high'] as const).map((l) =>
    retentionRow(
      l,
      outcomes.filter((o) => o.level === l),
    ),
  );
  const unknown = outcomes.filter((o) => o.level === null);
  if (unknown.length > 0) rows.push(retentionRow('unknown', unknown));
  rows.push(retentionRow('all', outcomes));
  return rows;
}
