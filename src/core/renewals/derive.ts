// Contracts derived from billing: every term of a subscription billed yearly or longer becomes a contract, and
// subscriptions billed more often (monthly plans) are kept apart, for the monthly-plan renewal figures. Pure:
// billing records in (as the revenue engine reads them), terms out.
//
// What a term is, by the kind of record a subscription comes as:
// - a Stripe subscription billed every 12 months or more (interval year, or month × 12 and more): its billing
//   periods, counted back from the current period (current_period_start) to the start of paid service, the
//   current period last; a cancellation (ended_at, cancel_at) cuts the term it falls in (an unpaid invoice does
//   not: it stops the revenue, not the term signed);
// - subscription periods (the dbt shape, no billing interval): each period row lasting whole years (12, 24, 36…
//   months, within 3 days);
// - invoice lines of a subscription without its object (CSV invoices): each regular line whose service period
//   lasts whole years;
// - co-terming: a shorter period row or line (an add-on) that ends on the day a yearly term of the same account
//   ends is a term too (a Stripe add-on co-termed by its billing anchor has a short first period of its own).
// ARR of a term = 12 × the subscription's MRR in force on the term's last day of paid service, in the reporting
// currency at the rate of each stretch's first day: the ledger's own MRR, so the due amount of a term agrees with
// the ledger on the day before it ends and the renewed amount with the ledger on the day the next term starts.
import { addMonthsToDay, dayOf, formatDay, type DayNumber } from '../period.ts';
import { buildFxTable } from '../fx.ts';
import {
  billingKinds,
  paidService,
  recordsByAccount,
  type BillingRecords,
  type NormalizeContext,
  type ResolvedSettings,
  type ServiceStretch,
} from '../revenue/index.ts';

/** Days a 12-month term may fall short of 12 calendar months (renewal anchors drifting on short months). */
const TERM_SLACK_DAYS = 3;

/** What the subscription object says beyond its dates (Stripe): kept in subscriptions.attributes. */
export interface SubscriptionExtras {
  cancelAtPeriodEnd: boolean;
  /** Stripe cancellation_details: reason (e.g. cancellation_requested), feedback (e.g. too_expensive), comment. */
  cancellation: { reason: string | null; feedback: string | null; comment: string | null } | null;
}

export interface DerivedContract {
  contractId: string;
  accountId: number;
  subscriptionId: string;
  /** 'YYYY-MM-DD'. */
  startDate: string;
  /** Exclusive: the day the renewal is due. */
  endDate: string;
  arrMinor: number;
  /** The reporting currency. */
  currency: string;
  autoRenew: boolean;
  /** From Stripe's cancellation_details on the term a cancellation ends. */
  churnReason: { reason: string; notes: string | null } | null;
}

/** A subscription billed more often than yearly: its paid service, stretch by stretch, in the reporting currency. */
export interface MonthlyPlan {
  accountId: number;
  subscriptionId: string;
  stretches: { start: DayNumber; end: DayNumber | null; valueMinor: number }[];
}

interface Stretch {
  start: DayNumber;
  end: DayNumber | null;
  valueMinor: number;
  accountId: number;
}

/** Whether service over [start, end) lasts 12 months or more (a yearly or longer term). */
export function isYearOrLonger(start: DayNumber, end: DayNumber): boolean {
  return addMonthsToDay(start, 12) <= end + TERM_SLACK_DAYS;
}

/**
 * Whether [start, end) is a term of whole years (1, 2, 3… × 12 months, within a few days): a period row of a
 * monthly plan that ran 13 months is not one.
 */
export function isWholeYears(start: DayNumber, end: DayNumber): boolean {
  for (let years = 1; addMonthsToDay(start, 12 * years) <= end + TERM_SLACK_DAYS; years++) {
    if (Math.abs(addMonthsToDay(start, 12 * years) - end) <= TERM_SLACK_DAYS) return true;
  }
  return false;
}

