// The expansion model on the demo company (built in memory by the same generator `tenure demo` loads): the
// walk-forward backtest of every trainer predicts who expands within 90 days better than seat utilization alone.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { backtest } from '../src/core/health/backtest.ts';
import {
  buildExpansionRows,
  expansionFeatureNames,
  seatUtilizationBaseline,
} from '../src/core/health/expansion-dataset.ts';
import { TRAINERS } from '../src/core/predict/index.ts';
import { DEMO_HORIZON, demoRows, withTrainers } from './helpers/model.ts';

describe('expansion model on the demo company', () => {
  it('backtests above the seat-utilization baseline', () => {
    const { rows, settings, end } = demoRows(buildExpansionRows);
    const names = expansionFeatureNames(settings);
    const { results } = backtest({
      featureNames: names,
      rows,
      scorers: withTrainers(seatUtilizationBaseline(names)),
      months: [end - 7, end - 5, end - 3],
      horizonMonths: DEMO_HORIZON,
      target: 'expansion',
    });
    const seats = results.find((r) => r.kind === 'baseline' && r.name.includes('seat'));
    assert.ok(seats);
    const summary = results.map((r) => `${r.name} ${r.auc.toFixed(3)}`).join(', ');
    assert.ok(seats.positives > 60, `only ${seats.positives} expansions in the backtest`);
    const models = results.filter((r) => r.kind === 'model');
    assert.equal(models.length, TRAINERS.length);
    for (const model of models) {
      assert.ok(model.auc > seats.auc + 0.05, `${model.name} does not beat the seat-utilization baseline (${summary})`);
      assert.ok(model.auc < 0.95, `${model.name}: expansions should not be perfectly predictable (${summary})`);
      assert.ok(model.pr_auc > seats.pr_auc, `${model.name}: PR AUC not above the baseline's (${summary})`);
    }
  });
});
