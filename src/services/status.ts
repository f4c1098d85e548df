import type { ServiceContext } from './context.ts';

/** Record kinds counted by `tenure status`, each the table that holds it. Later features add theirs here. */
export const COUNTED_TABLES = {
  accounts: 'accounts',
  contacts: 'contacts',
  plans: 'plans',
  subscriptions: 'subscriptions',
  subscription_items: 'subscription_items',
  subscription_periods: 'subscription_periods',
  invoices: 'invoices',
  invoice_lines: 'invoice_lines',
  fx_rates: 'fx_rates',
  import_runs: 'import_runs',
  usage_events: 'usage_events',
  usage_users: 'usage_users',
} as const;

export interface StoreStatus {
  store: { kind: string; location: string };
  schemaVersion: number;
  counts: Record<keyof typeof COUNTED_TABLES, number>;
}

export async function getStatus({ ctx }: { ctx: ServiceContext }): Promise<StoreStatus> {
  const entries = Object.entries(COUNTED_TABLES);
  const sql = entries.map(([kind, table]) => `(SELECT count(*) FROM ${table}) AS ${kind}`).join(', ');
  const [row] = await ctx.store.query(`SELECT ${sql}, (SELECT max(version) FROM tenure_migrations) AS schema_version`);
  const counts = Object.fromEntries(entries.map(([kind]) => [kind, Number(row?.[kind] ?? 0)]));
  return {
    store: { kind: ctx.store.kind, location: ctx.store.location },
    schemaVersion: Number(row?.schema_version ?? 0),
    counts: counts as StoreStatus['counts'],
  };
}
