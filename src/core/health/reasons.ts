// "Why this account is at risk": the features that push a prediction up the most, in words a CSM reads, e.g.
// "active users fell 40% in 30 days" or "detractor NPS answer on 2026-10-02".
import { formatDay, type DayNumber } from '../period.ts';
import type { Explanation } from '../predict/types.ts';

const pct = (x: number) => `${Math.round(Math.abs(x) * 100)}%`;
const whole = (x: number) => String(Math.round(x));

type Phrase = (value: number, valueOf: (name: string) => number, asOfDay: DayNumber) => string | null;

const falls =
  (what: string, span: string): Phrase =>
  (v) =>
    v < 1 ? `${what} fell ${pct(1 - v)} ${span}` : `${what} rose ${pct(v - 1)} ${span}`;

const PHRASES: Record<string, Phrase> = {
  active_users_7d: (v) => `${whole(v)} active users in the last 7 days`,
  active_users_30d: (v) => `${whole(v)} active users in the last 30 days`,
  active_users_90d: (v) => `${whole(v)} active users in the last 90 days`,
  events_7d: (v) => `${whole(v)} product events in the last 7 days`,
  events_30d: (v) => `${whole(v)} product events in the last 30 days`,
  events_90d: (v) => `${whole(v)} product events in the last 90 days`,
  active_days_30d: (v) => `active on ${whole(v)} of the last 30 days`,
  users_7d_vs_30d: (v) => `only ${pct(v)} of the month's active users were active in the last 7 days`,
  users_30d_vs_prior_30d: falls('active users', 'in 30 days'),
  events_30d_vs_90d: falls('product events', 'in 30 days against the 90-day average'),
  usage_declining: (v) => (v === 1 ? 'active users declining over the last 4 weeks' : null),
  adoption_level: (v) => `adoption level ${['low', 'mid', 'high'][v] ?? 'unknown'}`,
  feature_usage_rate: (v) => `uses ${pct(v)} of the plan's features`,
  seat_utilization: (v, of) => `${pct(v)} of ${whole(of('seats'))} seats in use`,
  seats: (v) => `${whole(v)} seats`,
  mrr: (v) => `MRR ${v.toFixed(0)}`,
  mrr_vs_3_months_ago: falls('MRR', 'over 3 months'),
  mrr_vs_12_months_ago: falls('MRR', 'over 12 months'),
  contractions_12m: (v) => (v > 0 ? `${whole(v)} contraction${v === 1 ? '' : 's'} in the last 12 months` : null),
  expansions_12m: (v) => (v === 0 ? 'no expansion in the last 12 months' : null),
  months_since_contraction: (v) => `contracted ${whole(v)} month${v === 1 ? '' : 's'} ago`,
  reactivated: (v) => (v === 1 ? 'came back after churning before' : null),
  tenure_months: (v) => `customer for ${whole(v)} month${v === 1 ? '' : 's'}`,
  annual_billing: (v) => (v === 0 ? 'billed monthly' : 'billed annually'),
  days_to_renewal: (v) => `renewal due in ${whole(v)} days`,
  nps_latest: (v, of, asOf) => {
    const since = of('days_since_nps');
    const kind = v <= 6 ? 'detractor' : v <= 8 ? 'passive' : 'promoter';
    return `${kind} NPS answer (${whole(v)})${Number.isNaN(since) ? '' : ` on ${formatDay(asOf - since)}`}`;
  },
  nps_detractor: (v, of, asOf) => {
    const since = of('days_since_nps');
    return v === 1 ? `detractor NPS answer${Number.isNaN(since) ? '' : ` on ${formatDay(asOf - since)}`}` : null;
  },
  days_since_nps: (v) => `no NPS answer in ${whole(v)} days`,
  csat_latest: (v) => `latest CSAT ${whole(v)} of 5`,
  csat_mean_180d: (v) => `CSAT averaging ${v.toFixed(1)} over 180 days`,
  tickets_30d: (v) => `${whole(v)} support ticket${v === 1 ? '' : 's'} opened in the last 30 days`,
  tickets_90d: (v) => `${whole(v)} support ticket${v === 1 ? '' : 's'} opened in the last 90 days`,
  open_high_priority_tickets: (v) =>
    v > 0 ? `${whole(v)} high-priority support ticket${v === 1 ? '' : 's'} still open` : null,
  ticket_csat_90d: (v) => `support CSAT averaging ${v.toFixed(1)} of 5 over 90 days`,
  icp_fit: (v) => (v === 0 ? 'outside the ideal customer profile' : null),
  employee_count: (v) => `${whole(v)} employees`,
};

const CATEGORY_WORDS: Record<string, string> = {
  plan: 'on the plan',
  segment: 'in the segment',
  size_band: 'company size',
  industry: 'industry',
  region: 'region',
  channel: 'acquired through',
};

/** One feature's value in words; null when it says nothing useful (a category the account is not in). */
export function describeFeature(
  feature: string,
  value: number,
  valueOf: (name: string) => number,
  asOfDay: DayNumber,
): string | null {
  const eq = feature.indexOf('=');
  if (eq > 0) {
    if (value !== 1) return null;
    return `${CATEGORY_WORDS[feature.slice(0, eq)] ?? feature.slice(0, eq)} ${feature.slice(eq + 1)}`;
  }
  if (Number.isNaN(value)) return null;
  const phrase = PHRASES[feature];
  return phrase ? phrase(value, valueOf, asOfDay) : `${feature.replace(/_/g, ' ')} ${value}`;
}

/**
 * The features that raise the predicted probability most (largest positive contributions), each in words by
 * `describe` (null: says nothing useful, skipped), at most `top` and none twice.
 */
export function topReasons(
  featureNames: readonly string[],
  values: readonly number[],
  explanation: Explanation,
  describe: (feature: string, value: number, valueOf: (name: string) => number) => string | null,
  top: number,
): string[] {
  const valueOf = (name: string) => values[featureNames.indexOf(name)] ?? Number.NaN;
  const reasons: string[] = [];
  const ranked = explanation.contributions.filter((c) => c.contribution > 0);
  ranked.sort((a, b) => b.contribution - a.contribution);
  for (const c of ranked) {
    const text = describe(c.feature, valueOf(c.feature), valueOf);
    if (text !== null && !reasons.includes(text)) reasons.push(text);
    if (reasons.length >= top) break;
  }
  return reasons;
}

/** The features that raise the risk most (largest positive contributions), in words, at most `top`. */
export function riskReasons(
  featureNames: readonly string[],
  values: readonly number[],
  explanation: Explanation,
  asOfDay: DayNumber,
  top = 3,
): string[] {
  return topReasons(featureNames, values, explanation, (f, v, of) => describeFeature(f, v, of, asOfDay), top);
}
