// L2-regularised logistic regression by Newton's method (IRLS). Features are standardised inside; a missing value
// takes the training median and, where a column had blanks, a 0/1 "was missing" indicator column beside it. The
// penalty matches scikit-learn's: minimise Σ log loss + ‖w‖² / (2C) on standardised weights, intercept unpenalised.
import type { FitCache } from './fit-cache.ts';
import type { RawTrainer } from './raw.ts';
import type { Explanation, TrainingSet } from './types.ts';
import { sigmoid } from './random.ts';

export interface LogisticOptions {
  /** Inverse regularisation strength (scikit-learn's C); Infinity fits without a penalty. Default 1. */
  c?: number;
  maxIterations?: number;
  /**
   * Beside each non-negative column with more than two values, also fit log(1 + x): a bend for skewed amounts and
   * durations (tenure, spend) that a straight line on x misses. Default false.
   */
  logTerms?: boolean;
}

/** One column the model sees: an input feature (imputed) or the indicator that it was missing. */
interface DesignColumn {
  feature: number;
  /** The imputed value, whether it was missing, or log(1 + value) for a non-negative column with many values. */
  use: 'value' | 'missing' | 'log';
}

export interface LogisticModel {
  featureNames: readonly string[];
  /** Log-odds for one row, before calibration. */
  rawScore(row: readonly number[]): number;
  /** Exact: base (log-odds at the training means) + Σ coefficient·(x − mean), one term per input feature. */
  explain(row: readonly number[]): Explanation;
  /** The fitted line on the original scale: log-odds = intercept + Σ weights·column. */
  coefficients(): { intercept: number; weights: { name: string; weight: number }[] };
  /** Gradient of the penalised objective at the fit (for tests: ~0 at the optimum). */
  gradient(data: TrainingSet): number[];
}

function median(values: number[]): number {
  if (values.length === 0) return 0;
  values.sort((a, b) => a - b);
  const mid = values.length >> 1;
  return values.length % 2 === 1 ? (values[mid] ?? 0) : ((values[mid - 1] ?? 0) + (values[mid] ?? 0)) / 2;
}

/** Imputation and scaling learnt from the training rows. */
function learnDesign(data: TrainingSet, logTerms: boolean) {
  const d = data.featureNames.length;
  const medians: number[] = [];
  const columns: DesignColumn[] = [];
  for (let j = 0; j < d; j += 1) {
    const present: number[] = [];
    let missing = false;
    for (const row of data.rows) {
      const v = row[j] ?? Number.NaN;
      if (Number.isNaN(v)) missing = true;
      else present.push(v);
    }
    const distinct = new Set(present.slice(0, 1000)).size;
    const nonNegative = present.every((v) => v >= 0);
    medians.push(median(present));
    columns.push({ feature: j, use: 'value' });
    if (logTerms && nonNegative && distinct > 2) columns.push({ feature: j, use: 'log' });
    if (missing) columns.push({ feature: j, use: 'missing' });
  }
  const raw = (row: readonly number[], column: DesignColumn): number => {
    const v = row[column.feature] ?? Number.NaN;
    if (column.use === 'missing') return Number.isNaN(v) ? 1 : 0;
    const imputed = Number.isNaN(v) ? (medians[column.feature] ?? 0) : v;
    return column.use === 'log' ? Math.log1p(Math.max(0, imputed)) : imputed;
  };
  const p = columns.length;
  const means = new Float64Array(p);
  const scales = new Float64Array(p);
  const n = Math.max(1, data.rows.length);
  columns.forEach((column, k) => {
    let sum = 0;
    for (const row of data.rows) sum += raw(row, column);
    const mean = sum / n;
    let squares = 0;
    for (const row of data.rows) squares += (raw(row, column) - mean) ** 2;
    means[k] = mean;
    const sd = Math.sqrt(squares / n);
    scales[k] = sd > 1e-12 ? sd : 1;
  });
  const standardise = (row: readonly number[], out: Float64Array): void => {
    for (let k = 0; k < p; k += 1) {
      out[k] = (raw(row, columns[k] as DesignColumn) - (means[k] ?? 0)) / (scales[k] ?? 1);
    }
  };
  return { columns, means, scales, standardise, raw };
}

