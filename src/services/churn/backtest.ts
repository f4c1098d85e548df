// `tenure model backtest` and /api/v1/health/backtest: the walk-forward backtest of every trainer, every
// configured scorecard and the baselines on this company's own history, stored so the app shows the latest.
import { backtest, trainingRows, trainingSet, type Scorer, type ScorerResult } from '../../core/health/backtest.ts';
import {
  baselineScorers,
  scorecardFindings,
  standardizedWeights,
  type ScorecardFinding,
  type StandardizedWeight,
} from '../../core/health/scorers.ts';
import { formatDay, lastDayOfMonth } from '../../core/period.ts';
import { isCalendarDay } from '../../contract/common.ts';
import { TRAINERS } from '../../core/predict/index.ts';
import type { Trainer } from '../../core/predict/types.ts';
import { insertBacktest, latestBacktest } from '../../store/churn.ts';
import { audit } from '../audit.ts';
import { withTransaction, type ServiceContext } from '../context.ts';
import { UsageError } from '../errors.ts';
import { todayUtc } from '../revenue.ts';
import { loadChurnData, MAX_TRAINING_MONTHS, type ChurnData } from './features.ts';
import { healthScorecardScorers } from './health-scorecards.ts';

/** Scorecards to backtest beside the model: each gives scorers of kind `scorecard` (health scores by account and day). */
export type ScorecardProvider = (ctx: ServiceContext, data: ChurnData) => Promise<Scorer[]>;
export const SCORECARD_PROVIDERS: ScorecardProvider[] = [healthScorecardScorers];

export const DEFAULT_BACKTEST_MONTHS = 12;

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

/** The backtest's options, checked before any data is read (the expansion backtest takes the same). */
export function checkOptions(asOf: string, horizonDays: number, months: number): void {
  if (!isCalendarDay(asOf)) throw new UsageError(`--as-of must be a calendar day YYYY-MM-DD, found "${asOf}"`);
  if (!Number.isInteger(horizonDays) || horizonDays < 1 || horizonDays > 730)
    throw new UsageError(`--horizon-days must be a whole number of days from 1 to 730, found ${horizonDays}`);
  if (!Number.isInteger(months) || months < 1 || months > 24)
    throw new UsageError(`--months must be a whole number from 1 to 24, found ${months}`);
}

/** NaN (a metric undefined on one class) as null, so JSON says so plainly. */
export function clean<T>(value: T): T {
  const text = JSON.stringify(value, (_, v: unknown) => (typeof v === 'number' && !Number.isFinite(v) ? null : v));
  return JSON.parse(text) as T;
}

export async function runBacktest({
  ctx,
  asOf = todayUtc(ctx.now()),
  horizonDays = ctx.config.churn.horizonDays,
  months = DEFAULT_BACKTEST_MONTHS,
  trainers = TRAINERS,
  save = true,
}: {
  ctx: ServiceContext;
  asOf?: string;
  horizonDays?: number;
  months?: number;
  trainers?: readonly Trainer[];
  save?: boolean;
}): Promise<BacktestReport> {
  checkOptions(asOf, horizonDays, months);
  const data = await loadChurnData({ ctx, asOf, horizonDays, months: MAX_TRAINING_MONTHS });
  const k = data.horizonMonths;
  const last = data.lastCompleteMonth - k;
  const evalMonths = Array.from({ length: months }, (_, i) => last - months + 1 + i);
  const scorecards = (await Promise.all(SCORECARD_PROVIDERS.map((p) => p(ctx, data)))).flat();
  const scorers: Scorer[] = [
    ...trainers.map((trainer): Scorer => ({ kind: 'model', name: trainer.name, trainer })),
    ...scorecards,
    ...baselineScorers(data.featureNames),
  ];
  const input = { featureNames: data.featureNames, rows: data.rows, months: evalMonths, horizonMonths: k };
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
    const train = trainingRows(data.rows, last + 1, k, 'churn');
    suggestion = standardizedWeights(linear, trainingSet(data.featureNames, train, 'churn'));
  }
  const rows = churn.results[0]?.rows ?? 0;
  const report: BacktestReport = clean({
    as_of: asOf,
    horizon_days: horizonDays,
    target: 'churn',
    months: evalMonths.map((m) => formatDay(lastDayOfMonth(m))),
    rows,
    churn_rate: churn.results[0]?.churn_rate ?? null,
    results: churn.results,
    contraction: contraction.results,
    findings,
    suggestion,
  });
  if (save && rows > 0) {
    await withTransaction(ctx, async (tx) => {
      const id = await insertBacktest(tx.tx, asOf, horizonDays, report);
      await audit(tx.tx, ctx, 'churn.backtest', `backtest:${id}`, { as_of: asOf, horizon_days: horizonDays, rows });
    });
  }
  return report;
}

export async function lastBacktest({ ctx }: { ctx: ServiceContext }) {
  const row = await latestBacktest(ctx.store);
  return row ? { id: row.id, created_at: row.created_at, report: row.result as BacktestReport } : null;
}
