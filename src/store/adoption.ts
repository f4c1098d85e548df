// Reads for adoption metrics: active days per user, feature use in a window, first use per feature (all from
// the `usage_daily` rollup, never raw events), licensed seats and first paid day per account.
import type { UserActivity } from '../core/adoption/activity.ts';
import type { AccountUsage, FeatureUse } from '../core/adoption/metrics.ts';
import { readAllRows } from './read.ts';
import type { Queryable } from './types.ts';

/** `AND …` fragment and params limiting a query to some accounts (all when `accountIds` is null). */
function accountScope(column: string, accountIds: readonly number[] | null, params: unknown[]) {
  if (accountIds === null) return { and: '', params };
  return { and: ` AND ${column} = ANY($${params.length + 1}::bigint[])`, params: [...params, accountIds] };
}

function bucket<T>(map: Map<number, T[]>, id: number, value: T): void {
  const list = map.get(id);
  if (list) list.push(value);
  else map.set(id, [value]);
}

/**
 * Each account's usage as of `asOf` ('YYYY-MM-DD'): users' active days in the `lookbackDays` ending asOf,
 * feature use in the `windowDays` ending asOf, and each catalog feature's first use on or before asOf.
 */
export async function loadAccountUsage(
  q: Queryable,
  options: { asOf: string; windowDays: number; lookbackDays: number; accountIds: readonly number[] | null },
): Promise<Map<number, AccountUsage>> {
  const { asOf, windowDays, lookbackDays, accountIds } = options;
  const days = accountScope('account_id', accountIds, [asOf, lookbackDays - 1]);
  const userRows = await readAllRows<{ account_id: number; user_key: string; days: number[] }>(
    q,
    `SELECT account_id, user_key, json_agg(DISTINCT day - DATE '1970-01-01') AS days FROM usage_daily
     WHERE day BETWEEN $1::date - $2::int AND $1::date${days.and} GROUP BY account_id, user_key`,
    days.params,
    ['account_id', 'user_key'],
  );
  const window = accountScope('account_id', accountIds, [asOf, windowDays - 1]);
  const featureRows = await q.query<{ account_id: number; feature: string; users: number; events: number }>(
    `SELECT account_id, feature, count(DISTINCT user_key)::int AS users, sum(events)::bigint AS events
     FROM usage_daily WHERE day BETWEEN $1::date - $2::int AND $1::date${window.and} GROUP BY account_id, feature`,
    window.params,
  );
  const first = accountScope('u.account_id', accountIds, [asOf]);
  const firstRows = await q.query<{ account_id: number; feature: string; day: number }>(
    `SELECT u.account_id, u.feature, min(u.day) - DATE '1970-01-01' AS day
     FROM usage_daily u JOIN features f ON f.key = u.feature
     WHERE u.day <= $1::date${first.and} GROUP BY u.account_id, u.feature`,
    first.params,
  );
  const users = new Map<number, UserActivity[]>();
  for (const r of userRows) bucket(users, r.account_id, { userKey: r.user_key, days: r.days });
  const features = new Map<number, FeatureUse[]>();
  for (const r of featureRows) {
    bucket(features, r.account_id, { feature: r.feature, users: r.users, events: r.events });
  }
  const firstUse = new Map<number, Map<string, number>>();
  for (const r of firstRows) {
    const m = firstUse.get(r.account_id) ?? new Map<string, number>();
    m.set(r.feature, r.day);
    firstUse.set(r.account_id, m);
  }
  const ids = new Set([...users.keys(), ...features.keys(), ...firstUse.keys()]);
  return new Map(
    [...ids].map((id) => [
      id,
      { users: users.get(id) ?? [], features: features.get(id) ?? [], firstUse: firstUse.get(id) ?? new Map() },
    ]),
  );
}

/**
 * Seats in force on `asOf`: the quantities of subscription periods covering that day, plus the licensed
 * (not metered) item quantities of billing-system subscriptions in force then. Accounts with no known
 * quantity are absent.
 */
