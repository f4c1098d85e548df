// Point-in-time features of an account at a month end, for the churn model. Everything here reads only what
// was known on the as-of day: usage on or before it, survey answers given by then, contracts signed by then,
// and the revenue ledger cut at that day. Each group of features is one source (a module-sized object in
// FEATURE_SOURCES): a new signal is one more source (support tickets are one: ticket-features.ts). Missing values are NaN.
import { adoptionLevel, type AdoptionSettings } from '../adoption/settings.ts';
import { includedInPlan, type FeatureDefinition } from '../adoption/catalog.ts';
import { monthOfDay, type DayNumber, type MonthIndex } from '../period.ts';
import type { CustomerLedger } from '../revenue/ledger.ts';
import { ticketSource, type TicketEvent } from './ticket-features.ts';

export interface UsageRow {
  day: DayNumber;
  /** The user, as a number unique within the account. */
  user: number;
  feature: string;
  events: number;
}

export interface SurveyAnswer {
  kind: 'nps' | 'csat';
  score: number;
  day: DayNumber;
}

export interface ContractTerm {
  startDay: DayNumber;
  /** Exclusive: the renewal is due on this day. */
  endDay: DayNumber;
}

/** A billed stretch with a seat count: subscription periods (annual when a term of about a year). */
export interface SeatPeriod {
  startDay: DayNumber;
  endDay: DayNumber | null;
  quantity: number | null;
  annual: boolean;
}

export interface AccountAttributes {
  segment: string | null;
  sizeBand: string | null;
  industry: string | null;
  region: string | null;
  channel: string | null;
  icpFit: boolean | null;
  employeeCount: number | null;
}

/** Everything known about an account, in any order of time: the sources cut it at the as-of day. */
export interface AccountHistory {
  accountId: number;
  attributes: AccountAttributes;
  /** In day order. */
  usage: readonly UsageRow[];
  surveys: readonly SurveyAnswer[];
  contracts: readonly ContractTerm[];
  periods: readonly SeatPeriod[];
  /** Support tickets (any order); only read when FeatureSettings.tickets is set. */
  tickets?: readonly TicketEvent[];
}

/** Values seen for each categorical attribute (one indicator column each), fixed before training. */
export interface Vocabulary {
  plan: readonly string[];
  segment: readonly string[];
  sizeBand: readonly string[];
  industry: readonly string[];
  region: readonly string[];
  channel: readonly string[];
}

export interface FeatureSettings {
  catalog: readonly FeatureDefinition[];
  adoption: AdoptionSettings;
  vocabulary: Vocabulary;
  /** Tickets were imported: add the support-load columns (ticket-features.ts). */
  tickets?: boolean;
}

/** One account at one day: its history and its ledger cut at that day (months after it never produced). */
export interface PointInTime {
  history: AccountHistory;
  ledger: CustomerLedger;
  asOfDay: DayNumber;
}

export interface FeatureSource {
  name: string;
  names(settings: FeatureSettings): string[];
  values(at: PointInTime, settings: FeatureSettings): number[];
}

const ratio = (a: number, b: number) => (b > 0 ? a / b : Number.NaN);

