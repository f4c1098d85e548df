// Measures of a probabilistic prediction against what happened: ROC AUC (rank), PR AUC (average precision),
// log loss, Brier score and expected calibration error, and churn rate and lift per risk decile.
import type { ScoreMetrics } from './types.ts';

type Label = 0 | 1;

function check(scores: readonly number[], labels: readonly Label[]): void {
  if (scores.length !== labels.length)
    throw new Error(`scores (${scores.length}) and labels (${labels.length}) differ`);
}

/** ROC AUC by the rank-sum (Mann–Whitney) formula; tied scores take their average rank. NaN with one class only. */
export function rocAuc(scores: readonly number[], labels: readonly Label[]): number {
  check(scores, labels);
  const order = scores.map((_, i) => i).sort((a, b) => (scores[a] ?? 0) - (scores[b] ?? 0));
  let positives = 0;
  let rankSum = 0;
  for (let i = 0; i < order.length;) {
    let j = i;
    while (j + 1 < order.length && scores[order[j + 1] ?? 0] === scores[order[i] ?? 0]) j += 1;
    const averageRank = (i + j) / 2 + 1;
    for (let k = i; k <= j; k += 1) {
      if (labels[order[k] ?? 0] === 1) {
        positives += 1;
        rankSum += averageRank;
      }
    }
    i = j + 1;
  }
  const negatives = labels.length - positives;
  if (positives === 0 || negatives === 0) return Number.NaN;
  return (rankSum - (positives * (positives + 1)) / 2) / (positives * negatives);
}

/** Average precision (scikit-learn's PR AUC): Σ (recall_k − recall_{k−1}) · precision_k over distinct thresholds. */
export function averagePrecision(scores: readonly number[], labels: readonly Label[]): number {
  check(scores, labels);
  const order = scores.map((_, i) => i).sort((a, b) => (scores[b] ?? 0) - (scores[a] ?? 0));
  const positives = labels.reduce<number>((n, y) => n + y, 0);
  if (positives === 0) return Number.NaN;
  let truePositives = 0;
  let seen = 0;
  let previousRecall = 0;
  let sum = 0;
  for (let i = 0; i < order.length;) {
    let j = i;
    while (j + 1 < order.length && scores[order[j + 1] ?? 0] === scores[order[i] ?? 0]) j += 1;
    for (let k = i; k <= j; k += 1) truePositives += labels[order[k] ?? 0] ?? 0;
    seen += j - i + 1;
    const recall = truePositives / positives;
    sum += (recall - previousRecall) * (truePositives / seen);
    previousRecall = recall;
    i = j + 1;
  }
  return sum;
}

const EPSILON = 1e-15;

export function logLoss(probabilities: readonly number[], labels: readonly Label[]): number {
  check(probabilities, labels);
  let sum = 0;
  probabilities.forEach((p, i) => {
    const q = Math.min(1 - EPSILON, Math.max(EPSILON, p));
    sum -= labels[i] === 1 ? Math.log(q) : Math.log(1 - q);
  });
  return sum / probabilities.length;
}

export function brierScore(probabilities: readonly number[], labels: readonly Label[]): number {
  check(probabilities, labels);
  return probabilities.reduce((sum, p, i) => sum + (p - (labels[i] ?? 0)) ** 2, 0) / probabilities.length;
}

export interface CalibrationBin {
  low: number;
  high: number;
  count: number;
  meanPredicted: number;
  observedRate: number;
}

/** Reliability diagram: `bins` equal-width probability bins, empty ones left out. */
export function calibrationBins(
  probabilities: readonly number[],
  labels: readonly Label[],
  bins = 10,
): CalibrationBin[] {
  check(probabilities, labels);
  const counts = new Array<number>(bins).fill(0);
  const predicted = new Array<number>(bins).fill(0);
  const observed = new Array<number>(bins).fill(0);
  probabilities.forEach((p, i) => {
    const b = Math.min(bins - 1, Math.max(0, Math.floor(p * bins)));
    counts[b] = (counts[b] ?? 0) + 1;
    predicted[b] = (predicted[b] ?? 0) + p;
    observed[b] = (observed[b] ?? 0) + (labels[i] ?? 0);
  });
  return counts.flatMap((count, b) =>
    count === 0
      ? []
      : [
          {
            low: b / bins,
            high: (b + 1) / bins,
            count,
            meanPredicted: (predicted[b] ?? 0) / count,
            observedRate: (observed[b] ?? 0) / count,
          },
        ],
  );
}

/** Expected calibration error: the count-weighted mean gap between predicted and observed rates over 10 bins. */
export function expectedCalibrationError(
  probabilities: readonly number[],
  labels: readonly Label[],
  bins = 10,
): number {
  const total = probabilities.length;
  if (total === 0) return Number.NaN;
  return calibrationBins(probabilities, labels, bins).reduce(
    (sum, bin) => sum + (bin.count / total) * Math.abs(bin.meanPredicted - bin.observedRate),
    0,
  );
}

export function scoreMetrics(probabilities: readonly number[], labels: readonly Label[]): ScoreMetrics {
  return {
    auc: rocAuc(probabilities, labels),
    pr_auc: averagePrecision(probabilities, labels),
    logloss: logLoss(probabilities, labels),
    brier: brierScore(probabilities, labels),
    ece: expectedCalibrationError(probabilities, labels),
  };
}

export interface Decile {
  decile: number;
  count: number;
  positives: number;
  rate: number;
  /** The decile's rate over the overall rate. */
  lift: number;
}

/** Rows ranked by score, highest risk first, cut into ten groups as equal as possible. */
export function riskDeciles(scores: readonly number[], labels: readonly Label[]): Decile[] {
  check(scores, labels);
  const order = scores.map((_, i) => i).sort((a, b) => (scores[b] ?? 0) - (scores[a] ?? 0));
  const overall = labels.reduce<number>((n, y) => n + y, 0) / Math.max(1, labels.length);
  const deciles: Decile[] = [];
  for (let d = 0; d < 10; d += 1) {
    const from = Math.floor((d * order.length) / 10);
    const to = Math.floor(((d + 1) * order.length) / 10);
    const positives = order.slice(from, to).reduce((n, i) => n + (labels[i] ?? 0), 0);
    const count = to - from;
    const rate = count === 0 ? 0 : positives / count;
    deciles.push({ decile: d + 1, count, positives, rate, lift: overall === 0 ? 0 : rate / overall });
  }
  return deciles;
}
