import type { Progress } from '../../core/progress.ts';
import type { Queryable } from '../../store/types.ts';
import type { UpsertCounts, UpsertSpec } from '../../store/upsert.ts';
import { ensureAccounts, idOf, upsertWithProgress } from '../csv/write.ts';
import { SPECS, type StripeRows } from './rows.ts';

export const STRIPE_KINDS = [
  'customers',
  'plans',
  'subscriptions',
  'items',
  'discounts',
  'invoices',
  'invoice_lines',
] as const;
export type StripeKind = (typeof STRIPE_KINDS)[number];

/** Children of an imported parent that the parent no longer lists (a replaced item, a removed coupon). */
export interface RemovedCounts {
  items: number;
  discounts: number;
  invoice_lines: number;
}

export interface StripeWriteResult {
  byKind: Record<StripeKind, UpsertCounts>;
  removed: RemovedCounts;
}

/**
 * Writes mapped rows parents first, resolving external ids to store ids, inside the caller's transaction.
 * Each imported subscription's items and discounts, and each invoice's lines, end up exactly as imported.
 */
export async function writeStripeRows(tx: Queryable, rows: StripeRows, progress: Progress): Promise<StripeWriteResult> {
  const upsert = (spec: UpsertSpec, list: readonly Readonly<Record<string, unknown>>[], label: string) =>
    upsertWithProgress(tx, spec, list, progress, `Writing ${label}`);
  const customers = await upsert(SPECS.accounts, rows.accounts, 'customers');
  // Customers only referenced: created from the id alone, as the CSV importers do; never overwriting an account.
  const implicit = await ensureAccounts(tx, rows.implicitAccounts);
  const accountIds = new Map([...customers.ids, ...implicit.ids]);
  const plans = await upsert(SPECS.plans, rows.plans, 'plans');
  const subscriptions = await upsert(
    SPECS.subscriptions,
    rows.subscriptions.map(({ account, ...row }) => ({ ...row, account_id: idOf(accountIds, account) })),
    'subscriptions',
  );
  const items = await upsert(
    SPECS.items,
    rows.items.map(({ subscription, plan, ...row }) => ({
      ...row,
      subscription_id: idOf(subscriptions.ids, subscription),
      plan_id: idOf(plans.ids, plan),
    })),
    'subscription items',
  );
  const discounts = await upsert(
    SPECS.discounts,
    rows.discounts.map(({ subscription, ...row }) => ({
      ...row,
      subscription_id: idOf(subscriptions.ids, subscription),
    })),
    'discounts',
  );
  const invoices = await upsert(
    SPECS.invoices,
    rows.invoices.map(({ account, ...row }) => ({ ...row, account_id: idOf(accountIds, account) })),
    'invoices',
  );
  const lines = await upsert(
    SPECS.lines,
    rows.lines.map(({ invoice, ...row }) => ({ ...row, invoice_id: idOf(invoices.ids, invoice) })),
    'invoice lines',
  );
  const subscriptionIds = [...subscriptions.ids.values()];
  const removed: RemovedCounts = {
    items: await removeOthers(tx, 'subscription_items', 'subscription_id', subscriptionIds, rows.items),
    discounts: await removeOthers(tx, 'subscription_discounts', 'subscription_id', subscriptionIds, rows.discounts),
    invoice_lines: await removeOthers(tx, 'invoice_lines', 'invoice_id', [...invoices.ids.values()], rows.lines),
  };
  return {
    byKind: {
      customers: {
        created: customers.counts.created + implicit.counts.created,
        updated: customers.counts.updated,
        unchanged: customers.counts.unchanged + implicit.counts.unchanged,
      },
      plans: plans.counts,
      subscriptions: subscriptions.counts,
      items: items.counts,
      discounts: discounts.counts,
      invoices: invoices.counts,
      invoice_lines: lines.counts,
    },
    removed,
  };
}

async function removeOthers(
  tx: Queryable,
  table: string,
  parentColumn: string,
  parentIds: readonly number[],
  kept: readonly { external_id: string }[],
): Promise<number> {
  if (parentIds.length === 0) return 0;
  return tx.execute(
    `DELETE FROM ${table}
     WHERE ${parentColumn} IN (SELECT (jsonb_array_elements_text($1::jsonb))::bigint)
       AND external_id NOT IN (SELECT jsonb_array_elements_text($2::jsonb))`,
    [JSON.stringify(parentIds), JSON.stringify(kept.map((k) => k.external_id))],
  );
}
