// The in-memory revenue ledger: every account's normalized billing intervals in columns, loaded once with
// COPY and patched per changed account (the dirty-account triggers), cut at any as-of day on demand.
// Nothing here writes to the store.
import { setImmediate } from 'node:timers/promises';
import type { FxRate } from '../core/fx.ts';
import {
  aggregateLedger,
  customerAt,
  patchAggregate,
  FAR_AS_OF,
  IntervalColumns,
  ledgerOf,
  mergeIds,
  normalizeContext,
  normalizeWithProblems,
  readsAsOf,
  recordsByAccount,
  resolveSettings,
  type AccountId,
  type BillingRecords,
  type CustomerLedger,
  type Cut,
  type Ledger,
  type MonthlyAggregate,
  type MrrInterval,
  type NormalizeContext,
  type RecordProblem,
  type RevenueSettings,
} from '../core/revenue/index.ts';
import { loadBillingRecords, loadFxRates } from '../store/revenue.ts';
import type { Queryable } from '../store/types.ts';
import type { DataVersions } from './data-versions.ts';

/** Accounts per bulk read on a full load: bounds the records held at once. */
const LOAD_ACCOUNTS = 50_000;
/** As-of days whose whole ledger is kept, patched on changes like the columns (a million customers: most of a GB each). */
const LEDGERS_KEPT = 2;
/** More changed accounts than this in one step drop the kept ledgers instead of patching them. */
const PATCH_LIMIT = 2_000;
/** Customers cut between two turns of the event loop. */
const CUT_SLICE = 10_000;

export type LedgerSettings = Omit<RevenueSettings, 'asOf'>;

interface Loaded {
  /** Settings and the versions of what every interval depends on (FX rates, plan names). */
  key: string;
  revenueVersion: number;
}

const byId = (a: AccountId, b: AccountId) =>
  typeof a === 'number' && typeof b === 'number' ? a - b : String(a) < String(b) ? -1 : 1;

export class RevenueEngine {
  private columns = new IntervalColumns();
  private norm: NormalizeContext | null = null;
  private fxRates: FxRate[] = [];
  /** Records of accounts whose intervals read the as-of day itself (normalized per day asked). */
  private dayRecords = new Map<AccountId, BillingRecords>();
  private problemsOf = new Map<AccountId, RecordProblem[]>();
  private loaded: Loaded | null = null;
  private ledgers = new Map<string, Ledger>();
  /** The overall aggregate of a kept ledger, patched with it. */
  private aggregates = new WeakMap<Ledger, MonthlyAggregate>();
  private queue: Promise<unknown> = Promise.resolve();
  private settings: LedgerSettings | null = null;

  /** Runs `fn` after every earlier step: loads and patches never interleave. */
  private serial<T>(fn: () => T | Promise<T>): Promise<T> {
    const next = this.queue.then(fn, fn);
    this.queue = next.catch(() => undefined);
    return next;
  }

  /**
   * Brings the columns up to `versions`: a full load when settings, FX rates or plans changed (or on first
   * use), else the accounts marked dirty since the last step. `versions` null (one-shot use) loads once.
   */
  sync(q: Queryable, settings: LedgerSettings, versions: DataVersions | null): Promise<void> {
    return this.serial(async () => {
      const key = JSON.stringify([settings, versions?.fx ?? null, versions?.plans ?? null]);
      if (this.loaded && this.loaded.key === key) {
        if (versions && versions.revenue > this.loaded.revenueVersion) await this.patch(q, versions.revenue);
        return;
      }
      // The version is read before the records: changes committed meanwhile are patched again later.
      const revenueVersion = versions?.revenue ?? (await currentRevenueVersion(q));
      await this.loadAll(q, settings);
      this.loaded = { key, revenueVersion };
    });
  }

