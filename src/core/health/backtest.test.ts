import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { lastDayOfMonth, monthIndex } from '../period.ts';
import { logisticRegression } from '../predict/logistic.ts';
import { uncalibrated } from '../predict/raw.ts';
import type { Trainer } from '../predict/types.ts';
import { backtest, rateCalibrator, trainingRows, type DataRow, type Scorer } from './backtest.ts';
import { riskReasons } from './reasons.ts';
import { baselineScorers, scorecardFindings, standardizedWeights } from './scorers.ts';

const NAMES = ['adoption_level', 'usage_declining', 'noise'];
const M0 = monthIndex('2019-01');

/** A tiny deterministic generator (the test must not depend on Math.random). */
function lcg(seed: number) {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

/** 300 accounts over 24 months: low adoption churns far more often; the declining flag is noise. */
function rows(): DataRow[] {
  const random = lcg(7);
  const out: DataRow[] = [];
  for (let month = M0; month < M0 + 24; month++) {
    for (let a = 1; a <= 300; a++) {
      const level = a % 3;
      const churn = random() < [0.3, 0.1, 0.03][level]! ? 1 : 0;
      out.push({
        accountId: a,
        month,
        features: [level, random() < 0.2 ? 1 : 0, random()],
        churn: month + 3 <= M0 + 23 ? churn : null,
        contraction: month + 3 <= M0 + 23 ? (random() < 0.05 ? 1 : 0) : null,
      });
    }
  }
  return out;
}

/** Records which rows each fit saw: none may have a label still open at the month predicted from. */
function spyTrainer(seen: number[][]): Trainer {
  const inner = uncalibrated(logisticRegression());
  return {
    name: 'spy_logistic',
    fit(data, options) {
      seen.push(data.rows.map((r) => r.length));
      return inner.fit(data, options);
    },
  };
}

describe('walk-forward backtest', () => {
  const data = rows();
  const months = [M0 + 15, M0 + 17, M0 + 20];

  it('trains at month end T only on rows whose horizon ended by T', () => {
    for (const T of months) {
      const train = trainingRows(data, T, 3, 'churn');
      assert.ok(train.length > 0);
      assert.ok(train.every((r) => r.month + 3 <= T));
      assert.equal(train.length, data.filter((r) => r.month <= T - 3).length);
    }
  });

  it('scores the model and the baselines on the same rows; the signal beats the noise', () => {
    const seen: number[][] = [];
    const scorers: Scorer[] = [
      { kind: 'model', name: 'spy_logistic', trainer: spyTrainer(seen) },
      ...baselineScorers(NAMES),
    ];
    const { results } = backtest({ featureNames: NAMES, rows: data, scorers, months, horizonMonths: 3 });
    assert.deepEqual(
      results.map((r) => [r.name, r.kind]),
      [
        ['spy_logistic', 'model'],
        ['adoption_level', 'baseline'],
        ['usage_declining', 'baseline'],
      ],
    );
    assert.equal(seen.length, months.length);
    const [model, adoption, declining] = results;
    assert.ok(model && adoption && declining);
    assert.equal(model.rows, 900);
    assert.equal(adoption.rows, 900);
    assert.ok(adoption.auc > 0.7, `adoption AUC ${adoption.auc}`);
    assert.ok(Math.abs(declining.auc - 0.5) < 0.08, `noise AUC ${declining.auc}`);
    assert.ok(model.auc > 0.7 && model.ece < 0.1);
    assert.equal(model.folds.length, 3);
    assert.equal(model.folds[0]?.as_of, '2020-04-30');
    assert.equal(model.deciles.length, 10);
    assert.ok((model.deciles[0]?.lift ?? 0) > 1.5);
    assert.ok(model.reliability.reduce((n, b) => n + b.count, 0) === 900);
  });

  it('flags a scorecard whose bands do not separate churners, and offers standardized weights', () => {
    const byLevel = (good: boolean): Scorer => ({
      kind: 'scorecard',
      name: good ? 'good' : 'upside_down',
      score: (accountId) => {
        const level = accountId % 3;
        const score = good ? 20 + 35 * level : 90 - 35 * level;
        return { score, band: score < 40 ? 'red' : score < 70 ? 'yellow' : 'green' };
      },
    });
    const { results } = backtest({
      featureNames: NAMES,
      rows: data,
      scorers: [byLevel(true), byLevel(false)],
      months,
      horizonMonths: 3,
    });
    const findings = scorecardFindings(results);
    assert.deepEqual(
      findings.map((f) => f.name),
      ['upside_down'],
    );
    assert.ok(findings[0]!.red_rate < findings[0]!.green_rate);
    assert.match(findings[0]!.reasons.join(' '), /red accounts churned at .*green at/);
    const train = trainingRows(data, M0 + 20, 3, 'churn');
    const weights = standardizedWeights(uncalibrated(logisticRegression()), {
      featureNames: NAMES,
      rows: train.map((r) => r.features),
      labels: train.map((r) => r.churn ?? 0),
    });
    assert.equal(weights[0]?.feature, 'adoption_level');
    assert.ok((weights[0]?.weight ?? 0) < -0.3, 'more adoption, less churn');
  });

  it('turns a baseline into probabilities by the churn rate of its group among the training rows', () => {
    const calibrate = rateCalibrator([0, 0, 0, 0, 1, 1, 1, 1, Number.NaN], [0, 0, 0, 1, 1, 1, 1, 0, 1]);
    assert.ok(calibrate(1) > calibrate(0));
    assert.ok(calibrate(0) > 0 && calibrate(1) < 1);
    assert.ok(calibrate(Number.NaN) > 0.5);
  });

  it('says why an account is at risk in words', () => {
    const names = ['users_30d_vs_prior_30d', 'nps_detractor', 'days_since_nps', 'plan=Pro', 'tenure_months'];
    const values = [0.6, 1, 59, 0, 4];
    const asOf = lastDayOfMonth(monthIndex('2026-10'));
    const reasons = riskReasons(
      names,
      values,
      {
        base: -2,
        contributions: [
          { feature: 'users_30d_vs_prior_30d', value: 0.6, contribution: 0.9 },
          { feature: 'nps_detractor', value: 1, contribution: 0.5 },
          { feature: 'plan=Pro', value: 0, contribution: 0.4 },
          { feature: 'tenure_months', value: 4, contribution: -0.2 },
        ],
      },
      asOf,
    );
    assert.deepEqual(reasons, ['active users fell 40% in 30 days', 'detractor NPS answer on 2026-09-02']);
  });
});
