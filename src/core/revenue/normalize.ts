// Billing records → MRR intervals: which months a record covers, and its monthly amount there.
//
// Month rule: MRR of month M is the MRR in force on M's last day, or on asOf for asOf's own month. A record
// in force over days [start, end) therefore covers months [month(start), month(end)), and, when it is still
// in force on asOf, every month through asOf's month. For month-start dates (the dbt fixture) this is the
// playbook's "covers M's first day" rule. Contiguous records never both count in one month, and weekly or
// prorated lines count once, at month end. Service wholly inside one month counts in no month (see
// `sameMonthNewAndChurn`).
// Monthly amounts: annual ÷ 12, n months ÷ n, weekly × 52/12, daily × 365/12, each rounded half-to-even to
// whole minor units once per record. Foreign currencies convert at the rate of the record's first day.
import { convertOn, MissingFxRateError, type FxTable } from '../fx.ts';
import {
  addMonthsToDay,
  dayOf,
  isLastDayOfMonth,
  monthOfDay,
  parseDay,
  type DateLike,
  type DayNumber,
} from '../period.ts';
import { mulDivRoundHalfEven } from '../rounding.ts';
import { keptVoidLines, lineEnds, snapProrations, type LineLifecycle, type RuledLine } from './line-rules.ts';
import type { AccountId, BillingInterval, MrrInterval, ResolvedSettings } from './types.ts';

export interface NormalizeContext {
  settings: ResolvedSettings;
  /** Needed when any record is not in the reporting currency. */
  fx: FxTable | null;
  /** Sees every stretch of paid service before the asOf cut-off (committed ARR reads future days). */
  onStretch?: (stretch: ServiceStretch, valueMinor: number) => void;
}

/** A row of subscription_periods (the dbt mrr-playbook shape). */
export interface SubscriptionPeriodInput {
  id: string | number;
  accountId: AccountId;
  subscriptionId: string;
  /** 'YYYY-MM-DD', first day of service. */
  startOn: string;
  /** 'YYYY-MM-DD', exclusive; null while ongoing. */
  endOn: string | null;
  /** The whole monthly amount of the period (quantity is already in it). */
  monthlyAmountMinor: number;
  currency: string;
  plan: string | null;
  quantity: number | null;
}

/** A line of an invoice: amount after discounts and before tax, for service over [periodStart, periodEnd). */
export interface InvoiceLineInput {
  id: string | number;
  accountId: AccountId;
  subscriptionId: string | null;
  plan: string | null;
  /** After discounts, before tax: this is what MRR counts. */
  amountMinor: number;
  /** The line's tax, if the caller has it: never part of MRR. */
  taxMinor?: number;
  currency: string;
  periodStart: DateLike;
  periodEnd: DateLike;
  recurring: boolean;
  proration: boolean;
  /** Status of the line's invoice: paid (default), open, uncollectible, void or draft. */
  invoiceStatus?: string;
  /** Due day of an open or uncollectible invoice ('YYYY-MM-DD'); its period start when absent. */
  dueOn?: DateLike | null;
}

/** Monthly amount of `amountMinor` billed every `count` `interval`s, rounded half-to-even. */
export function monthlyAmountMinor(amountMinor: number, interval: BillingInterval, count: number): number {
  if (!Number.isInteger(count) || count <= 0) throw new RangeError(`interval count must be positive, got ${count}`);
  switch (interval) {
    case 'month':
      return mulDivRoundHalfEven(amountMinor, 1, count);
    case 'year':
      return mulDivRoundHalfEven(amountMinor, 1, 12 * count);
    case 'week':
      return mulDivRoundHalfEven(amountMinor, 52, 12 * count);
    case 'day':
      return mulDivRoundHalfEven(amountMinor, 365, 12 * count);
  }
}

const AVERAGE_MONTH_DAYS = 365.2425 / 12;

/**
 * Monthly amount of a charge for service over [start, end), from the period's length: whole calendar
 * months (same day of month, clamped at month end, or month end to month end) ÷ n; else whole weeks
 * × 52/12 per week; else within 3 days of n months (renewal anchors drifting on short months) ÷ n;
 * else per day × 365/12. A 28-day period that is also a calendar month (February) counts as a month.
 */
export function monthlyAmountOfService(amountMinor: number, start: DayNumber, end: DayNumber): number {
  const days = end - start;
  if (days <= 0) throw new RangeError('a service period must end after it starts');
  const months = monthOfDay(end) - monthOfDay(start);
  if (months >= 1 && (addMonthsToDay(start, months) === end || (isLastDayOfMonth(start) && isLastDayOfMonth(end)))) {
    return monthlyAmountMinor(amountMinor, 'month', months);
  }
  if (days % 7 === 0) return monthlyAmountMinor(amountMinor, 'week', days / 7);
  const approx = Math.round(days / AVERAGE_MONTH_DAYS);
  if (approx >= 1 && Math.abs(addMonthsToDay(start, approx) - end) <= 3) {
    return monthlyAmountMinor(amountMinor, 'month', approx);
  }
  return monthlyAmountMinor(amountMinor, 'day', days);
}

export interface ServiceStretch {
  accountId: AccountId;
  /** First day of service. */
  start: DayNumber;
  /** Exclusive; null while ongoing. */
  end: DayNumber | null;
  nativeMinor: number;
  currency: string;
  plan: string | null;
  /** The subscription the service belongs to, when known (committed ARR groups by it). */
  subscriptionId?: string | null;
  sources: readonly string[];
}

