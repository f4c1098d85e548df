// A long-running server's memory of the revenue ledger and of computed reports. Both are valid for one
// "data version": the latest import run, the latest ledger run and whether any account awaits a recompute.
// Any import (CLI or API, this process or another against the same PostgreSQL) moves the version on.
import type { Ledger } from '../core/revenue/index.ts';
import type { Queryable } from '../store/types.ts';

export interface ReportCache {
  /** The data version: one cheap query, at most once per `versionTtlMs` unless `fresh`. */
  version(q: Queryable, options?: { fresh?: boolean }): Promise<string>;
  /** A value computed at most once per version and key (concurrent callers share one computation). */
  memo<T>(version: string, key: string, compute: () => Promise<T>): Promise<T>;
  /** The whole-store ledger for asOf, kept while the version holds. */
  ledger(version: string, asOf: string, load: () => Promise<Ledger>): Promise<Ledger>;
  clear(): void;
}

/**
 * `versionTtlMs`: how long a read version is trusted before asking the store again. Writes through this
 * process call `clear()`; another process's writes show within this delay.
 */
export function createReportCache({
  maxEntries = 500,
  versionTtlMs = 1000,
}: { maxEntries?: number; versionTtlMs?: number } = {}): ReportCache {
  let currentVersion = '';
  let checked: { at: number; pending: Promise<string> } | null = null;
  const entries = new Map<string, Promise<unknown>>();
  const reset = (version: string) => {
    if (version !== currentVersion) {
      entries.clear();
      currentVersion = version;
    }
  };
  const memo = <T>(version: string, key: string, compute: () => Promise<T>): Promise<T> => {
    reset(version);
    const hit = entries.get(key);
    if (hit) {
      entries.delete(key); // re-insert: the Map's order is the recency order
      entries.set(key, hit);
      return hit as Promise<T>;
    }
    const pending = compute();
    entries.set(key, pending);
    pending.catch(() => entries.delete(key));
    while (entries.size > maxEntries) {
      const oldest = entries.keys().next().value;
      if (oldest === undefined) break;
      entries.delete(oldest);
    }
    return pending;
  };
  return {
    version(q, { fresh = false } = {}) {
      const now = performance.now();
      if (!fresh && checked && now - checked.at < versionTtlMs) return checked.pending;
      const pending = readVersion(q);
      checked = { at: now, pending };
      pending.catch(() => (checked = null));
      return pending;
    },
    memo,
    ledger: (version, asOf, load) => memo(version, `ledger|${asOf}`, load),
    clear() {
      entries.clear();
      currentVersion = '';
      checked = null;
    },
  };
}

/** `compute()` once per data version and key where a server's cache is handed in; every time elsewhere. */
export async function memoized<T>(
  ctx: { store: Queryable; cache?: ReportCache | undefined },
  key: string,
  compute: () => Promise<T>,
): Promise<T> {
  const cache = ctx.cache;
  if (!cache) return compute();
  return cache.memo(await cache.version(ctx.store), key, compute);
}

async function readVersion(q: Queryable): Promise<string> {
  const [row] = await q.query<{ imports: number | null; runs: number | null; dirty: boolean }>(
    `SELECT (SELECT max(id) FROM import_runs) AS imports, (SELECT max(id) FROM revenue_runs) AS runs,
            EXISTS (SELECT 1 FROM revenue_dirty) AS dirty`,
  );
  return `${row?.imports ?? 0}.${row?.runs ?? 0}.${row?.dirty ? 'dirty' : 'clean'}`;
}