export async function loadLicensedSeats(q: Queryable, asOf: string): Promise<Map<number, number>> {
  const rows = await q.query<{ account_id: number; seats: number }>(
    `SELECT account_id, sum(seats)::bigint AS seats FROM (
       SELECT account_id, quantity AS seats FROM subscription_periods
       WHERE quantity IS NOT NULL AND start_on <= $1::date AND (end_on IS NULL OR end_on > $1::date)
       UNION ALL
       SELECT s.account_id, i.quantity FROM subscriptions s JOIN subscription_items i ON i.subscription_id = s.id
       WHERE NOT i.metered AND (s.started_at AT TIME ZONE 'UTC')::date <= $1::date
         AND s.status NOT IN ('incomplete', 'incomplete_expired')
         AND (COALESCE(s.ended_at, s.cancel_at) IS NULL
              OR (COALESCE(s.ended_at, s.cancel_at) AT TIME ZONE 'UTC')::date > $1::date)
     ) q GROUP BY account_id`,
    [asOf],
  );
  return new Map(rows.map((r) => [r.account_id, r.seats]));
}

/** First day each account paid for service (periods, subscriptions past their trial, invoice lines). */
export async function loadFirstPaidDays(q: Queryable): Promise<Map<number, number>> {
  const rows = await q.query<{ account_id: number; day: number }>(
    `SELECT account_id, min(day) - DATE '1970-01-01' AS day FROM (
       SELECT account_id, start_on AS day FROM subscription_periods WHERE monthly_amount_minor > 0
       UNION ALL
       SELECT account_id, (COALESCE(trial_end, started_at) AT TIME ZONE 'UTC')::date FROM subscriptions
       WHERE status NOT IN ('incomplete', 'incomplete_expired', 'trialing')
       UNION ALL
       SELECT i.account_id, l.period_start FROM invoice_lines l JOIN invoices i ON i.id = l.invoice_id
       WHERE l.amount_minor > 0 AND l.recurring AND i.status IN ('paid', 'open')
     ) q GROUP BY account_id`,
  );
  return new Map(rows.map((r) => [r.account_id, r.day]));
}

/** Adds daily rollup rows (demo data, backfills); rows already there are kept. One JSON parameter per batch
 * (about twice as fast as array parameters on the embedded store). */
export async function insertDailyUsage(
  tx: Queryable,
  rows: readonly { accountId: number; day: string; userKey: string; feature: string; events: number }[],
): Promise<number> {
  if (rows.length === 0) return 0;
  return tx.execute(
    `INSERT INTO usage_daily (account_id, day, user_key, feature, events)
     SELECT a, d, u, f, e FROM json_to_recordset($1::json) AS x(a bigint, d date, u text, f text, e int)
     ON CONFLICT DO NOTHING`,
    [JSON.stringify(rows.map((r) => ({ a: r.accountId, d: r.day, u: r.userKey, f: r.feature, e: r.events })))],
  );
}

/** Creates or widens end users (first and last seen) of the given accounts. */
export async function upsertUsageUsers(
  tx: Queryable,
  users: readonly { userKey: string; accountId: number; firstSeen: string; lastSeen: string }[],
): Promise<void> {
  if (users.length === 0) return;
  await tx.execute(
    `INSERT INTO usage_users (user_key, account_id, first_seen_at, last_seen_at)
     SELECT * FROM unnest($1::text[], $2::bigint[], $3::timestamptz[], $4::timestamptz[])
     ON CONFLICT (user_key) DO UPDATE SET account_id = excluded.account_id,
       first_seen_at = least(usage_users.first_seen_at, excluded.first_seen_at),
       last_seen_at = greatest(usage_users.last_seen_at, excluded.last_seen_at)`,
    [
      users.map((u) => u.userKey),
      users.map((u) => u.accountId),
      users.map((u) => u.firstSeen),
      users.map((u) => u.lastSeen),
    ],
  );
}
