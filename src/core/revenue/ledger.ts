// The movement ledger: per customer, the MRR history as spans of constant MRR, and one row per change.
//
// Each customer-month is compared with the previous month, as in the dbt mrr-playbook's mrr.sql:
//   new           MRR > 0 for the first time (first paid month)
//   reactivation  MRR > 0 after a month at 0, having paid before
//   expansion     MRR up,   both months > 0
//   contraction   MRR down, both months > 0
//   churn         MRR back to 0 (recorded in the month after the last paid month)
//   fx            currency effect, kept out of the movements above (below)
// A customer paying only in month M is new in M and churns in M+1. Months after asOf's month are not
// produced, so service still in force on asOf never churns.
//
// FX: MRR in the reporting currency is each record's amount at the rate of its first day, so it moves only
// when service changes. When, between two paid months, records end and others start in the same currency
// (a renewal), the part of the old amount that continues (min of the ended and started native amounts) is
// revalued from the ended records' rate to the started records' rate: that is the `fx` row (rounded
// half-to-even); the rest of the change is the movement. So MRR(M-1) + fx + movement = MRR(M) exactly.
import type { MonthIndex } from '../period.ts';
import { roundHalfEven } from '../rounding.ts';
import type { AccountId, MovementKind, MrrInterval, ResolvedSettings } from './types.ts';

/** One change of a customer's MRR in a month. */
export interface Movement {
  accountId: AccountId;
  month: MonthIndex;
  kind: MovementKind;
  /** Signed, reporting-currency minor units: churn and contraction negative. */
  amountMinor: number;
  mrrBeforeMinor: number;
  mrrAfterMinor: number;
  /** The customer's plan that month; for churn, the plan of the last paid month. */
  plan: string | null;
  /** Source records behind the MRR before and after (see MrrInterval.sources). */
  sourcesBefore: readonly string[];
  sourcesAfter: readonly string[];
}

/** Months [startMonth, endMonth) in which a customer paid a constant MRR (> 0) on one plan. */
export interface MrrSpan {
  startMonth: MonthIndex;
  endMonth: MonthIndex;
  mrrMinor: number;
  plan: string | null;
}

export interface CustomerLedger {
  accountId: AccountId;
  /** Paid months only, in order; a gap between spans is a month with no MRR. */
  history: MrrSpan[];
  /** In month order; in a month with both, the fx row comes before the movement. */
  movements: Movement[];
}

export interface Ledger {
  /** First month with a movement, i.e. someone's first paid month (lastMonth + 1 when nobody ever paid). */
  firstMonth: MonthIndex;
  /** asOf's month. */
  lastMonth: MonthIndex;
  customers: CustomerLedger[];
}

const NONE: readonly string[] = [];

/** Inserts `month` into the ascending, duplicate-free `months` (a handful per customer: no sort call). */
function insertMonth(months: number[], month: MonthIndex): void {
  let i = months.length;
  while (i > 0 && (months[i - 1] ?? 0) > month) i--;
  if (i > 0 && months[i - 1] === month) return;
  months.splice(i, 0, month);
}

/** Months in which the customer's records change, through lastMonth. */
function boundaryMonths(intervals: readonly MrrInterval[], lastMonth: MonthIndex, withBlips: boolean): number[] {
  const months: number[] = [];
  for (const iv of intervals) {
    if (iv.startMonth === iv.endMonth && !withBlips) continue;
    if (iv.startMonth <= lastMonth) insertMonth(months, iv.startMonth);
    if (iv.endMonth <= lastMonth && iv.endMonth !== iv.startMonth) insertMonth(months, iv.endMonth);
  }
  return months;
}

/** Native and reporting-currency sums of the records in `currency` that `pick` selects. */
function sumsIn(intervals: readonly MrrInterval[], currency: string, pick: (iv: MrrInterval) => boolean) {
  let native = 0;
  let value = 0;
  for (const iv of intervals) {
    if (iv.currency === currency && pick(iv)) {
      native += iv.nativeMinor;
      value += iv.valueMinor;
    }
  }
  return { native, value };
}

