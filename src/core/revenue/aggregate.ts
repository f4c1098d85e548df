// Sums a ledger into flat arrays by month (no per-month objects), overall or by group. Every figure is a
// sum of per-customer contributions, so recomputing one customer and re-aggregating gives the same totals.
import type { MonthIndex } from '../period.ts';
import type { CustomerLedger, Ledger, Movement, MrrSpan } from './ledger.ts';
import { MOVEMENT_KINDS, type MovementKind } from './types.ts';

/** Longest look-back kept for cohort sums: a year (T12M windows). */
export const MAX_COHORT_LAG = 12;

const KIND_INDEX: Readonly<Record<MovementKind, number>> = Object.fromEntries(
  MOVEMENT_KINDS.map((k, i) => [k, i]),
) as Record<MovementKind, number>;

/**
 * Month i of every array is month `firstMonth + i`; `length = lastMonth - firstMonth + 1`. Amounts are in
 * reporting-currency minor units (integers held in float64, exact to 2^53).
 */
export interface MonthlyAggregate {
  firstMonth: MonthIndex;
  lastMonth: MonthIndex;
  length: number;
  /** MRR at the end of the month, and customers with MRR > 0 then. */
  mrrMinor: Float64Array;
  payingCustomers: Int32Array;
  /** Signed movement sums and counts, [kindIndex * length + i], kinds in MOVEMENT_KINDS order. */
  movementMinor: Float64Array;
  movementCount: Int32Array;
  /** Net MRR (and customers) moved into the group by customers whose group changed (plan switches); 0 overall. */
  transferMinor: Float64Array;
  transferCustomers: Int32Array;
  /**
   * Churn of customers who started and stopped paying within the month (sameMonthNewAndChurn 'record'):
   * part of movementMinor/movementCount, kept apart because they were never starting customers of a rate.
   */
  blipChurnMinor: Float64Array;
  blipChurnCount: Int32Array;
  /**
   * Cohort sums for the customers paying at the end of month i - lag, lag 1..12, at [(lag - 1) * length + i]:
   * their MRR at month i, Σ min(MRR at i, MRR at i - lag), and how many still pay at i.
   */
  cohortNowMinor: Float64Array;
  cohortFloorMinor: Float64Array;
  cohortRetained: Int32Array;
}

export function kindIndex(kind: MovementKind): number {
  return KIND_INDEX[kind];
}

function emptyAggregate(firstMonth: MonthIndex, lastMonth: MonthIndex): MonthlyAggregate {
  const length = Math.max(0, lastMonth - firstMonth + 1);
  const cohort = MAX_COHORT_LAG * length;
  return {
    firstMonth,
    lastMonth,
    length,
    mrrMinor: new Float64Array(length),
    payingCustomers: new Int32Array(length),
    movementMinor: new Float64Array(MOVEMENT_KINDS.length * length),
    movementCount: new Int32Array(MOVEMENT_KINDS.length * length),
    transferMinor: new Float64Array(length),
    transferCustomers: new Int32Array(length),
    blipChurnMinor: new Float64Array(length),
    blipChurnCount: new Int32Array(length),
    cohortNowMinor: new Float64Array(cohort),
    cohortFloorMinor: new Float64Array(cohort),
    cohortRetained: new Int32Array(cohort),
  };
}

function addMovement(agg: MonthlyAggregate, m: Movement): void {
  const i = m.month - agg.firstMonth;
  if (i < 0 || i >= agg.length) return;
  const at = KIND_INDEX[m.kind] * agg.length + i;
  agg.movementMinor[at] = (agg.movementMinor[at] ?? 0) + m.amountMinor;
  agg.movementCount[at] = (agg.movementCount[at] ?? 0) + 1;
}

/** Adds `value` over months [start, end) to a difference array whose prefix sums come later. */
function addRange(
  agg: MonthlyAggregate,
  diff: Float64Array | Int32Array,
  offset: number,
  start: number,
  end: number,
  value: number,
) {
  const lo = Math.max(start, agg.firstMonth) - agg.firstMonth;
  const hi = Math.min(end, agg.lastMonth + 1) - agg.firstMonth;
  if (lo >= hi) return;
  diff[offset + lo] = (diff[offset + lo] ?? 0) + value;
  // A range running to the last month needs no end marker (it would land in the next lag's block).
  if (hi < agg.length) diff[offset + hi] = (diff[offset + hi] ?? 0) - value;
}

function addSpan(agg: MonthlyAggregate, span: MrrSpan): void {
  addRange(agg, agg.mrrMinor, 0, span.startMonth, span.endMonth, span.mrrMinor);
  addRange(agg, agg.payingCustomers, 0, span.startMonth, span.endMonth, 1);
}