  private async loadAll(q: Queryable, settings: LedgerSettings): Promise<void> {
    this.settings = settings;
    this.fxRates = await loadFxRates(q);
    this.norm = normalizeContext(this.fxRates, resolveSettings({ ...settings, asOf: FAR_AS_OF }));
    this.columns = new IntervalColumns();
    this.dayRecords.clear();
    this.problemsOf.clear();
    this.ledgers.clear();
    const [bounds] = await q.query<{ lo: number | null; hi: number | null }>(
      `SELECT min(id) AS lo, max(id) AS hi FROM accounts`,
    );
    if (bounds?.lo == null || bounds.hi == null) return;
    // The next chunk is read (on the store's thread or server) while this one is normalized.
    const read = (from: number) => loadBillingRecords(q, { from, to: from + LOAD_ACCOUNTS }, { fxRates: this.fxRates });
    let next = read(bounds.lo);
    for (let from = bounds.lo; from <= bounds.hi; from += LOAD_ACCOUNTS) {
      const records = await next;
      if (from + LOAD_ACCOUNTS <= bounds.hi) {
        next = read(from + LOAD_ACCOUNTS);
        next.catch(() => undefined); // awaited in the next round; a failure there is thrown there
      }
      await this.setAccounts(recordsByAccount(records));
    }
  }

  /** Normalizes accounts a slice at a time, letting the event loop serve other requests between slices. */
  private async setAccounts(byAccount: Map<AccountId, BillingRecords>): Promise<void> {
    let done = 0;
    for (const [id, own] of byAccount) {
      this.setAccount(id, own);
      if (++done % CUT_SLICE === 0) await setImmediate();
    }
  }

  private setAccount(accountId: AccountId, records: BillingRecords): void {
    const norm = this.norm;
    if (!norm) throw new Error('the revenue engine is not loaded');
    const { intervals, problems } = normalizeWithProblems(records, norm);
    this.columns.setAccount(accountId, intervals);
    if (problems.length > 0) this.problemsOf.set(accountId, problems);
    else this.problemsOf.delete(accountId);
    if (readsAsOf(records)) this.dayRecords.set(accountId, records);
    else this.dayRecords.delete(accountId);
  }

  private async patch(q: Queryable, upTo: number): Promise<void> {
    const from = this.loaded?.revenueVersion ?? 0;
    const [pruned] = await q.query<{ version: number }>(
      `SELECT version FROM data_versions WHERE domain = 'revenue_pruned'`,
    );
    if ((pruned?.version ?? 0) > from && this.settings) {
      // The marks since this ledger was read are gone: read everything again.
      await this.loadAll(q, this.settings);
      if (this.loaded) this.loaded = { ...this.loaded, revenueVersion: upTo };
      return;
    }
    const rows = await q.query<{ account_id: number }>(
      `SELECT DISTINCT account_id FROM revenue_dirty WHERE version > $1 AND version <= $2 ORDER BY account_id`,
      [from, upTo],
    );
    const ids = rows.map((r) => r.account_id);
    if (ids.length > 0) {
      const records = recordsByAccount(await loadBillingRecords(q, ids, { fxRates: this.fxRates }));
      for (const id of ids) this.setAccount(id, records.get(id) ?? {});
      this.patchLedgers(ids);
    }
    if (this.loaded) this.loaded = { ...this.loaded, revenueVersion: upTo };
  }

  /** Recomputes the changed customers in every kept ledger (new Ledger objects: readers keep theirs). */
  private patchLedgers(ids: readonly AccountId[]): void {
    if (ids.length > PATCH_LIMIT) {
      this.ledgers.clear();
      return;
    }
    for (const [asOf, ledger] of this.ledgers) {
      const cut = this.cutOf(asOf);
      const customers = [...ledger.customers];
      const removed: CustomerLedger[] = [];
      const added: CustomerLedger[] = [];
      for (const id of ids) {
        const fresh = customerAt(this.columns, id, cut, this.override(cut));
        let lo = 0;
        let hi = customers.length;
        while (lo < hi) {
          const mid = (lo + hi) >> 1;
          if (byId(customers[mid]?.accountId ?? 0, id) < 0) lo = mid + 1;
          else hi = mid;
        }
        const here = customers[lo]?.accountId === id;
        const paying = fresh.movements.length > 0;
        const old = here ? customers[lo] : undefined;
        if (old) removed.push(old);
        if (paying) added.push(fresh);
        if (here && paying) customers[lo] = fresh;
        else if (here) customers.splice(lo, 1);
        else if (paying) customers.splice(lo, 0, fresh);
      }
      let firstMonth = ledger.lastMonth + 1;
      for (const c of customers) firstMonth = Math.min(firstMonth, c.movements[0]?.month ?? firstMonth);
      const patched = { firstMonth, lastMonth: ledger.lastMonth, customers };
      this.ledgers.set(asOf, patched);
      const aggregate = this.aggregates.get(ledger);
      if (aggregate && firstMonth === ledger.firstMonth) {
        this.aggregates.set(patched, patchAggregate(aggregate, removed, added));
      }
    }
  }

