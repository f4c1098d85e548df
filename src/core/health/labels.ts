// Labels of the churn model, read from the revenue ledger after the as-of month end: did the customer's MRR
// fall to 0 (churn) within the horizon, or fall while staying above 0 (contraction)? A row's label exists only
// when the customer paid at the month end and every month of the horizon is over in the ledger read.
import { type MonthIndex } from '../period.ts';
import type { CustomerLedger } from '../revenue/ledger.ts';
import { mrrIn } from './features.ts';

export const DEFAULT_HORIZON_DAYS = 90;

/** The horizon in whole months of the ledger (90 days: 3 months), at least 1. */
export function horizonMonths(horizonDays: number): number {
  return Math.max(1, Math.round(horizonDays / 30.4375));
}

export interface Labels {
  churn: 0 | 1;
  contraction: 0 | 1;
}

/**
 * Labels of a customer at the end of `month`, from a ledger whose months through `lastCompleteMonth` are over.
 * Null when it did not pay at that month end (not a customer then) or the horizon is not over yet.
 */
export function labelsAt(
  ledger: CustomerLedger,
  month: MonthIndex,
  months: number,
  lastCompleteMonth: MonthIndex,
): Labels | null {
  if (month + months > lastCompleteMonth) return null;
  const start = mrrIn(ledger, month).mrr;
  if (start <= 0) return null;
  let churn: 0 | 1 = 0;
  let contraction: 0 | 1 = 0;
  for (let m = month + 1; m <= month + months; m++) {
    const mrr = mrrIn(ledger, m).mrr;
    if (mrr === 0) churn = 1;
  }
  if (churn === 0) {
    contraction = ledger.movements.some(
      (mv) => mv.kind === 'contraction' && mv.month > month && mv.month <= month + months,
    )
      ? 1
      : 0;
  }
  return { churn, contraction };
}
