// A model target: what one predictive model of accounts learns (churn, expansion) described once, so both run
// through the same data loading, walk-forward backtest, stored backtests and trainer choice (backtest.ts,
// score.ts). Each target's own part is its rows (features and label), its benchmarks and its report.
import type { DataRow, Scorer } from '../../core/health/backtest.ts';
import type { DatasetInput } from '../../core/health/dataset.ts';
import type { FeatureSettings } from '../../core/health/features.ts';
import type { MonthIndex } from '../../core/period.ts';
import type { Trainer } from '../../core/predict/types.ts';
import type { BacktestTable } from '../../store/backtests.ts';
import type { ServiceContext } from '../context.ts';
import { loadChurnData, MAX_TRAINING_MONTHS, type ChurnData } from '../churn/features.ts';

export type TargetName = 'churn' | 'expansion';

/** The fields every backtest report starts with, in this order. */
export interface ReportHead<N extends TargetName> {
  as_of: string;
  horizon_days: number;
  target: N;
  /** Month ends predicted from, oldest first. */
  months: string[];
}

/** What a target's report is made from: the rows, the scorers and the months of one backtest run. */
export interface BacktestRun<N extends TargetName> {
  head: ReportHead<N>;
  data: ChurnData;
  trainers: readonly Trainer[];
  scorers: Scorer[];
  input: { featureNames: string[]; rows: DataRow[]; months: MonthIndex[]; horizonMonths: number };
  /** The last month end whose horizon is over. */
  last: MonthIndex;
}

export interface ModelTarget<N extends TargetName, R extends ReportHead<N> & { rows: number }> {
  /** The label predicted; also the audit verbs' prefix (`churn.backtest`, `expansion.score`). */
  name: N;
  /** How rows and their column names are made. */
  dataset: { build: (input: DatasetInput) => DataRow[]; names: (settings: FeatureSettings) => string[] };
  /** Where its backtests are stored. */
  backtests: BacktestTable;
  /** The scorers a backtest runs beside the trainers: scorecards and baselines. */
  benchmarks: (ctx: ServiceContext, data: ChurnData) => Promise<Scorer[]>;
  /** The report of a run: the head, then the target's own results. */
  report: (run: BacktestRun<N>) => R;
}

/** What the data loading and the daily scoring read of a target. */
export type TargetBase = Pick<
  ModelTarget<TargetName, ReportHead<TargetName> & { rows: number }>,
  'name' | 'dataset' | 'backtests'
>;

/** Every account's rows for the target at the month ends it learns from (MAX_TRAINING_MONTHS through asOf). */
export function loadTargetData(
  ctx: ServiceContext,
  target: Pick<TargetBase, 'dataset'>,
  asOf: string,
  horizonDays?: number,
): Promise<ChurnData> {
  return loadChurnData({
    ctx,
    asOf,
    ...(horizonDays === undefined ? {} : { horizonDays }),
    months: MAX_TRAINING_MONTHS,
    dataset: target.dataset,
  });
}
