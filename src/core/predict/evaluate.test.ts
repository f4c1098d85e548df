import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { crossValidate } from './evaluate.ts';
import type { Trainer } from './types.ts';

/** A trainer that ignores the data and predicts a fixed function of the row. */
const fixed = (name: string, p: (x: number) => number): Trainer => ({
  name,
  fit: () => ({ name, predict: (row) => p(row[0] ?? 0), explain: () => ({ base: 0, contributions: [] }) }),
});

describe('crossValidate', () => {
  const rows = Array.from({ length: 40 }, (_, i) => [i]);
  const labels = rows.map(([x]): 0 | 1 => ((x ?? 0) % 3 === 0 ? 1 : 0));
  const data = { featureNames: ['x'], rows, labels };

  it('adds the blend after the trainers: its predictions are the mean of theirs, fold by fold', () => {
    const a = fixed('a', (x) => (x % 3 === 0 ? 0.9 : 0.2));
    const b = fixed('b', () => 0.5);
    const [ra, rb, blend] = crossValidate([a, b], data, { folds: 4, seed: 7, blend: true });
    assert.deepEqual([ra?.name, rb?.name, blend?.name], ['a', 'b', 'blend']);
    // Mean of 0.9/0.2 and 0.5 ranks exactly as `a` does; its Brier score is that of 0.7/0.35.
    assert.equal(blend?.auc, ra?.auc);
    const brier = (labels.reduce<number>((s, y) => s + ((y === 1 ? 0.7 : 0.35) - y) ** 2, 0) / labels.length).toFixed(
      6,
    );
    assert.equal(blend?.brier.toFixed(6), brier);
  });

  it('has no blend unless asked, nor with one trainer', () => {
    const a = fixed('a', () => 0.5);
    assert.equal(crossValidate([a, a], data, { folds: 2, seed: 1 }).length, 2);
    assert.equal(crossValidate([a], data, { folds: 2, seed: 1, blend: true }).length, 1);
  });
});