/** Cohort sums for `then` (paid at i - lag) against `now` (paid at i), for every lag. */
function addCohortPair(agg: MonthlyAggregate, then: MrrSpan, now: MrrSpan): void {
  const floor = Math.min(then.mrrMinor, now.mrrMinor);
  for (let lag = 1; lag <= MAX_COHORT_LAG; lag++) {
    const start = Math.max(then.startMonth + lag, now.startMonth);
    const end = Math.min(then.endMonth + lag, now.endMonth);
    if (start >= end) continue;
    const offset = (lag - 1) * agg.length;
    addRange(agg, agg.cohortNowMinor, offset, start, end, now.mrrMinor);
    addRange(agg, agg.cohortFloorMinor, offset, start, end, floor);
    addRange(agg, agg.cohortRetained, offset, start, end, 1);
  }
}

function addTransfer(agg: MonthlyAggregate, month: MonthIndex, mrr: number, customers: number): void {
  const i = month - agg.firstMonth;
  if (i < 0 || i >= agg.length) return;
  agg.transferMinor[i] = (agg.transferMinor[i] ?? 0) + mrr;
  agg.transferCustomers[i] = (agg.transferCustomers[i] ?? 0) + customers;
}

/** Where a customer's spans and movements go; `null` for the overall aggregate. */
export interface Grouping<K> {
  spanGroup(customer: CustomerLedger, span: MrrSpan): K;
  movementGroup(customer: CustomerLedger, movement: Movement): K;
}

/** A churn right after an arrival in the same month: service that ran inside that month only. */
function addBlip(agg: MonthlyAggregate, m: Movement): void {
  const i = m.month - agg.firstMonth;
  if (i < 0 || i >= agg.length) return;
  agg.blipChurnMinor[i] = (agg.blipChurnMinor[i] ?? 0) + m.amountMinor;
  agg.blipChurnCount[i] = (agg.blipChurnCount[i] ?? 0) + 1;
}

function addCustomer<K>(customer: CustomerLedger, target: (key: K) => MonthlyAggregate, grouping: Grouping<K>): void {
  let previous: Movement | undefined;
  for (const m of customer.movements) {
    const agg = target(grouping.movementGroup(customer, m));
    addMovement(agg, m);
    const arrived = previous?.kind === 'new' || previous?.kind === 'reactivation';
    if (m.kind === 'churn' && arrived && previous?.month === m.month) addBlip(agg, m);
    previous = m;
  }
  const spans = customer.history;
  let before: MrrSpan | undefined;
  let beforeAgg: MonthlyAggregate | undefined;
  for (let i = 0; i < spans.length; i++) {
    const span = spans[i];
    if (!span) break;
    const agg = target(grouping.spanGroup(customer, span));
    addSpan(agg, span);
    if (before && beforeAgg && beforeAgg !== agg && before.endMonth === span.startMonth) {
      addTransfer(beforeAgg, span.startMonth, -before.mrrMinor, -1);
      addTransfer(agg, span.startMonth, before.mrrMinor, 1);
    }
    // A cohort belongs to the group it was in at the window's start.
    for (let j = i; j < spans.length; j++) {
      const later = spans[j];
      if (!later || later.startMonth >= span.endMonth + MAX_COHORT_LAG) break;
      addCohortPair(agg, span, later);
    }
    before = span;
    beforeAgg = agg;
  }
}

function prefixSums(agg: MonthlyAggregate): MonthlyAggregate {
  const sum = (a: Float64Array | Int32Array, offset: number) => {
    for (let i = 1; i < agg.length; i++) a[offset + i] = (a[offset + i] ?? 0) + (a[offset + i - 1] ?? 0);
  };
  sum(agg.mrrMinor, 0);
  sum(agg.payingCustomers, 0);
  for (let lag = 0; lag < MAX_COHORT_LAG; lag++) {
    sum(agg.cohortNowMinor, lag * agg.length);
    sum(agg.cohortFloorMinor, lag * agg.length);
    sum(agg.cohortRetained, lag * agg.length);
  }
  return agg;
}

const OVERALL: Grouping<null> = { spanGroup: () => null, movementGroup: () => null };

/** Adds customers one by one (e.g. chunk by chunk from the store), then sums up once. */
export interface AggregateBuilder<T> {
  add(customer: CustomerLedger): void;
  finish(): T;
}

/**
 * Overall aggregate over months firstMonth..lastMonth. firstMonth should be at or before the first paid
 * month (Ledger.firstMonth): months before it are not kept, so a window starting there sees no starting MRR.
 */
