// Walk-forward backtest: for each month end T, every scorer learns from the rows whose labels were over by T
// (a row at month end t counts only when t + horizon ≤ T), scores the customers at T, and the scores are
// compared with what happened over T → T + horizon. Scorers: models (a trainer fitted afresh at each T),
// baselines (one signal, e.g. adoption level) and scorecards (a health score per account and day). Baselines
// and scorecards are not probabilities: each is turned into one by the churn rate of its band (or score
// decile) among the training rows, so log loss, Brier and ECE compare like with like; AUC ranks their raw risk.
import { formatDay, lastDayOfMonth, type DayNumber, type MonthIndex } from '../period.ts';
import {
  averagePrecision,
  calibrationBins,
  riskDeciles,
  rocAuc,
  scoreMetrics,
  type CalibrationBin,
  type Decile,
} from '../predict/metrics.ts';
import { FitCache } from '../predict/fit-cache.ts';
import type { ScoreMetrics, Trainer, TrainingSet } from '../predict/types.ts';

export interface DataRow {
  accountId: number;
  /** The month whose last day is the as-of day. */
  month: MonthIndex;
  features: readonly number[];
  churn: 0 | 1 | null;
  contraction: 0 | 1 | null;
  /** Expansion within the horizon (rows built for the expansion model only). */
  expansion?: 0 | 1 | null;
}

export type Band = 'red' | 'yellow' | 'green';

export type Scorer =
  | { kind: 'model'; name: string; trainer: Trainer }
  /** Higher is riskier; NaN when the signal is unknown for the row. */
  | { kind: 'baseline'; name: string; risk: (row: DataRow) => number }
  /** A health score 0–100 (higher is healthier) and its band for an account on a day; null when unscored. */
  | {
      kind: 'scorecard';
      name: string;
      score: (accountId: number, asOfDay: DayNumber) => { score: number; band: Band } | null;
    };

export type Target = 'churn' | 'contraction' | 'expansion';

export interface BacktestInput {
  featureNames: readonly string[];
  rows: readonly DataRow[];
  scorers: readonly Scorer[];
  /** Month ends predicted from, ascending. */
  months: readonly MonthIndex[];
  horizonMonths: number;
  target?: Target;
  seed?: number;
  /** Shares identical fits across the scorers (fit-cache.ts); backtest() makes one when none is given. */
  cache?: FitCache;
}

export interface FoldResult {
  /** 'YYYY-MM-DD': the month end predicted from. */
  as_of: string;
  train_rows: number;
  rows: number;
  positives: number;
  auc: number;
}

export interface BandRate {
  band: Band;
  count: number;
  rate: number;
}

export interface ScorerResult extends ScoreMetrics {
  name: string;
  kind: Scorer['kind'];
  rows: number;
  positives: number;
  churn_rate: number;
  deciles: Decile[];
  reliability: CalibrationBin[];
  folds: FoldResult[];
  /** Scorecards: churn rate per band. */
  bands?: BandRate[];
}

export interface Prediction {
  accountId: number;
  month: MonthIndex;
  risk: number;
  probability: number;
  label: 0 | 1;
  band?: Band;
}

const labelOf = (row: DataRow, target: Target) =>
  target === 'churn' ? row.churn : target === 'contraction' ? row.contraction : (row.expansion ?? null);

/** Rows of the training set at month end `month`: labels over by then. */
export function trainingRows(rows: readonly DataRow[], month: MonthIndex, horizon: number, target: Target) {
  return rows.filter((r) => r.month + horizon <= month && labelOf(r, target) !== null);
}

export function trainingSet(featureNames: readonly string[], rows: readonly DataRow[], target: Target): TrainingSet {
  return {
    featureNames,
    rows: rows.map((r) => r.features),
    labels: rows.map((r) => labelOf(r, target) ?? 0),
  };
}

/**
 * Risk values → probabilities: the (smoothed) positive rate of the training rows with the same value, or of the
 * same decile when values are many; unknown (NaN) risk is its own group.
 */
export function rateCalibrator(risks: readonly number[], labels: readonly (0 | 1)[]): (risk: number) => number {
  const overall = (labels.reduce<number>((n, y) => n + y, 0) + 1) / (labels.length + 2);
  const known = risks.filter((r) => !Number.isNaN(r));
  const distinct = [...new Set(known)].sort((a, b) => a - b);
  let edges: number[];
  if (distinct.length <= 10) edges = distinct;
  else {
    const sorted = [...known].sort((a, b) => a - b);
    edges = [
      ...new Set(Array.from({ length: 10 }, (_, i) => sorted[Math.floor(((i + 1) * sorted.length) / 10) - 1] ?? 0)),
    ];
  }
  const groupOf = (risk: number) => {
    if (Number.isNaN(risk)) return -1;
    const i = edges.findIndex((e) => risk <= e);
    return i === -1 ? edges.length - 1 : i;
  };
  const sums = new Map<number, { n: number; k: number }>();
  risks.forEach((r, i) => {
    const g = groupOf(r);
    const s = sums.get(g) ?? { n: 0, k: 0 };
    s.n += 1;
    s.k += labels[i] ?? 0;
    sums.set(g, s);
  });
  // Laplace-style smoothing toward the overall rate: a small group does not claim 0% or 100%.
  return (risk) => {
    const s = sums.get(groupOf(risk));
    return s ? (s.k + 2 * overall) / (s.n + 2) : overall;
  };
}

