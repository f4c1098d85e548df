// The revenue engine's entry points: billing records in, ledger and metrics out. No I/O, no clock.
import { buildFxTable } from '../fx.ts';
import { buildLedger, type Ledger } from './ledger.ts';
import type { NormalizeContext } from './normalize.ts';
import { billingKinds, countAs, type BillingRecords } from './records.ts';
import { resolveSettings, type MrrInterval, type ResolvedSettings, type RevenueSettings } from './types.ts';

/**
 * Every record as MRR intervals in the reporting currency, each under the account it counts as (merges,
 * parents: `accountMap`). Kinds may be mixed and add up per customer, so pass each subscription once: its
 * periods, or its Stripe object (with or without its invoice lines).
 */
export function normalizeRecords(
  records: BillingRecords,
  settings: ResolvedSettings,
  onStretch?: NormalizeContext['onStretch'],
): MrrInterval[] {
  const fx = records.fxRates?.length ? buildFxTable(records.fxRates, settings.reportingCurrency) : null;
  const ctx: NormalizeContext = onStretch ? { settings, fx, onStretch } : { settings, fx };
  const kinds = billingKinds(records, ctx);
  const intervals = kinds.periods
    .run(kinds.periods.records)
    .concat(kinds.subscriptions.run(kinds.subscriptions.records), kinds.lines.run(kinds.lines.records));
  return countAs(intervals, records.accountMap);
}

/** Records → the movement ledger of every customer, through asOf's month. */
export function computeLedger(records: BillingRecords, settings: RevenueSettings): Ledger {
  const resolved = resolveSettings(settings);
  return buildLedger(normalizeRecords(records, resolved), resolved);
}

export * from './aggregate.ts';
export * from './benchmarks.ts';
export * from './cohorts.ts';
export * from './columnar.ts';
export * from './committed.ts';
export * from './ledger.ts';
export * from './line-rules.ts';
export * from './metrics.ts';
export * from './normalize.ts';
export * from './records.ts';
export * from './segments.ts';
export * from './subscriptions.ts';
export * from './types.ts';
