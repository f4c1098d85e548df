// The registry of health signals: every raw value a scorecard can grade, with its unit, which way is better and
// the thresholds a new scorecard starts from. A new signal plugs in as one entry here plus its value in the
// service that computes values per account (src/services/health/signals.ts). Definitions in words: README,
// "Account health".

/** Which way is better: for 'higher', a value at or above `green` is green; for 'lower', at or below. */
export type Direction = 'higher' | 'lower';
export type SignalUnit = 'level' | 'ratio' | 'change' | 'nps' | 'csat' | 'days' | 'count' | 'sentiment' | 'forecast';

export interface Thresholds {
  /** The bound of green: at or above it (higher is better) or at or below it (lower is better). */
  green: number;
  /** The bound of yellow, on the same side; beyond it the measure is red. */
  yellow: number;
}

export interface SignalDefinition {
  key: string;
  name: string;
  unit: SignalUnit;
  direction: Direction;
  defaultThresholds: Thresholds;
  /** What the value is, in words. */
  description: string;
}

const signal = (s: SignalDefinition) => s;

/** Levels and sentiments as numbers: low/red 0, mid/yellow 1, high/green 2. */
export const LEVEL_VALUES = { low: 0, mid: 1, high: 2 } as const;
export const SENTIMENT_VALUES = { red: 0, yellow: 1, green: 2 } as const;
/** Renewal forecast categories as numbers, worst first (src/core/renewals/forecast.ts). */
export const FORECAST_VALUES = { lost: 0, at_risk: 1, likely: 2, commit: 3 } as const;
const FORECAST_WORDS = ['lost', 'at risk', 'likely', 'commit'] as const;

export const SIGNALS = [
  signal({
    key: 'adoption_level',
    name: 'Adoption level',
    unit: 'level',
    direction: 'higher',
    defaultThresholds: { green: 2, yellow: 1 },
    description: 'the adoption level (low 0, mid 1, high 2): the lower of the feature-usage and seat levels',
  }),
  signal({
    key: 'feature_usage_rate',
    name: 'Feature usage rate',
    unit: 'ratio',
    direction: 'higher',
    defaultThresholds: { green: 0.4, yellow: 0.1 },
    description: "share of the plan's features used in the adoption window",
  }),
  signal({
    key: 'seat_utilization',
    name: 'Seat utilization',
    unit: 'ratio',
    direction: 'higher',
    defaultThresholds: { green: 0.7, yellow: 0.3 },
    description: 'active users in the adoption window ÷ seats bought (subscription quantities); missing without seats',
  }),
  signal({
    key: 'active_user_trend',
    name: 'Active-user trend',
    unit: 'change',
    direction: 'higher',
    defaultThresholds: { green: -0.1, yellow: -0.3 },
    description: 'active users of the last 30 days ÷ active users of the 30 days before, minus 1',
  }),
  signal({
    key: 'mrr_trend',
    name: 'MRR trend',
    unit: 'change',
    direction: 'higher',
    defaultThresholds: { green: 0, yellow: -0.1 },
    description: "this month's MRR ÷ the MRR of three months earlier, minus 1 (missing when it paid nothing then)",
  }),
  signal({
    key: 'recent_contraction',
    name: 'Recent contraction',
    unit: 'ratio',
    direction: 'lower',
    defaultThresholds: { green: 0, yellow: 0.1 },
    description: 'MRR lost to contraction in the last 90 days (this month and the two before) ÷ the MRR before it',
  }),
  signal({
    key: 'nps_latest',
    name: 'NPS (latest)',
    unit: 'nps',
    direction: 'higher',
    defaultThresholds: { green: 30, yellow: 0 },
    description:
      "the account's NPS (−100 to 100) over its answers in the 90 days up to its latest answer (within a year)",
  }),
  signal({
    key: 'nps_trend',
    name: 'NPS trend',
    unit: 'change',
    direction: 'higher',
    defaultThresholds: { green: 0, yellow: -20 },
    description: 'the latest NPS minus the NPS of the 90 days before those answers (points)',
  }),
  signal({
    key: 'csat_latest',
    name: 'CSAT (latest)',
    unit: 'csat',
    direction: 'higher',
    defaultThresholds: { green: 4, yellow: 3.5 },
    description: 'mean CSAT (1–5) of survey answers in the 90 days up to the latest answer (within a year)',
  }),
  signal({
    key: 'days_to_renewal',
    name: 'Days to renewal',
    unit: 'days',
    direction: 'higher',
    defaultThresholds: { green: 90, yellow: 30 },
    description: "days until the current contract's end (its renewal); missing without a contract in force",
  }),
  signal({
    key: 'renewal_forecast',
    name: 'Renewal forecast',
    unit: 'forecast',
    direction: 'higher',
    defaultThresholds: { green: 2, yellow: 1 },
    description:
      "the forecast category of the next open renewal due within a year (lost 0, at risk 1, likely 2, commit 3): the owner's, else the proposed one; missing without one",
  }),
  signal({
    key: 'onboarding_milestones',
    name: 'Onboarding milestones',
    unit: 'ratio',
    direction: 'higher',
    defaultThresholds: { green: 0.75, yellow: 0.5 },
    description: "share of the plan's 90-day onboarding milestones reached (accounts in their first 90 days only)",
  }),
  signal({
    key: 'support_load',
    name: 'Support load',
    unit: 'count',
    direction: 'lower',
    defaultThresholds: { green: 3, yellow: 8 },
    description: 'support tickets opened in the last 90 days (missing until tickets are imported)',
  }),
  signal({
    key: 'support_csat',
    name: 'Support CSAT',
    unit: 'csat',
    direction: 'higher',
    defaultThresholds: { green: 4, yellow: 3 },
    description: 'mean CSAT (1–5) of tickets opened in the last 90 days',
  }),
  signal({
    key: 'csm_sentiment',
    name: 'CSM sentiment',
    unit: 'sentiment',
    direction: 'higher',
    defaultThresholds: { green: 2, yellow: 1 },
    description: "the CSM's own call (red 0, yellow 1, green 2), set by hand until its expiry day",
  }),
] as const satisfies readonly SignalDefinition[];

