// Revenue metrics over a window of months (a month, quarter, year, or trailing twelve months).
//
// ─── Definitions ───────────────────────────────────────────────────────────────────────────────────────
// Starting MRR / customers: MRR and paying customers (MRR > 0) at the end of the month before the window.
// Ending MRR / customers:   the same at the end of the window's last month (asOf's month: on asOf).
// Movements (new, expansion, contraction, churn, reactivation, fx): summed over the window's months;
//   counts are movement rows (a customer churning twice in a quarter counts twice).
//   Identity: starting MRR + all movements + fx (+ transfers, in a by-plan breakdown) = ending MRR.
// ARR                   = 12 × MRR
// ARPA                  = MRR ÷ paying customers (ending)
// logoChurnRate         = customers churned ÷ starting customers
// grossMrrChurnRate     = (|churn| + |contraction|) ÷ starting MRR
// netMrrChurnRate       = (|churn| + |contraction| − expansion) ÷ starting MRR   (negative is good)
// expansionMrrRate      = expansion ÷ starting MRR
// NRR                   = 1 − netMrrChurnRate;  GRR = 1 − grossMrrChurnRate          (month, quarter, year)
//   A customer who starts and stops paying inside one month (sameMonthNewAndChurn 'record') was not a
//   starting customer: its churn is in the movements but in no rate's numerator.
// T12M windows measure one cohort, the customers paying twelve months ago (at the end of the month before):
// NRR (T12M)            = Σ MRR now ÷ Σ MRR then;  netMrrChurnRate = 1 − NRR
// GRR (T12M)            = Σ min(MRR now, MRR then) ÷ Σ MRR then;  grossMrrChurnRate = 1 − GRR
// logoChurnRate (T12M)  = cohort customers not paying now ÷ cohort customers;  expansionMrrRate = NRR − GRR.
//   A cohort customer who churned and came back inside the window counts with its MRR now (it pays at both
//   ends); MRR now is at the rates of the records then in force, so a renewal's fx effect is in both.
// quickRatio            = (new + expansion + reactivation) ÷ (|churn| + |contraction|)
// LTV                   = ARPA ÷ monthly logo churn rate (the window's rate ÷ its months)
// existingCustomerMrrShare = part of ending MRR from customers paying at the window's start; the rest
//                         (newCustomerMrrShare) comes from customers who were not: new or reactivated.
// expansionShareOfGrossNewMrr = (expansion + reactivation) ÷ (new + expansion + reactivation);
//                         newBusinessShareOfGrossNewMrr = new ÷ the same.
// Reactivation and fx count in none of the month, quarter and year churn, expansion, NRR or GRR rates. A rate whose denominator
// is 0 (no starting customers or MRR, e.g. under twelve months of history for T12M) is null.
// ───────────────────────────────────────────────────────────────────────────────────────────────────────
import { windowsCovering, type MonthIndex, type MonthWindow, type WindowKind } from '../period.ts';
import { kindIndex, MAX_COHORT_LAG, type MonthlyAggregate } from './aggregate.ts';
import type { MovementKind } from './types.ts';

export interface RevenueMetrics {
  window: MonthWindow;
  /** False when the window runs past asOf's month; figures then cover the months up to it. */
  complete: boolean;
  months: number;
  startingMrrMinor: number;
  startingCustomers: number;
  mrrMinor: number;
  arrMinor: number;
  payingCustomers: number;
  arpaMinor: number | null;
  newMrrMinor: number;
  expansionMrrMinor: number;
  contractionMrrMinor: number;
  churnMrrMinor: number;
  reactivationMrrMinor: number;
  fxMinor: number;
  transferMinor: number;
  newCustomers: number;
  expansions: number;
  contractions: number;
  churnedCustomers: number;
  reactivations: number;
  /** Of the starting customers, how many still pay at the end. */
  retainedCustomers: number;
  logoChurnRate: number | null;
  grossMrrChurnRate: number | null;
  netMrrChurnRate: number | null;
  expansionMrrRate: number | null;
  nrr: number | null;
  grr: number | null;
  /** 'cohort' for T12M windows, 'period' (1 − churn rates) otherwise. */
  retentionBasis: 'period' | 'cohort';
  quickRatio: number | null;
  ltvMinor: number | null;
  existingCustomerMrrShare: number | null;
  newCustomerMrrShare: number | null;
  expansionShareOfGrossNewMrr: number | null;
  newBusinessShareOfGrossNewMrr: number | null;
}

const ratio = (numerator: number, denominator: number) => (denominator > 0 ? numerator / denominator : null);

function at(agg: MonthlyAggregate, values: Float64Array | Int32Array, month: MonthIndex, offset = 0): number {
  if (month < agg.firstMonth || month > agg.lastMonth) return 0;
  return values[offset + month - agg.firstMonth] ?? 0;
}

