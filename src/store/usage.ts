// SQL for product-usage ingestion: month partitions of usage_events, messageId dedup, end users, raw events,
// the daily rollup, events waiting for their account, and retention. Rows travel as one JSON parameter per
// statement (one round trip per table, cheap on PGlite's worker).
import { open, readdir } from 'node:fs/promises';
import path from 'node:path';
import type { FeatureDefinition } from '../core/adoption/catalog.ts';
import type { RollupEvent, RollupRow } from '../ingest/rollup.ts';
import type { UserUpdate } from '../ingest/identity.ts';
import type { UsageMessage } from '../ingest/message.ts';
import type { Queryable, Store } from './types.ts';

const PARTITION_PREFIX = 'usage_events_';

/** `usage_events_2025_01` for '2025-01'. */
export const partitionName = (month: string) => `${PARTITION_PREFIX}${month.replace('-', '_')}`;

function nextMonth(month: string): string {
  const [y, m] = month.split('-').map(Number) as [number, number];
  return m === 12 ? `${y + 1}-01` : `${y}-${String(m + 1).padStart(2, '0')}`;
}

/** Months ('YYYY-MM') that have their own partition. */
export async function listPartitionMonths(q: Queryable): Promise<string[]> {
  const rows = await q.query<{ name: string }>(
    `SELECT c.relname AS name FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid
     WHERE i.inhparent = 'usage_events'::regclass ORDER BY 1`,
  );
  return rows.flatMap(({ name }) => {
    const m = /^usage_events_(\d{4})_(\d{2})$/.exec(name);
    return m ? [`${m[1]}-${m[2]}`] : [];
  });
}

/**
 * Creates the partition of each month that lacks one. Rows of that month already in the default partition
 * (which would make a plain CREATE … PARTITION OF fail) are moved into the new table before it is attached.
 */
export async function ensurePartitions(store: Store, months: Iterable<string>): Promise<void> {
  const wanted = [...new Set(months)].sort();
  if (wanted.length === 0) return;
  const existing = new Set(await listPartitionMonths(store));
  for (const month of wanted.filter((m) => !existing.has(m))) {
    await store.transaction(async (tx) => {
      // Serializes creators on a shared server; the second finds the table made.
      await tx.query(`SELECT pg_advisory_xact_lock(7263005)`);
      const name = partitionName(month);
      const [found] = await tx.query<{ t: string | null }>(`SELECT to_regclass($1)::text AS t`, [name]);
      if (found?.t) return;
      const from = `${month}-01 00:00:00+00`;
      const to = `${nextMonth(month)}-01 00:00:00+00`;
      await tx.execute(`CREATE TABLE ${name} (LIKE usage_events INCLUDING DEFAULTS INCLUDING CONSTRAINTS)`);
      await tx.execute(
        `WITH moved AS (DELETE FROM usage_events_default WHERE occurred_at >= $1 AND occurred_at < $2 RETURNING *)
         INSERT INTO ${name} SELECT * FROM moved`,
        [from, to],
      );
      await tx.execute(`ALTER TABLE usage_events ATTACH PARTITION ${name} FOR VALUES FROM ('${from}') TO ('${to}')`);
    });
  }
}

/** Records message ids; returns those not seen before (a retried message is not counted twice). */
export async function insertMessageIds(
  tx: Queryable,
  messages: readonly Pick<UsageMessage, 'messageId' | 'receivedAt'>[],
): Promise<Set<string>> {
  if (messages.length === 0) return new Set();
  // Sorted so concurrent writers take the key locks in one order.
  const sorted = [...messages].sort((a, b) => (a.messageId < b.messageId ? -1 : a.messageId > b.messageId ? 1 : 0));
  const rows = await tx.query<{ message_id: string }>(
    `INSERT INTO usage_message_ids (message_id, received_at)
     SELECT m, r FROM unnest($1::text[], $2::timestamptz[]) AS x(m, r)
     ON CONFLICT (message_id) DO NOTHING RETURNING message_id`,
    [sorted.map((m) => m.messageId), sorted.map((m) => new Date(m.receivedAt).toISOString())],
  );
  return new Set(rows.map((r) => r.message_id));
}

/**
 * Upserts end users; each one's account follows the latest groupId named (none named: unchanged); last_seen_at
 * moves only when it is an hour or more behind.
 * Returns the user keys that just got an account after having none: their earlier events wait for it.
 */