  private cutOf(asOf: string): Cut & { settings: ReturnType<typeof resolveSettings> } {
    const settings = resolveSettings({ ...(this.settings ?? { reportingCurrency: 'USD' }), asOf });
    return { ...settings, settings };
  }

  private override(cut: ReturnType<RevenueEngine['cutOf']>) {
    if (this.dayRecords.size === 0) return undefined;
    const ctx: NormalizeContext = { settings: cut.settings, fx: this.norm?.fx ?? null };
    return (id: AccountId): readonly MrrInterval[] | undefined => {
      const records = this.dayRecords.get(id);
      return records ? normalizeWithProblems(records, ctx).intervals : undefined;
    };
  }

  /** The whole ledger at `asOf` (after `sync`): kept for the last few days asked, patched on changes. */
  ledger(asOf: string): Promise<Ledger> {
    return this.serial(async () => {
      const kept = this.ledgers.get(asOf);
      if (kept) {
        this.ledgers.delete(asOf);
        this.ledgers.set(asOf, kept);
        return kept;
      }
      const ledger = await this.cutLedger(asOf);
      this.ledgers.set(asOf, ledger);
      while (this.ledgers.size > LEDGERS_KEPT) {
        const oldest = this.ledgers.keys().next().value;
        if (oldest === undefined) break;
        this.ledgers.delete(oldest);
      }
      return ledger;
    });
  }

  /**
   * Cuts every customer at `asOf`, a slice at a time: between slices the event loop serves other requests,
   * so a day not asked before never holds them up for the whole cut.
   */
  private async cutLedger(asOf: string): Promise<Ledger> {
    const cut = this.cutOf(asOf);
    const override = this.override(cut);
    const ids = mergeIds(this.columns.accounts(), [...this.dayRecords.keys()]);
    const customers: CustomerLedger[] = [];
    for (let i = 0; i < ids.length; i += CUT_SLICE) {
      if (i > 0) await setImmediate();
      for (const id of ids.slice(i, i + CUT_SLICE)) customers.push(customerAt(this.columns, id, cut, override));
    }
    return ledgerOf(customers, cut.lastMonth);
  }

  /** The overall monthly aggregate of a ledger this engine gave out (kept and patched with it). */
  aggregateOf(ledger: Ledger): MonthlyAggregate {
    let aggregate = this.aggregates.get(ledger);
    if (!aggregate) this.aggregates.set(ledger, (aggregate = aggregateLedger(ledger)));
    return aggregate;
  }

  /** One customer's ledger at `asOf` (after `sync`), without cutting the others. */
  customer(asOf: string, accountId: AccountId): Promise<CustomerLedger> {
    return this.serial(() => {
      const cut = this.cutOf(asOf);
      return customerAt(this.columns, accountId, cut, this.override(cut));
    });
  }

  /** Records left out of every figure (no FX rate, dates out of range), by account. */
  problems(): RecordProblem[] {
    return [...this.problemsOf.values()].flat();
  }
}

async function currentRevenueVersion(q: Queryable): Promise<number> {
  const [row] = await q.query<{ version: number | null }>(`SELECT version FROM data_versions WHERE domain = 'revenue'`);
  return row?.version ?? 0;
}