function sumOver(agg: MonthlyAggregate, values: Float64Array | Int32Array, offset: number, from: number, to: number) {
  let total = 0;
  for (let m = Math.max(from, agg.firstMonth); m <= to; m++) total += at(agg, values, m, offset);
  return total;
}

/** Metrics for one window; a window past asOf's month is cut at it (`complete: false`). */
export function windowMetrics(agg: MonthlyAggregate, window: MonthWindow): RevenueMetrics {
  const start = window.startMonth;
  const end = Math.min(window.endMonth, agg.lastMonth);
  if (end < start) throw new RangeError(`window ${window.label} starts after the last month of the data`);
  const months = end - start + 1;
  const amount = (kind: MovementKind) => sumOver(agg, agg.movementMinor, kindIndex(kind) * agg.length, start, end);
  const count = (kind: MovementKind) => sumOver(agg, agg.movementCount, kindIndex(kind) * agg.length, start, end);
  const startingMrr = at(agg, agg.mrrMinor, start - 1);
  const startingCustomers = at(agg, agg.payingCustomers, start - 1);
  const mrr = at(agg, agg.mrrMinor, end);
  const paying = at(agg, agg.payingCustomers, end);
  const [newMrr, expansion, contraction, churn, reactivation] = [
    amount('new'),
    amount('expansion'),
    amount('contraction'),
    amount('churn'),
    amount('reactivation'),
  ];
  const churned = count('churn');
  const lagOffset = (months - 1) * agg.length;
  const cohort = (values: Float64Array | Int32Array) =>
    months <= MAX_COHORT_LAG ? at(agg, values, end, lagOffset) : 0;
  // Rates count only customers paying at the window's start: never a same-month new-and-churn.
  const blipChurn = sumOver(agg, agg.blipChurnMinor, 0, start, end);
  const losses = Math.abs(churn - blipChurn + contraction); // both are ≤ 0
  const grossNew = newMrr + expansion + reactivation;
  const byCohort = window.kind === 't12m';
  const cohortNow = cohort(agg.cohortNowMinor);
  const cohortFloor = cohort(agg.cohortFloorMinor);
  const retained = cohort(agg.cohortRetained);
  const logoChurnRate = byCohort
    ? ratio(startingCustomers - retained, startingCustomers)
    : ratio(churned - sumOver(agg, agg.blipChurnCount, 0, start, end), startingCustomers);
  const grossMrrChurnRate = ratio(byCohort ? startingMrr - cohortFloor : losses, startingMrr);
  const netMrrChurnRate = ratio(byCohort ? startingMrr - cohortNow : losses - expansion, startingMrr);
  const arpa = ratio(mrr, paying);
  const existingShare = ratio(cohortNow, mrr);
  return {
    window,
    complete: window.endMonth <= agg.lastMonth,
    months,
    startingMrrMinor: startingMrr,
    startingCustomers,
    mrrMinor: mrr,
    arrMinor: 12 * mrr,
    payingCustomers: paying,
    arpaMinor: arpa,
    newMrrMinor: newMrr,
    expansionMrrMinor: expansion,
    contractionMrrMinor: contraction,
    churnMrrMinor: churn,
    reactivationMrrMinor: reactivation,
    fxMinor: amount('fx'),
    transferMinor: sumOver(agg, agg.transferMinor, 0, start, end),
    newCustomers: count('new'),
    expansions: count('expansion'),
    contractions: count('contraction'),
    churnedCustomers: churned,
    reactivations: count('reactivation'),
    retainedCustomers: retained,
    logoChurnRate,
    grossMrrChurnRate,
    netMrrChurnRate,
    expansionMrrRate: ratio(byCohort ? cohortNow - cohortFloor : expansion, startingMrr),
    nrr: netMrrChurnRate === null ? null : 1 - netMrrChurnRate,
    grr: grossMrrChurnRate === null ? null : 1 - grossMrrChurnRate,
    retentionBasis: byCohort ? 'cohort' : 'period',
    quickRatio: ratio(grossNew, losses),
    ltvMinor: arpa !== null && logoChurnRate !== null && logoChurnRate > 0 ? arpa / (logoChurnRate / months) : null,
    existingCustomerMrrShare: existingShare,
    newCustomerMrrShare: existingShare === null ? null : 1 - existingShare,
    expansionShareOfGrossNewMrr: ratio(expansion + reactivation, grossNew),
    newBusinessShareOfGrossNewMrr: ratio(newMrr, grossNew),
  };
}

/** Metrics for every window of `kind` overlapping the aggregate's months, oldest first. */
export function metricsSeries(agg: MonthlyAggregate, kind: WindowKind): RevenueMetrics[] {
  if (agg.length === 0) return [];
  return windowsCovering(kind, agg.firstMonth, agg.lastMonth).map((w) => windowMetrics(agg, w));
}
