// Stratified k-fold cross-validation of trainers on one table: every model is trained on k − 1 folds and scored on
// the fold it did not see; each measure is the mean over the k folds (as scikit-learn's cross_val_score reports).
// The blend is one more model: in each fold, the mean of the trainers' calibrated probabilities, so it too only
// sees the training folds (no weights are tuned, so nothing is chosen on the test fold).
import { FitCache } from './fit-cache.ts';
import { splitByFold, stratifiedFolds } from './folds.ts';
import { scoreMetrics } from './metrics.ts';
import type { ScoreMetrics, Trainer, TrainingSet } from './types.ts';

export interface CrossValidation extends ScoreMetrics {
  name: string;
  /** ROC AUC of all out-of-fold predictions pooled together. */
  auc_pooled: number;
  folds: ScoreMetrics[];
}

/** The name of the blended model: the mean of the calibrated logistic regression and boosted trees probabilities. */
export const BLEND_NAME = 'blend';

function subset(data: TrainingSet, rows: readonly number[]): TrainingSet {
  return {
    featureNames: data.featureNames,
    rows: rows.map((i) => data.rows[i] ?? []),
    labels: rows.map((i) => data.labels[i] ?? 0),
  };
}

function summary(name: string, folds: ScoreMetrics[], pooled: readonly number[], labels: TrainingSet['labels']) {
  const mean = (key: keyof ScoreMetrics) => folds.reduce((s, m) => s + m[key], 0) / folds.length;
  return {
    name,
    auc: mean('auc'),
    pr_auc: mean('pr_auc'),
    logloss: mean('logloss'),
    brier: mean('brier'),
    ece: mean('ece'),
    auc_pooled: scoreMetrics(pooled, labels).auc,
    folds,
  };
}

/** One result per trainer, in order, then (with `blend` and two trainers or more) the blend's. */
export function crossValidate(
  trainers: readonly Trainer[],
  data: TrainingSet,
  options: { folds: number; seed: number; blend?: boolean },
): CrossValidation[] {
  const fold = stratifiedFolds(data.labels, options.folds, options.seed);
  const models = options.blend === true && trainers.length >= 2 ? trainers.length + 1 : trainers.length;
  const pooled = Array.from({ length: models }, () => new Array<number>(data.rows.length).fill(0));
  const folds: ScoreMetrics[][] = Array.from({ length: models }, () => []);
  const cache = new FitCache();
  for (let f = 0; f < options.folds; f += 1) {
    const { train, test } = splitByFold(fold, f);
    const truth = test.map((i) => data.labels[i] ?? 0);
    const rows = subset(data, train);
    const predictions = trainers.map((trainer) => {
      const model = trainer.fit(rows, { seed: options.seed + f, cache });
      return test.map((i) => model.predict(data.rows[i] ?? []));
    });
    if (models > trainers.length) {
      predictions.push(test.map((_, k) => predictions.reduce((s, p) => s + (p[k] ?? 0), 0) / trainers.length));
    }
    predictions.forEach((p, m) => {
      test.forEach((i, k) => ((pooled[m] as number[])[i] = p[k] ?? 0));
      folds[m]?.push(scoreMetrics(p, truth));
    });
  }
  return folds.map((f, m) => summary(trainers[m]?.name ?? BLEND_NAME, f, pooled[m] ?? [], data.labels));
}