export function aggregateBuilder(firstMonth: MonthIndex, lastMonth: MonthIndex): AggregateBuilder<MonthlyAggregate> {
  const agg = emptyAggregate(firstMonth, lastMonth);
  return {
    add: (customer) => {
      addCustomer(customer, () => agg, OVERALL);
    },
    finish: () => prefixSums(agg),
  };
}

/** One aggregate per group key, over months firstMonth..lastMonth. */
export function groupedAggregateBuilder<K>(
  firstMonth: MonthIndex,
  lastMonth: MonthIndex,
  grouping: Grouping<K>,
): AggregateBuilder<Map<K, MonthlyAggregate>> {
  const groups = new Map<K, MonthlyAggregate>();
  const target = (key: K) => {
    let agg = groups.get(key);
    if (!agg) groups.set(key, (agg = emptyAggregate(firstMonth, lastMonth)));
    return agg;
  };
  return {
    add: (customer) => {
      addCustomer(customer, target, grouping);
    },
    finish: () => {
      for (const agg of groups.values()) prefixSums(agg);
      return groups;
    },
  };
}

/** The whole ledger, months ledger.firstMonth..ledger.lastMonth. */
export function aggregateLedger(ledger: Ledger): MonthlyAggregate {
  const builder = aggregateBuilder(ledger.firstMonth, ledger.lastMonth);
  for (const customer of ledger.customers) builder.add(customer);
  return builder.finish();
}

/** One aggregate per group key, all over the ledger's months. */
export function aggregateByGroup<K>(ledger: Ledger, grouping: Grouping<K>): Map<K, MonthlyAggregate> {
  const builder = groupedAggregateBuilder(ledger.firstMonth, ledger.lastMonth, grouping);
  for (const customer of ledger.customers) builder.add(customer);
  return builder.finish();
}

/** One month of an aggregate as a plain row (for storage, printing or comparison). */
export interface MonthTotals {
  month: MonthIndex;
  mrrMinor: number;
  payingCustomers: number;
  movementMinor: Record<MovementKind, number>;
  movementCount: Record<MovementKind, number>;
}

/** The aggregate month by month, oldest first. */
export function monthlyTotals(agg: MonthlyAggregate): MonthTotals[] {
  const rows: MonthTotals[] = [];
  for (let i = 0; i < agg.length; i++) {
    const amount = {} as Record<MovementKind, number>;
    const count = {} as Record<MovementKind, number>;
    for (const kind of MOVEMENT_KINDS) {
      amount[kind] = agg.movementMinor[KIND_INDEX[kind] * agg.length + i] ?? 0;
      count[kind] = agg.movementCount[KIND_INDEX[kind] * agg.length + i] ?? 0;
    }
    rows.push({
      month: agg.firstMonth + i,
      mrrMinor: agg.mrrMinor[i] ?? 0,
      payingCustomers: agg.payingCustomers[i] ?? 0,
      movementMinor: amount,
      movementCount: count,
    });
  }
  return rows;
}

type AggregateColumn = {
  [K in keyof MonthlyAggregate]: MonthlyAggregate[K] extends Float64Array | Int32Array ? K : never;
}[keyof MonthlyAggregate];

/**
 * `base` with some customers' contributions taken out and others put in (each figure is a sum over
 * customers, so this equals aggregating the changed ledger afresh). Months are base's; a customer paying
 * before base.firstMonth needs a fresh aggregate instead.
 */
export function patchAggregate(
  base: MonthlyAggregate,
  removed: readonly CustomerLedger[],
  added: readonly CustomerLedger[],
): MonthlyAggregate {
  const out = emptyAggregate(base.firstMonth, base.lastMonth);
  // Every per-month column (a new one is patched without being listed here).
  const fields = (Object.keys(out) as (keyof MonthlyAggregate)[]).filter(
    (k): k is AggregateColumn => out[k] instanceof Float64Array || out[k] instanceof Int32Array,
  );
  for (const f of fields) out[f].set(base[f]);
  const apply = (customer: CustomerLedger, sign: number) => {
    const one = aggregateBuilder(base.firstMonth, base.lastMonth);
    one.add(customer);
    const part = one.finish();
    for (const f of fields) {
      const target = out[f];
      const source = part[f];
      for (let i = 0; i < target.length; i++) target[i] = (target[i] ?? 0) + sign * (source[i] ?? 0);
    }
  };
  for (const c of removed) apply(c, -1);
  for (const c of added) apply(c, 1);
  return out;
}
