// Stratified k-fold assignment: each fold gets the same share of positives, rows shuffled by a seed.
import { seededRandom, shuffled } from './random.ts';

/** The fold (0 … k − 1) of each row: positives and negatives each shuffled by `seed`, then dealt round-robin. */
export function stratifiedFolds(labels: readonly (0 | 1)[], k: number, seed: number): Int32Array {
  const random = seededRandom(seed);
  const fold = new Int32Array(labels.length);
  const indices = labels.map((_, i) => i);
  let next = 0;
  for (const label of [1, 0]) {
    for (const i of shuffled(
      indices.filter((j) => labels[j] === label),
      random,
    )) {
      fold[i] = next % k;
      next += 1;
    }
  }
  return fold;
}

/** The rows of one split: those outside fold `f` to train on, those in it to test on. */
export function splitByFold(fold: Int32Array, f: number): { train: number[]; test: number[] } {
  const train: number[] = [];
  const test: number[] = [];
  fold.forEach((g, i) => (g === f ? test : train).push(i));
  return { train, test };
}