/** The design's rows before standardising, keeping only non-zero values (one-hot and missing columns are mostly 0). */
function sparseRows(data: TrainingSet, design: ReturnType<typeof learnDesign>) {
  const p = design.columns.length;
  const starts = new Int32Array(data.rows.length + 1);
  let index: number[] = [];
  let value: number[] = [];
  data.rows.forEach((row, i) => {
    for (let k = 0; k < p; k += 1) {
      const v = design.raw(row, design.columns[k] as DesignColumn);
      if (v !== 0) {
        index.push(k);
        value.push(v);
      }
    }
    starts[i + 1] = index.length;
  });
  const out = { starts, index: Int32Array.from(index), value: Float64Array.from(value) };
  index = [];
  value = [];
  return out;
}

/**
 * The Hessian of the log loss in the standardised weights, from the sparse raw rows: Σ wᵢ zᵢzᵢᵀ with
 * zᵢ = (uᵢ − μ)/σ is D⁻¹(Σ wᵢuᵢuᵢᵀ − μsᵀ − sμᵀ + W μμᵀ)D⁻¹, s = Σ wᵢuᵢ, W = Σ wᵢ; only non-zero pairs are summed.
 * Writes the lower triangle of the (p + 1)² matrix (the intercept last), as the dense loop did.
 */
function sparseHessian(
  rows: ReturnType<typeof sparseRows>,
  weights: Float64Array,
  design: ReturnType<typeof learnDesign>,
  hessian: Float64Array,
): void {
  const p = design.columns.length;
  const m = p + 1;
  const u = new Float64Array(p * p);
  const s = new Float64Array(p);
  let total = 0;
  const { starts, index, value } = rows;
  for (let i = 0; i + 1 < starts.length; i += 1) {
    const w = weights[i] ?? 0;
    total += w;
    const from = starts[i] ?? 0;
    const to = starts[i + 1] ?? 0;
    for (let e = from; e < to; e += 1) {
      const a = index[e] ?? 0;
      const wua = w * (value[e] ?? 0);
      s[a] = (s[a] ?? 0) + wua;
      const rowStart = a * p;
      for (let f = from; f <= e; f += 1) {
        const b = index[f] ?? 0;
        u[rowStart + b] = (u[rowStart + b] ?? 0) + wua * (value[f] ?? 0);
      }
    }
  }
  const { means, scales } = design;
  for (let a = 0; a < p; a += 1) {
    const ma = means[a] ?? 0;
    const sa = scales[a] ?? 1;
    for (let b = 0; b <= a; b += 1) {
      const mb = means[b] ?? 0;
      const centred = (u[a * p + b] ?? 0) - ma * (s[b] ?? 0) - (s[a] ?? 0) * mb + total * ma * mb;
      hessian[a * m + b] = centred / (sa * (scales[b] ?? 1));
    }
    hessian[p * m + a] = ((s[a] ?? 0) - total * ma) / sa;
  }
  hessian[p * m + p] = total;
}

