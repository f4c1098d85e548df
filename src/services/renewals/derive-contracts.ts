// Contracts derived from billing, kept in the contracts table (source 'billing') beside imported ones, so every
// reader of contracts (the renewals report, the calendar) sees both. Refreshed by the `contracts.derive` job,
// queued by every billing import, and by the demo loader.
import { deriveFromBilling, withoutImported, type MonthlyPlan } from '../../core/renewals/derive.ts';
import { monthlyPlanRates } from '../../core/renewals/monthly.ts';
import type { RenewalInterval } from '../../core/renewals/renewals.ts';
import { resolveSettings, type BillingRecords } from '../../core/revenue/index.ts';
import { loadBillingRecords } from '../../store/revenue.ts';
import {
  BILLING_SOURCE,
  deleteDerivedExcept,
  deleteDerivedUnderImported,
  DERIVED_CONTRACTS,
  importedSpans,
  subscriptionExtras,
  upsertChurnReason,
} from '../../store/renewals-data.ts';
import type { Queryable } from '../../store/types.ts';
import { upsertRows } from '../../store/upsert.ts';
import { audit } from '../audit.ts';
import { db, nowOf, withTransaction, type ServiceContext } from '../context.ts';
import { revenueSettings, todayUtc } from '../revenue.ts';
import type { RenewalReport } from './report.ts';

export const DERIVE_CONTRACTS_JOB = 'contracts.derive';

export interface DeriveSummary {
  /** Terms of subscriptions billed yearly or longer. */
  terms: number;
  /** Terms left out because an imported contract of the same account covers their days. */
  coveredByImported: number;
  created: number;
  updated: number;
  unchanged: number;
  /** Derived contracts whose term is no longer in the billing data (or is now covered by an imported one). */
  removed: number;
  /** Churn reasons read from Stripe's cancellation_details. */
  churnReasons: number;
  /**
   * Accounts left out: a billing record the revenue engine cannot use either (a currency without an FX rate by
   * its day; `tenure status` names them). Their derived contracts stay as they were.
   */
  accountsLeftOut: number;
}

/**
 * The records less the demo's subscription periods: the demo writes its contracts itself (it knows which plans are
 * billed yearly; its period rows alone do not say).
 */
async function withoutDemoPeriods(q: Queryable, records: BillingRecords): Promise<BillingRecords> {
  const demo = await q.query<{ id: number }>(`SELECT id FROM subscription_periods WHERE source = 'demo' LIMIT 1`);
  if (demo.length === 0) return records;
  const ids = new Set(
    (await q.query<{ id: number }>(`SELECT id FROM subscription_periods WHERE source = 'demo'`)).map((r) => r.id),
  );
  return { ...records, periods: (records.periods ?? []).filter((p) => !ids.has(Number(p.id))) };
}

/**
 * Brings the derived contracts in line with the billing records: every term of a subscription billed yearly or
 * longer, less those an imported contract of the same account overlaps (imported contracts win). One transaction.
 */
export async function deriveContracts({ ctx }: { ctx: ServiceContext }): Promise<DeriveSummary> {
  return withTransaction(ctx, async (tx) => {
    const q = tx.tx;
    const settings = resolveSettings(revenueSettings(ctx, todayUtc(nowOf(ctx))));
    const records = await withoutDemoPeriods(q, await loadBillingRecords(q, null));
    const { contracts, leftOut } = deriveFromBilling(records, settings, await subscriptionExtras(q));
    const kept = withoutImported(contracts, await importedSpans(q));
    const written = await upsertRows(
      q,
      DERIVED_CONTRACTS,
      kept.map((c) => ({
        contract_id: c.contractId,
        account_id: c.accountId,
        start_on: c.startDate,
        end_on: c.endDate,
        arr_minor: c.arrMinor,
        currency: c.currency,
        auto_renew: c.autoRenew,
        subscription_external_id: c.subscriptionId,
        source: BILLING_SOURCE,
      })),
    );
    const removed =
      (await deleteDerivedExcept(
        q,
        kept.map((c) => c.contractId),
        leftOut,
      )) + (await deleteDerivedUnderImported(q));
    let churnReasons = 0;
    const at = nowOf(ctx);
    for (const c of kept) {
      if (c.churnReason === null) continue;
      const { reason, notes } = c.churnReason;
      if (await upsertChurnReason(q, { contractId: c.contractId, reason, notes, source: 'stripe', at })) {
        churnReasons++;
      }
    }
    const summary: DeriveSummary = {
      terms: contracts.length,
      coveredByImported: contracts.length - kept.length,
      created: written.created,
      updated: written.updated,
      unchanged: written.unchanged,
      removed,
      churnReasons,
      accountsLeftOut: leftOut.length,
    };
    if (summary.created + summary.updated + summary.removed + churnReasons > 0) {
      await audit(q, ctx, 'contracts.derive', 'billing', { ...summary });
    }
    return summary;
  });
}

/**
 * Subscriptions billed more often than yearly, with their paid service, for the monthly-plan renewal figures: those
 * the derivation makes no term of, less any subscription a stored contract names (the demo's annual plans).
 */
export async function monthlyPlans({ ctx }: { ctx: ServiceContext }): Promise<MonthlyPlan[]> {
  const q = db(ctx);
  const settings = resolveSettings(revenueSettings(ctx, todayUtc(nowOf(ctx))));
  const records = await loadBillingRecords(q, null);
  const billing = await withoutDemoPeriods(q, records);
  const kept = new Set((billing.periods ?? []).map((p) => p.id));
  const demo = {
    ...records,
    periods: (records.periods ?? []).filter((p) => !kept.has(p.id)),
    subscriptions: [],
    invoiceLines: [],
  };
  const plans = [
    ...deriveFromBilling(billing, settings).monthlyPlans,
    ...(demo.periods.length > 0
      ? deriveFromBilling(demo, settings, new Map(), { spanTermsToo: false }).monthlyPlans
      : []),
  ];
  const named = new Set(
    (
      await q.query<{ id: string }>(
        `SELECT DISTINCT subscription_external_id AS id FROM contracts WHERE subscription_external_id IS NOT NULL`,
      )
    ).map((r) => r.id),
  );
  return plans.filter((p) => !named.has(p.subscriptionId));
}

/**
 * Renewal figures of monthly plans, apart from term contracts (`tenure report renewals --plans monthly`): per period,
 * the plans paying the day before it starts are due; renewed when still paying on its last day (see monthly.ts).
 */
export async function monthlyPlanReport({
  ctx,
  asOf,
  interval,
}: {
  ctx: ServiceContext;
  asOf: string;
  interval: RenewalInterval;
}): Promise<RenewalReport> {
  const plans = await monthlyPlans({ ctx });
  return {
    currency: ctx.config.reportingCurrency,
    asOf,
    interval,
    by: null,
    rows: monthlyPlanRates(plans, interval, asOf),
  };
}
