// Gradient-boosted trees for log loss, in the manner of LightGBM and XGBoost's "hist" method: each feature's values
// are cut into at most 255 quantile bins (missing values get a bin of their own and learn which way to go at every
// split), trees grow depth-first to a depth limit, with second-order (Newton) leaf values, L2 on the leaves, a
// minimum hessian per child, shrinkage and seeded row subsampling; a validation split can stop the boosting early.
import { logit, seededRandom, sigmoid } from './random.ts';
import type { FitCache } from './fit-cache.ts';
import { fitLogisticOnce } from './logistic.ts';
import type { RawModel, RawTrainer } from './raw.ts';
import { treeExplanation, type Tree } from './treeshap.ts';
import type { TrainingSet } from './types.ts';

export interface BoostingOptions {
  trees?: number;
  learningRate?: number;
  maxDepth?: number;
  /** Smallest sum of hessians p(1 − p) a child may hold. */
  minChildWeight?: number;
  /** L2 penalty on leaf values. */
  lambda?: number;
  /** Share of rows drawn (without replacement, by seed) to grow each tree. */
  subsample?: number;
  maxBins?: number;
  /** Hold out this share of rows, and stop once `earlyStoppingRounds` trees in a row have not lowered its log loss. */
  validationFraction?: number;
  earlyStoppingRounds?: number;
  seed?: number;
  /** Share of features (drawn by seed for each tree) a tree may split on. */
  featureFraction?: number;
  /** Start the boosting from an L2 logistic regression's log-odds (as scikit-learn's `init`) instead of a constant. */
  linearStart?: boolean;
  /** The starting regression's inverse penalty C. */
  linearC?: number;
  /** Shares the starting regression with an identical fit of the same run (fit-cache.ts). */
  cache?: FitCache;
}

const DEFAULTS = {
  trees: 200,
  learningRate: 0.05,
  maxDepth: 3,
  minChildWeight: 1,
  lambda: 1,
  subsample: 0.8,
  maxBins: 255,
  validationFraction: 0,
  earlyStoppingRounds: 20,
  seed: 1,
  featureFraction: 1,
  linearStart: false,
  linearC: 1,
  cache: undefined as FitCache | undefined,
};

const MISSING = 255;
const SLOTS = 256;

export interface BoostedModel extends RawModel {
  trees: readonly Tree[];
}

/** Upper bin edges per feature: value v falls in the first bin b with v ≤ edges[b]; the last edge is +∞. */
export function binEdges(values: readonly number[], maxBins: number): Float64Array {
  const sorted = values.filter((v) => !Number.isNaN(v)).sort((a, b) => a - b);
  const distinct: number[] = [];
  for (const v of sorted) if (distinct.length === 0 || distinct[distinct.length - 1] !== v) distinct.push(v);
  const edges: number[] = [];
  if (distinct.length <= maxBins) {
    for (let i = 0; i + 1 < distinct.length; i += 1) edges.push(((distinct[i] ?? 0) + (distinct[i + 1] ?? 0)) / 2);
  } else {
    for (let b = 1; b < maxBins; b += 1) {
      const v = sorted[Math.floor((b * sorted.length) / maxBins) - 1] ?? 0;
      if (edges.length === 0 || (edges[edges.length - 1] ?? 0) < v) edges.push(v);
    }
  }
  edges.push(Infinity);
  return Float64Array.from(edges);
}