/** Months between renewals of a Stripe billing cycle (0 for weekly and daily cycles). */
function cycleMonths(interval: string, count: number): number {
  if (interval === 'year') return 12 * count;
  if (interval === 'month') return count;
  return 0;
}

/** Σ monthly values of the stretches in force on `day`. */
export function valueOn(
  stretches: readonly { start: DayNumber; end: DayNumber | null; valueMinor: number }[],
  day: DayNumber,
): number {
  let sum = 0;
  for (const s of stretches) if (s.start <= day && (s.end === null || s.end > day)) sum += s.valueMinor;
  return sum;
}

/** 12 × MRR in force on the term's last day of paid service; null when no paid service falls in the term. */
function termArr(stretches: readonly Stretch[], start: DayNumber, end: DayNumber): number | null {
  let last = -Infinity;
  for (const s of stretches) {
    const overlapEnd = Math.min(end, s.end ?? end);
    if (s.start < end && overlapEnd > start && overlapEnd > last) last = overlapEnd;
  }
  if (last === -Infinity) return null;
  const value = valueOn(stretches, last - 1);
  return value > 0 ? 12 * value : null;
}

const STRIPE_FEEDBACK: Readonly<Record<string, string>> = {
  customer_service: 'customer service was less than expected',
  low_quality: 'quality was less than expected',
  missing_features: 'some features are missing',
  other: 'other reason',
  switched_service: 'switched to a different service',
  too_complex: 'ease of use was less than expected',
  too_expensive: 'too expensive',
  unused: 'not using the service enough',
};

const STRIPE_REASON: Readonly<Record<string, string>> = {
  cancellation_requested: 'cancellation requested by the customer',
  payment_disputed: 'payment disputed',
  payment_failed: 'payment failed',
};

/** A churn reason from Stripe's cancellation_details: the customer's feedback, else Stripe's reason. */
export function stripeChurnReason(
  details: SubscriptionExtras['cancellation'],
): { reason: string; notes: string | null } | null {
  if (details === null) return null;
  const { reason, feedback, comment } = details;
  const text =
    (feedback !== null ? (STRIPE_FEEDBACK[feedback] ?? feedback) : null) ??
    (reason !== null ? (STRIPE_REASON[reason] ?? reason) : null) ??
    (comment !== null ? 'see notes' : null);
  if (text === null) return null;
  return { reason: text, notes: comment };
}

interface Term {
  start: DayNumber;
  end: DayNumber;
  autoRenew: boolean;
  churnReason: DerivedContract['churnReason'];
}

function stripeTerms(
  s: NonNullable<BillingRecords['subscriptions']>[number],
  months: number,
  settings: ResolvedSettings,
  extras: SubscriptionExtras | undefined,
): Term[] {
  const service = paidService(s, settings);
  if (!service) return [];
  // A contract ends where the subscription was ended or set to end; an unpaid invoice cuts the revenue (the ledger
  // stops counting it) but not the term the customer signed.
  const day = (value: string | Date | null) => (value === null ? null : dayOf(value));
  const cancelled = day(s.endedAt) ?? day(s.cancelAt) ?? (s.status === 'canceled' ? day(s.canceledAt) : null);
  const anchor = s.currentPeriodStart !== null ? dayOf(s.currentPeriodStart) : service.start;
  const anchorEnd = s.currentPeriodEnd !== null ? dayOf(s.currentPeriodEnd) : addMonthsToDay(anchor, months);
  const starts = [anchor];
  for (let k = 1; ; k++) {
    const earlier = addMonthsToDay(anchor, -k * months);
    if (earlier <= service.start) break;
    starts.unshift(earlier);
  }
  if (service.start < (starts[0] ?? anchor)) starts.unshift(service.start);
  const terms: Term[] = [];
  starts.forEach((from, i) => {
    const start = Math.max(from, service.start);
    let end = starts[i + 1] ?? anchorEnd;
    if (cancelled !== null) end = Math.min(end, cancelled);
    if (end > start) terms.push({ start, end, autoRenew: true, churnReason: null });
  });
  const last = terms.at(-1);
  if (last) {
    const canceled = s.cancelAt !== null || s.endedAt !== null || s.canceledAt !== null || s.status === 'canceled';
    last.autoRenew = !canceled && !(extras?.cancelAtPeriodEnd ?? false);
    if (canceled) last.churnReason = stripeChurnReason(extras?.cancellation ?? null);
  }
  return terms;
}