/** Solves the symmetric positive definite system A x = b (row-major m×m) by Cholesky; A is overwritten. */
function choleskySolve(a: Float64Array, b: Float64Array, m: number): Float64Array {
  for (let j = 0; j < m; j += 1) {
    let diagonal = a[j * m + j] ?? 0;
    for (let k = 0; k < j; k += 1) diagonal -= (a[j * m + k] ?? 0) ** 2;
    const ljj = Math.sqrt(Math.max(diagonal, 1e-12));
    a[j * m + j] = ljj;
    for (let i = j + 1; i < m; i += 1) {
      let sum = a[i * m + j] ?? 0;
      for (let k = 0; k < j; k += 1) sum -= (a[i * m + k] ?? 0) * (a[j * m + k] ?? 0);
      a[i * m + j] = sum / ljj;
    }
  }
  const y = new Float64Array(m);
  for (let i = 0; i < m; i += 1) {
    let sum = b[i] ?? 0;
    for (let k = 0; k < i; k += 1) sum -= (a[i * m + k] ?? 0) * (y[k] ?? 0);
    y[i] = sum / (a[i * m + i] ?? 1);
  }
  for (let i = m - 1; i >= 0; i -= 1) {
    let sum = y[i] ?? 0;
    for (let k = i + 1; k < m; k += 1) sum -= (a[k * m + i] ?? 0) * (y[k] ?? 0);
    y[i] = sum / (a[i * m + i] ?? 1);
  }
  return y;
}

export function fitLogistic(data: TrainingSet, options: LogisticOptions = {}): LogisticModel {
  const c = options.c ?? 1;
  const penalty = Number.isFinite(c) ? 1 / c : 0;
  const design = learnDesign(data, options.logTerms ?? false);
  const n = data.rows.length;
  const p = design.columns.length;
  const m = p + 1; // weights, then the intercept
  const x = new Float64Array(n * p);
  const z = new Float64Array(p);
  data.rows.forEach((row, i) => {
    design.standardise(row, z);
    x.set(z, i * p);
  });
  const y = Float64Array.from(data.labels);
  const w = new Float64Array(m);
  const rate = Math.min(1 - 1e-6, Math.max(1e-6, y.reduce((s, v) => s + v, 0) / Math.max(1, n)));
  w[p] = Math.log(rate / (1 - rate));

  const margins = (weights: Float64Array, out: Float64Array) => {
    for (let i = 0; i < n; i += 1) {
      let s = weights[p] ?? 0;
      for (let k = 0; k < p; k += 1) s += (weights[k] ?? 0) * (x[i * p + k] ?? 0);
      out[i] = s;
    }
  };
  const objective = (weights: Float64Array, eta: Float64Array): number => {
    let loss = 0;
    for (let i = 0; i < n; i += 1) {
      const e = eta[i] ?? 0;
      // log(1 + exp(e)) − y·e, computed without overflow
      loss += (e > 0 ? e + Math.log1p(Math.exp(-e)) : Math.log1p(Math.exp(e))) - (y[i] ?? 0) * e;
    }
    let squares = 0;
    for (let k = 0; k < p; k += 1) squares += (weights[k] ?? 0) ** 2;
    return loss + (penalty * squares) / 2;
  };

  const sparse = sparseRows(data, design);
  const hessianWeights = new Float64Array(n);
  const eta = new Float64Array(n);
  margins(w, eta);
  let current = objective(w, eta);
  const maxIterations = options.maxIterations ?? 100;
  for (let iteration = 0; iteration < maxIterations; iteration += 1) {
    const gradient = new Float64Array(m);
    const hessian = new Float64Array(m * m);
    for (let i = 0; i < n; i += 1) {
      const prob = sigmoid(eta[i] ?? 0);
      const residual = prob - (y[i] ?? 0);
      hessianWeights[i] = Math.max(prob * (1 - prob), 1e-12);
      const offset = i * p;
      for (let a = 0; a < p; a += 1) gradient[a] = (gradient[a] ?? 0) + residual * (x[offset + a] ?? 0);
      gradient[p] = (gradient[p] ?? 0) + residual;
    }
    sparseHessian(sparse, hessianWeights, design, hessian);
    for (let a = 0; a < p; a += 1) {
      gradient[a] = (gradient[a] ?? 0) + penalty * (w[a] ?? 0);
      hessian[a * m + a] = (hessian[a * m + a] ?? 0) + penalty + 1e-10;
    }
    for (let a = 0; a < m; a += 1) for (let b = 0; b < a; b += 1) hessian[b * m + a] = hessian[a * m + b] ?? 0;
    const largest = gradient.reduce((s, g) => Math.max(s, Math.abs(g)), 0);
    if (largest < 1e-9 * Math.max(1, n)) break;
    const step = choleskySolve(hessian, gradient, m);
    // Backtracking: halve the Newton step until the objective falls.
    let scale = 1;
    let improved = false;
    const trial = new Float64Array(m);
    const trialEta = new Float64Array(n);
    for (let tries = 0; tries < 30; tries += 1) {
      for (let a = 0; a < m; a += 1) trial[a] = (w[a] ?? 0) - scale * (step[a] ?? 0);
      margins(trial, trialEta);
      const value = objective(trial, trialEta);
      if (value <= current) {
        improved = current - value > 1e-12 * Math.max(1, Math.abs(current));
        w.set(trial);
        eta.set(trialEta);
        current = value;
        break;
      }
      scale /= 2;
    }
    if (!improved) break;
  }
  return logisticModel(data.featureNames, design, w, penalty);
}

