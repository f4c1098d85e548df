// The expansion model's rows: the churn model's rows (same accounts, month ends and point-in-time features)
// with the expansion features appended, each from the ledger cut at its month end, and the expansion label
// from the latest ledger. The baseline it must beat: seat utilization alone.
import { lastDayOfMonth } from '../period.ts';
import type { CustomerLedger } from '../revenue/ledger.ts';
import type { DataRow, Scorer } from './backtest.ts';
import { buildRows, type DatasetInput } from './dataset.ts';
import { EXPANSION_FEATURES, expansionFeatures, expansionLabel } from './expansion-features.ts';
import { featureNames, type AccountHistory, type FeatureSettings } from './features.ts';

export function expansionFeatureNames(settings: FeatureSettings): string[] {
  return [...featureNames(settings), ...EXPANSION_FEATURES];
}

const EMPTY = (accountId: number): CustomerLedger => ({ accountId, history: [], movements: [] });

/** Rows for every month of the input, each with the expansion features and label. */
export function buildExpansionRows(input: DatasetInput): DataRow[] {
  const byId = new Map<number, AccountHistory>(input.histories.map((h) => [h.accountId, h]));
  const rows: DataRow[] = [];
  for (const month of input.months) {
    const cut = input.cutAt(month);
    for (const row of buildRows({ ...input, months: [month], cutAt: () => cut })) {
      const history = byId.get(row.accountId);
      const ledger = cut.get(row.accountId);
      if (!history || !ledger) continue;
      const extra = expansionFeatures({ history, ledger, asOfDay: lastDayOfMonth(month) }, input.settings);
      rows.push({
        ...row,
        features: [...row.features, ...extra],
        expansion: expansionLabel(
          input.latest.get(row.accountId) ?? EMPTY(row.accountId),
          month,
          input.horizonMonths,
          input.lastCompleteMonth,
        ),
      });
    }
  }
  return rows;
}

/** The baseline: seat utilization alone (higher is likelier to expand; unknown seats are their own group). */
export function seatUtilizationBaseline(featureNames: readonly string[]): Scorer[] {
  const column = featureNames.indexOf('seat_utilization');
  if (column < 0) return [];
  return [{ kind: 'baseline', name: 'seat_utilization', risk: (row: DataRow) => row.features[column] ?? Number.NaN }];
}