/** Terms from explicit spans (period rows, invoice lines): those of 12 months or more, each renewing when followed. */
function spanTerms(spans: readonly { start: DayNumber; end: DayNumber | null }[]): Term[] {
  const seen = new Set<string>();
  const terms: Term[] = [];
  for (const span of spans) {
    if (span.end === null || !isWholeYears(span.start, span.end)) continue;
    const key = `${span.start}:${span.end}`;
    if (seen.has(key)) continue;
    seen.add(key);
    terms.push({ start: span.start, end: span.end, autoRenew: false, churnReason: null });
  }
  terms.sort((a, b) => a.start - b.start);
  for (const t of terms) t.autoRenew = spans.some((s) => s.start === t.end);
  return terms;
}

/**
 * Every stretch of paid service by subscription, account by account: an account with a record the revenue engine
 * cannot use (a currency without an FX rate by its day, a date out of range) is left out whole and named.
 */
function collectStretches(
  records: BillingRecords,
  settings: ResolvedSettings,
): { stretches: Map<string, Stretch[]>; leftOut: number[] } {
  const fx = records.fxRates?.length ? buildFxTable(records.fxRates, settings.reportingCurrency) : null;
  const stretches = new Map<string, Stretch[]>();
  const leftOut: number[] = [];
  for (const [accountId, own] of recordsByAccount(records)) {
    const found: [string, Stretch][] = [];
    const ctx: NormalizeContext = {
      settings,
      fx,
      onStretch: (s: ServiceStretch, valueMinor: number) => {
        if (s.subscriptionId === null || s.subscriptionId === undefined) return;
        found.push([s.subscriptionId, { start: s.start, end: s.end, valueMinor, accountId: Number(s.accountId) }]);
      },
    };
    try {
      const kinds = billingKinds(own, ctx);
      kinds.periods.run(kinds.periods.records);
      kinds.subscriptions.run(kinds.subscriptions.records);
      kinds.lines.run(kinds.lines.records);
    } catch {
      leftOut.push(Number(accountId));
      continue;
    }
    for (const [id, stretch] of found) {
      const list = stretches.get(id);
      if (list) list.push(stretch);
      else stretches.set(id, [stretch]);
    }
  }
  return { stretches, leftOut };
}

/** A derived contract's id: the subscription and the term's first day. */
export const derivedContractId = (subscriptionId: string, start: string) => `billing:${subscriptionId}:${start}`;

/**
 * Every term of every subscription billed yearly or longer as a contract, and every other subscription as a
 * monthly plan. `extras` adds what the store keeps of Stripe objects beyond the revenue engine's inputs; without
 * `spanTermsToo`, period rows and invoice lines make no terms (records whose contracts are known otherwise).
 */