export async function upsertUsers(tx: Queryable, users: readonly UserUpdate[]): Promise<string[]> {
  if (users.length === 0) return [];
  const rows = await tx.query<{ user_key: string; mapped: boolean }>(
    `WITH input AS (
       SELECT x.*, a.id AS account_id
       FROM jsonb_to_recordset($1::jsonb) AS x(user_key text, group_id text, traits jsonb,
                                               first_seen_at timestamptz, last_seen_at timestamptz)
       LEFT JOIN accounts a ON a.external_id = x.group_id
     ), changed AS (
       -- Only new users and those whose row moves: rewriting (even locking) every user costs more than the events.
       SELECT i.*, u.user_key IS NOT NULL AND u.account_id IS NULL AS was_unmapped
       FROM input i LEFT JOIN usage_users u USING (user_key)
       WHERE u.user_key IS NULL OR i.traits <> '{}'::jsonb OR i.first_seen_at < u.first_seen_at
         OR i.last_seen_at > u.last_seen_at + interval '1 hour'
         OR (i.group_id IS NOT NULL AND (i.group_id IS DISTINCT FROM u.group_id OR i.account_id IS DISTINCT FROM u.account_id))
     )
     INSERT INTO usage_users AS u (user_key, account_id, group_id, traits, first_seen_at, last_seen_at)
     SELECT user_key, account_id, group_id, traits, first_seen_at, last_seen_at FROM changed ORDER BY user_key
     ON CONFLICT (user_key) DO UPDATE SET
       account_id = CASE WHEN excluded.group_id IS NULL THEN u.account_id ELSE excluded.account_id END,
       group_id = COALESCE(excluded.group_id, u.group_id),
       traits = u.traits || excluded.traits,
       first_seen_at = LEAST(u.first_seen_at, excluded.first_seen_at),
       last_seen_at = GREATEST(u.last_seen_at, excluded.last_seen_at)
     RETURNING u.user_key,
       u.account_id IS NOT NULL AND u.user_key IN (SELECT user_key FROM changed WHERE was_unmapped) AS mapped`,
    [JSON.stringify(users)],
  );
  return rows.filter((r) => r.mapped).map((r) => r.user_key);
}

