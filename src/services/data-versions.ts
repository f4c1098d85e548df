// Data versions per domain: counters in the store moved by triggers on the domain's tables (migration 0009),
// so caches are keyed by what they read and any writer, in any process, moves them.
import type { Queryable } from '../store/types.ts';

/**
 * The registry of domains. A later domain appends its name here and, in its migration, inserts its row into
 * data_versions and adds `bump_data_version('<domain>')` statement triggers on its tables.
 */
export const DATA_DOMAINS = ['revenue', 'fx', 'plans', 'accounts', 'usage', 'health'] as const;
export type DataDomain = (typeof DATA_DOMAINS)[number];
export type DataVersions = Readonly<Record<DataDomain, number>>;

export async function readDataVersions(q: Queryable): Promise<DataVersions> {
  const rows = await q.query<{ domain: string; version: number }>(`SELECT domain, version FROM data_versions`);
  const versions = Object.fromEntries(DATA_DOMAINS.map((d) => [d, 0])) as Record<DataDomain, number>;
  for (const row of rows) if (row.domain in versions) versions[row.domain as DataDomain] = row.version;
  return versions;
}

/** A cache key part naming the versions of some domains, e.g. 'revenue:12,accounts:3'. */
export function versionKey(versions: DataVersions, domains: readonly DataDomain[] = DATA_DOMAINS): string {
  return domains.map((d) => `${d}:${versions[d]}`).join(',');
}
