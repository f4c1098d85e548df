// The in-memory revenue ledger: every account's normalized billing intervals in columns, loaded once with
// COPY and patched per changed account (the dirty-account triggers), cut at any as-of day on demand.
// Intervals are kept under each account's own id; merges (and, for `rollup`, parents) are applied when the
// ledger is cut: an account that counts as another adds its intervals to that account's customer and is no
// customer itself. So a merge, an unmerge or a new parent re-cuts, and never re-reads, the records.
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
import { loadAccountMap } from '../store/account-links.ts';
import { loadAccountRecords, loadFxRates } from '../store/revenue.ts';
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

const byId = (a: AccountId, b: AccountId) =>
  typeof a === 'number' && typeof b === 'number' ? a - b : String(a) < String(b) ? -1 : 1;

/** Accounts that count as another (merged; with parents, rolled up): each one's root, and each root's members. */
interface AccountGroups {
  rootOf: ReadonlyMap<AccountId, AccountId>;
  /** Per root with members: the root and every account counting as it, ascending. */
  members: ReadonlyMap<AccountId, readonly AccountId[]>;
}

const NO_GROUPS: AccountGroups = { rootOf: new Map(), members: new Map() };

function groupsOf(map: ReadonlyMap<number, number>): AccountGroups {
  const members = new Map<AccountId, AccountId[]>();
  for (const [from, to] of map) {
    const list = members.get(to);
    if (list) list.push(from);
    else members.set(to, [to, from]);
  }
  for (const list of members.values()) list.sort(byId);
  return { rootOf: map, members };
}

function sameGroups(a: AccountGroups, b: AccountGroups): boolean {
  if (a.rootOf.size !== b.rootOf.size) return false;
  for (const [from, to] of a.rootOf) if (b.rootOf.get(from) !== to) return false;
  return true;
}

/** Which ledger: per account (merges applied), or with every account under its top-most parent. */
export interface LedgerView {
  rollup?: boolean;
}

const viewKey = (rollup: boolean, asOf: string) => `${rollup ? 'parent' : 'account'}|${asOf}`;

