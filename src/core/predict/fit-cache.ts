// One fit per distinct training set within a run: the calibrated logistic regression and the boosted trees'
// starting regression are the same fit on the same rows (same folds, same settings), and a backtest or a
// cross-validation would otherwise fit it twice per fold. A run creates a cache and passes it in the train options;
// it holds only the fitted models, keyed by the rows' identities and labels (two 32-bit hashes) and the settings.
import type { TrainingSet } from './types.ts';

export class FitCache {
  private readonly ids = new WeakMap<object, number>();
  private nextId = 1;
  private readonly fits = new Map<string, unknown>();
  hits = 0;

  private key(data: TrainingSet, tag: string): string {
    let a = 0x811c9dc5;
    let b = 0x9e3779b9;
    data.rows.forEach((row, i) => {
      let id = this.ids.get(row);
      if (id === undefined) this.ids.set(row, (id = this.nextId++));
      const v = id * 2 + (data.labels[i] ?? 0);
      a = Math.imul(a ^ v, 0x01000193) >>> 0;
      b = Math.imul(b ^ (v + (b >>> 15)), 0x85ebca6b) >>> 0;
    });
    return `${tag}|${data.rows.length}|${a}|${b}|${data.featureNames.join('\u0000')}`;
  }

  /** The fit for these rows and settings (`tag`), made once. */
  memo<T>(data: TrainingSet, tag: string, fit: () => T): T {
    const key = this.key(data, tag);
    if (this.fits.has(key)) {
      this.hits += 1;
      return this.fits.get(key) as T;
    }
    const value = fit();
    this.fits.set(key, value);
    return value;
  }
}
