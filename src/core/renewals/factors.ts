// The nine factors behind renewal: for each factor with data, the renewal rate by count and by amount of each
// group of closed renewals, a Wilson 95% interval for the count rate, and the lift against the other groups.
// Pure: closed renewals and each one's group per factor in; ranked tables out. Definitions: README, "Renewal factors".

export const FACTORS = [
  { number: 1, key: 'icp_fit', name: 'ICP fit' },
  { number: 2, key: 'industry', name: 'Industry' },
  { number: 3, key: 'size_band', name: 'Size band' },
  { number: 4, key: 'onboarding', name: 'Value in the first 90 days (onboarding)' },
  { number: 5, key: 'cost_of_use', name: 'Cost of use (active users per seat)' },
  { number: 6, key: 'switching_cost', name: 'Switching cost (integrations and API use)' },
  { number: 7, key: 'expectations', name: 'Expectations set at the sale' },
  { number: 8, key: 'continuous_value', name: 'Continuous value (usage trend before the due day)' },
  { number: 9, key: 'value_visible', name: 'Value made visible' },
] as const;
export type FactorKey = (typeof FACTORS)[number]['key'];

/** One closed renewal (renewed or churned) and its group per factor (null: no data for it). */
export interface FactorSample {
  renewed: boolean;
  dueArrMinor: number;
  renewedArrMinor: number;
  groups: Partial<Record<FactorKey, string | null>>;
}

export interface FactorGroup {
  group: string;
  renewals: number;
  renewed: number;
  /** renewed ÷ renewals, and its Wilson 95% interval. */
  rate: number;
  ciLow: number;
  ciHigh: number;
  dueAmountMinor: number;
  renewedAmountMinor: number;
  /** Σ renewed ÷ Σ due ARR (net); null when the due ARR is 0. */
  amountRate: number | null;
  /** The count rate of the renewals of this factor in every other group. */
  restRate: number | null;
  /** rate ÷ restRate; null when the rest is empty or renewed none. */
  lift: number | null;
}

export interface FactorTable {
  number: number;
  key: FactorKey;
  name: string;
  /** Closed renewals with a group for this factor. */
  renewals: number;
  groups: FactorGroup[];
  /** Highest lift − lowest lift over the groups (how much the factor separates renewals); null without two lifts. */
  spread: number | null;
  /** Without data: what would fill this factor. */
  missing: string | null;
}

const Z95 = 1.959963984540054;

/** Wilson score interval for `successes` of `n` at 95%. */
export function wilsonInterval(successes: number, n: number, z = Z95): { low: number; high: number } {
  if (n === 0) return { low: 0, high: 1 };
  const p = successes / n;
  const z2 = z * z;
  const centre = (p + z2 / (2 * n)) / (1 + z2 / n);
  const half = (z * Math.sqrt((p * (1 - p)) / n + z2 / (4 * n * n))) / (1 + z2 / n);
  return { low: Math.max(0, centre - half), high: Math.min(1, centre + half) };
}

function groupsOf(samples: readonly FactorSample[], key: FactorKey): FactorGroup[] {
  const byGroup = new Map<string, FactorSample[]>();
  for (const s of samples) {
    const g = s.groups[key];
    if (g === null || g === undefined) continue;
    const list = byGroup.get(g);
    if (list) list.push(s);
    else byGroup.set(g, [s]);
  }
  const total = [...byGroup.values()].flat();
  const totalRenewed = total.filter((s) => s.renewed).length;
  const groups = [...byGroup.entries()].map(([group, members]): FactorGroup => {
    const renewed = members.filter((s) => s.renewed).length;
    const due = members.reduce((a, s) => a + s.dueArrMinor, 0);
    const renewedAmount = members.reduce((a, s) => a + s.renewedArrMinor, 0);
    const rest = total.length - members.length;
    const restRate = rest === 0 ? null : (totalRenewed - renewed) / rest;
    const rate = renewed / members.length;
    const ci = wilsonInterval(renewed, members.length);
    return {
      group,
      renewals: members.length,
      renewed,
      rate,
      ciLow: ci.low,
      ciHigh: ci.high,
      dueAmountMinor: due,
      renewedAmountMinor: renewedAmount,
      amountRate: due === 0 ? null : renewedAmount / due,
      restRate,
      lift: restRate === null || restRate === 0 ? null : rate / restRate,
    };
  });
  // A group that renewed some while the rest renewed none has no finite lift, yet leads the ranking.
  const rank = (g: FactorGroup) => g.lift ?? (g.restRate === 0 && g.rate > 0 ? Infinity : -Infinity);
  return groups.sort((a, b) => rank(b) - rank(a) || b.renewals - a.renewals || (a.group < b.group ? -1 : 1));
}

/**
 * Every factor's table, ranked: factors with data by spread (largest first), then those without, in number order.
 * `missing` names, per factor, what data would fill it when Tenure has none (every sample's group null).
 */
export function renewalFactors(
  samples: readonly FactorSample[],
  missing: Partial<Record<FactorKey, string>>,
): FactorTable[] {
  const tables = FACTORS.map((f): FactorTable => {
    const groups = groupsOf(samples, f.key);
    const renewals = groups.reduce((a, g) => a + g.renewals, 0);
    const lifts = groups.map((g) => g.lift).filter((l): l is number => l !== null);
    const spread = lifts.length < 2 ? null : Math.max(...lifts) - Math.min(...lifts);
    const gap = renewals === 0 ? (missing[f.key] ?? 'no closed renewal has data for this factor yet') : null;
    return { number: f.number, key: f.key, name: f.name, renewals, groups, spread, missing: gap };
  });
  const withData = tables.filter((t) => t.renewals > 0);
  const without = tables.filter((t) => t.renewals === 0);
  withData.sort((a, b) => (b.spread ?? -1) - (a.spread ?? -1) || a.number - b.number);
  return [...withData, ...without];
}

/** A ratio's band by lower bounds, e.g. bandOf(0.5, [[0.7, 'high'], [0.3, 'mid']], 'low') → 'mid'. */
export function bandOf(value: number, bands: readonly (readonly [number, string])[], below: string): string {
  for (const [min, label] of bands) if (value >= min) return label;
  return below;
}
