// The baselines every backtest includes, and the check of a scorecard against what happened: a scorecard
// whose bands do not separate churners is flagged with its figures, with the model's standardized logistic
// weights offered as a starting point for new weights.
import type { Trainer, TrainingSet } from '../predict/types.ts';
import type { DataRow, Scorer, ScorerResult } from './backtest.ts';

/** Baselines over the feature columns: adoption level alone (low is riskiest), the usage-declining flag alone. */
export function baselineScorers(featureNames: readonly string[]): Scorer[] {
  const level = featureNames.indexOf('adoption_level');
  const declining = featureNames.indexOf('usage_declining');
  const scorers: Scorer[] = [];
  if (level >= 0) {
    scorers.push({
      kind: 'baseline',
      name: 'adoption_level',
      risk: (row: DataRow) => 2 - (row.features[level] ?? Number.NaN),
    });
  }
  if (declining >= 0) {
    scorers.push({ kind: 'baseline', name: 'usage_declining', risk: (row: DataRow) => row.features[declining] ?? 0 });
  }
  return scorers;
}

export const SCORECARD_MIN_AUC = 0.6;

export interface ScorecardFinding {
  name: string;
  auc: number;
  red_rate: number;
  green_rate: number;
  reasons: string[];
}

const pct = (x: number) => (Number.isNaN(x) ? 'n/a' : `${(100 * x).toFixed(1)}%`);

/** Scorecards whose backtest does not separate churners: AUC under 0.6, or red churning no more than green. */
export function scorecardFindings(results: readonly ScorerResult[]): ScorecardFinding[] {
  const findings: ScorecardFinding[] = [];
  for (const r of results) {
    if (r.kind !== 'scorecard') continue;
    const red = r.bands?.find((b) => b.band === 'red')?.rate ?? Number.NaN;
    const green = r.bands?.find((b) => b.band === 'green')?.rate ?? Number.NaN;
    const reasons: string[] = [];
    if (!(r.auc >= SCORECARD_MIN_AUC)) reasons.push(`ROC AUC ${r.auc.toFixed(3)} is under ${SCORECARD_MIN_AUC}`);
    if (!(red > green)) reasons.push(`red accounts churned at ${pct(red)}, green at ${pct(green)}`);
    if (reasons.length > 0) findings.push({ name: r.name, auc: r.auc, red_rate: red, green_rate: green, reasons });
  }
  return findings;
}

export interface StandardizedWeight {
  feature: string;
  /** Change in log-odds for one standard deviation more of the feature. */
  weight: number;
}

/**
 * A linear trainer fitted on standardized columns (missing values at the mean); each weight is read from the
 * model's explanation of a row one standard deviation up in that column alone. Largest magnitudes first.
 */
export function standardizedWeights(trainer: Trainer, data: TrainingSet, top = 12): StandardizedWeight[] {
  const columns = data.featureNames.length;
  const mean = new Array<number>(columns).fill(0);
  const sd = new Array<number>(columns).fill(0);
  for (let j = 0; j < columns; j++) {
    const values = data.rows.map((r) => r[j] ?? Number.NaN).filter((v) => !Number.isNaN(v));
    const m = values.reduce((a, b) => a + b, 0) / Math.max(1, values.length);
    mean[j] = m;
    sd[j] = Math.sqrt(values.reduce((a, v) => a + (v - m) ** 2, 0) / Math.max(1, values.length));
  }
  const rows = data.rows.map((r) =>
    r.map((v, j) => (Number.isNaN(v) || (sd[j] ?? 0) === 0 ? 0 : (v - (mean[j] ?? 0)) / (sd[j] ?? 1))),
  );
  const model = trainer.fit({ ...data, rows });
  const zero = new Array<number>(columns).fill(0);
  const raw = (row: number[]) => {
    const e = model.explain(row);
    return e.base + e.contributions.reduce((s, c) => s + c.contribution, 0);
  };
  const at0 = raw(zero);
  return data.featureNames
    .map((feature, j) => {
      const unit = [...zero];
      unit[j] = 1;
      return { feature, weight: (sd[j] ?? 0) === 0 ? 0 : raw(unit) - at0 };
    })
    .sort((a, b) => Math.abs(b.weight) - Math.abs(a.weight))
    .slice(0, top);
}
