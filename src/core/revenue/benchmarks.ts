// Benchmark targets (Drift, "The 3 Customer Success Metrics You Should Be Measuring"; David Skok): logo
// churn under 5% a month is a common goal; MRR churn under 1% is best in class; negative net MRR churn is
// good; expansion MRR should offset churn (and ideally make net MRR churn negative).
// The targets are monthly. A window of n months is held to the target compounded over it, 1 − (1 − m)^n
// (5% a month is 14.3% a quarter, 46.0% a year), which is the same as comparing the window's rate r as a
// monthly rate, 1 − (1 − r)^(1/n), with m: that monthly-equivalent rate is the `value` shown.
import type { RevenueMetrics } from './metrics.ts';

export type BenchmarkStatus = 'pass' | 'fail' | 'n/a';

export interface BenchmarkResult {
  id: 'logoChurn' | 'mrrChurn' | 'netMrrChurn' | 'expansionOffsetsChurn';
  target: string;
  /**
   * The figure compared: the window's rate as a compounded monthly rate, or (expansionOffsetsChurn) expansion
   * + churn + contraction in minor units.
   */
  value: number | null;
  status: BenchmarkStatus;
}

const LOGO_CHURN_GOAL = 0.05;
const MRR_CHURN_BEST_IN_CLASS = 0.01;

/** A window's rate as the monthly rate that compounds to it over `months` (100% or more stays 100%). */
export function perMonth(rate: number | null, months: number): number | null {
  if (rate === null) return null;
  if (months === 1) return rate;
  if (rate >= 1) return 1;
  return 1 - Math.pow(1 - rate, 1 / months);
}

/** A monthly target held over `months` months: 1 − (1 − m)^months. */
export const windowTarget = (monthly: number, months: number) => 1 - Math.pow(1 - monthly, months);

function judge(value: number | null, passes: (value: number) => boolean): BenchmarkStatus {
  if (value === null) return 'n/a';
  return passes(value) ? 'pass' : 'fail';
}

/** Each benchmark target for one metrics row; 'n/a' where the figure is undefined (no starting MRR). */
export function evaluateBenchmarks(row: RevenueMetrics): BenchmarkResult[] {
  const logoChurn = perMonth(row.logoChurnRate, row.months);
  const mrrChurn = perMonth(row.grossMrrChurnRate, row.months);
  const netChurn = perMonth(row.netMrrChurnRate, row.months);
  const offset = row.startingMrrMinor > 0 ? row.expansionMrrMinor + row.churnMrrMinor + row.contractionMrrMinor : null;
  return [
    {
      id: 'logoChurn',
      target: 'logo churn under 5% a month',
      value: logoChurn,
      status: judge(logoChurn, (v) => v < LOGO_CHURN_GOAL),
    },
    {
      id: 'mrrChurn',
      target: 'gross MRR churn under 1% a month (best in class)',
      value: mrrChurn,
      status: judge(mrrChurn, (v) => v < MRR_CHURN_BEST_IN_CLASS),
    },
    { id: 'netMrrChurn', target: 'net MRR churn negative', value: netChurn, status: judge(netChurn, (v) => v < 0) },
    {
      id: 'expansionOffsetsChurn',
      target: 'expansion MRR at least churn + contraction',
      value: offset,
      status: judge(offset, (v) => v >= 0),
    },
  ];
}
