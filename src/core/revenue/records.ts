// Billing records → intervals account by account, where one bad record (a currency without an FX rate on
// or before its date, a date outside 1970–2100) is left out and named instead of failing every report.
import { buildFxTable, type FxRate } from '../fx.ts';
import { dayOf, formatDay } from '../period.ts';
import { inBillingRange } from './columnar.ts';
import type { LineLifecycle } from './line-rules.ts';
import {
  intervalsFromInvoiceLines,
  intervalsFromPeriods,
  type InvoiceLineInput,
  type NormalizeContext,
  type SubscriptionPeriodInput,
} from './normalize.ts';
import { intervalsFromSubscriptions, type SubscriptionInput } from './subscriptions.ts';
import type { AccountId, MrrInterval, ResolvedSettings } from './types.ts';

export interface BillingRecords {
  periods?: readonly SubscriptionPeriodInput[];
  /** Every subscription object: one with recurring invoice lines counts from them, with its lifecycle. */
  subscriptions?: readonly SubscriptionInput[];
  invoiceLines?: readonly InvoiceLineInput[];
  fxRates?: readonly FxRate[];
  /** Accounts that count as another (merged, or rolled up into a parent): id → the id it counts as. */
  accountMap?: ReadonlyMap<AccountId, AccountId>;
}

/** Subscriptions billed by recurring invoice lines, and what their objects say about those lines. */
export function lineLifecycles(records: BillingRecords): {
  invoiced: Set<string>;
  lifecycles: Map<string, LineLifecycle>;
} {
  const invoiced = new Set<string>();
  for (const l of records.invoiceLines ?? []) {
    if (l.recurring && l.subscriptionId !== null && l.invoiceStatus !== 'draft') invoiced.add(l.subscriptionId);
  }
  const lifecycles = new Map<string, LineLifecycle>();
  for (const s of records.subscriptions ?? []) {
    if (!invoiced.has(s.id)) continue;
    const canceledAt = s.canceledAt === null ? null : dayOf(s.canceledAt);
    lifecycles.set(s.id, { canceledAt, paused: (s.pauseCollection ?? null) !== null });
  }
  return { invoiced, lifecycles };
}

/** One kind of record as the normalizer takes it: the records that count, and how they become intervals. */
export interface BillingKind<R> {
  records: readonly R[];
  ref: (record: R) => string;
  run: (records: readonly R[]) => MrrInterval[];
}

/**
 * The three kinds, as every normalization reads them (normalizeRecords, normalizeWithProblems): periods;
 * subscription objects not billed by invoice lines; invoice lines, with their subscriptions' lifecycles.
 */
export function billingKinds(
  records: BillingRecords,
  ctx: NormalizeContext,
): {
  periods: BillingKind<SubscriptionPeriodInput>;
  subscriptions: BillingKind<SubscriptionInput>;
  lines: BillingKind<InvoiceLineInput>;
} {
  const { invoiced, lifecycles } = lineLifecycles(records);
  return {
    periods: {
      records: records.periods ?? [],
      ref: (p) => `period:${p.id}`,
      run: (list) => intervalsFromPeriods(list, ctx),
    },
    subscriptions: {
      records: (records.subscriptions ?? []).filter((s) => !invoiced.has(s.id)),
      ref: (s) => `subscription:${s.id}`,
      run: (list) => intervalsFromSubscriptions(list, ctx),
    },
    lines: {
      records: records.invoiceLines ?? [],
      ref: (l) => `line:${l.id}`,
      run: (list) => intervalsFromInvoiceLines(list, ctx, lifecycles),
    },
  };
}

/** Intervals under the account each counts as (`accountMap`: merges, parents); the same list without one. */
export function countAs(
  intervals: MrrInterval[],
  accountMap: ReadonlyMap<AccountId, AccountId> | undefined,
): MrrInterval[] {
  if (!accountMap || accountMap.size === 0) return intervals;
  return intervals.map((iv) => {
    const to = accountMap.get(iv.accountId);
    return to === undefined ? iv : { ...iv, accountId: to };
  });
}

/** A billing record the engine left out, and why. `ref` is 'period:<id>', 'subscription:<id>' or 'line:<id>'. */
export interface RecordProblem {
  ref: string;
  accountId: AccountId;
  reason: string;
}