/** Catalog features of the given event names (the rest of the catalog cannot match them). */
export async function featuresForEvents(q: Queryable, events: readonly string[]): Promise<FeatureDefinition[]> {
  if (events.length === 0) return [];
  const rows = await q.query<{
    key: string;
    name: string;
    module: string;
    event: string;
    property_filter: FeatureDefinition['propertyFilter'];
    plans: string[];
    milestone_days: number | null;
  }>(
    `SELECT key, name, module, event, property_filter, plans, milestone_days FROM features
     WHERE event = ANY($1::text[]) ORDER BY key`,
    [events],
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

/**
 * Stores raw events. Each event's account: the one its own groupId names (none yet: NULL, waiting), else its
 * user's account as upserted just before. Returns each message id's account.
 */
export async function insertEvents(
  tx: Queryable,
  events: readonly UsageMessage[],
  source: string,
): Promise<Map<string, number | null>> {
  if (events.length === 0) return new Map();
  const rows = events.map((e) => ({
    occurred_at: new Date(e.occurredAt).toISOString(),
    received_at: new Date(e.receivedAt).toISOString(),
    message_id: e.messageId,
    type: e.type,
    event: e.event,
    user_id: e.userId,
    anonymous_id: e.anonymousId,
    user_key: e.userKey,
    group_id: e.groupId,
    properties: e.properties,
    context: e.context,
  }));
  const stored = await tx.query<{ message_id: string; account_id: number | null }>(
    `INSERT INTO usage_events (occurred_at, received_at, message_id, type, event, user_id, anonymous_id, group_id,
                               account_id, properties, context, source)
     SELECT x.occurred_at, x.received_at, x.message_id, x.type, x.event, x.user_id, x.anonymous_id, x.group_id,
            CASE WHEN x.group_id IS NULL THEN u.account_id ELSE a.id END, x.properties, x.context, $2
     FROM jsonb_to_recordset($1::jsonb) AS x(occurred_at timestamptz, received_at timestamptz, message_id text,
            type text, event text, user_id text, anonymous_id text, user_key text, group_id text,
            properties jsonb, context jsonb)
     LEFT JOIN accounts a ON a.external_id = x.group_id
     LEFT JOIN usage_users u ON u.user_key = x.user_key
     RETURNING message_id, account_id`,
    [JSON.stringify(rows), source],
  );
  return new Map(stored.map((r) => [r.message_id, r.account_id]));
}

/** Adds rollup rows to usage_daily (events = events + new). */
export async function addDailyUsage(tx: Queryable, rows: readonly RollupRow[]): Promise<void> {
  if (rows.length === 0) return;
  await tx.execute(
    `INSERT INTO usage_daily (account_id, day, user_key, feature, events)
     SELECT account_id, day, user_key, feature, events
     FROM jsonb_to_recordset($1::jsonb) AS x(account_id bigint, day date, user_key text, feature text, events integer)
     ON CONFLICT (account_id, day, user_key, feature) DO UPDATE SET events = usage_daily.events + excluded.events`,
    [JSON.stringify(rows)],
  );
}

type PendingRow = {
  occurred_ms: number;
  type: string;
  event: string | null;
  user_key: string;
  account_id: number;
  properties: Record<string, unknown>;
};

const PENDING_RETURNING = `RETURNING (extract(epoch FROM e.occurred_at) * 1000)::float8 AS occurred_ms, e.type, e.event,
  COALESCE(e.user_id, 'anon:' || e.anonymous_id) AS user_key, e.account_id, e.properties`;

const toRollupEvents = (rows: readonly PendingRow[]): RollupEvent[] =>
  rows.map((r) => ({
    type: r.type,
    event: r.event,
    accountId: r.account_id,
    userKey: r.user_key,
    occurredAt: r.occurred_ms,
    properties: r.properties,
  }));

/**
 * Gives waiting events (no groupId of their own) of these users (null: of every user) their user's account;
 * returns them.
 */
export async function assignPendingByUser(tx: Queryable, userKeys: readonly string[] | null): Promise<RollupEvent[]> {
  if (userKeys?.length === 0) return [];
  const users = userKeys === null ? '' : 'u.user_key = ANY($1::text[]) AND';
  const rows = await tx.query<PendingRow>(
    `UPDATE usage_events e SET account_id = u.account_id
     FROM usage_users u
     WHERE ${users} u.account_id IS NOT NULL
       AND e.account_id IS NULL AND e.group_id IS NULL
       AND COALESCE(e.user_id, 'anon:' || e.anonymous_id) = u.user_key
     ${PENDING_RETURNING}`,
    userKeys === null ? [] : [[...userKeys]],
  );
  return toRollupEvents(rows);
}

/**
 * Maps users and waiting events whose groupId names an account that exists now (e.g. imported after the
 * events arrived). Returns the events that got an account, and the users that did.
 */
export async function assignPendingByGroup(tx: Queryable): Promise<{ events: RollupEvent[]; users: string[] }> {
  const users = await tx.query<{ user_key: string }>(
    `UPDATE usage_users u SET account_id = a.id FROM accounts a
     WHERE u.account_id IS NULL AND u.group_id IS NOT NULL AND a.external_id = u.group_id
     RETURNING u.user_key`,
  );
  const rows = await tx.query<PendingRow>(
    `UPDATE usage_events e SET account_id = a.id FROM accounts a
     WHERE e.account_id IS NULL AND e.group_id IS NOT NULL AND a.external_id = e.group_id
     ${PENDING_RETURNING}`,
  );
  return { events: toRollupEvents(rows), users: users.map((u) => u.user_key) };
}

/**
 * Retention: drops the partitions of months that ended before `cutoff`, and forgets raw rows and message ids
 * older than it elsewhere. Rollups are kept. Returns the months dropped.
 */
export async function dropUsageBefore(store: Store, cutoff: Date): Promise<string[]> {
  const cutoffMonth = cutoff.toISOString().slice(0, 7);
  const old = (await listPartitionMonths(store)).filter((m) => nextMonth(m) <= cutoffMonth);
  await store.transaction(async (tx) => {
    for (const month of old) await tx.execute(`DROP TABLE IF EXISTS ${partitionName(month)}`);
    await tx.execute(`DELETE FROM usage_events_default WHERE occurred_at < $1`, [cutoff.toISOString()]);
    // Message ids have no index by age: scanning them once a month, when a month goes, is cheap enough.
    if (old.length > 0) {
      await tx.execute(`DELETE FROM usage_message_ids WHERE received_at < $1`, [cutoff.toISOString()]);
    }
  });
  return old;
}

/**
 * The embedded store's WAL segment being written, or null for a store that needs no help to be durable.
 * PGlite runs PostgreSQL with fsync off and its Node file system has no fsync: a commit reaches the OS
 * (it survives the process being killed) but not the disk. `syncWal` closes that gap for the WAL.
 */
export async function walSegment(store: Store): Promise<string | null> {
  if (store.kind !== 'pglite' || store.location === 'memory') return null;
  const [row] = await store.query<{ segment: string }>(`SELECT pg_walfile_name(pg_current_wal_lsn()) AS segment`);
  return row?.segment ?? null;
}

/** fsyncs the WAL segments written since `since` (from `walSegment`), and pg_wal itself when one was added. */
export async function syncWal(store: Store, since: string | null): Promise<void> {
  const current = await walSegment(store);
  if (since === null || current === null) return;
  const walDir = path.join(store.location, 'pg_wal');
  const written = (await readdir(walDir)).filter((n) => /^[0-9A-F]{24}$/.test(n) && n >= since && n <= current);
  if (current !== since) written.push('.');
  for (const name of written) {
    const handle = await open(path.join(walDir, name), 'r');
    try {
      await handle.sync();
    } finally {
      await handle.close();
    }
  }
}
