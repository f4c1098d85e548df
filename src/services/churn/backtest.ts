// `tenure model backtest` and /api/v1/health/backtest: the churn target of the model backtest (model/backtest.ts):
// every trainer beside every configured scorecard and the baselines, the same scorers predicting contraction, and
// the scorecards that do not separate churners.
import { backtest, trainingRows, trainingSet, type Scorer, type ScorerResult } from '../../core/health/backtest.ts';
import { buildRows } from '../../core/health/dataset.ts';
import { featureNames } from '../../core/health/features.ts';
import {
  baselineScorers,
  scorecardFindings,
  standardizedWeights,
  type ScorecardFinding,
  type StandardizedWeight,
} from '../../core/health/scorers.ts';
import type { ServiceContext } from '../context.ts';
import { lastModelBacktest, runModelBacktest, type BacktestOptions } from '../model/backtest.ts';
import type { ModelTarget } from '../model/target.ts';
import type { ChurnData } from './features.ts';
import { healthScorecardScorers } from './health-scorecards.ts';

/** Scorecards to backtest beside the model: each gives scorers of kind `scorecard` (health scores by account and day). */
export type ScorecardProvider = (ctx: ServiceContext, data: ChurnData) => Promise<Scorer[]>;
export const SCORECARD_PROVIDERS: ScorecardProvider[] = [healthScorecardScorers];

export interface BacktestReport {
  as_of: string;
  horizon_days: number;
  target: 'churn';
  /** Month ends predicted from, oldest first. */
  months: string[];
  rows: number;
  churn_rate: number | null;
  results: ScorerResult[];
  /** The same scorers predicting contraction (MRR down, not to 0) within the horizon. */
  contraction: ScorerResult[];
  /** Scorecards whose bands do not separate churners. */
  findings: ScorecardFinding[];
  /** The logistic model's weights on standardized features: a starting point for a flagged scorecard. */
  suggestion: StandardizedWeight[] | null;
}

export const CHURN_TARGET: ModelTarget<'churn', BacktestReport> = {
  name: 'churn',
  dataset: { build: buildRows, names: featureNames },
  backtests: 'churn_backtests',
  benchmarks: async (ctx, data) => [
    ...(await Promise.all(SCORECARD_PROVIDERS.map((p) => p(ctx, data)))).flat(),
    ...baselineScorers(data.featureNames),
  ],
  report: ({ head, data, trainers, scorers, input, last }) => {
    const churn = backtest({ ...input, scorers, target: 'churn' });
    const contraction = backtest({
      ...input,
      scorers: scorers.filter((s) => s.kind !== 'scorecard'),
      target: 'contraction',
    });
    const findings = scorecardFindings(churn.results);
    const linear = trainers.find((t) => t.name.includes('logistic'));
    let suggestion: StandardizedWeight[] | null = null;
    if (findings.length > 0 && linear) {
      const train = trainingRows(data.rows, last + 1, input.horizonMonths, 'churn');
      suggestion = standardizedWeights(linear, trainingSet(data.featureNames, train, 'churn'));
    }
    return {
      ...head,
      rows: churn.results[0]?.rows ?? 0,
      churn_rate: churn.results[0]?.churn_rate ?? null,
      results: churn.results,
      contraction: contraction.results,
      findings,
      suggestion,
    };
  },
};

export const runBacktest = (options: BacktestOptions): Promise<BacktestReport> =>
  runModelBacktest(CHURN_TARGET, options);

export const lastBacktest = ({ ctx }: { ctx: ServiceContext }) => lastModelBacktest(ctx, CHURN_TARGET);
