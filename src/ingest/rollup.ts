// The daily rollup kept at ingest: events per account × UTC day × user × feature. Adoption reads only this.
import { featureKeysFor, type FeatureDefinition } from '../core/adoption/catalog.ts';

export interface RollupRow {
  account_id: number;
  /** UTC calendar day, YYYY-MM-DD. */
  day: string;
  user_key: string;
  feature: string;
  events: number;
}

/** An event as the rollup needs it; identify and group calls are not usage and are skipped. */
export interface RollupEvent {
  type: string;
  event: string | null;
  accountId: number | null;
  userKey: string;
  occurredAt: number;
  properties: Readonly<Record<string, unknown>>;
}

const USAGE_TYPES = new Set(['track', 'page', 'screen']);

export function rollUp(events: Iterable<RollupEvent>, catalog: readonly FeatureDefinition[]): RollupRow[] {
  const rows = new Map<string, RollupRow>();
  for (const e of events) {
    if (e.accountId === null || e.event === null || !USAGE_TYPES.has(e.type)) continue;
    const day = new Date(e.occurredAt).toISOString().slice(0, 10);
    for (const feature of featureKeysFor(catalog, { name: e.event, properties: e.properties })) {
      const key = `${e.accountId}\u0000${day}\u0000${e.userKey}\u0000${feature}`;
      const row = rows.get(key);
      if (row) row.events++;
      else rows.set(key, { account_id: e.accountId, day, user_key: e.userKey, feature, events: 1 });
    }
  }
  // Sorted by primary key: concurrent writers lock rollup rows in the same order and cannot deadlock.
  return [...rows.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, row]) => row);
}
