// The feature catalog, the events seen but not catalogued, and re-deriving rollups after a catalog change.
import { UNCATALOGED_PREFIX, type FeatureDefinition } from '../core/adoption/catalog.ts';
import type { Queryable } from './types.ts';

interface FeatureRow {
  key: string;
  name: string;
  module: string;
  event: string;
  property_filter: Record<string, string | number | boolean>;
  plans: string[];
  milestone_days: number | null;
}

export async function listFeatures(q: Queryable): Promise<FeatureDefinition[]> {
  const rows = await q.query<FeatureRow & Record<string, unknown>>(
    `SELECT key, name, module, event, property_filter, plans, milestone_days FROM features ORDER BY module, key`,
  );
  return rows.map((r) => ({
    key: r.key,
    name: r.name,
    module: r.module,
    event: r.event,
    propertyFilter: r.property_filter,
    plans: r.plans,
    milestoneDays: r.milestone_days === 30 || r.milestone_days === 90 ? r.milestone_days : null,
  }));
}

/** Inserts or replaces the given features (by key), in one statement. */
export async function writeFeatures(tx: Queryable, features: readonly FeatureDefinition[]): Promise<void> {
  if (features.length === 0) return;
  await tx.execute(
    `INSERT INTO features (key, name, module, event, property_filter, plans, milestone_days)
     SELECT x.key, x.name, x.module, x.event, x.property_filter,
            ARRAY(SELECT jsonb_array_elements_text(x.plans)), x.milestone_days
     FROM jsonb_to_recordset($1::jsonb) AS x(key text, name text, module text, event text, property_filter jsonb,
                                             plans jsonb, milestone_days integer)
     ON CONFLICT (key) DO UPDATE SET name = excluded.name, module = excluded.module, event = excluded.event,
       property_filter = excluded.property_filter, plans = excluded.plans,
       milestone_days = excluded.milestone_days, updated_at = now()`,
    [
      JSON.stringify(
        features.map((f) => ({
          key: f.key,
          name: f.name,
          module: f.module,
          event: f.event,
          property_filter: f.propertyFilter,
          plans: f.plans,
          milestone_days: f.milestoneDays,
        })),
      ),
    ],
  );
}

export async function deleteFeatures(tx: Queryable, keys: readonly string[]): Promise<void> {
  if (keys.length > 0) await tx.execute(`DELETE FROM features WHERE key = ANY($1::text[])`, [keys]);
}

export interface UncatalogedEvent {
  event: string;
  events: number;
  accounts: number;
  users: number;
  lastSeen: string;
}

/** Events rolled up as 'event:<name>' (no catalog feature matches them), most used first. */
export async function uncatalogedEvents(q: Queryable): Promise<UncatalogedEvent[]> {
  const rows = await q.query<{ event: string; events: number; accounts: number; users: number; last_seen: string }>(
    `SELECT substr(feature, ${UNCATALOGED_PREFIX.length + 1}) AS event, sum(events)::bigint AS events,
            count(DISTINCT account_id)::int AS accounts, count(DISTINCT user_key)::int AS users, max(day) AS last_seen
     FROM usage_daily WHERE starts_with(feature, $1)
     GROUP BY feature ORDER BY sum(events) DESC, feature`,
    [UNCATALOGED_PREFIX],
  );
  return rows.map((r) => ({
    event: r.event,
    events: r.events,
    accounts: r.accounts,
    users: r.users,
    lastSeen: r.last_seen,
  }));
}

/**
 * Re-derives the daily rollups of the given event names from the raw events still kept, with the catalog as
 * it now stands, as ingest rolls them up (src/ingest/rollup.ts: track, page and screen calls; matching as in
 * core/adoption/catalog.ts: event name, and each filter property equal).
 * `formerKeys` are keys that matched these events before the change (removed or changed features).
 * Days older than the oldest raw event kept (retention) are left as they are, and so is usage stored without
 * raw events (demo data) on older days. Returns the rollup rows written.
 */
export async function rederiveRollups(
  tx: Queryable,
  eventNames: readonly string[],
  formerKeys: readonly string[],
): Promise<number> {
  if (eventNames.length === 0) return 0;
  const [oldest] = await tx.query<{ day: string | null }>(
    `SELECT min((occurred_at AT TIME ZONE 'UTC')::date) AS day FROM usage_events
     WHERE type IN ('track', 'page', 'screen') AND event = ANY($1::text[]) AND account_id IS NOT NULL`,
    [eventNames],
  );
  if (!oldest?.day) return 0;
  const keys = await tx.query<{ key: string }>(`SELECT key FROM features WHERE event = ANY($1::text[])`, [eventNames]);
  const affected = [
    ...new Set([...formerKeys, ...keys.map((k) => k.key), ...eventNames.map((e) => `${UNCATALOGED_PREFIX}${e}`)]),
  ];
  await tx.execute(`DELETE FROM usage_daily WHERE day >= $1 AND feature = ANY($2::text[])`, [oldest.day, affected]);
  return tx.execute(
    `INSERT INTO usage_daily (account_id, day, user_key, feature, events)
     SELECT e.account_id, (e.occurred_at AT TIME ZONE 'UTC')::date,
            COALESCE(e.user_id, 'anon:' || e.anonymous_id),
            COALESCE(f.key, $2 || e.event), count(*)::int
     FROM usage_events e
     LEFT JOIN features f ON f.event = e.event AND NOT EXISTS (
       SELECT 1 FROM jsonb_each(f.property_filter) p WHERE (e.properties -> p.key) IS DISTINCT FROM p.value)
     WHERE e.type IN ('track', 'page', 'screen') AND e.event = ANY($1::text[]) AND e.account_id IS NOT NULL
       AND COALESCE(e.user_id, e.anonymous_id) IS NOT NULL
     GROUP BY 1, 2, 3, 4
     ON CONFLICT (account_id, day, user_key, feature) DO UPDATE SET events = excluded.events`,
    [eventNames, UNCATALOGED_PREFIX],
  );
}