/** Currency effect between the records in force in month-1 (`before`) and in month (`after`). */
function fxEffect(before: readonly MrrInterval[], after: readonly MrrInterval[], month: MonthIndex): number {
  const currencies: string[] = [];
  for (const iv of before) if (iv.endMonth === month && !currencies.includes(iv.currency)) currencies.push(iv.currency);
  let fx = 0;
  for (const currency of currencies) {
    const ended = sumsIn(before, currency, (iv) => iv.endMonth === month);
    const started = sumsIn(after, currency, (iv) => iv.startMonth === month);
    if (ended.native <= 0 || started.native <= 0) continue;
    if (ended.native === started.native) fx += started.value - ended.value;
    else {
      const continuing = Math.min(ended.native, started.native);
      fx += roundHalfEven(continuing * (started.value / started.native - ended.value / ended.native));
    }
  }
  return fx;
}

/** The plan of the record bringing the most MRR (the first on ties). */
function dominantPlan(active: readonly MrrInterval[]): string | null {
  let best: MrrInterval | undefined;
  for (const iv of active) if (!best || iv.valueMinor > best.valueMinor) best = iv;
  return best?.plan ?? null;
}

function sourcesOf(active: readonly MrrInterval[]): readonly string[] {
  const only = active[0];
  if (!only) return NONE;
  return active.length === 1 ? only.sources : active.flatMap((iv) => iv.sources);
}

interface MonthState {
  mrr: number;
  plan: string | null;
  active: readonly MrrInterval[];
  sources: readonly string[] | null;
}

const EMPTY: MonthState = { mrr: 0, plan: null, active: [], sources: NONE };

function stateOf(active: readonly MrrInterval[]): MonthState {
  let raw = 0;
  for (const iv of active) raw += iv.valueMinor;
  // Credits larger than the charges (negative invoice lines) floor a customer-month at zero.
  const mrr = raw > 0 ? raw : 0;
  return { mrr, plan: mrr > 0 ? dominantPlan(active) : null, active, sources: null };
}

/** Records in force in `month`, or (`inside`) those that ran inside it without reaching its snapshot day. */
function recordsOf(intervals: readonly MrrInterval[], month: MonthIndex, inside: boolean): MrrInterval[] {
  const picked: MrrInterval[] = [];
  for (const iv of intervals) {
    const hit = inside
      ? iv.startMonth === month && iv.endMonth === month
      : iv.startMonth <= month && month < iv.endMonth;
    if (hit) picked.push(iv);
  }
  return picked;
}

const sourcesAt = (state: MonthState) => (state.sources ??= sourcesOf(state.active));

function pushMovement(
  movements: Movement[],
  accountId: AccountId,
  month: MonthIndex,
  kind: MovementKind,
  change: { amount: number; before: number; from: MonthState; to: MonthState },
): void {
  movements.push({
    accountId,
    month,
    kind,
    amountMinor: change.amount,
    mrrBeforeMinor: change.before,
    mrrAfterMinor: change.before + change.amount,
    plan: kind === 'churn' ? change.from.plan : change.to.plan,
    sourcesBefore: sourcesAt(change.from),
    sourcesAfter: sourcesAt(change.to),
  });
}

