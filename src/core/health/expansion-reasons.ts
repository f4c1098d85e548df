// "Why this account is likely to expand": the features that push the expansion probability up the most, in
// words — the expansion profile's own phrases first, then the churn features' (src/core/health/reasons.ts).
import type { DayNumber } from '../period.ts';
import type { Explanation } from '../predict/types.ts';
import { describeFeature, topReasons } from './reasons.ts';

const pct = (x: number) => `${Math.round(Math.abs(x) * 100)}%`;
const whole = (x: number) => String(Math.round(x));
const plural = (n: number, word: string) => `${whole(n)} ${word}${Math.round(n) === 1 ? '' : 's'}`;

type Phrase = (value: number, valueOf: (name: string) => number) => string | null;

const PHRASES: Record<string, Phrase> = {
  seat_headroom: (v) => (v <= 0 ? 'every seat is in use' : `only ${plural(v, 'seat')} free`),
  seats_near_licence: (v, of) =>
    v === 1 ? `${pct(of('seat_utilization'))} of ${whole(of('seats'))} seats in use: near the licence` : null,
  seat_utilization_7d: (v) => `${pct(v)} of the seats active in the last 7 days`,
  seat_utilization_change_60d: (v) =>
    v > 0 ? `seat use up ${Math.round(100 * v)} points in 60 days` : `seat use down ${Math.round(-100 * v)} points`,
  features_beyond_plan: (v) => (v > 0 ? `uses ${plural(v, 'feature')} beyond its plan` : null),
  feature_breadth_90d: (v) => `uses ${pct(v)} of the product's features`,
  active_users_growth_90d: (v) =>
    v >= 1 ? `active users up ${pct(v - 1)} on two months before` : `active users down ${pct(1 - v)}`,
  nps_promoter: (v) => (v === 1 ? 'promoter NPS answer' : null),
  months_since_expansion: (v) => `expanded ${plural(v, 'month')} ago`,
  expansions_12m: (v) => (v > 0 ? `${plural(v, 'expansion')} in the last 12 months` : null),
  users_7d_vs_30d: (v) => `${pct(v)} of the month's active users active in the last 7 days`,
  users_30d_vs_prior_30d: (v) =>
    v >= 1
      ? `active users up ${pct(v - 1)} on the month before`
      : `active users down ${pct(1 - v)} on the month before`,
  icp_fit: (v) => (v === 1 ? 'fits the ideal customer profile' : null),
  usage_declining: (v) => (v === 0 ? 'usage is not declining' : 'usage declining'),
};

/** The features that raise the expansion probability most (largest positive contributions), at most `top`. */
export function expansionReasons(
  featureNames: readonly string[],
  values: readonly number[],
  explanation: Explanation,
  asOfDay: DayNumber,
  top = 3,
): string[] {
  const describe = (feature: string, value: number, valueOf: (name: string) => number) => {
    const phrase = PHRASES[feature];
    if (!phrase) return describeFeature(feature, value, valueOf, asOfDay);
    return Number.isNaN(value) ? null : phrase(value, valueOf);
  };
  return topReasons(featureNames, values, explanation, describe, top);
}
