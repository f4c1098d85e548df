import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { fitLogistic } from './logistic.ts';
import type { TrainingSet } from './types.ts';

const close = (actual: number, expected: number, tolerance: number, what: string) => {
  assert.ok(Math.abs(actual - expected) <= tolerance, `${what}: ${actual} is not within ${tolerance} of ${expected}`);
};

// Wikipedia, "Logistic regression", worked example: hours studied and whether 20 students passed an exam.
// Maximum likelihood fit (also R's glm and scikit-learn with penalty=None): intercept −4.0777, hours 1.5046.
const HOURS = [0.5, 0.75, 1, 1.25, 1.5, 1.75, 1.75, 2, 2.25, 2.5, 2.75, 3, 3.25, 3.5, 4, 4.25, 4.5, 4.75, 5, 5.5];
const PASSED = [0, 0, 0, 0, 0, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 1, 1, 1, 1, 1] as const;
const exam: TrainingSet = { featureNames: ['hours'], rows: HOURS.map((h) => [h]), labels: [...PASSED] };

/** x = +1 in `a` positives and `b` negatives, x = −1 the other way round: mean 0, standard deviation 1. */
function symmetric(a: number, b: number): TrainingSet {
  const rows: number[][] = [];
  const labels: (0 | 1)[] = [];
  const add = (x: number, y: 0 | 1, count: number) => {
    for (let i = 0; i < count; i += 1) {
      rows.push([x]);
      labels.push(y);
    }
  };
  add(1, 1, a);
  add(1, 0, b);
  add(-1, 1, b);
  add(-1, 0, a);
  return { featureNames: ['x'], rows, labels };
}

describe('logistic regression', () => {
  it('matches the textbook maximum-likelihood fit without a penalty, with a zero gradient there', () => {
    const model = fitLogistic(exam, { c: Infinity });
    const { intercept, weights } = model.coefficients();
    close(intercept, -4.0777, 5e-4, 'intercept');
    close(weights[0]?.weight ?? 0, 1.5046, 5e-4, 'hours');
    for (const g of model.gradient(exam)) close(g, 0, 1e-8, 'gradient');
  });

  it('matches the hand-derived L2 solution on symmetric data', () => {
    // Intercept 0 by symmetry; the weight's stationarity condition is (a+b)(2σ(w) − 1) − (a − b) + w/C = 0,
    // i.e. (a+b)·tanh(w/2) + w/C = a − b. Solved here by bisection, apart from the trainer.
    const [a, b, c] = [30, 10, 0.05];
    let lo = 0;
    let hi = 10;
    for (let i = 0; i < 200; i += 1) {
      const mid = (lo + hi) / 2;
      if ((a + b) * Math.tanh(mid / 2) + mid / c > a - b) hi = mid;
      else lo = mid;
    }
    const data = symmetric(a, b);
    const model = fitLogistic(data, { c });
    const { intercept, weights } = model.coefficients();
    close(weights[0]?.weight ?? 0, lo, 1e-9, 'weight');
    close(intercept, 0, 1e-9, 'intercept');
    // Without the penalty the slope is half the log odds ratio between x = 1 and x = −1: ln(a/b).
    close(fitLogistic(data, { c: Infinity }).coefficients().weights[0]?.weight ?? 0, Math.log(a / b), 1e-9, 'MLE');
  });

  it('imputes the training median and learns a missing indicator', () => {
    // Missing values are all positives: only the indicator can tell them apart, and it gets a positive weight.
    const rows = [[1], [2], [3], [4], [5], [6], [Number.NaN], [Number.NaN], [Number.NaN]];
    const labels = [0, 1, 0, 1, 0, 0, 1, 1, 1] as (0 | 1)[];
    const model = fitLogistic({ featureNames: ['x'], rows, labels });
    const { weights } = model.coefficients();
    assert.deepEqual(
      weights.map((w) => w.name),
      ['x', 'x missing'],
    );
    assert.ok((weights[1]?.weight ?? 0) > 0);
    assert.ok(model.rawScore([Number.NaN]) > model.rawScore([3.5]));
  });

  it('explains each row exactly: base + Σ contributions = log-odds', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.tuple(
            fc.oneof(fc.double({ min: -5, max: 5, noNaN: true }), fc.constant(Number.NaN)),
            fc.double({ min: -5, max: 5, noNaN: true }),
            fc.constantFrom<0 | 1>(0, 1),
          ),
          { minLength: 4, maxLength: 40 },
        ),
        fc.tuple(fc.double({ min: -9, max: 9, noNaN: true }), fc.double({ min: -9, max: 9, noNaN: true })),
        (points, probe) => {
          const data: TrainingSet = {
            featureNames: ['a', 'b'],
            rows: points.map(([a, b]) => [a, b]),
            labels: points.map(([, , y]) => y),
          };
          const model = fitLogistic(data);
          const explanation = model.explain(probe);
          const total = explanation.contributions.reduce((s, c) => s + c.contribution, explanation.base);
          close(total, model.rawScore(probe), 1e-9 * Math.max(1, Math.abs(total)), 'sum');
        },
      ),
      { numRuns: 60 },
    );
  });
});
