// Billing records → intervals account by account, where one bad record (a currency without an FX rate on
// or before its date, a date outside 1970–2100) is left out and named instead of failing every report.
import { buildFxTable, type FxRate } from '../fx.ts';
import { formatDay } from '../period.ts';
import { inBillingRange } from './columnar.ts';
import type { BillingRecords } from './index.ts';
import {
  intervalsFromInvoiceLines,
  intervalsFromPeriods,
  type InvoiceLineInput,
  type NormalizeContext,
  type SubscriptionPeriodInput,
} from './normalize.ts';
import { intervalsFromSubscriptions, type SubscriptionInput } from './subscriptions.ts';
import type { AccountId, MrrInterval, ResolvedSettings } from './types.ts';

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
  records: readonly R[],
  refOf: (record: R) => string,
  run: (records: readonly R[]) => MrrInterval[],
  problems: RecordProblem[],
): MrrInterval[] {
  if (records.length === 0) return [];
  const whole = attempt(() => run(records));
  if ('intervals' in whole) return whole.intervals;
  const good: R[] = [];
  for (const record of records) {
    const alone = attempt(() => run([record]));
    if ('intervals' in alone) good.push(record);
    else problems.push({ ref: refOf(record), accountId: record.accountId, reason: alone.reason });
  }
  if (good.length === records.length) {
    // Fails only together: leave the kind out for this account rather than guess.
    for (const record of records)
      problems.push({ ref: refOf(record), accountId: record.accountId, reason: whole.reason });
    return [];
  }
  return normalizeKind(good, refOf, run, problems);
}

/** Intervals of some accounts' records (in the normalizer's order: periods, subscriptions, lines). */
export function normalizeWithProblems(
  records: BillingRecords,
  ctx: NormalizeContext,
): { intervals: MrrInterval[]; problems: RecordProblem[] } {
  const problems: RecordProblem[] = [];
  const intervals = normalizeKind<SubscriptionPeriodInput>(
    records.periods ?? [],
    (p) => `period:${p.id}`,
    (list) => intervalsFromPeriods(list, ctx),
    problems,
  ).concat(
    normalizeKind<SubscriptionInput>(
      records.subscriptions ?? [],
      (s) => `subscription:${s.id}`,
      (list) => intervalsFromSubscriptions(list, ctx),
      problems,
    ),
    normalizeKind<InvoiceLineInput>(
      records.invoiceLines ?? [],
      (l) => `line:${l.id}`,
      (list) => intervalsFromInvoiceLines(list, ctx),
      problems,
    ),
  );
  return { intervals, problems };
}

const UNPAID = new Set(['past_due', 'unpaid']);

/**
 * Whether an account's intervals depend on the as-of day beyond the cut (columnar.ts): a past-due grace is
 * read against asOf itself. Such accounts are normalized at each day asked. A normalization rule that reads
 * asOf must be listed here.
 */
export function readsAsOf(records: BillingRecords): boolean {
  return (records.subscriptions ?? []).some((s) => UNPAID.has(s.status));
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
