// `tenure model backtest --target expansion` and /api/v1/expansion/backtest: the expansion target of the model
// backtest (model/backtest.ts): the churn rows with the expansion features and label, every trainer against the
// seat-utilization baseline.
import { backtest, type ScorerResult } from '../../core/health/backtest.ts';
import {
  buildExpansionRows,
  expansionFeatureNames,
  seatUtilizationBaseline,
} from '../../core/health/expansion-dataset.ts';
import type { ServiceContext } from '../context.ts';
import type { ChurnData } from '../churn/features.ts';
import { lastModelBacktest, runModelBacktest, type BacktestOptions } from '../model/backtest.ts';
import { loadTargetData, type ModelTarget } from '../model/target.ts';

export interface ExpansionBacktestReport {
  as_of: string;
  horizon_days: number;
  target: 'expansion';
  /** Month ends predicted from, oldest first. */
  months: string[];
  rows: number;
  /** Share of the predicted rows that expanded within the horizon. */
  expansion_rate: number | null;
  /** Each scorer's metrics (`churn_rate` in each is the share of rows that expanded). */
  results: ScorerResult[];
}

export const EXPANSION_TARGET: ModelTarget<'expansion', ExpansionBacktestReport> = {
  name: 'expansion',
  dataset: { build: buildExpansionRows, names: expansionFeatureNames },
  backtests: 'expansion_backtests',
  benchmarks: (_ctx, data) => Promise.resolve(seatUtilizationBaseline(data.featureNames)),
  report: ({ head, scorers, input }) => {
    const { results } = backtest({ ...input, scorers, target: 'expansion' });
    return { ...head, rows: results[0]?.rows ?? 0, expansion_rate: results[0]?.churn_rate ?? null, results };
  },
};

/** The churn rows with the expansion features and label: what the expansion model learns from. */
export function loadExpansionData(ctx: ServiceContext, asOf: string, horizonDays?: number): Promise<ChurnData> {
  return loadTargetData(ctx, EXPANSION_TARGET, asOf, horizonDays);
}

export const runExpansionBacktest = (options: BacktestOptions): Promise<ExpansionBacktestReport> =>
  runModelBacktest(EXPANSION_TARGET, options);

export const lastExpansionBacktest = ({ ctx }: { ctx: ServiceContext }) => lastModelBacktest(ctx, EXPANSION_TARGET);
