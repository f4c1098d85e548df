// The revenue engine's entry points: billing records in, ledger and metrics out. No I/O, no clock.
import { buildFxTable, type FxRate } from '../fx.ts';
import { buildLedger, type Ledger } from './ledger.ts';
import {
  intervalsFromInvoiceLines,
  intervalsFromPeriods,
  type InvoiceLineInput,
  type SubscriptionPeriodInput,
} from './normalize.ts';
import { intervalsFromSubscriptions, type SubscriptionInput } from './subscriptions.ts';
import { resolveSettings, type MrrInterval, type ResolvedSettings, type RevenueSettings } from './types.ts';

export interface BillingRecords {
  periods?: readonly SubscriptionPeriodInput[];
  subscriptions?: readonly SubscriptionInput[];
  invoiceLines?: readonly InvoiceLineInput[];
  fxRates?: readonly FxRate[];
}

/** Every record as MRR intervals in the reporting currency (sources may be mixed; they add up per customer). */
export function normalizeRecords(records: BillingRecords, settings: ResolvedSettings): MrrInterval[] {
  const fx = records.fxRates?.length ? buildFxTable(records.fxRates, settings.reportingCurrency) : null;
  const ctx = { settings, fx };
  const intervals = intervalsFromPeriods(records.periods ?? [], ctx);
  if (records.subscriptions?.length) intervals.push(...intervalsFromSubscriptions(records.subscriptions, ctx));
  if (records.invoiceLines?.length) intervals.push(...intervalsFromInvoiceLines(records.invoiceLines, ctx));
  return intervals;
}

/** Records → the movement ledger of every customer, through asOf's month. */
export function computeLedger(records: BillingRecords, settings: RevenueSettings): Ledger {
  const resolved = resolveSettings(settings);
  return buildLedger(normalizeRecords(records, resolved), resolved);
}

export * from './aggregate.ts';
export * from './benchmarks.ts';
export * from './cohorts.ts';
export * from './ledger.ts';
export * from './metrics.ts';
export * from './normalize.ts';
export * from './segments.ts';
export * from './subscriptions.ts';
export * from './types.ts';
