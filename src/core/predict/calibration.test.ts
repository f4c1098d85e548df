import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { calibrated, fitIsotonic, fitPlatt } from './calibration.ts';
import { expectedCalibrationError } from './metrics.ts';
import { seededRandom, sigmoid } from './random.ts';
import type { RawTrainer } from './raw.ts';
import type { TrainingSet } from './types.ts';

/**
 * Skewed outcomes (about 12% positive) whose true log-odds are s/3 − 2, scored by a model that reports 3·(true
 * log-odds) + 1: overconfident, and too high on average.
 */
function skewed(n: number, seed: number) {
  const random = seededRandom(seed);
  const raw: number[] = [];
  const labels: (0 | 1)[] = [];
  for (let i = 0; i < n; i += 1) {
    const s = (random() * 2 - 1) * 6;
    const truth = s / 3 - 2;
    raw.push(3 * truth + 1);
    labels.push(random() < sigmoid(truth) ? 1 : 0);
  }
  return { raw, labels };
}

describe('calibration', () => {
  it('Platt scaling and isotonic regression lower ECE of overconfident scores on held-out rows', () => {
    const fit = skewed(4000, 1);
    const test = skewed(4000, 2);
    const before = expectedCalibrationError(test.raw.map(sigmoid), test.labels);
    assert.ok(before > 0.05, `raw ECE ${before}`);
    for (const calibrator of [fitPlatt(fit.raw, fit.labels), fitIsotonic(fit.raw, fit.labels)]) {
      const after = expectedCalibrationError(test.raw.map(calibrator), test.labels);
      assert.ok(after < before / 3, `ECE ${before} → ${after}`);
    }
  });

  it('Platt recovers the true scale: σ((s − 1)/3)', () => {
    const { raw, labels } = skewed(20_000, 3);
    const calibrator = fitPlatt(raw, labels);
    // σ⁻¹ at two points gives back the line.
    const at = (s: number) => Math.log(calibrator(s) / (1 - calibrator(s)));
    assert.ok(Math.abs((at(4) - at(-2)) / 6 - 1 / 3) < 0.03);
    assert.ok(Math.abs(at(1)) < 0.1);
  });

  it('isotonic regression is non-decreasing, pools violators and stays inside (0, 1)', () => {
    const calibrator = fitIsotonic([1, 2, 3, 4, 5, 6], [0, 1, 0, 1, 1, 1]);
    // Blocks: {1} → 0, {2, 3} → 1/2, {4, 5, 6} → 1 (clipped just below 1)
    assert.equal(calibrator(1), 1e-3);
    assert.equal(calibrator(2.5), 0.5);
    assert.equal(calibrator(3.5), (0.5 + (1 - 1e-3)) / 2);
    assert.equal(calibrator(10), 1 - 1e-3);
    assert.equal(calibrator(-10), 1e-3);
  });

  it('a calibrated trainer cross-fits its calibrator and lowers ECE on unseen rows', () => {
    // A raw trainer that, like an over-fitted model, is four times too sure of itself.
    const overconfident: RawTrainer = {
      name: 'overconfident',
      fitRaw: (data) => {
        const rate = data.labels.reduce<number>((n, y) => n + y, 0) / data.labels.length;
        const model = (row: readonly number[]) => 4 * ((row[0] ?? 0) + Math.log(rate / (1 - rate)));
        return {
          rawScore: model,
          explain: (row) => ({
            base: 0,
            contributions: [{ feature: 'x', value: row[0] ?? 0, contribution: model(row) }],
          }),
        };
      },
    };
    const make = (n: number, seed: number): TrainingSet => {
      const random = seededRandom(seed);
      const rows = Array.from({ length: n }, () => [random() * 4 - 2]);
      return { featureNames: ['x'], rows, labels: rows.map(([x]) => (random() < sigmoid((x ?? 0) - 2) ? 1 : 0)) };
    };
    const train = make(3000, 5);
    const test = make(3000, 6);
    const raw = overconfident.fitRaw(train);
    const before = expectedCalibrationError(
      test.rows.map((r) => sigmoid(raw.rawScore(r))),
      test.labels,
    );
    for (const method of ['platt', 'isotonic'] as const) {
      const model = calibrated(overconfident, { method }).fit(train, { seed: 1 });
      const after = expectedCalibrationError(
        test.rows.map((r) => model.predict(r)),
        test.labels,
      );
      assert.ok(after < before / 2, `${method}: ECE ${before} → ${after}`);
      assert.deepEqual(model.explain([1]), raw.explain([1]));
    }
  });
});
