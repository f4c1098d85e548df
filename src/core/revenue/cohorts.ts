// Retention matrices by signup cohort: rows are the months customers first paid in, columns the months
// since, values the share of the cohort still paying (logo) and of its starting MRR paid now (revenue).
import { monthKey, type MonthIndex } from '../period.ts';
import type { Ledger } from './ledger.ts';
import type { AccountId } from './types.ts';

export interface CohortRow {
  /** The cohort's first paid month. */
  cohortMonth: MonthIndex;
  label: string;
  customers: number;
  /** Σ MRR of the cohort in its first paid month (the `new` movements). */
  startingMrrMinor: number;
  /** Column k is month cohortMonth + k, through the ledger's last month. */
  payingCustomers: number[];
  mrrMinor: number[];
  /** payingCustomers[k] ÷ customers. */
  logoRetention: number[];
  /** mrrMinor[k] ÷ startingMrrMinor: above 1 when expansion outgrows churn. */
  revenueRetention: number[];
}

interface CohortSums {
  customers: number;
  startingMrr: number;
  paying: Float64Array;
  mrr: Float64Array;
}

/**
 * The logo and revenue retention matrix, oldest cohort first. `include` keeps only some accounts (a
 * segment); reactivated customers count again from the month they return, in their original cohort.
 * Columns run through `lastMonth` (at most the ledger's; e.g. the data's last month rather than today's).
 */
export function cohortRetention(
  ledger: Ledger,
  include?: (accountId: AccountId) => boolean,
  lastMonth: MonthIndex = ledger.lastMonth,
): CohortRow[] {
  const cohorts = new Map<MonthIndex, CohortSums>();
  const last = Math.min(lastMonth, ledger.lastMonth);
  for (const customer of ledger.customers) {
    const first = customer.movements[0];
    if (!first || first.kind !== 'new' || first.month > last || (include && !include(customer.accountId))) continue;
    const cohortMonth = first.month;
    const width = last - cohortMonth + 1;
    let sums = cohorts.get(cohortMonth);
    if (!sums) {
      // Difference arrays (one spare slot): each span adds to a range of columns, prefix sums come last.
      sums = { customers: 0, startingMrr: 0, paying: new Float64Array(width + 1), mrr: new Float64Array(width + 1) };
      cohorts.set(cohortMonth, sums);
    }
    sums.customers += 1;
    sums.startingMrr += first.amountMinor;
    for (const span of customer.history) {
      const from = span.startMonth - cohortMonth;
      const to = Math.min(span.endMonth, last + 1) - cohortMonth;
      if (from >= to) continue;
      sums.paying[from] = (sums.paying[from] ?? 0) + 1;
      sums.paying[to] = (sums.paying[to] ?? 0) - 1;
      sums.mrr[from] = (sums.mrr[from] ?? 0) + span.mrrMinor;
      sums.mrr[to] = (sums.mrr[to] ?? 0) - span.mrrMinor;
    }
  }
  return [...cohorts]
    .sort((a, b) => a[0] - b[0])
    .map(([cohortMonth, sums]) => {
      const paying: number[] = [];
      const mrr: number[] = [];
      let p = 0;
      let m = 0;
      for (let k = 0; k < sums.paying.length - 1; k++) {
        p += sums.paying[k] ?? 0;
        m += sums.mrr[k] ?? 0;
        paying.push(p);
        mrr.push(m);
      }
      return {
        cohortMonth,
        label: monthKey(cohortMonth),
        customers: sums.customers,
        startingMrrMinor: sums.startingMrr,
        payingCustomers: paying,
        mrrMinor: mrr,
        logoRetention: paying.map((n) => n / sums.customers),
        revenueRetention: mrr.map((v) => (sums.startingMrr > 0 ? v / sums.startingMrr : 0)),
      };
    });
}
