// The churn model's rows: one per customer (paying at that month end) per month end, its features read at
// that day from the ledger cut then, its labels from the latest ledger (null while the horizon is not over).
import { lastDayOfMonth, type MonthIndex } from '../period.ts';
import type { CustomerLedger } from '../revenue/ledger.ts';
import type { DataRow } from './backtest.ts';
import { mrrIn, pointInTimeFeatures, type AccountHistory, type FeatureSettings } from './features.ts';
import { labelsAt } from './labels.ts';

export interface DatasetInput {
  histories: readonly AccountHistory[];
  /** Month ends to build rows at, ascending. */
  months: readonly MonthIndex[];
  /** Each customer's ledger cut at the last day of `month` (accounts absent: never paid by then). */
  cutAt: (month: MonthIndex) => ReadonlyMap<number, CustomerLedger>;
  /** The latest ledger, for labels, and its last month that is over. */
  latest: ReadonlyMap<number, CustomerLedger>;
  lastCompleteMonth: MonthIndex;
  horizonMonths: number;
  settings: FeatureSettings;
  /** Accounts to build rows for (default all): a sample bounds the rows of a large book. */
  include?: (accountId: number) => boolean;
}

/** Rows the model learns from, at most: beyond this, a fixed sample of accounts (all their month ends) is kept. */
export const MAX_TRAINING_ROWS = 250_000;

/**
 * Whether an account is in the sample that keeps about `maxRows` rows out of `rows`: a hash of its id against
 * the kept share, so the same accounts are kept from one day to the next.
 */
export function sampleOf(rows: number, maxRows = MAX_TRAINING_ROWS): (accountId: number) => boolean {
  if (rows <= maxRows) return () => true;
  const share = maxRows / rows;
  return (accountId) => {
    let h = Math.imul(accountId ^ 0x9e3779b9, 0x85ebca6b) >>> 0;
    h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35) >>> 0;
    return ((h ^ (h >>> 16)) >>> 0) / 2 ** 32 < share;
  };
}

const EMPTY = (accountId: number): CustomerLedger => ({ accountId, history: [], movements: [] });

export function buildRows(input: DatasetInput): DataRow[] {
  const rows: DataRow[] = [];
  for (const month of input.months) {
    const cut = input.cutAt(month);
    const asOfDay = lastDayOfMonth(month);
    for (const history of input.histories) {
      if (input.include && !input.include(history.accountId)) continue;
      const ledger = cut.get(history.accountId);
      if (!ledger || mrrIn(ledger, month).mrr <= 0) continue;
      const labels = labelsAt(
        input.latest.get(history.accountId) ?? EMPTY(history.accountId),
        month,
        input.horizonMonths,
        input.lastCompleteMonth,
      );
      rows.push({
        accountId: history.accountId,
        month,
        features: pointInTimeFeatures({ history, ledger, asOfDay }, input.settings),
        churn: labels?.churn ?? null,
        contraction: labels?.contraction ?? null,
      });
    }
  }
  return rows;
}
