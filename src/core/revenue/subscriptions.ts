// Stripe-like subscriptions → MRR intervals: items normalized to a month, discounts applied over their
// span, trials excluded, and the service end read from the lifecycle dates and the settings.
import { dayOf, type DateLike, type DayNumber } from '../period.ts';
import { mulDivRoundHalfEven } from '../rounding.ts';
import { graceEnd } from './line-rules.ts';
import { monthlyAmountMinor, pushInterval, type NormalizeContext } from './normalize.ts';
import type { AccountId, BillingInterval, MrrInterval, ResolvedSettings } from './types.ts';

export interface SubscriptionItemInput {
  id: string;
  plan: string | null;
  quantity: number;
  unitAmountMinor: number;
  currency: string;
  billingInterval: BillingInterval;
  intervalCount: number;
}

/** A coupon on the whole subscription: `percentOff` (0–100) or `amountOffMinor` per billing period. */
export interface SubscriptionDiscountInput {
  id: string;
  percentOff: number | null;
  amountOffMinor: number | null;
  /** Currency of amountOffMinor; an amount-off discount in another currency than the subscription's is ignored. */
  currency: string | null;
  startsAt: DateLike;
  /** Exclusive; null: forever. */
  endsAt: DateLike | null;
}

export interface SubscriptionInput {
  id: string;
  accountId: AccountId;
  /** Stripe status: active, trialing, past_due, unpaid, paused, canceled, incomplete, incomplete_expired. */
  status: string;
  currency: string;
  billingInterval: BillingInterval;
  intervalCount: number;
  startedAt: DateLike;
  trialStart: DateLike | null;
  trialEnd: DateLike | null;
  currentPeriodStart: DateLike | null;
  currentPeriodEnd: DateLike | null;
  cancelAt: DateLike | null;
  canceledAt: DateLike | null;
  endedAt: DateLike | null;
  items: readonly SubscriptionItemInput[];
  discounts: readonly SubscriptionDiscountInput[];
  /** Due date of its oldest invoice still open or uncollectible after its last payment, if any. */
  unpaidDueAt?: DateLike | null;
  /** Stripe pause_collection while collection is paused ('void', 'keep_as_draft', 'mark_uncollectible'). */
  pauseCollection?: { behavior: string; resumesAt: DateLike | null } | null;
}

const NEVER_PAID = new Set(['incomplete', 'incomplete_expired']);
const UNPAID = new Set(['past_due', 'unpaid']);

const dayOrNull = (value: DateLike | null) => (value === null ? null : dayOf(value));
const earlier = (a: DayNumber | null, b: DayNumber | null) => (a === null ? b : b === null ? a : Math.min(a, b));

/**
 * The paid service [start, end) of a subscription, or null when there is none. A trial is not paid: service
 * starts when it ends. The end is ended_at, else cancel_at. An unpaid invoice (unpaidDueAt; for a past_due or
 * unpaid subscription without one, its current period start) keeps it counting through the grace days after
 * the due date, then it stops; paused collection stops it at its current period start under pause 'churn'
 * (under 'keep' it counts on, and an unpaid invoice of the pause is spared); a paused status stops it there
 * at once; with churnRecognition 'cancellation' it stops on canceled_at at the latest.
 */
export function paidService(
  s: SubscriptionInput,
  settings: ResolvedSettings,
): { start: DayNumber; end: DayNumber | null } | null {
  if (NEVER_PAID.has(s.status)) return null;
  const trialEnd = dayOrNull(s.trialEnd);
  const start = Math.max(dayOf(s.startedAt), trialEnd ?? -Infinity);
  let end = dayOrNull(s.endedAt) ?? dayOrNull(s.cancelAt);
  const periodStart = dayOrNull(s.currentPeriodStart) ?? start;
  const paused = (s.pauseCollection ?? null) !== null;
  if (s.status === 'paused' || (paused && settings.pause === 'churn')) end = earlier(end, periodStart);
  const due = dayOrNull(s.unpaidDueAt ?? null) ?? (UNPAID.has(s.status) ? periodStart : null);
  if (due !== null && !(paused && settings.pause === 'keep')) end = earlier(end, graceEnd(due, settings));
  if (s.status === 'canceled' && end === null) end = dayOrNull(s.canceledAt) ?? start;
  if (settings.churnRecognition === 'cancellation') end = earlier(end, dayOrNull(s.canceledAt));
  return end !== null && end <= start ? null : { start, end };
}

