// The demo's churners are predictable from their signals to a realistic degree: on the demo company (built in
// memory by the same generator `tenure demo` loads), the walk-forward backtest of every trainer reaches a ROC AUC
// between 0.75 and 0.9 and beats the adoption-level baseline.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DEFAULT_ADOPTION_SETTINGS } from '../src/core/adoption/settings.ts';
import { demoChurnData } from '../src/core/demo/churn-history.ts';
import { generateDemo } from '../src/core/demo/index.ts';
import { DEMO_FEATURES } from '../src/core/demo/usage.ts';
import { backtest, type Scorer } from '../src/core/health/backtest.ts';
import { buildRows } from '../src/core/health/dataset.ts';
import { featureNames, vocabularyOf } from '../src/core/health/features.ts';
import { baselineScorers } from '../src/core/health/scorers.ts';
import { monthIndex } from '../src/core/period.ts';
import { TRAINERS } from '../src/core/predict/index.ts';

const END = '2026-11';
// Fewer accounts than the demo's 2000 keep the test quick; the rates are the demo's.
const ACCOUNTS = 800;
const HORIZON = 3;

describe('churn model on the demo company', () => {
  it('backtests between 0.75 and 0.9 ROC AUC, above the adoption-level baseline', () => {
    const company = generateDemo({ seed: 1, accounts: ACCOUNTS, endMonth: END, cutoff: '2026-11-30' });
    const data = demoChurnData(company);
    const end = monthIndex(END);
    const latest = data.ledgerAt('2026-11-30');
    const months = Array.from({ length: 14 }, (_, i) => end - 13 + i);
    const settings = {
      catalog: DEMO_FEATURES,
      adoption: DEFAULT_ADOPTION_SETTINGS,
      vocabulary: vocabularyOf(
        data.histories,
        [...latest.values()].map((c) => c.history.at(-1)?.plan ?? null),
      ),
    };
    const rows = buildRows({
      histories: data.histories,
      months,
      cutAt: data.cutAt,
      latest,
      lastCompleteMonth: end,
      horizonMonths: HORIZON,
      settings,
    });
    const names = featureNames(settings);
    const scorers: Scorer[] = [
      ...TRAINERS.map((trainer): Scorer => ({ kind: 'model', name: trainer.name, trainer })),
      ...baselineScorers(names),
    ];
    const evalMonths = [end - 7, end - 5, end - 3];
    const { results } = backtest({ featureNames: names, rows, scorers, months: evalMonths, horizonMonths: HORIZON });
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
