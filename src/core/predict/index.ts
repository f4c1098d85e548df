// The churn-prediction core: trainers that share one shape (types.ts), and the measures to judge them (metrics.ts).
import { logisticRegression } from './logistic.ts';
import { uncalibrated } from './raw.ts';
import type { Trainer } from './types.ts';

export type {
  Contribution,
  Explanation,
  FittedModel,
  ScoreMetrics,
  Trainer,
  TrainingSet,
  TrainOptions,
} from './types.ts';
export { calibrationBins, riskDeciles, scoreMetrics } from './metrics.ts';
export { fitLogistic, logisticRegression } from './logistic.ts';
export type { RawModel, RawTrainer } from './raw.ts';

/** Every trainer Tenure offers, by name: `logistic_regression` (more follow). */
export const TRAINERS: readonly Trainer[] = [uncalibrated(logisticRegression())];
