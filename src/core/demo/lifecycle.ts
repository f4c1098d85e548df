// One account's subscription history, simulated month by month on its billing anchor day: monthly churn,
// expansion and contraction hazards (annual plans churn or shrink only at renewal, but may add seats mid-term),
// and reactivation after churn. Each change closes the open period and opens the next, as the dbt
// mrr-playbook's subscription_periods have it.
import {
  addMonthsToDay,
  firstDayOfMonth,
  formatDay,
  monthKey,
  monthOfDay,
  type DayNumber,
  type MonthIndex,
} from '../period.ts';
import { planByRank, type Billing, type DemoCurrency, type Plan } from './catalog.ts';
import type { Random } from './random.ts';
import type { DemoSubscriptionPeriod, LifecycleEvent, LifecycleKind } from './types.ts';

/** Monthly probabilities for one account; the caller derives them from its traits. */
export interface Hazards {
  churn: number;
  expansion: number;
  contraction: number;
  reactivation: number;
}

export interface LifecycleInput {
  accountId: string;
  /** Subscriptions are named `${subscriptionPrefix}_1`, `_2` (after a reactivation), ... */
  subscriptionPrefix: string;
  currency: DemoCurrency;
  startMonth: MonthIndex;
  anchorDay: number;
  /** The last month simulated, and the last day anything may happen on. */
  endMonth: MonthIndex;
  cutoffDay: DayNumber;
  plan: Plan;
  seats: number;
  billing: Billing;
  hazards: Hazards;
}

export interface Lifecycle {
  periods: DemoSubscriptionPeriod[];
  events: LifecycleEvent[];
  status: 'active' | 'churned';
}

interface Subscription {
  id: string;
  plan: Plan;
  seats: number;
  billing: Billing;
  /** Start of the open period. */
  since: DayNumber;
  /** End of the current annual term; null for monthly billing. */
  termEnd: DayNumber | null;
  /** Month the subscription (re)started: early months churn more. */
  startMonth: MonthIndex;
}

const amountOf = (sub: Subscription, currency: DemoCurrency) => sub.seats * sub.plan.seatMinor[sub.billing][currency];

// Churn is likelier in the first months (a failed onboarding) and lower once a customer is established.
const tenureFactor = (months: number) => (months < 4 ? 1.5 : months < 12 ? 1.1 : 0.85);

/** Seats up 8–40% (at least one); past the plan's ceiling, or sometimes anyway, an upgrade to the next plan. */
function expand(random: Random, sub: Subscription): { plan: Plan; seats: number } {
  const seats = sub.seats + Math.max(1, Math.round(sub.seats * (0.08 + 0.32 * random.next())));
  const upgrade = sub.plan.rank < 3 && (seats > sub.plan.maxSeats || random.chance(0.12));
  if (!upgrade) return { plan: sub.plan, seats };
  const plan = planByRank(sub.plan.rank + 1);
  return { plan, seats: Math.min(plan.maxSeats, Math.max(plan.minSeats, seats)) };
}

/** Seats down 10–35% (at least one), or a downgrade to the plan below; null when there is nothing to shed. */
function contract(random: Random, sub: Subscription): { plan: Plan; seats: number } | null {
  if (sub.plan.rank > 0 && random.chance(0.3)) {
    const plan = planByRank(sub.plan.rank - 1);
    return { plan, seats: Math.min(plan.maxSeats, Math.max(plan.minSeats, sub.seats)) };
  }
  const seats = Math.max(
    sub.plan.minSeats,
    sub.seats - Math.max(1, Math.round(sub.seats * (0.1 + 0.25 * random.next()))),
  );
  return seats < sub.seats ? { plan: sub.plan, seats } : null;
}

class History {
  readonly periods: DemoSubscriptionPeriod[] = [];
  readonly events: LifecycleEvent[] = [];
  readonly #input: LifecycleInput;

  constructor(input: LifecycleInput) {
    this.#input = input;
  }

