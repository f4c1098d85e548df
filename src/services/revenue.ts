// Keeps the stored revenue ledger current: a full recompute when what it depends on globally changed
// (as-of day, settings, reporting currency, FX rates), else only the accounts whose billing records changed.
import { createHash } from 'node:crypto';
import {
  aggregateBuilder,
  computeLedger,
  ledgerOf,
  type Ledger,
  type MonthlyAggregate,
  type RevenueSettings,
} from '../core/revenue/index.ts';
import { monthOfDay, parseDay } from '../core/period.ts';
import {
  appendLedger,
  beginLedgerRewrite,
  endLedgerRewrite,
  firstBilledDay,
  listAccountIds,
  loadBillingRecords,
  loadLedgerCustomers,
} from '../store/revenue.ts';
import type { Queryable } from '../store/types.ts';
import type { ServiceContext } from './context.ts';
import { UsageError } from './errors.ts';
import { emitLedgerChanged } from './webhooks/signals.ts';

export interface RecomputeResult {
  scope: 'full' | 'accounts' | 'none';
  accounts: number;
  movements: number;
  /** After a full recompute: the monthly totals of every customer (what every metric series is computed from). */
  aggregate?: MonthlyAggregate;
}

/** Today as 'YYYY-MM-DD' in UTC: the default as-of date, read at the edge. */
export const todayUtc = (now: Date = new Date()) => now.toISOString().slice(0, 10);

export function revenueSettings(ctx: ServiceContext, asOf: string): RevenueSettings {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(asOf) || Number.isNaN(parseDay(asOf))) {
    throw new UsageError(`--as-of must be a date YYYY-MM-DD, found "${asOf}"`);
  }
  return { asOf, reportingCurrency: ctx.config.reportingCurrency, ...ctx.config.revenue };
}

async function fingerprint(q: Queryable, settings: RevenueSettings): Promise<string> {
  const [fx] = await q.query<{ digest: string | null }>(
    `SELECT md5(string_agg(currency || quote || on_date::text || rate::text, ',' ORDER BY currency, quote, on_date)) AS digest FROM fx_rates`,
  );
  return createHash('sha1')
    .update(JSON.stringify({ settings, fx: fx?.digest ?? null, version: 1 }))
    .digest('base64url');
}

/** Accounts per batch in a full recompute: bounds memory to one batch's records and ledgers. */
const BATCH_ACCOUNTS = 50_000;

async function recomputeAccounts(tx: Queryable, settings: RevenueSettings, accountIds: readonly number[]) {
  await beginLedgerRewrite(tx, accountIds);
  const ledger = computeLedger(await loadBillingRecords(tx, accountIds), settings);
  return { accounts: accountIds.length, movements: await appendLedger(tx, ledger.customers) };
}

async function recomputeAll(tx: Queryable, settings: RevenueSettings) {
  const ids = await listAccountIds(tx);
  const lastMonth = monthOfDay(parseDay(settings.asOf));
  const firstDay = await firstBilledDay(tx);
  const builder = aggregateBuilder(firstDay === null ? lastMonth + 1 : monthOfDay(parseDay(firstDay)), lastMonth);
  await beginLedgerRewrite(tx, null);
  let movements = 0;
  let accounts = 0;
  for (let i = 0; i < ids.length; i += BATCH_ACCOUNTS) {
    const ledger = computeLedger(await loadBillingRecords(tx, ids.slice(i, i + BATCH_ACCOUNTS)), settings);
    for (const customer of ledger.customers) builder.add(customer);
    accounts += ledger.customers.length;
    movements += await appendLedger(tx, ledger.customers);
  }
  await endLedgerRewrite(tx);
  return { accounts, movements, aggregate: builder.finish() };
}

/**
 * Brings the stored ledger up to date for `asOf`. `full` forces a whole recompute. One transaction: a
 * reader sees the old ledger or the new one, never half of it.
 */
export async function refreshRevenue({
  ctx,
  asOf,
  full = false,
}: {
  ctx: ServiceContext;
  asOf: string;
  full?: boolean;
}): Promise<RecomputeResult> {
  const settings = revenueSettings(ctx, asOf);
  return ctx.store.transaction(async (tx) => {
    const startedAt = new Date().toISOString();
    const print = await fingerprint(tx, settings);
    const [last] = await tx.query<{ fingerprint: string }>(
      `SELECT fingerprint FROM revenue_runs WHERE scope = 'full' ORDER BY id DESC LIMIT 1`,
    );
    const [mark] = await tx.query<{ seq: number | null }>(`SELECT max(seq) AS seq FROM revenue_dirty`);
    const upTo = mark?.seq ?? 0;
    let result: RecomputeResult;
    const dirty = await tx.query<{ account_id: number }>(
      `SELECT DISTINCT account_id FROM revenue_dirty WHERE seq <= $1 ORDER BY account_id`,
      [upTo],
    );
    if (full || last?.fingerprint !== print) {
      result = { scope: 'full', ...(await recomputeAll(tx, settings)) };
    } else {
      if (dirty.length === 0) return { scope: 'none', accounts: 0, movements: 0 };
      result = {
        scope: 'accounts',
        ...(await recomputeAccounts(
          tx,
          settings,
          dirty.map((r) => r.account_id),
        )),
      };
    }
    // Webhooks: the accounts whose billing records changed are the ones whose ledger changed.
    await emitLedgerChanged(
      ctx,
      tx,
      dirty.map((r) => r.account_id),
      asOf,
    );
    await tx.execute(`DELETE FROM revenue_dirty WHERE seq <= $1`, [upTo]);
    await tx.execute(
      `INSERT INTO revenue_runs (scope, started_at, finished_at, fingerprint, as_of, accounts, movements)
       VALUES ($1, $2, now(), $3, $4, $5, $6)`,
      [result.scope, startedAt, print, asOf, result.accounts, result.movements],
    );
    return result;
  });
}

/** The current ledger for `asOf` (refreshed first), optionally for some accounts only. */
export async function currentLedger({
  ctx,
  asOf,
  accountIds = null,
}: {
  ctx: ServiceContext;
  asOf: string;
  accountIds?: readonly number[] | null;
}): Promise<Ledger> {
  const load = async () => {
    await refreshRevenue({ ctx, asOf });
    return ledgerOf(await loadLedgerCustomers(ctx.store, accountIds), monthOfDay(parseDay(asOf)));
  };
  const cache = ctx.cache;
  if (!cache || accountIds !== null) return load();
  // A dirty account moves the version on again after the refresh: load once, then key by the clean version.
  const before = await cache.version(ctx.store);
  if (before.endsWith('.clean')) return cache.ledger(before, asOf, load);
  await refreshRevenue({ ctx, asOf });
  return cache.ledger(await cache.version(ctx.store, { fresh: true }), asOf, load);
}
