// The demo's churners are predictable from their signals to a realistic degree: on the demo company (built in
// memory by the same generator `tenure demo` loads), the walk-forward backtest of every trainer reaches a ROC AUC
// between 0.75 and 0.9 and beats the adoption-level baseline.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { backtest } from '../src/core/health/backtest.ts';
import { buildRows } from '../src/core/health/dataset.ts';
import { featureNames } from '../src/core/health/features.ts';
import { baselineScorers } from '../src/core/health/scorers.ts';
import { TRAINERS } from '../src/core/predict/index.ts';
import { DEMO_HORIZON, demoRows, withTrainers } from './helpers/model.ts';

describe('churn model on the demo company', () => {
  it('backtests between 0.75 and 0.9 ROC AUC, above the adoption-level baseline', () => {
    const { rows, settings, end } = demoRows(buildRows);
    const names = featureNames(settings);
    const scorers = withTrainers(baselineScorers(names));
    const evalMonths = [end - 7, end - 5, end - 3];
    const { results } = backtest({
      featureNames: names,
      rows,
      scorers,
      months: evalMonths,
      horizonMonths: DEMO_HORIZON,
    });
    const adoption = results.find((r) => r.kind === 'baseline' && r.name.includes('adoption'));
    assert.ok(adoption);
    const models = results.filter((r) => r.kind === 'model');
    assert.equal(models.length, TRAINERS.length);
    const summary = results.map((r) => `${r.name} ${r.auc.toFixed(3)}`).join(', ');
    assert.ok(adoption.positives > 40, `only ${adoption.positives} churners in the backtest`);
    for (const model of models) {
      assert.ok(model.auc >= 0.75 && model.auc <= 0.9, `${model.name}: AUC outside 0.75–0.9 (${summary})`);
      assert.ok(model.auc > adoption.auc + 0.05, `${model.name} does not beat the adoption baseline (${summary})`);
    }
  });
});
