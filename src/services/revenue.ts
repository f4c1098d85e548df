// The revenue ledger for any as-of day, from memory (revenue-engine.ts): reads never write. The SQL copy
// (revenue_spans, revenue_movements) is an output for SQL and BI users, refreshed by `refreshRevenue` off
// the request path (a server's timer, a job, or `tenure report refresh`).
import { createHash } from 'node:crypto';
import {
  aggregateLedger,
  buildLedger,
  ledgerOf,
  normalizeContext,
  normalizeWithProblems,
  resolveSettings,
  type Ledger,
  type MonthlyAggregate,
  type RecordProblem,
  type RevenueSettings,
} from '../core/revenue/index.ts';
import { monthOfDay, parseDay } from '../core/period.ts';
import { appendLedger, beginLedgerRewrite, endLedgerRewrite, loadBillingRecords } from '../store/revenue.ts';
import type { ServiceContext } from './context.ts';
import { readDataVersions, type DataVersions } from './data-versions.ts';
import { UsageError } from './errors.ts';
import { emitLedgerChanged } from './webhooks/signals.ts';
import { RevenueEngine, type LedgerSettings, type LedgerView } from './revenue-engine.ts';

export interface RecomputeResult {
  scope: 'full' | 'accounts' | 'none';
  accounts: number;
  movements: number;
  /** After a full refresh: the monthly totals of every customer (what every metric series is computed from). */
  aggregate?: MonthlyAggregate;
}

/** Today as 'YYYY-MM-DD' in UTC: the default as-of date, read at the edge. */
export const todayUtc = (now: Date = new Date()) => now.toISOString().slice(0, 10);

export function revenueSettings(ctx: ServiceContext, asOf: string): RevenueSettings {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(asOf) || Number.isNaN(parseDay(asOf))) {
    throw new UsageError(`--as-of must be a date YYYY-MM-DD, found "${asOf}"`);
  }
  return { asOf, ...ledgerSettings(ctx) };
}

function ledgerSettings(ctx: ServiceContext): LedgerSettings {
  return { reportingCurrency: ctx.config.reportingCurrency, ...ctx.config.revenue };
}

/** The server's engine brought up to the store's versions, or (one-shot commands) a fresh one loaded now. */
async function syncedEngine(
  ctx: ServiceContext,
  view: LedgerView = {},
): Promise<{ engine: RevenueEngine; versions: DataVersions }> {
  const engine = ctx.cache?.revenue ?? new RevenueEngine();
  const versions = ctx.cache ? await ctx.cache.versions(ctx.store) : await readDataVersions(ctx.store);
  await engine.sync(ctx.store, ledgerSettings(ctx), versions, view);
  return { engine, versions };
}

/**
 * The ledger at `asOf`, optionally of some accounts only. Merged accounts count as the account they are
 * merged into; with `rollup`, every account counts as its top-most parent. Reads only.
 */
export async function currentLedger({
  ctx,
  asOf,
  accountIds = null,
  rollup = false,
}: {
  ctx: ServiceContext;
  asOf: string;
  accountIds?: readonly number[] | null;
  rollup?: boolean;
}): Promise<Ledger> {
  const settings = revenueSettings(ctx, asOf);
  const lastMonth = monthOfDay(parseDay(asOf));
  if (accountIds !== null && !ctx.cache) {
    // A one-shot command asking for a few accounts reads just theirs (and those counting as them).
    const records = await loadBillingRecords(ctx.store, accountIds, { rollup });
    const resolved = resolveSettings(settings);
    const { intervals } = normalizeWithProblems(records, normalizeContext(records.fxRates ?? [], resolved));
    return buildLedger(intervals, resolved);
  }
  const { engine } = await syncedEngine(ctx, { rollup });
  if (accountIds === null) return engine.ledger(asOf, { rollup });
  return ledgerOf(await Promise.all(accountIds.map((id) => engine.customer(asOf, id, { rollup }))), lastMonth);
}

/** Billing records left out of the figures (a currency without an FX rate, a date out of range). */
export async function revenueProblems({ ctx }: { ctx: ServiceContext }): Promise<RecordProblem[]> {
  const { engine } = await syncedEngine(ctx);
  return engine.problems();
}

