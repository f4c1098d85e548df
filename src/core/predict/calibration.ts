// Turning raw log-odds into probabilities that mean what they say. Platt scaling fits σ(a·s + b); isotonic
// regression fits the best non-decreasing step function (pool adjacent violators). Both are fitted on held-out
// scores: inside `calibrated`, each training row is scored by a model that did not see it (cross-fitting).
import { splitByFold, stratifiedFolds } from './folds.ts';
import { sigmoid } from './random.ts';
import type { RawTrainer } from './raw.ts';
import type { Trainer, TrainingSet } from './types.ts';

export type CalibrationMethod = 'platt' | 'isotonic';
export type Calibrator = (raw: number) => number;

/**
 * Platt (1999): σ(a·s + b) by Newton's method with a backtracking line search (Lin, Lin & Weng 2007), on his
 * smoothed targets (N₊+1)/(N₊+2) and 1/(N₋+2).
 */
export function fitPlatt(scores: readonly number[], labels: readonly (0 | 1)[]): Calibrator {
  const positives = labels.reduce<number>((n, y) => n + y, 0);
  const negatives = labels.length - positives;
  const high = (positives + 1) / (positives + 2);
  const low = 1 / (negatives + 2);
  const target = labels.map((y) => (y === 1 ? high : low));
  const loss = (a: number, b: number) =>
    scores.reduce((sum, s, i) => {
      const z = a * s + b;
      const t = target[i] ?? 0;
      // −[t log σ(z) + (1 − t) log(1 − σ(z))] = log(1 + e^z) − t·z, without overflow
      return sum + (z > 0 ? z + Math.log1p(Math.exp(-z)) : Math.log1p(Math.exp(z))) - t * z;
    }, 0);
  let a = 1;
  let b = Math.log((positives + 1) / (negatives + 1));
  let current = loss(a, b);
  for (let iteration = 0; iteration < 100; iteration += 1) {
    let ga = 0;
    let gb = 0;
    let haa = 1e-12;
    let hab = 0;
    let hbb = 1e-12;
    scores.forEach((s, i) => {
      const p = sigmoid(a * s + b);
      const r = p - (target[i] ?? 0);
      const w = p * (1 - p);
      ga += r * s;
      gb += r;
      haa += w * s * s;
      hab += w * s;
      hbb += w;
    });
    const det = haa * hbb - hab * hab;
    if (!(Math.abs(det) > 1e-18)) break;
    const da = (hbb * ga - hab * gb) / det;
    const db = (haa * gb - hab * ga) / det;
    let step = 1;
    let moved = false;
    while (step > 1e-10) {
      const value = loss(a - step * da, b - step * db);
      if (value < current) {
        a -= step * da;
        b -= step * db;
        moved = current - value > 1e-12 * Math.max(1, current);
        current = value;
        break;
      }
      step /= 2;
    }
    if (!moved) break;
  }
  return (raw) => sigmoid(a * raw + b);
}

const FLOOR = 1e-3;

/**
 * Isotonic regression by pool adjacent violators; between two blocks the probability is interpolated linearly
 * (as scikit-learn does), beyond the ends it stays flat, and it never reaches 0 or 1 (one surprise would cost
 * an unbounded log loss).
 */
export function fitIsotonic(scores: readonly number[], labels: readonly (0 | 1)[]): Calibrator {
  const order = scores.map((_, i) => i).sort((i, j) => (scores[i] ?? 0) - (scores[j] ?? 0));
  const blocks: { low: number; high: number; sum: number; count: number }[] = [];
  for (const i of order) {
    const s = scores[i] ?? 0;
    const last = blocks[blocks.length - 1];
    if (last && last.high === s) {
      last.sum += labels[i] ?? 0;
      last.count += 1;
    } else blocks.push({ low: s, high: s, sum: labels[i] ?? 0, count: 1 });
    for (;;) {
      const top = blocks[blocks.length - 1];
      const below = blocks[blocks.length - 2];
      if (!top || !below || below.sum / below.count < top.sum / top.count) break;
      below.high = top.high;
      below.sum += top.sum;
      below.count += top.count;
      blocks.pop();
    }
  }
  const clip = (p: number) => Math.min(1 - FLOOR, Math.max(FLOOR, p));
  const value = blocks.map((b) => clip(b.sum / b.count));
  return (raw) => {
    if (blocks.length === 0) return 0.5;
    let lo = 0;
    let hi = blocks.length - 1;
    if (raw <= (blocks[0]?.high ?? 0)) return value[0] ?? 0.5;
    if (raw >= (blocks[hi]?.low ?? 0)) return value[hi] ?? 0.5;
    while (hi - lo > 1) {
      const mid = (lo + hi) >> 1;
      if ((blocks[mid]?.low ?? 0) <= raw) lo = mid;
      else hi = mid;
    }
    const left = blocks[lo];
    const right = blocks[hi];
    if (!left || !right) return 0.5;
    if (raw <= left.high) return value[lo] ?? 0.5;
    const t = (raw - left.high) / (right.low - left.high);
    return (value[lo] ?? 0) + t * ((value[hi] ?? 0) - (value[lo] ?? 0));
  };
}

export function fitCalibrator(method: CalibrationMethod, scores: readonly number[], labels: readonly (0 | 1)[]) {
  return method === 'platt' ? fitPlatt(scores, labels) : fitIsotonic(scores, labels);
}

function subset(data: TrainingSet, rows: readonly number[]): TrainingSet {
  return {
    featureNames: data.featureNames,
    rows: rows.map((i) => data.rows[i] ?? []),
    labels: rows.map((i) => data.labels[i] ?? 0),
  };
}

export interface CalibrationOptions {
  method: CalibrationMethod;
  /** Cross-fitting folds within the training rows (default 3). */
  folds?: number;
}

/**
 * A trainer whose probabilities are calibrated: the calibrator learns from out-of-fold raw scores of the training
 * rows, the final model from all of them. With too few rows of a class to cross-fit, σ(log-odds) is used as it is.
 */
export function calibrated(raw: RawTrainer, options: CalibrationOptions): Trainer {
  const k = options.folds ?? 3;
  return {
    name: raw.name,
    fit(data, fitOptions) {
      const seed = fitOptions?.seed ?? 1;
      const positives = data.labels.reduce<number>((n, y) => n + y, 0);
      let calibrator: Calibrator = sigmoid;
      if (Math.min(positives, data.labels.length - positives) >= 2 * k) {
        const fold = stratifiedFolds(data.labels, k, seed);
        const outOfFold = new Array<number>(data.rows.length).fill(0);
        for (let f = 0; f < k; f += 1) {
          const { train, test } = splitByFold(fold, f);
          const model = raw.fitRaw(subset(data, train), { seed: seed + f + 1, cache: fitOptions?.cache });
          for (const i of test) outOfFold[i] = model.rawScore(data.rows[i] ?? []);
        }
        calibrator = fitCalibrator(options.method, outOfFold, data.labels);
      }
      const final = raw.fitRaw(data, { seed, cache: fitOptions?.cache });
      return {
        name: raw.name,
        predict: (row) => calibrator(final.rawScore(row)),
        explain: (row) => final.explain(row),
      };
    },
  };
}