function logisticModel(
  featureNames: readonly string[],
  design: ReturnType<typeof learnDesign>,
  w: Float64Array,
  penalty: number,
): LogisticModel {
  const p = design.columns.length;
  const intercept = w[p] ?? 0;
  const z = new Float64Array(p);
  const rawScore = (row: readonly number[]): number => {
    design.standardise(row, z);
    let s = intercept;
    for (let k = 0; k < p; k += 1) s += (w[k] ?? 0) * (z[k] ?? 0);
    return s;
  };
  return {
    featureNames,
    rawScore,
    explain(row) {
      design.standardise(row, z);
      const parts = featureNames.map((feature, j) => ({ feature, value: row[j] ?? Number.NaN, contribution: 0 }));
      design.columns.forEach((column, k) => {
        const part = parts[column.feature];
        if (part) part.contribution += (w[k] ?? 0) * (z[k] ?? 0);
      });
      return { base: intercept, contributions: parts };
    },
    coefficients() {
      let originalIntercept = intercept;
      const weights = design.columns.map((column, k) => {
        const weight = (w[k] ?? 0) / (design.scales[k] ?? 1);
        originalIntercept -= weight * (design.means[k] ?? 0);
        const name = featureNames[column.feature] ?? '';
        const suffix = column.use === 'missing' ? ' missing' : column.use === 'log' ? ' (log 1+x)' : '';
        return { name: `${name}${suffix}`, weight };
      });
      return { intercept: originalIntercept, weights };
    },
    gradient(data) {
      const g = new Array<number>(p + 1).fill(0);
      data.rows.forEach((row, i) => {
        const residual = sigmoid(rawScore(row)) - (data.labels[i] ?? 0);
        for (let k = 0; k < p; k += 1) g[k] = (g[k] ?? 0) + residual * (z[k] ?? 0);
        g[p] = (g[p] ?? 0) + residual;
      });
      for (let k = 0; k < p; k += 1) g[k] = (g[k] ?? 0) + penalty * (w[k] ?? 0);
      return g;
    },
  };
}

/** Logistic regression as a raw trainer: log-odds and exact explanations, calibrated by the caller. */
export function logisticRegression(options: LogisticOptions = {}): RawTrainer {
  return { name: 'logistic_regression', fitRaw: (data, fit) => fitLogisticOnce(data, options, fit?.cache) };
}

/** fitLogistic, through the run's cache when there is one (the fit is deterministic: no seed). */
export function fitLogisticOnce(data: TrainingSet, options: LogisticOptions, cache?: FitCache): LogisticModel {
  if (!cache) return fitLogistic(data, options);
  const tag = `logistic:${options.c ?? 1}:${options.logTerms === true}:${options.maxIterations ?? 100}`;
  return cache.memo(data, tag, () => fitLogistic(data, options));
}