function binOf(edges: Float64Array, v: number): number {
  if (Number.isNaN(v)) return MISSING;
  let lo = 0;
  let hi = edges.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (v <= (edges[mid] ?? Infinity)) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

interface Split {
  gain: number;
  feature: number;
  bin: number;
  missingLeft: boolean;
  leftG: number;
  leftH: number;
}

/** Grows one tree over the rows `index[0..count)`; nodes are appended to growable arrays, then frozen. */
class TreeGrower {
  /** Histogram buffers, reused across nodes and trees. */
  private readonly pool: Float64Array[];
  /** 1 for the features this tree may split on. */
  private readonly active: Uint8Array;
  feature: number[] = [];
  bin: number[] = [];
  threshold: number[] = [];
  missingLeft: number[] = [];
  left: number[] = [];
  right: number[] = [];
  value: number[] = [];
  cover: number[] = [];

  private readonly bins: Uint8Array;
  private readonly d: number;
  private readonly edges: readonly Float64Array[];
  private readonly grad: Float64Array;
  private readonly hess: Float64Array;
  private readonly index: Uint32Array;
  private readonly o: typeof DEFAULTS;

  constructor(data: {
    bins: Uint8Array;
    d: number;
    edges: readonly Float64Array[];
    grad: Float64Array;
    hess: Float64Array;
    index: Uint32Array;
    o: typeof DEFAULTS;
    pool: Float64Array[];
    active: Uint8Array;
  }) {
    this.pool = data.pool;
    this.active = data.active;
    this.bins = data.bins;
    this.d = data.d;
    this.edges = data.edges;
    this.grad = data.grad;
    this.hess = data.hess;
    this.index = data.index;
    this.o = data.o;
  }

  private take(): Float64Array {
    return this.pool.pop() ?? new Float64Array(this.d * SLOTS * 2);
  }

  histogram(start: number, end: number): Float64Array {
    const hist = this.take();
    hist.fill(0);
    const { bins, d, grad, hess, index } = this;
    for (let r = start; r < end; r += 1) {
      const i = index[r] ?? 0;
      const g = grad[i] ?? 0;
      const h = hess[i] ?? 0;
      const base = i * d;
      for (let j = 0; j < d; j += 1) {
        const slot = ((j << 8) + (bins[base + j] ?? 0)) << 1;
        hist[slot] = (hist[slot] ?? 0) + g;
        hist[slot + 1] = (hist[slot + 1] ?? 0) + h;
      }
    }
    return hist;
  }

  private bestSplit(hist: Float64Array, G: number, H: number): Split | null {
    const { lambda, minChildWeight } = this.o;
    const parent = (G * G) / (H + lambda);
    let best: Split | null = null;
    const score = (gl: number, hl: number) => {
      const gr = G - gl;
      const hr = H - hl;
      if (hl < minChildWeight || hr < minChildWeight) return -Infinity;
      return (gl * gl) / (hl + lambda) + (gr * gr) / (hr + lambda) - parent;
    };
    for (let j = 0; j < this.d; j += 1) {
      if (this.active[j] !== 1) continue;
      const offset = j << 9;
      const gm = hist[offset + (MISSING << 1)] ?? 0;
      const hm = hist[offset + (MISSING << 1) + 1] ?? 0;
      const last = (this.edges[j]?.length ?? 1) - 1;
      let gl = 0;
      let hl = 0;
      for (let b = 0; b <= last; b += 1) {
        gl += hist[offset + (b << 1)] ?? 0;
        hl += hist[offset + (b << 1) + 1] ?? 0;
        const right = score(gl, hl);
        if (right > (best?.gain ?? 1e-12)) {
          best = { gain: right, feature: j, bin: b, missingLeft: false, leftG: gl, leftH: hl };
        }
        if (hm > 0 && b < last) {
          const left = score(gl + gm, hl + hm);
          if (left > (best?.gain ?? 1e-12)) {
            best = { gain: left, feature: j, bin: b, missingLeft: true, leftG: gl + gm, leftH: hl + hm };
          }
        }
      }
    }
    return best;
  }

  private partition(start: number, end: number, split: Split): number {
    const { bins, d, index } = this;
    let lo = start;
    let hi = end - 1;
    const goesLeft = (i: number) => {
      const b = bins[i * d + split.feature] ?? 0;
      return b === MISSING ? split.missingLeft : b <= split.bin;
    };
    while (lo <= hi) {
      const i = index[lo] ?? 0;
      if (goesLeft(i)) lo += 1;
      else {
        index[lo] = index[hi] ?? 0;
        index[hi] = i;
        hi -= 1;
      }
    }
    return lo;
  }

  grow(start: number, end: number, hist: Float64Array, G: number, H: number, depth: number): number {
    const node = this.feature.length;
    this.feature.push(-1);
    this.bin.push(0);
    this.threshold.push(0);
    this.missingLeft.push(0);
    this.left.push(-1);
    this.right.push(-1);
    this.value.push((-G / (H + this.o.lambda)) * this.o.learningRate);
    this.cover.push(end - start);
    const split = depth < this.o.maxDepth && end - start >= 2 ? this.bestSplit(hist, G, H) : null;
    if (!split) {
      this.pool.push(hist);
      return node;
    }
    const mid = this.partition(start, end, split);
    const leftSmaller = mid - start <= end - mid;
    const small = leftSmaller ? this.histogram(start, mid) : this.histogram(mid, end);
    for (let k = 0; k < hist.length; k += 1) hist[k] = (hist[k] ?? 0) - (small[k] ?? 0);
    const [leftHist, rightHist] = leftSmaller ? [small, hist] : [hist, small];
    this.feature[node] = split.feature;
    this.bin[node] = split.bin;
    this.threshold[node] = this.edges[split.feature]?.[split.bin] ?? Infinity;
    this.missingLeft[node] = split.missingLeft ? 1 : 0;
    this.left[node] = this.grow(start, mid, leftHist, split.leftG, split.leftH, depth + 1);
    this.right[node] = this.grow(mid, end, rightHist, G - split.leftG, H - split.leftH, depth + 1);
    return node;
  }

  freeze(): Tree {
    const tree: Tree = {
      feature: Int32Array.from(this.feature),
      threshold: Float64Array.from(this.threshold),
      missingLeft: Uint8Array.from(this.missingLeft),
      left: Int32Array.from(this.left),
      right: Int32Array.from(this.right),
      value: Float64Array.from(this.value),
      cover: Float64Array.from(this.cover),
    };
    return tree;
  }
}

/** Adds the tree's output for every listed row, walking it by bins (the same path as by raw values). */
function addTree(tree: Tree, splitBins: Int32Array, bins: Uint8Array, d: number, rows: Uint32Array, f: Float64Array) {
  for (let r = 0; r < rows.length; r += 1) {
    const i = rows[r] ?? 0;
    let node = 0;
    while ((tree.feature[node] ?? -1) >= 0) {
      const b = bins[i * d + (tree.feature[node] ?? 0)] ?? 0;
      const left = b === MISSING ? tree.missingLeft[node] === 1 : b <= (splitBins[node] ?? 0);
      node = left ? (tree.left[node] ?? 0) : (tree.right[node] ?? 0);
    }
    f[r] = (f[r] ?? 0) + (tree.value[node] ?? 0);
  }
}

function logLossOf(f: Float64Array, labels: readonly (0 | 1)[], rows: Uint32Array): number {
  let sum = 0;
  for (let r = 0; r < rows.length; r += 1) {
    const e = f[r] ?? 0;
    const y = labels[rows[r] ?? 0] ?? 0;
    sum += (e > 0 ? e + Math.log1p(Math.exp(-e)) : Math.log1p(Math.exp(e))) - y * e;
  }
  return sum / Math.max(1, rows.length);
}

function subsetRows(data: TrainingSet, rows: Uint32Array): TrainingSet {
  return {
    featureNames: data.featureNames,
    rows: Array.from(rows, (i) => data.rows[i] ?? []),
    labels: Array.from(rows, (i) => data.labels[i] ?? 0),
  };
}

export function fitBoostedTrees(data: TrainingSet, options: BoostingOptions = {}): BoostedModel {
  const o = { ...DEFAULTS, ...options, seed: options.seed ?? DEFAULTS.seed };
  const n = data.rows.length;
  const d = data.featureNames.length;
  const maxBins = Math.min(255, Math.max(2, o.maxBins));
  const edges = data.featureNames.map((_, j) =>
    binEdges(
      data.rows.map((row) => row[j] ?? Number.NaN),
      maxBins,
    ),
  );
  const bins = new Uint8Array(n * d);
  data.rows.forEach((row, i) => {
    for (let j = 0; j < d; j += 1) bins[i * d + j] = binOf(edges[j] as Float64Array, row[j] ?? Number.NaN);
  });
  const random = seededRandom(o.seed);
  const order = Uint32Array.from({ length: n }, (_, i) => i);
  const validationCount = o.validationFraction > 0 ? Math.floor(n * o.validationFraction) : 0;
  for (let i = n - 1; i > 0; i -= 1) {
    const j = Math.floor(random() * (i + 1));
    const t = order[i] ?? 0;
    order[i] = order[j] ?? 0;
    order[j] = t;
  }
  const validation = order.slice(0, validationCount).sort();
  const train = order.slice(validationCount).sort();
  let positives = 0;
  for (const i of train) positives += data.labels[i] ?? 0;
  const rate = Math.min(1 - 1e-6, Math.max(1e-6, positives / Math.max(1, train.length)));
  const base = logit(rate);
  // Without a validation split the rows are the data's own, in order: the same set as the logistic trainer's.
  const startRows = validationCount === 0 ? data : subsetRows(data, train);
  const start = o.linearStart ? fitLogisticOnce(startRows, { c: o.linearC, logTerms: true }, o.cache) : null;
  const startScore = (i: number) => (start ? start.rawScore(data.rows[i] ?? []) : base);
  const f = Float64Array.from(train, startScore);
  const fv = Float64Array.from(validation, startScore);
  const grad = new Float64Array(n);
  const hess = new Float64Array(n);
  const index = new Uint32Array(train.length);
  const trees: Tree[] = [];
  const pool: Float64Array[] = [];
  let bestLoss = Infinity;
  let bestCount = 0;
  for (let t = 0; t < o.trees; t += 1) {
    let count = 0;
    let G = 0;
    let H = 0;
    for (let r = 0; r < train.length; r += 1) {
      const i = train[r] ?? 0;
      const p = sigmoid(f[r] ?? 0);
      grad[i] = p - (data.labels[i] ?? 0);
      hess[i] = Math.max(p * (1 - p), 1e-16);
      if (o.subsample >= 1 || random() < o.subsample) {
        index[count] = i;
        count += 1;
        G += grad[i] ?? 0;
        H += hess[i] ?? 0;
      }
    }
    const active = new Uint8Array(d).fill(1);
    if (o.featureFraction < 1) {
      const keep = Math.max(1, Math.round(d * o.featureFraction));
      active.fill(0);
      const picks = Array.from({ length: d }, (_, j) => j);
      for (let k = 0; k < keep; k += 1) {
        const at = k + Math.floor(random() * (d - k));
        const chosen = picks[at] ?? 0;
        picks[at] = picks[k] ?? 0;
        picks[k] = chosen;
        active[chosen] = 1;
      }
    }
    const grower = new TreeGrower({ bins, d, edges, grad, hess, index, o, pool, active });
    grower.grow(0, count, grower.histogram(0, count), G, H, 0);
    const tree = grower.freeze();
    const splitBins = Int32Array.from(grower.bin);
    trees.push(tree);
    addTree(tree, splitBins, bins, d, train, f);
    if (validationCount > 0) {
      addTree(tree, splitBins, bins, d, validation, fv);
      const loss = logLossOf(fv, data.labels, validation);
      if (loss < bestLoss - 1e-12) {
        bestLoss = loss;
        bestCount = trees.length;
      } else if (trees.length - bestCount >= o.earlyStoppingRounds) break;
    }
  }
  if (validationCount > 0) trees.length = Math.max(1, bestCount);
  return boostedModel(data.featureNames, start ?? base, trees);
}

/** The output of one tree for a row of raw values. */
export function treeOutput(tree: Tree, row: readonly number[]): number {
  let node = 0;
  while ((tree.feature[node] ?? -1) >= 0) {
    const x = row[tree.feature[node] ?? 0] ?? Number.NaN;
    const left = Number.isNaN(x) ? tree.missingLeft[node] === 1 : x <= (tree.threshold[node] ?? Infinity);
    node = left ? (tree.left[node] ?? 0) : (tree.right[node] ?? 0);
  }
  return tree.value[node] ?? 0;
}

/**
 * The ensemble's score: a starting value (the training log-odds, or a logistic regression's score) plus every tree.
 * Its explanation adds the start's exact contributions to the trees' SHAP values, feature by feature.
 */
export function boostedModel(
  featureNames: readonly string[],
  start: number | RawModel,
  trees: readonly Tree[],
): BoostedModel {
  const startScore = (row: readonly number[]) => (typeof start === 'number' ? start : start.rawScore(row));
  return {
    trees,
    rawScore(row) {
      let s = startScore(row);
      for (const tree of trees) s += treeOutput(tree, row);
      return s;
    },
    explain(row) {
      const treePart = treeExplanation(featureNames, 0, trees, row);
      if (typeof start === 'number') return { ...treePart, base: treePart.base + start };
      const linear = start.explain(row);
      return {
        base: treePart.base + linear.base,
        contributions: treePart.contributions.map((c, j) => ({
          ...c,
          contribution: c.contribution + (linear.contributions[j]?.contribution ?? 0),
        })),
      };
    },
  };
}

/** Gradient-boosted trees as a raw trainer; the fit's seed wins over the options' one. */
export function boostedTrees(options: BoostingOptions = {}): RawTrainer {
  return {
    name: 'gradient_boosted_trees',
    fitRaw: (data, fit) => fitBoostedTrees(data, { ...options, seed: fit?.seed ?? options.seed, cache: fit?.cache }),
  };
}