export type SignalKey = (typeof SIGNALS)[number]['key'];
export const SIGNAL_KEYS: readonly string[] = SIGNALS.map((s) => s.key);

/** Raw values of one account: a signal absent or null is missing (re-weighted away by the scorecard). */
export type SignalValues = Readonly<Partial<Record<string, number | null>>>;

export function signalOf(key: string): SignalDefinition | undefined {
  return SIGNALS.find((s) => s.key === key);
}

/** A value as people read it: '42%', '+5.0%', 'NPS 30', '45 days', 'high', 'green'. */
export function describeValue(key: string, value: number | null): string {
  if (value === null) return 'no data';
  const unit = signalOf(key)?.unit;
  const round = (v: number, digits: number) => Number(v.toFixed(digits)).toString();
  switch (unit) {
    case 'level':
      return (['low', 'mid', 'high'] as const)[Math.round(value)] ?? String(value);
    case 'sentiment':
      return (['red', 'yellow', 'green'] as const)[Math.round(value)] ?? String(value);
    case 'forecast':
      return FORECAST_WORDS[Math.round(value)] ?? String(value);
    case 'ratio':
      return `${round(value * 100, 1)}%`;
    case 'change':
      return key === 'nps_trend' ? `${value >= 0 ? '+' : ''}${round(value, 1)} points` : signed(value);
    case 'nps':
      return `NPS ${round(value, 0)}`;
    case 'csat':
      return `${round(value, 2)} / 5`;
    case 'days':
      return `${round(value, 0)} days`;
    case 'count':
      return round(value, 0);
    default:
      return String(value);
  }
}

const signed = (v: number) => `${v >= 0 ? '+' : ''}${Number((v * 100).toFixed(1))}%`;