function riskOfScorecard(scorer: Extract<Scorer, { kind: 'scorecard' }>, row: DataRow) {
  const scored = scorer.score(row.accountId, lastDayOfMonth(row.month));
  return scored ? { risk: 100 - scored.score, band: scored.band } : { risk: Number.NaN, band: undefined };
}

/** One scorer's predictions for the rows at `month`, having learned from the rows whose labels were over by then. */
export function predictFold(
  input: BacktestInput,
  scorer: Scorer,
  month: MonthIndex,
): { predictions: Prediction[]; trainRows: number } {
  const target = input.target ?? 'churn';
  const train = trainingRows(input.rows, month, input.horizonMonths, target);
  const test = input.rows.filter((r) => r.month === month && labelOf(r, target) !== null);
  const labels = train.map((r) => labelOf(r, target) ?? 0);
  if (scorer.kind === 'model') {
    const fit = { seed: input.seed ?? 1, cache: input.cache };
    const model = scorer.trainer.fit(trainingSet(input.featureNames, train, target), fit);
    const predictions = test.map((r) => {
      const p = model.predict(r.features);
      return { accountId: r.accountId, month, risk: p, probability: p, label: labelOf(r, target) ?? 0 };
    });
    return { predictions, trainRows: train.length };
  }
  const riskOf = (r: DataRow) =>
    scorer.kind === 'baseline' ? { risk: scorer.risk(r), band: undefined } : riskOfScorecard(scorer, r);
  const calibrate = rateCalibrator(
    train.map((r) => riskOf(r).risk),
    labels,
  );
  const predictions = test.map((r) => {
    const { risk, band } = riskOf(r);
    const probability = calibrate(risk);
    // Unknown risk ranks by its group's rate, on the risk scale of the known ones.
    const prediction: Prediction = {
      accountId: r.accountId,
      month,
      risk: Number.isNaN(risk) ? Number.NEGATIVE_INFINITY : risk,
      probability,
      label: labelOf(r, target) ?? 0,
    };
    if (band) prediction.band = band;
    return prediction;
  });
  return { predictions, trainRows: train.length };
}

function bandRates(predictions: readonly Prediction[]): BandRate[] {
  return (['red', 'yellow', 'green'] as const).map((band) => {
    const of = predictions.filter((p) => p.band === band);
    const positives = of.reduce((n, p) => n + p.label, 0);
    return { band, count: of.length, rate: of.length > 0 ? positives / of.length : Number.NaN };
  });
}

/** Runs every scorer over every month end; metrics pool the predictions of all folds. */
export function backtest(given: BacktestInput): { results: ScorerResult[]; predictions: Map<string, Prediction[]> } {
  const input = given.cache ? given : { ...given, cache: new FitCache() };
  const results: ScorerResult[] = [];
  const all = new Map<string, Prediction[]>();
  for (const scorer of input.scorers) {
    const pooled: Prediction[] = [];
    const folds: FoldResult[] = [];
    for (const month of input.months) {
      const { predictions, trainRows } = predictFold(input, scorer, month);
      if (predictions.length === 0 || trainRows === 0) continue;
      pooled.push(...predictions);
      folds.push({
        as_of: formatDay(lastDayOfMonth(month)),
        train_rows: trainRows,
        rows: predictions.length,
        positives: predictions.reduce((n, p) => n + p.label, 0),
        auc: rocAuc(
          predictions.map((p) => p.risk),
          predictions.map((p) => p.label),
        ),
      });
    }
    const risks = pooled.map((p) => p.risk);
    const probabilities = pooled.map((p) => p.probability);
    const labels = pooled.map((p) => p.label);
    const metrics = scoreMetrics(probabilities, labels);
    const positives = labels.reduce<number>((n, y) => n + y, 0);
    const result: ScorerResult = {
      name: scorer.name,
      kind: scorer.kind,
      ...metrics,
      auc: rocAuc(risks, labels),
      pr_auc: averagePrecision(risks, labels),
      rows: pooled.length,
      positives,
      churn_rate: pooled.length > 0 ? positives / pooled.length : Number.NaN,
      deciles: riskDeciles(risks, labels),
      reliability: calibrationBins(probabilities, labels),
      folds,
    };
    if (scorer.kind === 'scorecard') result.bands = bandRates(pooled);
    results.push(result);
    all.set(scorer.name, pooled);
  }
  return { results, predictions: all };
}
