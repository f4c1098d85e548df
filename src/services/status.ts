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

/** A stored billing record that revenue figures leave out, named so someone can fix it. */
export type BillingProblem = {
  /** 'period:<id>', 'subscription:<external id>' or 'line:<invoice external id>/<line external id>'. */
  record: string;
  account: string;
  problem: string;
};

export interface StoreStatus {
  store: { kind: string; location: string };
  schemaVersion: number;
  counts: Record<keyof typeof COUNTED_TABLES, number>;
  /** Billing records left out of every figure (at most PROBLEMS_SHOWN), oldest first. */
  problems: BillingProblem[];
}

export const PROBLEMS_SHOWN = 100;

// A record needs a rate into the reporting currency on or before the day its service starts (either
// direction counts, as in core/fx.ts), and dates within 1970–2100.
const NO_RATE = (currency: string, day: string) => `${currency} <> $1 AND NOT EXISTS (
  SELECT 1 FROM fx_rates f WHERE f.on_date <= ${day}
    AND ((f.currency = ${currency} AND f.quote = $1) OR (f.currency = $1 AND f.quote = ${currency})))`;
const OUT_OF_RANGE = (day: string) => `(${day} < DATE '1970-01-01' OR ${day} > DATE '2100-12-31')`;

const PROBLEMS_SQL = `
  SELECT * FROM (
    SELECT 'period:' || p.id AS record, a.external_id AS account, p.currency::text AS currency,
           p.start_on AS day, p.end_on AS until
      FROM subscription_periods p JOIN accounts a ON a.id = p.account_id
     WHERE ${NO_RATE('p.currency', 'p.start_on')} OR ${OUT_OF_RANGE('p.start_on')} OR ${OUT_OF_RANGE('p.end_on')}
    UNION ALL
    SELECT 'subscription:' || s.external_id, a.external_id, s.currency::text,
           (greatest(s.started_at, s.trial_end) AT TIME ZONE 'UTC')::date, (s.ended_at AT TIME ZONE 'UTC')::date
      FROM subscriptions s JOIN accounts a ON a.id = s.account_id
     WHERE s.status NOT IN ('incomplete', 'incomplete_expired')
       AND (${NO_RATE('s.currency', "(greatest(s.started_at, s.trial_end) AT TIME ZONE 'UTC')::date")}
            OR ${OUT_OF_RANGE("(s.started_at AT TIME ZONE 'UTC')::date")} OR ${OUT_OF_RANGE("(s.ended_at AT TIME ZONE 'UTC')::date")})
    UNION ALL
    SELECT 'line:' || i.external_id || '/' || l.external_id, a.external_id, l.currency::text, l.period_start, l.period_end
      FROM invoice_lines l JOIN invoices i ON i.id = l.invoice_id JOIN accounts a ON a.id = i.account_id
     WHERE l.recurring AND i.status NOT IN ('void', 'draft', 'uncollectible')
       AND (${NO_RATE('l.currency', 'l.period_start')} OR ${OUT_OF_RANGE('l.period_start')} OR ${OUT_OF_RANGE('l.period_end')})
  ) x ORDER BY day, record LIMIT ${PROBLEMS_SHOWN}`;

/** Billing records that no figure can use: no FX rate on or before their start, or a date out of range. */
export async function billingProblems({ ctx }: { ctx: ServiceContext }): Promise<BillingProblem[]> {
  const rc = ctx.config.reportingCurrency;
  const rows = await ctx.store.query<{
    record: string;
    account: string;
    currency: string;
    day: string;
    until: string | null;
  }>(PROBLEMS_SQL, [rc]);
  const inRange = (day: string | null) => day === null || (day >= '1970-01-01' && day <= '2100-12-31');
  return rows.map((r) => ({
    record: r.record,
    account: r.account,
    problem:
      !inRange(r.day) || !inRange(r.until)
        ? `a date outside 1970-01-01..2100-12-31 (${inRange(r.day) ? r.until : r.day})`
        : `no ${r.currency}→${rc} FX rate on or before ${r.day}: left out of every revenue figure until one is imported`,
  }));
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
    problems: await billingProblems({ ctx }),
  };
}
