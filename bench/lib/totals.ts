// The figures every revenue contender must produce, one row per month of the horizon.
// Movement amounts are signed changes in MRR (churn and contraction are negative), in minor units.

export interface MonthlyTotals {
  /** 'YYYY-MM' */
  month: string;
  mrr: number;
  /** Customers with MRR > 0 in the month. */
  customers: number;
  newMrr: number;
  newCount: number;
  expansionMrr: number;
  expansionCount: number;
  contractionMrr: number;
  contractionCount: number;
  churnMrr: number;
  churnCount: number;
  reactivationMrr: number;
  reactivationCount: number;
}

export const TOTAL_FIELDS = [
  'mrr',
  'customers',
  'newMrr',
  'newCount',
  'expansionMrr',
  'expansionCount',
  'contractionMrr',
  'contractionCount',
  'churnMrr',
  'churnCount',
  'reactivationMrr',
  'reactivationCount',
] as const satisfies readonly (keyof MonthlyTotals)[];

/** Months are integer indexes (year * 12 + month0) inside the bench, 'YYYY-MM' at the edges. */
export function monthKey(index: number): string {
  const year = Math.floor(index / 12);
  return `${year}-${String((index % 12) + 1).padStart(2, '0')}`;
}

export function monthIndex(key: string): number {
  const [year, month] = key.split('-').map(Number);
  if (year === undefined || month === undefined) throw new Error(`bad month ${key}`);
  return year * 12 + month - 1;
}

/** First day of a month index as 'YYYY-MM-DD'. */
export function monthStartDate(index: number): string {
  return `${monthKey(index)}-01`;
}

/** Converts SQL rows (snake_case columns, numbers or numeric strings or bigints) to MonthlyTotals. */
export function totalsFromRows(rows: readonly Record<string, unknown>[]): MonthlyTotals[] {
  const num = (v: unknown) => (v === null || v === undefined ? 0 : Number(v));
  return rows.map((r) => ({
    month: String(r.month),
    mrr: num(r.mrr),
    customers: num(r.customers),
    newMrr: num(r.new_mrr),
    newCount: num(r.new_count),
    expansionMrr: num(r.expansion_mrr),
    expansionCount: num(r.expansion_count),
    contractionMrr: num(r.contraction_mrr),
    contractionCount: num(r.contraction_count),
    churnMrr: num(r.churn_mrr),
    churnCount: num(r.churn_count),
    reactivationMrr: num(r.reactivation_mrr),
    reactivationCount: num(r.reactivation_count),
  }));
}

export interface Mismatch {
  month: string;
  field: string;
  expected: number | undefined;
  actual: number | undefined;
}

/** Lists every month/field where `actual` differs from `expected` (a missing month counts as a difference). */
export function compareTotals(expected: readonly MonthlyTotals[], actual: readonly MonthlyTotals[]): Mismatch[] {
  const byMonth = new Map(actual.map((t) => [t.month, t]));
  const mismatches: Mismatch[] = [];
  for (const e of expected) {
    const a = byMonth.get(e.month);
    byMonth.delete(e.month);
    for (const field of TOTAL_FIELDS) {
      if (a?.[field] !== e[field]) mismatches.push({ month: e.month, field, expected: e[field], actual: a?.[field] });
    }
  }
  for (const extra of byMonth.keys()) {
    mismatches.push({ month: extra, field: '(month)', expected: undefined, actual: undefined });
  }
  return mismatches;
}