export function normalizeContext(fxRates: readonly FxRate[], settings: ResolvedSettings): NormalizeContext {
  return { settings, fx: fxRates.length > 0 ? buildFxTable(fxRates, settings.reportingCurrency) : null };
}

/** Why the intervals of one record cannot be used, or null when they can. */
function outOfRange(intervals: readonly MrrInterval[]): string | null {
  for (const iv of intervals) {
    for (const day of [iv.startDay, iv.endDay]) {
      if (day !== undefined && day !== null && !inBillingRange(day)) {
        return `date ${formatDay(day)} is outside 1970-01-01..2100-12-31`;
      }
    }
  }
  return null;
}

function attempt(run: () => MrrInterval[]): { intervals: MrrInterval[] } | { reason: string } {
  try {
    const intervals = run();
    const reason = outOfRange(intervals);
    return reason === null ? { intervals } : { reason };
  } catch (error) {
    return { reason: error instanceof Error ? error.message : String(error) };
  }
}

/**
 * Normalizes a list of one kind: all together, or, when that fails, without the records that fail alone
 * (invoice lines are normalized together, as prorations read the regular lines beside them).
 */
function normalizeKind<R extends { accountId: AccountId }>(
  kind: BillingKind<R>,
  problems: RecordProblem[],
): MrrInterval[] {
  const { records, ref, run } = kind;
  if (records.length === 0) return [];
  const whole = attempt(() => run(records));
  if ('intervals' in whole) return whole.intervals;
  const good: R[] = [];
  for (const record of records) {
    const alone = attempt(() => run([record]));
    if ('intervals' in alone) good.push(record);
    else problems.push({ ref: ref(record), accountId: record.accountId, reason: alone.reason });
  }
  if (good.length === records.length) {
    // Fails only together: leave the kind out for this account rather than guess.
    for (const record of records)
      problems.push({ ref: ref(record), accountId: record.accountId, reason: whole.reason });
    return [];
  }
  return normalizeKind({ records: good, ref, run }, problems);
}

/**
 * Intervals of some accounts' records (in the normalizer's order: periods, subscriptions, lines), as
 * normalizeRecords gives them, less the records that cannot be used (each named once, under its own account).
 */
export function normalizeWithProblems(
  records: BillingRecords,
  ctx: NormalizeContext,
): { intervals: MrrInterval[]; problems: RecordProblem[] } {
  const problems: RecordProblem[] = [];
  const kinds = billingKinds(records, ctx);
  const intervals = normalizeKind(kinds.periods, problems).concat(
    normalizeKind(kinds.subscriptions, problems),
    normalizeKind(kinds.lines, problems),
  );
  return { intervals: countAs(intervals, records.accountMap), problems };
}

/**
 * Normalization rules that read the as-of day beyond the cut (columnar.ts), each a test of an account's
 * records: such accounts are normalized again at each day asked. None does today: an unpaid invoice, or a
 * past_due/unpaid subscription, counts through a fixed day (its due date plus the grace days, graceEnd in
 * line-rules.ts), and paused collection and cancellations end on days of their own, which the cut reads like
 * any end (columnar.test.ts checks every rule against a fresh computation at random days). A rule that
 * comes to read asOf must be listed here.
 */
const AS_OF_RULES: readonly ((records: BillingRecords) => boolean)[] = [];

/** Whether an account's intervals depend on the as-of day beyond the cut (see AS_OF_RULES). */
export function readsAsOf(records: BillingRecords): boolean {
  return AS_OF_RULES.some((rule) => rule(records));
}

/** Splits bulk-read records (ordered by account) by account, each kind in its given order. */
export function recordsByAccount(records: BillingRecords): Map<AccountId, BillingRecords> {
  const out = new Map<
    AccountId,
    { periods: SubscriptionPeriodInput[]; subscriptions: SubscriptionInput[]; invoiceLines: InvoiceLineInput[] }
  >();
  const of = (id: AccountId) => {
    let r = out.get(id);
    if (!r) out.set(id, (r = { periods: [], subscriptions: [], invoiceLines: [] }));
    return r;
  };
  for (const p of records.periods ?? []) of(p.accountId).periods.push(p);
  for (const s of records.subscriptions ?? []) of(s.accountId).subscriptions.push(s);
  for (const l of records.invoiceLines ?? []) of(l.accountId).invoiceLines.push(l);
  return out;
}
