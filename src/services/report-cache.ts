// A long-running server's memory: the in-memory revenue ledger and computed answers, each valid for the data
// versions of the domains it reads (data-versions.ts). Writes move the versions themselves, whichever
// process makes them; a server notices within `versionTtlMs`.
import type { Queryable } from '../store/types.ts';
import { DATA_DOMAINS, readDataVersions, versionKey, type DataDomain, type DataVersions } from './data-versions.ts';
import { RevenueEngine } from './revenue-engine.ts';

export interface ReportCache {
  /** The data versions: one cheap query, at most once per `versionTtlMs` unless `fresh`. */
  versions(q: Queryable, options?: { fresh?: boolean }): Promise<DataVersions>;
  /** Every domain's version as one string. */
  version(q: Queryable, options?: { fresh?: boolean }): Promise<string>;
  /** A value computed at most once per version and key (concurrent callers share one computation). */
  memo<T>(version: string, key: string, compute: () => Promise<T>): Promise<T>;
  /** The in-memory revenue ledger of this server. */
  readonly revenue: RevenueEngine;
  clear(): void;
}

/**
 * `versionTtlMs`: how long read versions are trusted before asking the store again. Writes through this
 * process call `clear()`; another process's writes show within this delay.
 */
export function createReportCache({
  maxEntries = 500,
  versionTtlMs = 1000,
}: { maxEntries?: number; versionTtlMs?: number } = {}): ReportCache {
  let checked: { at: number; pending: Promise<DataVersions> } | null = null;
  /** By key: the version it was computed for and its value (one version per key is kept). */
  const entries = new Map<string, { version: string; value: Promise<unknown> }>();
  const versions = (q: Queryable, { fresh = false } = {}) => {
    const now = performance.now();
    if (!fresh && checked && now - checked.at < versionTtlMs) return checked.pending;
    const pending = readDataVersions(q);
    checked = { at: now, pending };
    pending.catch(() => (checked = null));
    return pending;
  };
  const memo = <T>(version: string, key: string, compute: () => Promise<T>): Promise<T> => {
    const hit = entries.get(key);
    entries.delete(key); // re-insert: the Map's order is the recency order
    if (hit && hit.version === version) {
      entries.set(key, hit);
      return hit.value as Promise<T>;
    }
    const value = compute();
    const entry = { version, value };
    entries.set(key, entry);
    value.catch(() => {
      if (entries.get(key) === entry) entries.delete(key);
    });
    while (entries.size > maxEntries) {
      const oldest = entries.keys().next().value;
      if (oldest === undefined) break;
      entries.delete(oldest);
    }
    return value;
  };
  return {
    versions,
    version: async (q, options) => versionKey(await versions(q, options)),
    memo,
    revenue: new RevenueEngine(),
    clear() {
      entries.clear();
      checked = null;
    },
  };
}

/**
 * `compute()` once per key and versions of `domains` (every domain unless told) where a server's cache is
 * handed in; every time elsewhere.
 */
export async function memoized<T>(
  ctx: { store: Queryable; cache?: ReportCache | undefined },
  key: string,
  compute: () => Promise<T>,
  domains: readonly DataDomain[] = DATA_DOMAINS,
): Promise<T> {
  const cache = ctx.cache;
  if (!cache) return compute();
  return cache.memo(versionKey(await cache.versions(ctx.store), domains), key, compute);
}