/** Monthly amount after the discounts, applied in the order given; never below zero. */
function discountedMonthly(base: number, s: SubscriptionInput, active: readonly SubscriptionDiscountInput[]): number {
  let amount = base;
  for (const d of active) {
    if (d.percentOff !== null) {
      amount -= mulDivRoundHalfEven(amount, Math.round(d.percentOff * 10_000), 1_000_000);
    } else if (d.amountOffMinor !== null && (d.currency === null || d.currency === s.currency)) {
      amount -= monthlyAmountMinor(d.amountOffMinor, s.billingInterval, s.intervalCount);
    }
  }
  return Math.max(0, amount);
}

/** The plan of the item bringing the most per month (the first on ties). */
function mainPlan(items: readonly SubscriptionItemInput[], monthly: readonly number[]): string | null {
  let best = 0;
  for (let i = 1; i < items.length; i++) if ((monthly[i] ?? 0) > (monthly[best] ?? 0)) best = i;
  return items[best]?.plan ?? null;
}

/**
 * One subscription → intervals, one per stretch of constant price: the service is cut wherever a discount
 * starts or ends, so a discount starting reads as contraction and ending as expansion. Each stretch
 * converts at the rate of its own first day. Items must share the subscription's currency (as in Stripe).
 */
export function intervalsFromSubscription(
  s: SubscriptionInput,
  ctx: NormalizeContext,
  out: MrrInterval[] = [],
): MrrInterval[] {
  const service = paidService(s, ctx.settings);
  if (!service) return out;
  const monthly = s.items.map((item) => {
    if (item.currency !== s.currency) {
      throw new RangeError(`subscription ${s.id}: item ${item.id} is in ${item.currency}, not ${s.currency}`);
    }
    return monthlyAmountMinor(item.quantity * item.unitAmountMinor, item.billingInterval, item.intervalCount);
  });
  const base = monthly.reduce((sum, m) => sum + m, 0);
  const plan = mainPlan(s.items, monthly);
  const spans = s.discounts.map((d) => ({ discount: d, start: dayOf(d.startsAt), end: dayOrNull(d.endsAt) }));
  const cuts = new Set<DayNumber>([service.start]);
  for (const span of spans) {
    for (const day of [span.start, span.end]) {
      if (day !== null && day > service.start && (service.end === null || day < service.end)) cuts.add(day);
    }
  }
  const starts = [...cuts].sort((a, b) => a - b);
  const itemSources = [`subscription:${s.id}`, ...s.items.map((item) => `item:${item.id}`)];
  starts.forEach((start, i) => {
    const active = spans.filter((d) => d.start <= start && (d.end === null || d.end > start));
    pushInterval(
      out,
      {
        accountId: s.accountId,
        start,
        end: starts[i + 1] ?? service.end,
        nativeMinor: discountedMonthly(
          base,
          s,
          active.map((d) => d.discount),
        ),
        currency: s.currency,
        plan,
        subscriptionId: s.id,
        sources: [...itemSources, ...active.map((d) => `discount:${d.discount.id}`)],
      },
      ctx,
    );
  });
  return out;
}

export function intervalsFromSubscriptions(
  subscriptions: readonly SubscriptionInput[],
  ctx: NormalizeContext,
): MrrInterval[] {
  const out: MrrInterval[] = [];
  for (const s of subscriptions) intervalsFromSubscription(s, ctx, out);
  return out;
}
