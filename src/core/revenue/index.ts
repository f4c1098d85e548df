// The revenue engine's entry points: billing records in, ledger and metrics out. No I/O, no clock.
import { buildFxTable, type FxRate } from '../fx.ts';
import { buildLedger, type Ledger } from './ledger.ts';
import { dayOf } from '../period.ts';
import type { LineLifecycle } from './line-rules.ts';
import {
  intervalsFromInvoiceLines,
  intervalsFromPeriods,
  type InvoiceLineInput,
  type NormalizeContext,
  type SubscriptionPeriodInput,
} from './normalize.ts';
import { intervalsFromSubscriptions, type SubscriptionInput } from './subscriptions.ts';
import {
  resolveSettings,
  type AccountId,
  type MrrInterval,
  type ResolvedSettings,
  type RevenueSettings,
} from './types.ts';

export interface BillingRecords {
  periods?: readonly SubscriptionPeriodInput[];
  /** Every subscription object: one with recurring invoice lines counts from them, with its lifecycle. */
  subscriptions?: readonly SubscriptionInput[];
  invoiceLines?: readonly InvoiceLineInput[];
  fxRates?: readonly FxRate[];
  /** Accounts that count as another (merged, or rolled up into a parent): id → the id it counts as. */
  accountMap?: ReadonlyMap<AccountId, AccountId>;
}

/** Subscriptions billed by recurring invoice lines, and what their objects say about those lines. */
function lineLifecycles(records: BillingRecords): { invoiced: Set<string>; lifecycles: Map<string, LineLifecycle> } {
  const invoiced = new Set<string>();
  for (const l of records.invoiceLines ?? []) {
    if (l.recurring && l.subscriptionId !== null && l.invoiceStatus !== 'draft') invoiced.add(l.subscriptionId);
  }
  const lifecycles = new Map<string, LineLifecycle>();
  for (const s of records.subscriptions ?? []) {
    if (!invoiced.has(s.id)) continue;
    const canceledAt = s.canceledAt === null ? null : dayOf(s.canceledAt);
    lifecycles.set(s.id, { canceledAt, paused: (s.pauseCollection ?? null) !== null });
  }
  return { invoiced, lifecycles };
}

/**
 * Every record as MRR intervals in the reporting currency. Kinds may be mixed and add up per customer,
 * so pass each subscription once: its periods, or its Stripe object (with or without its invoice lines).
 */
export function normalizeRecords(
  records: BillingRecords,
  settings: ResolvedSettings,
  onStretch?: NormalizeContext['onStretch'],
): MrrInterval[] {
  const fx = records.fxRates?.length ? buildFxTable(records.fxRates, settings.reportingCurrency) : null;
  const ctx: NormalizeContext = onStretch ? { settings, fx, onStretch } : { settings, fx };
  const { invoiced, lifecycles } = lineLifecycles(records);
  const intervals = intervalsFromPeriods(records.periods ?? [], ctx).concat(
    intervalsFromSubscriptions(
      (records.subscriptions ?? []).filter((s) => !invoiced.has(s.id)),
      ctx,
    ),
    intervalsFromInvoiceLines(records.invoiceLines ?? [], ctx, lifecycles),
  );
  const map = records.accountMap;
  if (!map || map.size === 0) return intervals;
  return intervals.map((iv) => {
    const to = map.get(iv.accountId);
    return to === undefined ? iv : { ...iv, accountId: to };
  });
}

/** Records → the movement ledger of every customer, through asOf's month. */
export function computeLedger(records: BillingRecords, settings: RevenueSettings): Ledger {
  const resolved = resolveSettings(settings);
  return buildLedger(normalizeRecords(records, resolved), resolved);
}

export * from './aggregate.ts';
export * from './benchmarks.ts';
export * from './cohorts.ts';
export * from './committed.ts';
export * from './ledger.ts';
export * from './line-rules.ts';
export * from './metrics.ts';
export * from './normalize.ts';
export * from './segments.ts';
export * from './subscriptions.ts';
export * from './types.ts';
