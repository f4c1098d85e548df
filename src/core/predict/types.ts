import type { FitCache } from './fit-cache.ts';
// The shapes shared by every trainer, the backtest and the scorecards: a table of numeric features in, a
// probability per row out, with each feature's contribution so a score can be explained in words.

/** Training or scoring rows: one numeric vector per example (NaN = missing), named columns, 0/1 labels. */
export interface TrainingSet {
  featureNames: readonly string[];
  rows: readonly (readonly number[])[];
  labels: readonly (0 | 1)[];
}

/** One feature's part in a prediction, on the model's raw (log-odds) scale. */
export interface Contribution {
  feature: string;
  value: number;
  contribution: number;
}

/** `base + Σ contributions` is the raw score of the row; `probability` is after calibration. */
export interface Explanation {
  base: number;
  contributions: Contribution[];
}

export interface FittedModel {
  name: string;
  /** Calibrated probability of the positive class for one row. */
  predict(row: readonly number[]): number;
  explain(row: readonly number[]): Explanation;
}

export interface TrainOptions {
  seed?: number;
  /** Shares identical fits within one run (a backtest, a cross-validation): see fit-cache.ts. */
  cache?: FitCache;
}

export interface Trainer {
  name: string;
  fit(data: TrainingSet, options?: TrainOptions): FittedModel;
}

/** How well scores rank and estimate a binary outcome. */
export interface ScoreMetrics {
  auc: number;
  pr_auc: number;
  logloss: number;
  brier: number;
  ece: number;
}
