import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { binEdges, fitBoostedTrees } from './gbt.ts';
import { fitLogistic } from './logistic.ts';
import { rocAuc } from './metrics.ts';
import { seededRandom } from './random.ts';
import type { TrainingSet } from './types.ts';

/** y = 1 mostly when exactly one of a > 0 and b > 0 (XOR, which no line separates), with 10% of labels flipped. */
function xor(n: number, seed: number): TrainingSet {
  const random = seededRandom(seed);
  const rows: number[][] = [];
  const labels: (0 | 1)[] = [];
  for (let i = 0; i < n; i += 1) {
    const a = random() * 2 - 1;
    const b = random() * 2 - 1;
    const noise = random() * 2 - 1;
    const y = a > 0 !== b > 0 ? 1 : 0;
    rows.push([a, b, noise]);
    labels.push((random() < 0.1 ? 1 - y : y) as 0 | 1);
  }
  return { featureNames: ['a', 'b', 'noise'], rows, labels };
}

describe('gradient-boosted trees', () => {
  it('learn an interaction a linear model cannot', () => {
    const train = xor(2000, 1);
    const test = xor(1000, 2);
    const trees = fitBoostedTrees(train, { trees: 60, learningRate: 0.2 });
    const line = fitLogistic(train);
    const treeAuc = rocAuc(
      test.rows.map((r) => trees.rawScore(r)),
      test.labels,
    );
    const lineAuc = rocAuc(
      test.rows.map((r) => line.rawScore(r)),
      test.labels,
    );
    assert.ok(treeAuc > 0.85, `trees AUC ${treeAuc}`);
    assert.ok(lineAuc < 0.6, `line AUC ${lineAuc}`);
  });

  it('send missing values the way that fits them best', () => {
    // x is missing exactly for the positives' half that x alone would misplace.
    const rows: number[][] = [];
    const labels: (0 | 1)[] = [];
    for (let i = 0; i < 400; i += 1) {
      rows.push([i % 4 === 0 ? Number.NaN : i % 2]);
      labels.push(i % 4 === 0 || i % 2 === 1 ? 1 : 0);
    }
    const model = fitBoostedTrees({ featureNames: ['x'], rows, labels }, { trees: 50, learningRate: 0.3 });
    assert.ok(model.rawScore([Number.NaN]) > 2);
    assert.ok(model.rawScore([0]) < -2);
    assert.ok(model.rawScore([1]) > 2);
  });

  it('repeat exactly by seed, and differ by seed when subsampling', () => {
    const data = xor(500, 3);
    const probe = [0.3, -0.2, 0.1];
    const a = fitBoostedTrees(data, { trees: 20, seed: 7 }).rawScore(probe);
    assert.equal(fitBoostedTrees(data, { trees: 20, seed: 7 }).rawScore(probe), a);
    assert.notEqual(fitBoostedTrees(data, { trees: 20, seed: 8 }).rawScore(probe), a);
  });

  it('stop early on a validation split once its log loss stops falling', () => {
    const data = xor(1000, 4);
    const model = fitBoostedTrees(data, {
      trees: 500,
      learningRate: 0.5,
      maxDepth: 6,
      validationFraction: 0.25,
      earlyStoppingRounds: 5,
    });
    assert.ok(model.trees.length < 100, `${model.trees.length} trees`);
    assert.ok(model.trees.length >= 1);
  });

  it('cut values into at most 255 bins, each distinct value its own when there are few', () => {
    const many = Array.from({ length: 10_000 }, (_, i) => i * 0.37);
    const edges = binEdges(many, 255);
    assert.ok(edges.length <= 255);
    assert.equal(edges[edges.length - 1], Infinity);
    assert.deepEqual([...binEdges([3, 1, 2, 2, Number.NaN], 255)], [1.5, 2.5, Infinity]);
  });
});
