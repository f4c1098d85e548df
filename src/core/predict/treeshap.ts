// Exact TreeSHAP (Lundberg, Erion & Lee 2018, Algorithm 2, "path-dependent"): each feature's Shapley value for one
// row, where a feature left out of a coalition is averaged over by the share of training rows (the cover) that went
// down each branch. Values are on the trees' raw log-odds scale; they add up to the row's score minus the base.
import type { Explanation } from './types.ts';

/** One fitted tree in flat arrays; node 0 is the root; `feature` −1 marks a leaf. */
export interface Tree {
  feature: Int32Array;
  /** A row goes left when its value ≤ threshold; a missing value goes left when `missingLeft` is 1. */
  threshold: Float64Array;
  missingLeft: Uint8Array;
  left: Int32Array;
  right: Int32Array;
  value: Float64Array;
  /** Training rows that reached the node. */
  cover: Float64Array;
}

interface PathElement {
  feature: number;
  zero: number;
  one: number;
  weight: number;
}

function extend(path: readonly PathElement[], zero: number, one: number, feature: number): PathElement[] {
  const l = path.length;
  const m = path.map((e) => ({ ...e }));
  m.push({ feature, zero, one, weight: l === 0 ? 1 : 0 });
  for (let i = l - 1; i >= 0; i -= 1) {
    const here = m[i] as PathElement;
    const next = m[i + 1] as PathElement;
    next.weight += (one * here.weight * (i + 1)) / (l + 1);
    here.weight = (zero * here.weight * (l - i)) / (l + 1);
  }
  return m;
}

function unwind(path: readonly PathElement[], index: number): PathElement[] {
  const l = path.length;
  const { zero, one } = path[index] as PathElement;
  let n = (path[l - 1] as PathElement).weight;
  const m = path.slice(0, l - 1).map((e) => ({ ...e }));
  for (let j = l - 2; j >= 0; j -= 1) {
    const e = m[j] as PathElement;
    if (one !== 0) {
      const t = e.weight;
      e.weight = (n * l) / ((j + 1) * one);
      n = t - (e.weight * zero * (l - j - 1)) / l;
    } else {
      e.weight = (e.weight * l) / (zero * (l - j - 1));
    }
  }
  for (let j = index; j < l - 1; j += 1) {
    const from = path[j + 1] as PathElement;
    const to = m[j] as PathElement;
    to.feature = from.feature;
    to.zero = from.zero;
    to.one = from.one;
  }
  return m;
}

/** Adds one tree's SHAP values for `row` into `phi` (indexed by feature). */
export function treeShap(tree: Tree, row: readonly number[], phi: Float64Array): void {
  const cover = (node: number) => tree.cover[node] ?? 0;
  const recurse = (node: number, path: readonly PathElement[], zero: number, one: number, feature: number) => {
    const m = extend(path, zero, one, feature);
    const split = tree.feature[node] ?? -1;
    if (split < 0) {
      const value = tree.value[node] ?? 0;
      for (let i = 1; i < m.length; i += 1) {
        const e = m[i] as PathElement;
        const w = unwind(m, i).reduce((s, u) => s + u.weight, 0);
        phi[e.feature] = (phi[e.feature] ?? 0) + w * (e.one - e.zero) * value;
      }
      return;
    }
    const x = row[split] ?? Number.NaN;
    const goLeft = Number.isNaN(x) ? tree.missingLeft[node] === 1 : x <= (tree.threshold[node] ?? Infinity);
    const [hot, cold] = goLeft
      ? [tree.left[node] ?? 0, tree.right[node] ?? 0]
      : [tree.right[node] ?? 0, tree.left[node] ?? 0];
    let incomingZero = 1;
    let incomingOne = 1;
    let rest: readonly PathElement[] = m;
    const k = m.findIndex((e, i) => i > 0 && e.feature === split);
    if (k >= 0) {
      incomingZero = (m[k] as PathElement).zero;
      incomingOne = (m[k] as PathElement).one;
      rest = unwind(m, k);
    }
    const parent = cover(node);
    const share = (child: number) => (parent > 0 ? cover(child) / parent : 0);
    recurse(hot, rest, incomingZero * share(hot), incomingOne, split);
    recurse(cold, rest, incomingZero * share(cold), 0, split);
  };
  recurse(0, [], 1, 1, -1);
}

/** The tree's output averaged over its training rows (cover-weighted leaves): its part of the base value. */
export function expectedValue(tree: Tree, node = 0): number {
  const feature = tree.feature[node] ?? -1;
  if (feature < 0) return tree.value[node] ?? 0;
  const left = tree.left[node] ?? 0;
  const right = tree.right[node] ?? 0;
  const total = tree.cover[node] ?? 0;
  if (total <= 0) return 0;
  return (
    ((tree.cover[left] ?? 0) * expectedValue(tree, left) + (tree.cover[right] ?? 0) * expectedValue(tree, right)) /
    total
  );
}

/** SHAP explanation of an ensemble `base + Σ trees` for one row. */
export function treeExplanation(
  featureNames: readonly string[],
  base: number,
  trees: readonly Tree[],
  row: readonly number[],
): Explanation {
  const phi = new Float64Array(featureNames.length);
  let expected = base;
  for (const tree of trees) {
    treeShap(tree, row, phi);
    expected += expectedValue(tree);
  }
  return {
    base: expected,
    contributions: featureNames.map((feature, j) => ({
      feature,
      value: row[j] ?? Number.NaN,
      contribution: phi[j] ?? 0,
    })),
  };
}
