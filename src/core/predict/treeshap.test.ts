import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { fitBoostedTrees, treeOutput } from './gbt.ts';
import { seededRandom } from './random.ts';
import { expectedValue, treeExplanation, type Tree } from './treeshap.ts';

/**
 * A hand-made tree over three features, feature 0 used twice on one path, with covers as training counts:
 *            [0] x0 ≤ 0.5 (missing → right), cover 100
 *        /                         \
 *   [1] x1 ≤ 2, cover 60        [2] x0 ≤ 3, cover 40
 *     /        \                 /            \
 *  [3] 1.0    [4] x2 ≤ 0       [7] −1.5     [8] 0.25
 *   c 20       c 40 (missing   c 10          c 30
 *             → left)
 *             /       \
 *         [5] 2.0   [6] −0.5
 *          c 15      c 25
 */
const TREE: Tree = {
  feature: Int32Array.from([0, 1, 0, -1, 2, -1, -1, -1, -1]),
  threshold: Float64Array.from([0.5, 2, 3, 0, 0, 0, 0, 0, 0]),
  missingLeft: Uint8Array.from([0, 0, 0, 0, 1, 0, 0, 0, 0]),
  left: Int32Array.from([1, 3, 7, -1, 5, -1, -1, -1, -1]),
  right: Int32Array.from([2, 4, 8, -1, 6, -1, -1, -1, -1]),
  value: Float64Array.from([0, 0, 0, 1, 0, 2, -0.5, -1.5, 0.25]),
  cover: Float64Array.from([100, 60, 40, 20, 40, 15, 25, 10, 30]),
};

/** E[f(x) | x_S]: follow the row on features in S, otherwise average the branches by cover (the same definition). */
function conditional(tree: Tree, row: readonly number[], known: ReadonlySet<number>, node = 0): number {
  const feature = tree.feature[node] ?? -1;
  if (feature < 0) return tree.value[node] ?? 0;
  const left = tree.left[node] ?? 0;
  const right = tree.right[node] ?? 0;
  if (known.has(feature)) {
    const x = row[feature] ?? Number.NaN;
    const goLeft = Number.isNaN(x) ? tree.missingLeft[node] === 1 : x <= (tree.threshold[node] ?? 0);
    return conditional(tree, row, known, goLeft ? left : right);
  }
  const total = tree.cover[node] ?? 1;
  return (
    ((tree.cover[left] ?? 0) * conditional(tree, row, known, left) +
      (tree.cover[right] ?? 0) * conditional(tree, row, known, right)) /
    total
  );
}

/** Shapley values by enumerating every coalition S of the other features. */
function bruteForce(tree: Tree, row: readonly number[], features: number): number[] {
  const factorial = (k: number): number => (k <= 1 ? 1 : k * factorial(k - 1));
  const phi = new Array<number>(features).fill(0);
  for (let i = 0; i < features; i += 1) {
    for (let mask = 0; mask < 1 << features; mask += 1) {
      if (mask & (1 << i)) continue;
      const known = new Set<number>();
      for (let j = 0; j < features; j += 1) if (mask & (1 << j)) known.add(j);
      const size = known.size;
      const weight = (factorial(size) * factorial(features - size - 1)) / factorial(features);
      const without = conditional(tree, row, known);
      known.add(i);
      phi[i] = (phi[i] ?? 0) + weight * (conditional(tree, row, known) - without);
    }
  }
  return phi;
}

describe('TreeSHAP', () => {
  it('matches brute-force Shapley values on a small tree, missing values included', () => {
    const rows = [
      [0.2, 1, -1],
      [0.2, 5, 1],
      [0.2, 5, Number.NaN],
      [1, 0, 0],
      [4, 9, 9],
      [Number.NaN, 1, 1],
      [Number.NaN, Number.NaN, Number.NaN],
    ];
    assert.equal(expectedValue(TREE), (20 * 1 + 15 * 2 + 25 * -0.5 + 10 * -1.5 + 30 * 0.25) / 100);
    for (const row of rows) {
      const explanation = treeExplanation(['x0', 'x1', 'x2'], 0, [TREE], row);
      const expected = bruteForce(TREE, row, 3);
      explanation.contributions.forEach((c, j) => {
        assert.ok(Math.abs(c.contribution - (expected[j] ?? 0)) < 1e-12, `row ${JSON.stringify(row)} feature ${j}`);
      });
      assert.ok(Math.abs(explanation.base - conditional(TREE, row, new Set())) < 1e-12);
      const total = explanation.contributions.reduce((s, c) => s + c.contribution, explanation.base);
      assert.ok(Math.abs(total - treeOutput(TREE, row)) < 1e-12);
    }
  });

  it('adds up to the raw score minus the base value for any row of a trained ensemble', () => {
    const random = seededRandom(11);
    const rows: number[][] = [];
    const labels: (0 | 1)[] = [];
    for (let i = 0; i < 600; i += 1) {
      const row = [random(), random() < 0.2 ? Number.NaN : random(), Math.floor(random() * 3), random()];
      rows.push(row);
      const signal = (row[0] ?? 0) + (Number.isNaN(row[1] ?? 0) ? 0.8 : 0) + (row[2] === 1 ? 0.5 : 0);
      labels.push(random() < signal / 2 ? 1 : 0);
    }
    const names = ['a', 'b', 'c', 'd'];
    const data = { featureNames: names, rows, labels };
    const plain = fitBoostedTrees(data, { trees: 30, maxDepth: 4 });
    // Started from a logistic regression, the explanation adds its exact terms to the trees' SHAP values.
    const fromLine = fitBoostedTrees(data, { trees: 30, maxDepth: 4, linearStart: true });
    const value = fc.oneof(fc.double({ min: -1, max: 2, noNaN: true }), fc.constant(Number.NaN));
    fc.assert(
      fc.property(fc.tuple(value, value, value, value), (row) => {
        for (const model of [plain, fromLine]) {
          const explanation = model.explain(row);
          const total = explanation.contributions.reduce((s, c) => s + c.contribution, explanation.base);
          assert.ok(Math.abs(total - model.rawScore(row)) < 1e-9, `${total} vs ${model.rawScore(row)}`);
        }
      }),
      { numRuns: 200 },
    );
  });
});
