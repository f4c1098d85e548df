// Models before calibration: a raw score on the log-odds scale, explained feature by feature. The calibrated
// trainers in index.ts wrap these into the shared `Trainer` shape (types.ts).
import { sigmoid } from './random.ts';
import type { Explanation, Trainer, TrainingSet, TrainOptions } from './types.ts';

export interface RawModel {
  /** Log-odds for one row (NaN = missing value), before calibration. */
  rawScore(row: readonly number[]): number;
  /** `base + Σ contributions` equals `rawScore(row)`. */
  explain(row: readonly number[]): Explanation;
}

export interface RawTrainer {
  name: string;
  fitRaw(data: TrainingSet, options?: TrainOptions): RawModel;
}

/** A raw trainer whose probability is σ(log-odds), with no calibration step. */
export function uncalibrated(raw: RawTrainer): Trainer {
  return {
    name: raw.name,
    fit(data, options) {
      const model = raw.fitRaw(data, options);
      return { name: raw.name, predict: (row) => sigmoid(model.rawScore(row)), explain: (row) => model.explain(row) };
    },
  };
}