interface Loaded {
  /** Settings and the versions of what every interval depends on (FX rates, plan names). */
  key: string;
  revenueVersion: number;
}

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
  /** Merges, and (once a rollup was asked) merges then parents; read again when revenue or accounts move. */
  private groups: { account: AccountGroups; parent: AccountGroups | null } = { account: NO_GROUPS, parent: null };
  private groupsAt: string | null = null;

  /** Runs `fn` after every earlier step: loads and patches never interleave. */
  private serial<T>(fn: () => T | Promise<T>): Promise<T> {
    const next = this.queue.then(fn, fn);
    this.queue = next.catch(() => undefined);
    return next;
  }

  /**
   * Brings the columns up to `versions`: a full load when settings, FX rates or plans changed (or on first
   * use), else the accounts marked dirty since the last step; and the merges (with `rollup`, the parents)
   * when revenue or accounts data moved. `versions` null (one-shot use) loads once.
   */
  sync(q: Queryable, settings: LedgerSettings, versions: DataVersions | null, view: LedgerView = {}): Promise<void> {
    return this.serial(async () => {
      const key = JSON.stringify([settings, versions?.fx ?? null, versions?.plans ?? null]);
      if (this.loaded && this.loaded.key === key) {
        await this.syncGroups(q, versions, view.rollup ?? false);
        if (versions && versions.revenue > this.loaded.revenueVersion) await this.patch(q, versions.revenue);
        return;
      }
      // The version is read before the records: changes committed meanwhile are patched again later.
      const revenueVersion = versions?.revenue ?? (await currentRevenueVersion(q));
      await this.loadAll(q, settings);
      this.loaded = { key, revenueVersion };
      await this.syncGroups(q, versions, view.rollup ?? false);
    });
  }

  /** Reads the account groups again when revenue (merges) or accounts (parents) data moved since. */
  private async syncGroups(q: Queryable, versions: DataVersions | null, rollup: boolean): Promise<void> {
    const at = versions ? `${versions.revenue}|${versions.accounts}` : 'once';
    const wantParent = rollup || this.groups.parent !== null;
    if (at === this.groupsAt && (!wantParent || this.groups.parent !== null)) return;
    const account = groupsOf(await loadAccountMap(q));
    const parent = wantParent ? groupsOf(await loadAccountMap(q, { rollup: true })) : null;
    // A kept ledger of another grouping is cut again when next asked.
    const drop = (rollupView: boolean) => {
      for (const key of [...this.ledgers.keys()]) if (key.startsWith(viewKey(rollupView, ''))) this.ledgers.delete(key);
    };
    if (!sameGroups(account, this.groups.account)) drop(false);
    if (parent && (!this.groups.parent || !sameGroups(parent, this.groups.parent))) drop(true);
    this.groups = { account, parent };
    this.groupsAt = at;
  }

  private groupsFor(rollup: boolean): AccountGroups {
    return rollup ? (this.groups.parent ?? NO_GROUPS) : this.groups.account;
  }

  /** The accounts the given ones count as (merges), each once: whose customers a change to them moves. */
  rootsOf(accountIds: readonly AccountId[]): AccountId[] {
    const { rootOf } = this.groups.account;
    return [...new Set(accountIds.map((id) => rootOf.get(id) ?? id))].sort(byId);
  }

  private async loadAll(q: Queryable, settings: LedgerSettings): Promise<void> {
    this.settings = settings;
    this.fxRates = await loadFxRates(q);
    this.norm = normalizeContext(this.fxRates, resolveSettings({ ...settings, asOf: FAR_AS_OF }));
    this.columns = new IntervalColumns();
    this.dayRecords.clear();
    this.problemsOf.clear();
    this.ledgers.clear();
    this.groupsAt = null;
    const [bounds] = await q.query<{ lo: number | null; hi: number | null }>(
      `SELECT min(id) AS lo, max(id) AS hi FROM accounts`,
    );
    if (bounds?.lo == null || bounds.hi == null) return;
    // The next chunk is read (on the store's thread or server) while this one is normalized.
    const read = (from: number) => loadAccountRecords(q, { from, to: from + LOAD_ACCOUNTS }, { fxRates: this.fxRates });
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
      const records = recordsByAccount(await loadAccountRecords(q, ids, { fxRates: this.fxRates }));
      for (const id of ids) this.setAccount(id, records.get(id) ?? {});
      this.patchLedgers(ids);
    }
    if (this.loaded) this.loaded = { ...this.loaded, revenueVersion: upTo };
  }

  /**
   * Recomputes the changed customers in every kept ledger (new Ledger objects: readers keep theirs): the
   * accounts the changed ones count as, under each ledger's grouping.
   */
  private patchLedgers(ids: readonly AccountId[]): void {
    if (ids.length > PATCH_LIMIT) {
      this.ledgers.clear();
      return;
    }
    for (const [key, ledger] of this.ledgers) {
      const rollup = key.startsWith(viewKey(true, ''));
      const asOf = key.slice(viewKey(rollup, '').length);
      const groups = this.groupsFor(rollup);
      const roots = [...new Set(ids.map((id) => groups.rootOf.get(id) ?? id))].sort(byId);
      const cut = this.cutOf(asOf);
      const override = this.override(cut);
      const customers = [...ledger.customers];
      const removed: CustomerLedger[] = [];
      const added: CustomerLedger[] = [];
      for (const id of roots) {
        const fresh = customerAt(this.columns, id, cut, override, groups.members.get(id));
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
      this.ledgers.set(key, patched);
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
  ledger(asOf: string, { rollup = false }: LedgerView = {}): Promise<Ledger> {
    return this.serial(async () => {
      const key = viewKey(rollup, asOf);
      const kept = this.ledgers.get(key);
      if (kept) {
        this.ledgers.delete(key);
        this.ledgers.set(key, kept);
        return kept;
      }
      const ledger = await this.cutLedger(asOf, rollup);
      this.ledgers.set(key, ledger);
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
  private async cutLedger(asOf: string, rollup: boolean): Promise<Ledger> {
    const cut = this.cutOf(asOf);
    const override = this.override(cut);
    const groups = this.groupsFor(rollup);
    let ids = mergeIds(this.columns.accounts(), [...this.dayRecords.keys()]);
    if (groups.rootOf.size > 0)
      ids = mergeIds(
        [],
        ids.map((id) => groups.rootOf.get(id) ?? id),
      );
    const customers: CustomerLedger[] = [];
    for (let i = 0; i < ids.length; i += CUT_SLICE) {
      if (i > 0) await setImmediate();
      for (const id of ids.slice(i, i + CUT_SLICE)) {
        customers.push(customerAt(this.columns, id, cut, override, groups.members.get(id)));
      }
    }
    return ledgerOf(customers, cut.lastMonth);
  }

  /** The overall monthly aggregate of a ledger this engine gave out (kept and patched with it). */
  aggregateOf(ledger: Ledger): MonthlyAggregate {
    let aggregate = this.aggregates.get(ledger);
    if (!aggregate) this.aggregates.set(ledger, (aggregate = aggregateLedger(ledger)));
    return aggregate;
  }

  /**
   * One customer's ledger at `asOf` (after `sync`), without cutting the others. An account that counts as
   * another (merged into it, or a child under a rollup) is no customer of its own: its ledger is empty.
   */
  customer(asOf: string, accountId: AccountId, { rollup = false }: LedgerView = {}): Promise<CustomerLedger> {
    return this.serial(() => {
      const groups = this.groupsFor(rollup);
      if (groups.rootOf.has(accountId)) return { accountId, history: [], movements: [] };
      const cut = this.cutOf(asOf);
      return customerAt(this.columns, accountId, cut, this.override(cut), groups.members.get(accountId));
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
