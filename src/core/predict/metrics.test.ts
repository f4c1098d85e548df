import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { averagePrecision, brierScore, expectedCalibrationError, logLoss, riskDeciles, rocAuc } from './metrics.ts';

describe('prediction metrics', () => {
  it('match scikit-learn on a small example with ties', () => {
    // sklearn.metrics.roc_auc_score([0,0,1,1,0,1],[0.1,0.4,0.35,0.8,0.4,0.9]) = 7/9
    const labels = [0, 0, 1, 1, 0, 1] as const;
    const scores = [0.1, 0.4, 0.35, 0.8, 0.4, 0.9];
    assert.ok(Math.abs(rocAuc(scores, labels) - 7 / 9) < 1e-12);
    // average_precision_score: thresholds 0.9 (P1,R1/3) 0.8 (P1,R2/3) 0.4 (P2/4,R2/3) 0.35 (P3/5,R1) 0.1 → 1/3+1/3+0+0.6/3
    assert.ok(Math.abs(averagePrecision(scores, labels) - (1 / 3 + 1 / 3 + 0.6 / 3)) < 1e-12);
    assert.ok(Math.abs(brierScore([0.5, 1], [1, 1]) - 0.125) < 1e-12);
    assert.ok(Math.abs(logLoss([0.5, 0.5], [1, 0]) - Math.log(2)) < 1e-12);
  });

  it('rate a perfectly calibrated constant as 0 ECE and a confident wrong one near 1', () => {
    assert.equal(expectedCalibrationError([0.25, 0.25, 0.25, 0.25], [1, 0, 0, 0]), 0);
    assert.ok(expectedCalibrationError([0.99, 0.99], [0, 0]) > 0.98);
  });

  it('AUC is 1 − AUC of the reversed scores, and unchanged by doubling', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.double({ min: 0, max: 1, noNaN: true }), fc.constantFrom<0 | 1>(0, 1)), { minLength: 2 }),
        (pairs) => {
          const scores = pairs.map(([s]) => s);
          const labels = pairs.map(([, y]) => y);
          const auc = rocAuc(scores, labels);
          if (Number.isNaN(auc)) return;
          assert.ok(
            Math.abs(
              rocAuc(
                scores.map((s) => -s),
                labels,
              ) -
                (1 - auc),
            ) < 1e-9,
          );
          assert.ok(
            Math.abs(
              rocAuc(
                scores.map((s) => s * 2),
                labels,
              ) - auc,
            ) < 1e-9,
          );
        },
      ),
    );
  });

  it('cuts ranked rows into ten deciles whose counts add up', () => {
    const scores = Array.from({ length: 95 }, (_, i) => i / 95);
    const labels = scores.map((s): 0 | 1 => (s > 0.8 ? 1 : 0));
    const deciles = riskDeciles(scores, labels);
    assert.equal(
      deciles.reduce((n, d) => n + d.count, 0),
      95,
    );
    assert.equal(deciles[0]!.rate, 1);
    assert.equal(deciles[9]!.positives, 0);
  });
});
