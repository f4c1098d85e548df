// loadDemo: fills an empty store with the generated demo company through the importers' write paths, in one
// transaction, then brings the revenue ledger up to date so every report is ready.
import { generateDemo, type DemoCompany } from '../core/demo/index.ts';
import { monthIndex, monthKey, monthOfDay, parseDay } from '../core/period.ts';
import { monthlyTotals } from '../core/revenue/index.ts';
import { idOf, upsertWithProgress } from '../importers/csv/write.ts';
import type { Queryable } from '../store/types.ts';
import type { ServiceContext } from './context.ts';
import { writeDemoContracts } from './demo-contracts.ts';
import { loadDemoHealth } from './demo-health.ts';
import { writeDemoUsage } from './demo-usage.ts';
import { writeDemoSurveys } from './demo-surveys.ts';
import { loadDemoValue } from './demo-value.ts';
import { loadDemoWorkflow } from './demo-workflow.ts';
import { UsageError } from './errors.ts';
import { ACCOUNTS } from './import-accounts.ts';
import { upsertRates } from './import-fx.ts';
import { PERIODS } from './import-subscriptions.ts';
import { recordImportRun } from './imports.ts';
import { refreshRevenue, todayUtc } from './revenue.ts';

export const DEMO_DEFAULTS = { seed: 1, accounts: 2000 } as const;
/** More accounts than this is a load test, not a demo: use the benchmarks. */
export const MAX_DEMO_ACCOUNTS = 1_000_000;

export interface DemoSummary {
  seed: number;
  accounts: number;
  subscriptions: number;
  periods: number;
  fxRates: number;
  /** Accounts billed in each currency. */
  accountsByCurrency: Record<string, number>;
  /** 'YYYY-MM': the first month with a customer, and the last month generated. */
  firstMonth: string;
  endMonth: string;
  /** The revenue ledger after the refresh: MRR and paying customers in endMonth, in the reporting currency. */
  mrrMinor: number;
  payingCustomers: number;
  reportingCurrency: string;
  movements: number;
}

export interface LoadDemoOptions {
  ctx: ServiceContext;
  seed?: number;
  accounts?: number;
  /** 'YYYY-MM', at most asOf's month (default: asOf's month). */
  endMonth?: string | undefined;
  /** 'YYYY-MM-DD': today, read at the edge. The demo's last month stops on this day. */
  asOf?: string;
  /** Also the feature catalog and daily usage (default); off for revenue-only loads such as bench api. */
  usage?: boolean;
}

function checkOptions(ctx: ServiceContext, seed: number, accounts: number, endMonth: string, asOf: string): void {
  if (!Number.isInteger(seed) || seed < 0 || seed > 0xffffffff) {
    throw new UsageError(`the demo seed must be a whole number from 0 to 4294967295, found ${seed}`);
  }
  if (!Number.isInteger(accounts) || accounts < 1 || accounts > MAX_DEMO_ACCOUNTS) {
    throw new UsageError(`the demo needs a whole number of accounts from 1 to ${MAX_DEMO_ACCOUNTS}, found ${accounts}`);
  }
  if (!/^\d{4}-(0[1-9]|1[0-2])$/.test(endMonth)) {
    throw new UsageError(`the demo's end month must be a month YYYY-MM, found "${endMonth}"`);
  }
  const current = monthOfDay(parseDay(asOf));
  if (monthIndex(endMonth) > current) {
    throw new UsageError(`the demo's end month ${endMonth} is after the current month ${monthKey(current)}`);
  }
  if (ctx.config.reportingCurrency !== 'USD' && ctx.config.reportingCurrency !== 'EUR') {
    throw new UsageError(
      `the demo bills in USD and EUR and has rates between them only; the reporting currency is ${ctx.config.reportingCurrency} (set TENURE_REPORTING_CURRENCY to USD or EUR)`,
    );
  }
}

