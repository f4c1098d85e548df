// The expansion model on the demo company (built in memory by the same generator `tenure demo` loads): the
// walk-forward backtest of every trainer predicts who expands within 90 days better than seat utilization alone.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DEFAULT_ADOPTION_SETTINGS } from '../src/core/adoption/settings.ts';
import { demoChurnData } from '../src/core/demo/churn-history.ts';
import { generateDemo } from '../src/core/demo/index.ts';
import { DEMO_FEATURES } from '../src/core/demo/usage.ts';
import { backtest, type Scorer } from '../src/core/health/backtest.ts';
import {
  buildExpansionRows,
  expansionFeatureNames,
  seatUtilizationBaseline,
} from '../src/core/health/expansion-dataset.ts';
import { vocabularyOf } from '../src/core/health/features.ts';
import { monthIndex } from '../src/core/period.ts';
import { TRAINERS } from '../src/core/predict/index.ts';

const END = '2026-11';
// Fewer accounts than the demo's 2000 keep the test quick; the rates are the demo's.
const ACCOUNTS = 800;
const HORIZON = 3;

describe('expansion model on the demo company', () => {
  it('backtests above the seat-utilization baseline', () => {
    const company = generateDemo({ seed: 1, accounts: ACCOUNTS, endMonth: END, cutoff: '2026-11-30' });
    const data = demoChurnData(company);
    const end = monthIndex(END);
    const latest = data.ledgerAt('2026-11-30');
    const settings = {
      catalog: DEMO_FEATURES,
      adoption: DEFAULT_ADOPTION_SETTINGS,
      vocabulary: vocabularyOf(
        data.histories,
        [...latest.values()].map((c) => c.history.at(-1)?.plan ?? null),
      ),
    };
    const rows = buildExpansionRows({
      histories: data.histories,
      months: Array.from({ length: 14 }, (_, i) => end - 13 + i),
      cutAt: data.cutAt,
      latest,
      lastCompleteMonth: end,
      horizonMonths: HORIZON,
      settings,
    });
    const names = expansionFeatureNames(settings);
    const scorers: Scorer[] = [
      ...TRAINERS.map((trainer): Scorer => ({ kind: 'model', name: trainer.name, trainer })),
      ...seatUtilizationBaseline(names),
    ];
    const { results } = backtest({
      featureNames: names,
      rows,
      scorers,
      months: [end - 7, end - 5, end - 3],
      horizonMonths: HORIZON,
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
