// The benchmark targets of Drift's "The 3 Customer Success Metrics You Should Be Measuring" (after David Skok):
// logo churn under 5% a month is a common goal; MRR churn under 1% is best in class; negative net MRR
// churn is good; expansion MRR should offset churn (and ideally make net MRR churn negative).
import type { RevenueMetrics } from './metrics.ts';

export type BenchmarkStatus = 'pass' | 'fail' | 'n/a';

export interface BenchmarkResult {
  id: 'logoChurn' | 'mrrChurn' | 'netMrrChurn' | 'expansionOffsetsChurn';
  target: string;
  /** The figure compared: a rate per month, or (expansionOffsetsChurn) expansion + churn + contraction in minor units. */
  value: number | null;
  status: BenchmarkStatus;
}

const LOGO_CHURN_GOAL = 0.05;
const MRR_CHURN_BEST_IN_CLASS = 0.01;

/** A window's rate as a monthly rate: the targets are monthly, a quarter's rate is spread over 3 months. */
const perMonth = (rate: number | null, months: number) => (rate === null ? null : rate / months);

function judge(value: number | null, passes: (value: number) => boolean): BenchmarkStatus {
  if (value === null) return 'n/a';
  return passes(value) ? 'pass' : 'fail';
}

/** Each seed-001 target for one metrics row; 'n/a' where the figure is undefined (no starting MRR). */
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