/** Refuses a store holding any account or FX rate: the demo must not mix with, or overwrite, real data. */
async function refuseNonEmpty(tx: Queryable): Promise<void> {
  const [row] = await tx.query<{ accounts: unknown; fx_rates: unknown }>(
    `SELECT (SELECT count(*) FROM accounts) AS accounts, (SELECT count(*) FROM fx_rates) AS fx_rates`,
  );
  const held = [
    [Number(row?.accounts ?? 0), 'accounts'],
    [Number(row?.fx_rates ?? 0), 'FX rates'],
  ].filter(([n]) => Number(n) > 0);
  if (held.length === 0) return;
  const what = held.map(([n, kind]) => `${n} ${kind}`).join(' and ');
  throw new UsageError(
    `the store already holds ${what}; the demo loads only into an empty store (use a new data directory or database)`,
  );
}

async function writeCompany(ctx: ServiceContext, tx: Queryable, company: DemoCompany): Promise<void> {
  const startedAt = new Date();
  const accounts = company.accounts.map((account) => ({ ...account, source: 'demo' }));
  const written = await upsertWithProgress(tx, ACCOUNTS, accounts, ctx.progress, 'demo accounts');
  const periods = company.periods.map(({ account_external_id, ...period }) => ({
    ...period,
    account_id: idOf(written.ids, account_external_id),
    source: 'demo',
  }));
  await upsertWithProgress(tx, PERIODS, periods, ctx.progress, 'demo subscription periods');
  const rates = company.fxRates.map((r) => ({
    on_date: r.day,
    currency: r.currency,
    quote: r.quote,
    rate: String(r.rate),
  }));
  await upsertRates(tx, rates, 'demo');
  const rows = accounts.length + periods.length + rates.length;
  const source = `demo seed ${company.seed}, ${accounts.length} accounts, ${company.firstMonth} to ${company.endMonth}`;
  const summary = { kind: 'demo', source, read: rows, created: rows, updated: 0, unchanged: 0 };
  await recordImportRun(tx, summary, startedAt, ctx);
}

/**
 * Generates the demo company (see src/core/demo) and loads it into an empty store: accounts, subscription
 * periods and FX rates in one transaction, or nothing. Then refreshes the revenue ledger for `asOf`.
 */
export async function loadDemo({
  ctx,
  seed = DEMO_DEFAULTS.seed,
  accounts = DEMO_DEFAULTS.accounts,
  endMonth,
  asOf = todayUtc(),
  usage = true,
}: LoadDemoOptions): Promise<DemoSummary> {
  const end = endMonth ?? asOf.slice(0, 7);
  checkOptions(ctx, seed, accounts, end, asOf);
  const company = generateDemo({ seed, accounts, endMonth: end, cutoff: end === asOf.slice(0, 7) ? asOf : undefined });
  await ctx.store.transaction(async (tx) => {
    await refuseNonEmpty(tx);
    await writeCompany(ctx, tx, company);
    if (usage) await writeDemoUsage(ctx, tx, company);
    await writeDemoContracts(ctx, tx, company);
    if (usage) await writeDemoSurveys(ctx, tx, company);
  });
  const refreshed = await refreshRevenue({ ctx, asOf, full: true });
  if (usage) await loadDemoHealth(ctx, company, asOf);
  if (usage) await loadDemoWorkflow(ctx, asOf);
  if (usage) await loadDemoValue(ctx);
  const totals = refreshed.aggregate ? monthlyTotals(refreshed.aggregate) : [];
  const last = totals.find((t) => t.month === monthIndex(end)) ?? totals.at(-1);
  const byCurrency: Record<string, number> = {};
  for (const p of company.profiles) byCurrency[p.currency] = (byCurrency[p.currency] ?? 0) + 1;
  return {
    seed,
    accounts: company.accounts.length,
    subscriptions: new Set(company.periods.map((p) => p.subscription_external_id)).size,
    periods: company.periods.length,
    fxRates: company.fxRates.length,
    accountsByCurrency: byCurrency,
    firstMonth: company.firstMonth,
    endMonth: company.endMonth,
    mrrMinor: Math.round(last?.mrrMinor ?? 0),
    payingCustomers: last?.payingCustomers ?? 0,
    reportingCurrency: ctx.config.reportingCurrency,
    movements: refreshed.movements,
  };
}