// Pure computations of the signals that need more than a lookup (the service hands in the rows).

/** NPS of scores 0–10: % promoters (9–10) − % detractors (0–6); null without a score. */
export function npsOf(scores: readonly number[]): number | null {
  if (scores.length === 0) return null;
  const promoters = scores.filter((s) => s >= 9).length;
  const detractors = scores.filter((s) => s <= 6).length;
  return ((promoters - detractors) / scores.length) * 100;
}

const mean = (values: readonly number[]) =>
  values.length === 0 ? null : values.reduce((a, b) => a + b, 0) / values.length;

export interface DatedScore {
  /** Day number of the answer. */
  day: number;
  score: number;
}

/** Days a survey signal looks back from its latest answer, and how old that answer may be. */
export const SURVEY_WINDOW_DAYS = 90;
export const SURVEY_MAX_AGE_DAYS = 365;

/** Latest NPS, its trend, and latest CSAT (see the registry) from one account's answers on or before `asOf`. */
export function surveySignals(
  nps: readonly DatedScore[],
  csat: readonly DatedScore[],
  asOf: number,
): { nps_latest: number | null; nps_trend: number | null; csat_latest: number | null } {
  const windows = (answers: readonly DatedScore[]) => {
    const known = answers.filter((a) => a.day <= asOf && a.day > asOf - SURVEY_MAX_AGE_DAYS);
    if (known.length === 0) return null;
    const latest = Math.max(...known.map((a) => a.day));
    const inSpan = (from: number, to: number) => answers.filter((a) => a.day > from && a.day <= to).map((a) => a.score);
    return {
      recent: inSpan(latest - SURVEY_WINDOW_DAYS, latest),
      before: inSpan(latest - 2 * SURVEY_WINDOW_DAYS, latest - SURVEY_WINDOW_DAYS),
    };
  };
  const n = windows(nps);
  const latest = n ? npsOf(n.recent) : null;
  const previous = n ? npsOf(n.before) : null;
  const c = windows(csat);
  return {
    nps_latest: latest,
    nps_trend: latest !== null && previous !== null ? latest - previous : null,
    csat_latest: c ? mean(c.recent) : null,
  };
}

export interface TicketFact {
  /** Day number the ticket was opened. */
  openedDay: number;
  csat: number | null;
}

export const SUPPORT_WINDOW_DAYS = 90;

/** Tickets opened in the 90 days ending `asOf`, and their mean CSAT; null when no ticket was ever imported. */
export function supportSignals(
  tickets: readonly TicketFact[] | null,
  asOf: number,
): { support_load: number | null; support_csat: number | null } {
  if (tickets === null) return { support_load: null, support_csat: null };
  const recent = tickets.filter((t) => t.openedDay <= asOf && t.openedDay > asOf - SUPPORT_WINDOW_DAYS);
  return {
    support_load: recent.length,
    support_csat: mean(recent.flatMap((t) => (t.csat === null ? [] : [t.csat]))),
  };
}

export interface MrrFacts {
  /** MRR in asOf's month and three months earlier (reporting-currency minor units). */
  mrrNow: number;
  mrrBefore: number;
  /** Contraction movements of the last three months (asOf's month and the two before), oldest first. */
  contractions: readonly { amountMinor: number; mrrBeforeMinor: number }[];
}

/** MRR trend and recent contraction (see the registry). */
export function revenueSignals(facts: MrrFacts): { mrr_trend: number | null; recent_contraction: number | null } {
  const [first] = facts.contractions;
  const lost = facts.contractions.reduce((sum, m) => sum + Math.abs(m.amountMinor), 0);
  return {
    mrr_trend: facts.mrrBefore > 0 ? facts.mrrNow / facts.mrrBefore - 1 : null,
    recent_contraction: first === undefined ? 0 : first.mrrBeforeMinor > 0 ? lost / first.mrrBeforeMinor : null,
  };
}