/** The first index whose day is at least `day` (usage is in day order). */
function lowerBound(usage: readonly UsageRow[], day: DayNumber): number {
  let lo = 0;
  let hi = usage.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if ((usage[mid]?.day ?? 0) < day) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Usage rows on the `days` days ending asOfDay (inclusive). */
function windowRows(usage: readonly UsageRow[], asOfDay: DayNumber, days: number): readonly UsageRow[] {
  return usage.slice(lowerBound(usage, asOfDay - days + 1), lowerBound(usage, asOfDay + 1));
}

export interface UsageWindow {
  users: number;
  events: number;
  activeDays: number;
  features: Set<string>;
}

export function usageWindow(usage: readonly UsageRow[], asOfDay: DayNumber, days: number): UsageWindow {
  const rows = windowRows(usage, asOfDay, days);
  return {
    users: new Set(rows.map((r) => r.user)).size,
    events: rows.reduce((n, r) => n + r.events, 0),
    activeDays: new Set(rows.map((r) => r.day)).size,
    features: new Set(rows.map((r) => r.feature)),
  };
}

/** Active users of the last 4 weeks against the 4 before, down by the adoption decline rate (the adoption flag). */
export function usageDeclining(usage: readonly UsageRow[], asOfDay: DayNumber, settings: AdoptionSettings): number {
  const days = settings.declineWeeks * 7;
  const recent = usageWindow(usage, asOfDay, days).users;
  const earlier = usageWindow(usage, asOfDay - days, days).users;
  if (earlier < settings.declineMinActiveUsers) return 0;
  return recent <= earlier * (1 - settings.declineRate) ? 1 : 0;
}

/** MRR (reporting currency, minor units) and plan in `month` from the ledger's spans; 0 and null when unpaid. */
export function mrrIn(ledger: CustomerLedger, month: MonthIndex): { mrr: number; plan: string | null } {
  for (const span of ledger.history) {
    if (span.startMonth <= month && month < span.endMonth) return { mrr: span.mrrMinor, plan: span.plan };
  }
  return { mrr: 0, plan: null };
}

function seatsAt(periods: readonly SeatPeriod[], day: DayNumber): { seats: number; annual: number } {
  let seats = 0;
  let known = false;
  let annual = Number.NaN;
  for (const p of periods) {
    if (p.startDay > day || (p.endDay !== null && p.endDay <= day)) continue;
    if (p.quantity !== null) {
      seats += p.quantity;
      known = true;
    }
    annual = Math.max(Number.isNaN(annual) ? 0 : annual, p.annual ? 1 : 0);
  }
  return { seats: known ? seats : Number.NaN, annual };
}

const usageSource: FeatureSource = {
  name: 'usage',
  names: () => [
    'active_users_7d',
    'active_users_30d',
    'active_users_90d',
    'events_7d',
    'events_30d',
    'events_90d',
    'active_days_30d',
    'users_7d_vs_30d',
    'users_30d_vs_prior_30d',
    'events_30d_vs_90d',
    'usage_declining',
  ],
  values: ({ history, asOfDay }, settings) => {
    const w7 = usageWindow(history.usage, asOfDay, 7);
    const w30 = usageWindow(history.usage, asOfDay, 30);
    const w90 = usageWindow(history.usage, asOfDay, 90);
    const prior30 = usageWindow(history.usage, asOfDay - 30, 30);
    return [
      w7.users,
      w30.users,
      w90.users,
      w7.events,
      w30.events,
      w90.events,
      w30.activeDays,
      ratio(w7.users, w30.users),
      ratio(w30.users, prior30.users),
      ratio(w30.events, w90.events / 3),
      usageDeclining(history.usage, asOfDay, settings.adoption),
    ];
  },
};

/** Adoption level (0 low, 1 mid, 2 high) by the adoption rule, with its two inputs. */
const adoptionSource: FeatureSource = {
  name: 'adoption',
  names: () => ['adoption_level', 'feature_usage_rate', 'seat_utilization', 'seats'],
  values: ({ history, ledger, asOfDay }, settings) => {
    const w = usageWindow(history.usage, asOfDay, settings.adoption.windowDays);
    const plan = mrrIn(ledger, monthOfDay(asOfDay)).plan;
    const included = settings.catalog.filter((f) => includedInPlan(f, plan));
    const rate = included.length > 0 ? included.filter((f) => w.features.has(f.key)).length / included.length : null;
    const { seats } = seatsAt(history.periods, asOfDay);
    const utilization = Number.isNaN(seats) || seats <= 0 ? null : w.users / seats;
    const level = adoptionLevel(rate, utilization, settings.adoption);
    const rank = level === null ? Number.NaN : level === 'low' ? 0 : level === 'mid' ? 1 : 2;
    return [rank, rate ?? Number.NaN, utilization ?? Number.NaN, seats];
  },
};

const revenueSource: FeatureSource = {
  name: 'revenue',
  names: () => [
    'mrr',
    'mrr_vs_3_months_ago',
    'mrr_vs_12_months_ago',
    'contractions_12m',
    'expansions_12m',
    'months_since_contraction',
    'reactivated',
    'tenure_months',
  ],
  values: ({ ledger, asOfDay }) => {
    const month = monthOfDay(asOfDay);
    const now = mrrIn(ledger, month).mrr;
    const known = ledger.movements.filter((m) => m.month <= month);
    const within = (m: { month: number }, months: number) => m.month > month - months;
    const contractions = known.filter((m) => m.kind === 'contraction');
    const last = contractions.at(-1);
    const first = known.find((m) => m.kind === 'new');
    return [
      now / 100,
      ratio(now, mrrIn(ledger, month - 3).mrr),
      ratio(now, mrrIn(ledger, month - 12).mrr),
      contractions.filter((m) => within(m, 12)).length,
      known.filter((m) => m.kind === 'expansion' && within(m, 12)).length,
      last ? month - last.month : Number.NaN,
      known.some((m) => m.kind === 'reactivation') ? 1 : 0,
      first ? month - first.month : Number.NaN,
    ];
  },
};

const renewalSource: FeatureSource = {
  name: 'renewal',
  names: () => ['annual_billing', 'days_to_renewal'],
  values: ({ history, asOfDay }) => {
    const { annual } = seatsAt(history.periods, asOfDay);
    // The next renewal: a contract signed by then, in force, else the end of an annual term in force.
    let next = Number.POSITIVE_INFINITY;
    for (const c of history.contracts) {
      if (c.startDay <= asOfDay && c.endDay > asOfDay) next = Math.min(next, c.endDay);
    }
    if (!Number.isFinite(next)) {
      for (const p of history.periods) {
        if (p.annual && p.startDay <= asOfDay && p.endDay !== null && p.endDay > asOfDay)
          next = Math.min(next, p.endDay);
      }
    }
    return [annual, Number.isFinite(next) ? next - asOfDay : Number.NaN];
  },
};

/** NPS and CSAT answers given on or before the day: the latest, and the mean of the last 180 days. */
const surveySource: FeatureSource = {
  name: 'surveys',
  names: () => ['nps_latest', 'nps_detractor', 'days_since_nps', 'csat_latest', 'csat_mean_180d'],
  values: ({ history, asOfDay }) => {
    const known = history.surveys.filter((s) => s.day <= asOfDay).sort((a, b) => a.day - b.day);
    const nps = known.filter((s) => s.kind === 'nps').at(-1);
    const csat = known.filter((s) => s.kind === 'csat');
    const recent = csat.filter((s) => s.day > asOfDay - 180);
    return [
      nps?.score ?? Number.NaN,
      nps ? (nps.score <= 6 ? 1 : 0) : Number.NaN,
      nps ? asOfDay - nps.day : Number.NaN,
      csat.at(-1)?.score ?? Number.NaN,
      recent.length > 0 ? recent.reduce((n, s) => n + s.score, 0) / recent.length : Number.NaN,
    ];
  },
};

type Categorical = keyof Vocabulary;
const CATEGORICAL: readonly Categorical[] = ['plan', 'segment', 'sizeBand', 'industry', 'region', 'channel'];
const snake = (s: string) => s.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);

