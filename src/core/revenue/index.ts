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

/**
 * Every record as MRR intervals in the reporting currency. Kinds may be mixed and add up per customer,
 * so pass each subscription once: its periods, or its Stripe object, or its invoice lines.
 */
export function normalizeRecords(records: BillingRecords, settings: ResolvedSettings): MrrInterval[] {
  const fx = records.fxRates?.length ? buildFxTable(records.fxRates, settings.reportingCurrency) : null;
  const ctx = { settings, fx };
  return intervalsFromPeriods(records.periods ?? [], ctx).concat(
    intervalsFromSubscriptions(records.subscriptions ?? [], ctx),
    intervalsFromInvoiceLines(records.invoiceLines ?? [], ctx),
  );
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
export * from './ledger.ts';
export * from './metrics.ts';
export * from './normalize.ts';
export * from './records.ts';
export * from './segments.ts';
export * from './subscriptions.ts';
export * from './types.ts';