/** The movements from `prev` (month - 1) to `now` (month); returns whether the customer has paid by now. */
function classify(
  out: Movement[],
  accountId: AccountId,
  month: MonthIndex,
  states: { prev: MonthState; now: MonthState; blip: MonthState | null },
  everPaid: boolean,
): boolean {
  const { prev, now, blip } = states;
  const arrival = everPaid ? 'reactivation' : 'new';
  if (prev.mrr === 0 && now.mrr > 0) {
    pushMovement(out, accountId, month, arrival, { amount: now.mrr, before: 0, from: prev, to: now });
    return true;
  }
  if (prev.mrr > 0 && now.mrr === 0) {
    pushMovement(out, accountId, month, 'churn', { amount: -prev.mrr, before: prev.mrr, from: prev, to: now });
  } else if (prev.mrr > 0) {
    const fx = fxEffect(prev.active, now.active, month);
    if (fx !== 0) pushMovement(out, accountId, month, 'fx', { amount: fx, before: prev.mrr, from: prev, to: now });
    const amount = now.mrr - prev.mrr - fx;
    const kind = amount > 0 ? 'expansion' : 'contraction';
    if (amount !== 0) pushMovement(out, accountId, month, kind, { amount, before: prev.mrr + fx, from: prev, to: now });
  } else if (blip && blip.mrr > 0) {
    pushMovement(out, accountId, month, arrival, { amount: blip.mrr, before: 0, from: prev, to: blip });
    pushMovement(out, accountId, month, 'churn', { amount: -blip.mrr, before: blip.mrr, from: blip, to: now });
    return true;
  }
  return everPaid;
}

/** A customer's history and movements from its intervals (any order), through settings.lastMonth. */
export function ledgerForCustomer(
  accountId: AccountId,
  intervals: readonly MrrInterval[],
  settings: Pick<ResolvedSettings, 'lastMonth' | 'sameMonthNewAndChurn'>,
): CustomerLedger {
  const recordBlips = settings.sameMonthNewAndChurn === 'record';
  const history: MrrSpan[] = [];
  const movements: Movement[] = [];
  let everPaid = false;
  let open: MrrSpan | null = null;
  let prev = EMPTY;
  for (const month of boundaryMonths(intervals, settings.lastMonth, recordBlips)) {
    const now = stateOf(recordsOf(intervals, month, false));
    const blip = recordBlips && prev.mrr === 0 && now.mrr === 0 ? stateOf(recordsOf(intervals, month, true)) : null;
    everPaid = classify(movements, accountId, month, { prev, now, blip }, everPaid);
    if (open && (open.mrrMinor !== now.mrr || open.plan !== now.plan)) {
      open.endMonth = month;
      open = null;
    }
    if (!open && now.mrr > 0) {
      open = { startMonth: month, endMonth: settings.lastMonth + 1, mrrMinor: now.mrr, plan: now.plan };
      history.push(open);
    }
    prev = now;
  }
  return { accountId, history, movements };
}

/** Intervals by account, each account's list in input order; accounts in order of first appearance. */
export function groupByAccount(intervals: readonly MrrInterval[]): Map<AccountId, MrrInterval[]> {
  const groups = new Map<AccountId, MrrInterval[]>();
  let lastId: AccountId | undefined;
  let lastList: MrrInterval[] = [];
  for (const iv of intervals) {
    // Store rows usually arrive ordered by account: skip the map lookup while the account repeats.
    if (iv.accountId !== lastId || groups.size === 0) {
      lastId = iv.accountId;
      const found = groups.get(lastId);
      if (found) lastList = found;
      else groups.set(lastId, (lastList = []));
    }
    lastList.push(iv);
  }
  return groups;
}

/** Assembles a ledger from per-customer ledgers (e.g. after recomputing some of them); drops never-paid ones. */
export function ledgerOf(customers: readonly CustomerLedger[], lastMonth: MonthIndex): Ledger {
  let firstMonth = lastMonth + 1;
  const paying: CustomerLedger[] = [];
  for (const customer of customers) {
    const first = customer.movements[0];
    if (!first) continue;
    paying.push(customer);
    if (first.month < firstMonth) firstMonth = first.month;
  }
  return { firstMonth, lastMonth, customers: paying };
}

/** The whole ledger: every account's ledgerForCustomer, so totals are sums of per-customer rows. */
export function buildLedger(
  intervals: readonly MrrInterval[],
  settings: Pick<ResolvedSettings, 'lastMonth' | 'sameMonthNewAndChurn'>,
): Ledger {
  const customers: CustomerLedger[] = [];
  for (const [accountId, list] of groupByAccount(intervals)) {
    customers.push(ledgerForCustomer(accountId, list, settings));
  }
  return ledgerOf(customers, settings.lastMonth);
}