function fingerprint(settings: RevenueSettings, versions: DataVersions): string {
  return createHash('sha1')
    .update(JSON.stringify({ settings, fx: versions.fx, plans: versions.plans, version: 2 }))
    .digest('base64url');
}

/**
 * Writes the ledger at `asOf` into revenue_spans and revenue_movements for SQL and BI users: every account
 * when the day, settings, FX rates or plans changed (or `full`), else the accounts changed since the last
 * refresh. One transaction: a reader sees the old tables or the new ones. Never called on a request's path.
 */
export function refreshRevenue(options: {
  ctx: ServiceContext;
  asOf: string;
  full?: boolean;
}): Promise<RecomputeResult> {
  // One refresh at a time per store in this process (a server's timer and its jobs may both ask).
  const store = options.ctx.store;
  const next = (refreshing.get(store) ?? Promise.resolve()).then(
    () => refreshOnce(options),
    () => refreshOnce(options),
  );
  refreshing.set(
    store,
    next.catch(() => undefined),
  );
  return next;
}

const refreshing = new WeakMap<object, Promise<unknown>>();

async function refreshOnce({
  ctx,
  asOf,
  full = false,
}: {
  ctx: ServiceContext;
  asOf: string;
  full?: boolean;
}): Promise<RecomputeResult> {
  const settings = revenueSettings(ctx, asOf);
  const { engine, versions } = await syncedEngine(ctx);
  const ledger = await engine.ledger(asOf);
  const print = fingerprint(settings, versions);
  return ctx.store.transaction(async (tx) => {
    const startedAt = new Date().toISOString();
    const [last] = await tx.query<{ fingerprint: string; revenue_version: number }>(
      `SELECT fingerprint, revenue_version FROM revenue_runs ORDER BY id DESC LIMIT 1`,
    );
    let result: RecomputeResult;
    const dirty = await tx.query<{ account_id: number }>(
      `SELECT DISTINCT account_id FROM revenue_dirty WHERE version > $1 AND version <= $2 ORDER BY account_id`,
      [last?.revenue_version ?? 0, versions.revenue],
    );
    // A change to an account merged into another changes that account's customer: both rows are rewritten.
    const dirtyIds = dirty.map((r) => r.account_id);
    const changed = [...new Set([...dirtyIds, ...engine.rootsOf(dirtyIds).map(Number)])].sort((a, b) => a - b);
    if (full || !last || last.fingerprint !== print) {
      await beginLedgerRewrite(tx, null);
      const movements = await appendLedger(tx, ledger.customers);
      await endLedgerRewrite(tx);
      result = { scope: 'full', accounts: ledger.customers.length, movements, aggregate: aggregateLedger(ledger) };
    } else {
      if (dirty.length === 0) return { scope: 'none', accounts: 0, movements: 0 };
      const wanted = new Set(changed);
      await beginLedgerRewrite(tx, changed);
      const customers = ledger.customers.filter((c) => wanted.has(Number(c.accountId)));
      result = { scope: 'accounts', accounts: changed.length, movements: await appendLedger(tx, customers) };
    }
    // Webhooks: the accounts whose billing records (or merges) changed are the ones whose ledger changed.
    await emitLedgerChanged(ctx, tx, changed, asOf);
    await tx.execute(
      `INSERT INTO revenue_runs (scope, started_at, finished_at, fingerprint, as_of, accounts, movements, revenue_version)
       VALUES ($1, $2, now(), $3, $4, $5, $6, $7)`,
      [result.scope, startedAt, print, asOf, result.accounts, result.movements, versions.revenue],
    );
    // Marks the previous refresh covered are a minute old or more: servers have read them (one that has not
    // sees the pruned version and reloads whole).
    if (last && last.revenue_version > 0) {
      await tx.execute(`DELETE FROM revenue_dirty WHERE version <= $1`, [last.revenue_version]);
      await tx.execute(`UPDATE data_versions SET version = greatest(version, $1) WHERE domain = 'revenue_pruned'`, [
        last.revenue_version,
      ]);
    }
    return result;
  });
}