  close(sub: Subscription, end: DayNumber | null): void {
    this.periods.push({
      subscription_external_id: sub.id,
      account_external_id: this.#input.accountId,
      start_on: formatDay(sub.since),
      end_on: end === null ? null : formatDay(end),
      monthly_amount_minor: amountOf(sub, this.#input.currency),
      currency: this.#input.currency,
      plan: sub.plan.name,
      quantity: sub.seats,
    });
  }

  record(kind: LifecycleKind, day: DayNumber, sub: Subscription, atRenewal = false): void {
    this.events.push({
      kind,
      on: formatDay(day),
      month: monthKey(monthOfDay(day)),
      subscription_external_id: sub.id,
      plan: sub.plan.name,
      seats: sub.seats,
      billing: sub.billing,
      monthlyAmountMinor: amountOf(sub, this.#input.currency),
      atRenewal,
    });
  }
}

/** A changed plan or seat count from `day` on: the open period ends there and the next begins. */
function change(
  history: History,
  sub: Subscription,
  next: { plan: Plan; seats: number },
  day: DayNumber,
  kind: 'expansion' | 'contraction' | 'renewal',
  atRenewal: boolean,
): Subscription {
  history.close(sub, day);
  const changed = { ...sub, ...next, since: day, termEnd: atRenewal ? addMonthsToDay(day, 12) : sub.termEnd };
  history.record(kind, day, changed, atRenewal);
  return changed;
}

const overYear = (monthly: number) => 1 - (1 - monthly) ** 12;

/** An annual term ends: the customer leaves, or renews, shrinking by a year's worth of contraction risk. */
function renew(random: Random, history: History, sub: Subscription, day: DayNumber, hazards: Hazards) {
  // A yearly commitment holds customers somewhat better than the same risk month by month.
  if (random.chance(0.8 * overYear(hazards.churn * tenureFactor(12)))) {
    history.close(sub, day);
    history.record('churn', day, sub, true);
    return null;
  }
  if (random.chance(overYear(hazards.contraction))) {
    const shrunk = contract(random, sub);
    if (shrunk) return change(history, sub, shrunk, day, 'contraction', true);
  }
  if (random.chance(3 * hazards.expansion)) return change(history, sub, expand(random, sub), day, 'expansion', true);
  return change(history, sub, sub, day, 'renewal', true);
}

/** One month on the anchor day: churn, expansion or contraction, or nothing. Null when the customer left. */
function step(random: Random, history: History, sub: Subscription, month: MonthIndex, day: DayNumber, h: Hazards) {
  if (sub.termEnd !== null && day >= sub.termEnd) return renew(random, history, sub, day, h);
  if (sub.termEnd === null && random.chance(h.churn * tenureFactor(month - sub.startMonth))) {
    history.close(sub, day);
    history.record('churn', day, sub);
    return null;
  }
  if (random.chance(h.expansion)) return change(history, sub, expand(random, sub), day, 'expansion', false);
  if (sub.termEnd === null && random.chance(h.contraction)) {
    const shrunk = contract(random, sub);
    if (shrunk) return change(history, sub, shrunk, day, 'contraction', false);
  }
  return sub;
}

/** A returning customer: a new subscription, usually monthly, often smaller than the one it left. */
function reactivate(random: Random, input: LifecycleInput, before: Subscription, month: MonthIndex, n: number) {
  const plan = before.plan.rank > 0 && random.chance(0.4) ? planByRank(before.plan.rank - 1) : before.plan;
  const seats = Math.round(before.seats * (0.5 + 0.5 * random.next()));
  const billing: Billing = random.chance(0.2) ? before.billing : 'monthly';
  return open(input, month, n, plan, Math.min(plan.maxSeats, Math.max(plan.minSeats, seats)), billing);
}

function open(input: LifecycleInput, month: MonthIndex, n: number, plan: Plan, seats: number, billing: Billing) {
  const since = firstDayOfMonth(month) + input.anchorDay - 1;
  const termEnd = billing === 'annual' ? addMonthsToDay(since, 12) : null;
  return { id: `${input.subscriptionPrefix}_${n}`, plan, seats, billing, since, termEnd, startMonth: month };
}

/** The account's whole history up to the cut-off: its subscription periods, events, and final status. */
export function simulateLifecycle(random: Random, input: LifecycleInput): Lifecycle {
  const history = new History(input);
  let subscriptions = 1;
  let sub: Subscription | null = open(input, input.startMonth, 1, input.plan, input.seats, input.billing);
  let last = sub;
  let churnedIn = input.startMonth;
  history.record('start', sub.since, sub);
  for (let month = input.startMonth + 1; month <= input.endMonth; month++) {
    const day = firstDayOfMonth(month) + input.anchorDay - 1;
    if (day > input.cutoffDay) break;
    if (sub !== null) {
      sub = step(random, history, sub, month, day, input.hazards);
      if (sub === null) churnedIn = month;
      else last = sub;
    } else if (month - churnedIn >= 2 && random.chance(input.hazards.reactivation)) {
      sub = reactivate(random, input, last, month, ++subscriptions);
      last = sub;
      history.record('reactivation', sub.since, sub);
    }
  }
  if (sub !== null) history.close(sub, sub.termEnd);
  return { periods: history.periods, events: history.events, status: sub === null ? 'churned' : 'active' };
}
