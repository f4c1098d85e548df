// The walk-forward backtest's cost with and without sharing identical fits (src/core/predict/fit-cache.ts), in one
// run on a generated table: `npm run bench -- model --ab [--ab-rows N]` prints both times, their ratio, and checks
// that the results are identical.
import { backtest, type DataRow } from '../src/core/health/backtest.ts';
import { FitCache } from '../src/core/predict/fit-cache.ts';
import { TRAINERS } from '../src/core/predict/index.ts';
import type { TrainingSet } from '../src/core/predict/types.ts';
import { generateTable } from './model-train.ts';

/** A cache that never remembers: every fit made afresh, as before the cache. */
class NoCache extends FitCache {
  override memo<T>(_data: TrainingSet, _tag: string, fit: () => T): T {
    return fit();
  }
}

export function backtestAb(rowsPerMonth: number, months = 8, evalMonths = 3) {
  const table = generateTable(rowsPerMonth * months, 30, 7);
  const rows: DataRow[] = table.rows.map((features, i) => ({
    accountId: i,
    month: i % months,
    features,
    churn: table.labels[i] ?? 0,
    contraction: null,
  }));
  const input = {
    featureNames: table.featureNames,
    rows,
    scorers: TRAINERS.map((trainer) => ({ kind: 'model' as const, name: trainer.name, trainer })),
    months: Array.from({ length: evalMonths }, (_, i) => months - evalMonths + i),
    horizonMonths: 1,
  };
  const time = (cache: FitCache) => {
    const started = performance.now();
    const result = backtest({ ...input, cache });
    return { seconds: (performance.now() - started) / 1000, result };
  };
  const before = time(new NoCache());
  const cache = new FitCache();
  const after = time(cache);
  const same = before.result.results.every((r, i) => {
    const a = after.result.results[i];
    return a !== undefined && a.auc === r.auc && a.logloss === r.logloss && a.brier === r.brier;
  });
  return { before: before.seconds, after: after.seconds, hits: cache.hits, same, rows: rows.length };
}
