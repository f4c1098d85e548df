// Stratified k-fold cross-validation of trainers on one table: every model is trained on k − 1 folds and scored on
// the fold it did not see; each measure is the mean over the k folds (as scikit-learn's cross_val_score reports).
import { splitByFold, stratifiedFolds } from './folds.ts';
import { scoreMetrics } from './metrics.ts';
import type { ScoreMetrics, Trainer, TrainingSet } from './types.ts';

export interface CrossValidation extends ScoreMetrics {
  name: string;
  /** ROC AUC of all out-of-fold predictions pooled together. */
  auc_pooled: number;
  folds: ScoreMetrics[];
}

function subset(data: TrainingSet, rows: readonly number[]): TrainingSet {
  return {
    featureNames: data.featureNames,
    rows: rows.map((i) => data.rows[i] ?? []),
    labels: rows.map((i) => data.labels[i] ?? 0),
  };
}

export function crossValidate(
  trainers: readonly Trainer[],
  data: TrainingSet,
  options: { folds: number; seed: number },
): CrossValidation[] {
  const fold = stratifiedFolds(data.labels, options.folds, options.seed);
  return trainers.map((trainer) => {
    const pooled = new Array<number>(data.rows.length).fill(0);
    const folds: ScoreMetrics[] = [];
    for (let f = 0; f < options.folds; f += 1) {
      const { train, test } = splitByFold(fold, f);
      const model = trainer.fit(subset(data, train), { seed: options.seed + f });
      const predictions = test.map((i) => model.predict(data.rows[i] ?? []));
      test.forEach((i, k) => (pooled[i] = predictions[k] ?? 0));
      folds.push(
        scoreMetrics(
          predictions,
          test.map((i) => data.labels[i] ?? 0),
        ),
      );
    }
    const mean = (key: keyof ScoreMetrics) => folds.reduce((s, m) => s + m[key], 0) / folds.length;
    return {
      name: trainer.name,
      auc: mean('auc'),
      pr_auc: mean('pr_auc'),
      logloss: mean('logloss'),
      brier: mean('brier'),
      ece: mean('ece'),
      auc_pooled: scoreMetrics(pooled, data.labels).auc,
      folds,
    };
  });
}