export function deriveFromBilling(
  records: BillingRecords,
  settings: ResolvedSettings,
  extras: ReadonlyMap<string, SubscriptionExtras> = new Map(),
  { spanTermsToo = true }: { spanTermsToo?: boolean } = {},
): { contracts: DerivedContract[]; monthlyPlans: MonthlyPlan[]; leftOut: number[] } {
  const { stretches, leftOut } = collectStretches(records, settings);
  const objects = new Map((records.subscriptions ?? []).map((s) => [s.id, s]));
  const periods = new Map<string, { start: DayNumber; end: DayNumber | null }[]>();
  for (const p of records.periods ?? []) {
    const list = periods.get(p.subscriptionId) ?? [];
    list.push({ start: dayOf(p.startOn), end: p.endOn === null ? null : dayOf(p.endOn) });
    periods.set(p.subscriptionId, list);
  }
  const lines = new Map<string, { start: DayNumber; end: DayNumber | null }[]>();
  for (const l of records.invoiceLines ?? []) {
    if (l.subscriptionId === null || !l.recurring || l.proration || l.invoiceStatus === 'void') continue;
    const list = lines.get(l.subscriptionId) ?? [];
    list.push({ start: dayOf(l.periodStart), end: dayOf(l.periodEnd) });
    lines.set(l.subscriptionId, list);
  }
  const contracts: DerivedContract[] = [];
  const monthlyPlans: MonthlyPlan[] = [];
  const termsOf = new Map<string, Term[]>();
  const yearlyEnds = new Map<number, Set<DayNumber>>();
  for (const [subscriptionId, list] of stretches) {
    const accountId = list[0]?.accountId ?? 0;
    const object = objects.get(subscriptionId);
    let terms: Term[];
    if (object) {
      const months = cycleMonths(object.billingInterval, object.intervalCount);
      terms = months >= 12 ? stripeTerms(object, months, settings, extras.get(subscriptionId)) : [];
    } else {
      terms = spanTermsToo ? spanTerms(periods.get(subscriptionId) ?? lines.get(subscriptionId) ?? []) : [];
    }
    termsOf.set(subscriptionId, terms);
    const ends = yearlyEnds.get(accountId) ?? new Set<DayNumber>();
    for (const t of terms) if (isYearOrLonger(t.start, t.end)) ends.add(t.end);
    yearlyEnds.set(accountId, ends);
  }
  for (const [subscriptionId, list] of stretches) {
    const accountId = list[0]?.accountId ?? 0;
    let terms = termsOf.get(subscriptionId) ?? [];
    if (terms.length === 0 && !objects.has(subscriptionId) && spanTermsToo) {
      // Co-terming: a shorter span (an add-on) ending on the day a yearly term of the account ends is a term too.
      const ends = yearlyEnds.get(accountId) ?? new Set<DayNumber>();
      const spans = periods.get(subscriptionId) ?? lines.get(subscriptionId) ?? [];
      terms = spans
        .filter((span) => span.end !== null && ends.has(span.end))
        .map((span) => ({ start: span.start, end: span.end ?? span.start, autoRenew: false, churnReason: null }));
    }
    if (terms.length === 0) {
      monthlyPlans.push({
        accountId,
        subscriptionId,
        stretches: list.map(({ start, end, valueMinor }) => ({ start, end, valueMinor })),
      });
      continue;
    }
    for (const term of terms) {
      const arr = termArr(list, term.start, term.end);
      if (arr === null) continue;
      const startDate = formatDay(term.start);
      contracts.push({
        contractId: derivedContractId(subscriptionId, startDate),
        accountId,
        subscriptionId,
        startDate,
        endDate: formatDay(term.end),
        arrMinor: arr,
        currency: settings.reportingCurrency,
        autoRenew: term.autoRenew,
        churnReason: term.churnReason,
      });
    }
  }
  contracts.sort(
    (a, b) =>
      a.accountId - b.accountId || a.startDate.localeCompare(b.startDate) || a.contractId.localeCompare(b.contractId),
  );
  return { contracts, monthlyPlans, leftOut };
}

/** A contract's account and days, as the precedence rule reads them. */
export interface ContractSpan {
  accountId: number;
  startDate: string;
  endDate: string;
}

/**
 * Imported contracts win: a derived contract is left out when an imported contract of the same account overlaps
 * its days (they share at least one day), as the imported one states that stretch of the account's commitment.
 */
export function withoutImported<T extends ContractSpan>(derived: readonly T[], imported: readonly ContractSpan[]): T[] {
  const byAccount = new Map<number, ContractSpan[]>();
  for (const c of imported) {
    const list = byAccount.get(c.accountId) ?? [];
    list.push(c);
    byAccount.set(c.accountId, list);
  }
  return derived.filter(
    (d) => !(byAccount.get(d.accountId) ?? []).some((c) => c.startDate < d.endDate && d.startDate < c.endDate),
  );
}