const attributeSource: FeatureSource = {
  name: 'attributes',
  names: ({ vocabulary }) => [
    'icp_fit',
    'employee_count',
    ...CATEGORICAL.flatMap((k) => vocabulary[k].map((v) => `${snake(k)}=${v}`)),
  ],
  values: ({ history, ledger, asOfDay }, { vocabulary }) => {
    const a = history.attributes;
    const plan = mrrIn(ledger, monthOfDay(asOfDay)).plan;
    const of: Record<Categorical, string | null> = { ...a, plan };
    return [
      a.icpFit === null ? Number.NaN : a.icpFit ? 1 : 0,
      a.employeeCount ?? Number.NaN,
      ...CATEGORICAL.flatMap((k) => vocabulary[k].map((v) => (of[k] === v ? 1 : 0))),
    ];
  },
};

/** Every source, in column order. A new signal is a new entry here. */
export const FEATURE_SOURCES: readonly FeatureSource[] = [
  usageSource,
  adoptionSource,
  revenueSource,
  renewalSource,
  surveySource,
  ticketSource,
  attributeSource,
];

export function featureNames(settings: FeatureSettings): string[] {
  return FEATURE_SOURCES.flatMap((s) => s.names(settings));
}

/** The feature vector of an account at a day, reading nothing dated after it. */
export function pointInTimeFeatures(at: PointInTime, settings: FeatureSettings): number[] {
  return FEATURE_SOURCES.flatMap((s) => s.values(at, settings));
}

/** The most frequent values of each attribute (at most `top`), so rare ones share the all-zero column. */
export function vocabularyOf(
  histories: readonly AccountHistory[],
  plans: readonly (string | null)[],
  top = 12,
): Vocabulary {
  const frequent = (values: readonly (string | null)[]) => {
    const counts = new Map<string, number>();
    for (const v of values) if (v !== null && v !== '') counts.set(v, (counts.get(v) ?? 0) + 1);
    return [...counts]
      .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
      .slice(0, top)
      .map(([v]) => v)
      .sort();
  };
  const attr = (k: Exclude<Categorical, 'plan'>) => frequent(histories.map((h) => h.attributes[k]));
  return {
    plan: frequent(plans),
    segment: attr('segment'),
    sizeBand: attr('sizeBand'),
    industry: attr('industry'),
    region: attr('region'),
    channel: attr('channel'),
  };
}
