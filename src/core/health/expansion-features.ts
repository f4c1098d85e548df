// The expansion profile: point-in-time signals of an account likely to buy more, appended to the churn model's
// feature row — seats near the licence and how fast they filled, features used beyond the plan, breadth of
// use, growing active users, a promoter's NPS, recent expansions. Like the churn features, each value reads
// only what was known on the as-of day (usage on or before it, answers given by then, the ledger cut then).
// The label: an expansion movement in the ledger within the horizon after the month end.
import { includedInPlan } from '../adoption/catalog.ts';
import { monthOfDay, type DayNumber, type MonthIndex } from '../period.ts';
import type { CustomerLedger } from '../revenue/ledger.ts';
import { mrrIn, usageWindow, type FeatureSettings, type PointInTime, type SeatPeriod } from './features.ts';

/** Utilization at or above this share of the seats counts as "near the licence". */
export const NEAR_LICENCE = 0.85;

export const EXPANSION_FEATURES = [
  'seat_headroom',
  'seats_near_licence',
  'seat_utilization_7d',
  'seat_utilization_change_60d',
  'features_beyond_plan',
  'feature_breadth_90d',
  'active_users_growth_90d',
  'nps_promoter',
  'months_since_expansion',
] as const;

/** Seats billed on the day (subscription periods in force); NaN when no period carries a quantity. */
export function seatsOn(periods: readonly SeatPeriod[], day: DayNumber): number {
  let seats = 0;
  let known = false;
  for (const p of periods) {
    if (p.startDay > day || (p.endDay !== null && p.endDay <= day) || p.quantity === null) continue;
    seats += p.quantity;
    known = true;
  }
  return known ? seats : Number.NaN;
}

const share = (a: number, b: number) => (b > 0 ? a / b : Number.NaN);

/** Active users of the 30 days ending `day` over the seats billed that day. */
function utilizationOn(at: PointInTime, day: DayNumber): number {
  const seats = seatsOn(at.history.periods, day);
  return Number.isNaN(seats) ? Number.NaN : share(usageWindow(at.history.usage, day, 30).users, seats);
}

/** Catalog features used in the 90 days to the day that the plan in force does not include. */
export function featuresBeyondPlan(at: PointInTime, settings: FeatureSettings): string[] {
  const plan = mrrIn(at.ledger, monthOfDay(at.asOfDay)).plan;
  const used = usageWindow(at.history.usage, at.asOfDay, 90).features;
  return settings.catalog.filter((f) => used.has(f.key) && !includedInPlan(f, plan)).map((f) => f.key);
}

/** The expansion features of an account at a day, in EXPANSION_FEATURES order, reading nothing dated after it. */
export function expansionFeatures(at: PointInTime, settings: FeatureSettings): number[] {
  const { history, ledger, asOfDay } = at;
  const seats = seatsOn(history.periods, asOfDay);
  const w7 = usageWindow(history.usage, asOfDay, 7);
  const w30 = usageWindow(history.usage, asOfDay, 30);
  const w90 = usageWindow(history.usage, asOfDay, 90);
  const earlier = usageWindow(history.usage, asOfDay - 60, 30);
  const utilization = Number.isNaN(seats) ? Number.NaN : share(w30.users, seats);
  const catalogKeys = new Set(settings.catalog.map((f) => f.key));
  const breadth = [...w90.features].filter((k) => catalogKeys.has(k)).length;
  const nps = history.surveys
    .filter((s) => s.kind === 'nps' && s.day <= asOfDay)
    .sort((a, b) => a.day - b.day)
    .at(-1);
  const month = monthOfDay(asOfDay);
  const lastExpansion = ledger.movements.filter((m) => m.kind === 'expansion' && m.month <= month).at(-1);
  return [
    Number.isNaN(seats) ? Number.NaN : seats - w30.users,
    Number.isNaN(utilization) ? Number.NaN : utilization >= NEAR_LICENCE ? 1 : 0,
    Number.isNaN(seats) ? Number.NaN : share(w7.users, seats),
    utilization - utilizationOn(at, asOfDay - 60),
    featuresBeyondPlan(at, settings).length,
    share(breadth, settings.catalog.length),
    share(w30.users, earlier.users),
    nps ? (nps.score >= 9 ? 1 : 0) : Number.NaN,
    lastExpansion ? month - lastExpansion.month : Number.NaN,
  ];
}

/**
 * Whether the customer expanded within `months` after the end of `month`: an expansion movement in the ledger
 * in months month+1 … month+months. Null when it did not pay at that month end or the horizon is not over.
 */
export function expansionLabel(
  ledger: CustomerLedger,
  month: MonthIndex,
  months: number,
  lastCompleteMonth: MonthIndex,
): 0 | 1 | null {
  if (month + months > lastCompleteMonth) return null;
  if (mrrIn(ledger, month).mrr <= 0) return null;
  return ledger.movements.some((mv) => mv.kind === 'expansion' && mv.month > month && mv.month <= month + months)
    ? 1
    : 0;
}