/**
 * Appends the interval a stretch of service makes, applying the month rule and the asOf cut-off;
 * free service (0) and service not begun by asOf make none.
 */
export function pushInterval(out: MrrInterval[], s: ServiceStretch, ctx: NormalizeContext): void {
  const { asOfDay, lastMonth, reportingCurrency } = ctx.settings;
  if (s.nativeMinor === 0 || (s.end !== null && s.end <= s.start)) return;
  if (s.start > asOfDay && !ctx.onStretch) return;
  let valueMinor = s.nativeMinor;
  if (s.currency !== reportingCurrency) {
    if (!ctx.fx) throw new MissingFxRateError(s.currency, reportingCurrency, s.start);
    valueMinor = convertOn(ctx.fx, s.nativeMinor, s.currency, s.start);
  }
  ctx.onStretch?.(s, valueMinor);
  if (s.start > asOfDay) return;
  out.push({
    accountId: s.accountId,
    startMonth: monthOfDay(s.start),
    endMonth: s.end === null || s.end > asOfDay ? lastMonth + 1 : monthOfDay(s.end),
    nativeMinor: s.nativeMinor,
    currency: s.currency,
    valueMinor,
    plan: s.plan,
    sources: s.sources,
    startDay: s.start,
    endDay: s.end,
  });
}

/** subscription_periods rows → intervals (one per row). */
export function intervalsFromPeriods(
  periods: readonly SubscriptionPeriodInput[],
  ctx: NormalizeContext,
): MrrInterval[] {
  const out: MrrInterval[] = [];
  for (const p of periods) {
    pushInterval(
      out,
      {
        accountId: p.accountId,
        start: parseDay(p.startOn),
        end: p.endOn === null ? null : parseDay(p.endOn),
        nativeMinor: p.monthlyAmountMinor,
        currency: p.currency,
        plan: p.plan,
        subscriptionId: p.subscriptionId,
        sources: [`period:${p.id}`],
      },
      ctx,
    );
  }
  return out;
}

interface BillingPeriod {
  subscriptionId: string | null;
  start: DayNumber;
  end: DayNumber;
}

/**
 * A proration charges part of a billing period: scaled back to the whole regular period of the same
 * subscription that contains it (Stripe prorates by time), then normalized like that period. Without
 * one, it is normalized over its own days. Stripe's rounding of prorations can leave a movement of a
 * minor unit or two when the next regular line takes over.
 */
function prorationMonthly(amountMinor: number, own: BillingPeriod, regular: readonly BillingPeriod[]): number {
  const whole = regular.find(
    (r) => r.subscriptionId === own.subscriptionId && r.start <= own.start && own.end <= r.end,
  );
  if (!whole) return monthlyAmountOfService(amountMinor, own.start, own.end);
  const scaled = mulDivRoundHalfEven(amountMinor, whole.end - whole.start, own.end - own.start);
  return monthlyAmountOfService(scaled, whole.start, whole.end);
}

/**
 * Recurring invoice lines → intervals, each over its own service period. One-off lines carry no MRR;
 * proration lines count from the day they take effect (see prorationMonthly, snapProrations) unless
 * `includeProrations` is off, so a mid-period upgrade shows from its month. Draft lines never count; unpaid,
 * void and cancelled ones as line-rules.ts says, with what `lifecycles` tells of each subscription.
 */
export function intervalsFromInvoiceLines(
  lines: readonly InvoiceLineInput[],
  ctx: NormalizeContext,
  lifecycles: ReadonlyMap<string, LineLifecycle> = new Map(),
): MrrInterval[] {
  const { settings } = ctx;
  const wanted = lines.filter(
    (l) => l.recurring && (!l.proration || settings.includeProrations) && l.invoiceStatus !== 'draft',
  );
  const out: MrrInterval[] = [];
  const ruled: RuledLine[] = wanted.map((l) => {
    const start = dayOf(l.periodStart);
    const due = l.dueOn == null ? start : dayOf(l.dueOn);
    const status = l.invoiceStatus ?? 'paid';
    return {
      subscriptionId: l.subscriptionId,
      start,
      end: dayOf(l.periodEnd),
      proration: l.proration,
      status,
      due,
      monthly: 0,
    };
  });
  const regular = ruled.filter((p) => !p.proration && p.status !== 'void');
  ruled.forEach((own, i) => {
    const line = wanted[i];
    if (!line || own.end <= own.start) return;
    own.monthly = line.proration
      ? prorationMonthly(line.amountMinor, own, regular)
      : monthlyAmountOfService(line.amountMinor, own.start, own.end);
  });
  const keptVoid = keptVoidLines(ruled, lifecycles, settings);
  const counted = ruled.filter((l) => l.end > l.start && (l.status !== 'void' || keptVoid.has(l)));
  snapProrations(counted);
  const ends = lineEnds(counted, lifecycles, settings);
  ruled.forEach((own, i) => {
    const line = wanted[i];
    const end = ends.get(own);
    if (!line || end === undefined) return;
    const { accountId, currency, plan } = line;
    pushInterval(
      out,
      {
        accountId,
        start: own.start,
        end,
        nativeMinor: own.monthly,
        currency,
        plan,
        subscriptionId: line.subscriptionId,
        sources: [`line:${line.id}`],
      },
      ctx,
    );
  });
  return out;
}
