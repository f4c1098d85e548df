// How accounts count in the revenue ledger: merges (one customer under two billing ids) and parents (child
// accounts rolled up), and each account's billing interval for breakdowns.
import type { Queryable } from './types.ts';

export type MergeRow = {
  fromAccountId: number;
  intoAccountId: number;
  mergedAt: string;
  source: string;
};

/** Follows `next` from `id` to the end of its chain; a loop stops where it closes. */
function chainEnd(id: number, next: ReadonlyMap<number, number>): number {
  const seen = new Set<number>([id]);
  let at = id;
  for (let to = next.get(at); to !== undefined && !seen.has(to); to = next.get(at)) {
    seen.add(to);
    at = to;
  }
  return at;
}

/**
 * Each account that counts as another: merged accounts as the account at the end of their merge chain and,
 * with `rollup`, every account as its top-most parent (parent_external_id naming a known account).
 */
export async function loadAccountMap(q: Queryable, { rollup = false } = {}): Promise<Map<number, number>> {
  const merges = await q.query<{ from_account_id: number; into_account_id: number }>(
    `SELECT from_account_id, into_account_id FROM account_merges`,
  );
  const merged = new Map(merges.map((m) => [m.from_account_id, m.into_account_id]));
  const parents = new Map<number, number>();
  if (rollup) {
    const rows = await q.query<{ id: number; parent_id: number }>(
      `SELECT c.id, p.id AS parent_id FROM accounts c JOIN accounts p ON p.external_id = c.parent_external_id
       WHERE p.id <> c.id`,
    );
    for (const r of rows) parents.set(chainEnd(r.id, merged), chainEnd(r.parent_id, merged));
  }
  const map = new Map<number, number>();
  const ids = new Set([...merged.keys(), ...parents.keys()]);
  for (const id of ids) {
    let at = chainEnd(id, merged);
    if (rollup) at = chainEnd(at, parents);
    if (at !== id) map.set(id, at);
  }
  return map;
}

/** The merges in force, newest first. */
export async function listMerges(q: Queryable): Promise<MergeRow[]> {
  return q.query<MergeRow>(
    `SELECT from_account_id AS "fromAccountId", into_account_id AS "intoAccountId",
            to_char(merged_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') AS "mergedAt", source
     FROM account_merges ORDER BY merged_at DESC, from_account_id`,
  );
}

/** Records a merge (and marks both accounts changed), inside the caller's transaction. */
export async function insertMerge(tx: Queryable, fromId: number, intoId: number, source: string): Promise<void> {
  await tx.execute(`INSERT INTO account_merges (from_account_id, into_account_id, source) VALUES ($1, $2, $3)`, [
    fromId,
    intoId,
    source,
  ]);
  await tx.execute(
    `INSERT INTO account_merge_log (action, from_account_id, into_account_id, source) VALUES ('merge', $1, $2, $3)`,
    [fromId, intoId, source],
  );
  await markDirty(tx, fromId, intoId);
}

/** Marks both accounts of a merge changed, at a new revenue data version (what servers' ledgers watch). */
async function markDirty(tx: Queryable, a: number, b: number): Promise<void> {
  await tx.execute(
    `INSERT INTO revenue_dirty (account_id, version)
     SELECT id, v FROM unnest($1::bigint[]) AS id, (SELECT revenue_version_next() AS v) AS version`,
    [[a, b]],
  );
}

/** Removes the merge of `fromId`, if any; returns the account it was merged into. */
export async function deleteMerge(tx: Queryable, fromId: number, source: string): Promise<number | null> {
  const [row] = await tx.query<{ into_account_id: number }>(
    `DELETE FROM account_merges WHERE from_account_id = $1 RETURNING into_account_id`,
    [fromId],
  );
  if (!row) return null;
  await tx.execute(
    `INSERT INTO account_merge_log (action, from_account_id, into_account_id, source) VALUES ('unmerge', $1, $2, $3)`,
    [fromId, row.into_account_id, source],
  );
  // Marked before the merge goes (the trigger follows merges): the new target and the old one both recompute.
  await markDirty(tx, fromId, row.into_account_id);
  return row.into_account_id;
}

/** Accounts by external id → id, for the given external ids. */
export async function accountIdsByExternalId(
  q: Queryable,
  externalIds: readonly string[],
): Promise<Map<string, number>> {
  const rows = await q.query<{ id: number; external_id: string }>(
    `SELECT id, external_id FROM accounts WHERE external_id = ANY($1::text[])`,
    [externalIds],
  );
  return new Map(rows.map((r) => [r.external_id, r.id]));
}

/**
 * Each account's billing interval: that of its Stripe subscription still running (else the latest), as
 * 'month', 'quarter', 'year', 'week', 'day' or 'N months' etc.; else read from its latest recurring invoice
 * line's period (months apart). Accounts billed only by subscription periods have none.
 */
export async function billingIntervals(q: Queryable): Promise<Map<number, string>> {
  const rows = await q.query<{ account_id: number; billing_interval: string; interval_count: number }>(
    `SELECT account_id, billing_interval, interval_count FROM (
       SELECT DISTINCT ON (account_id) account_id, billing_interval, interval_count
       FROM subscriptions ORDER BY account_id, (ended_at IS NULL) DESC, started_at DESC, id DESC) s
     UNION ALL
     SELECT account_id, 'month', months FROM (
       SELECT DISTINCT ON (i.account_id) i.account_id,
              GREATEST(1, round((l.period_end - l.period_start) / 30.436875))::int AS months
       FROM invoice_lines l JOIN invoices i ON i.id = l.invoice_id
       WHERE l.recurring AND NOT l.proration AND l.period_end > l.period_start AND i.status <> 'draft'
         AND NOT EXISTS (SELECT 1 FROM subscriptions s WHERE s.account_id = i.account_id)
       ORDER BY i.account_id, l.period_start DESC, l.id DESC) l`,
  );
  return new Map(rows.map((r) => [r.account_id, intervalLabel(r.billing_interval, r.interval_count)]));
}

function intervalLabel(interval: string, count: number): string {
  if (interval === 'month' && count === 12) return 'year';
  if (interval === 'month' && count === 3) return 'quarter';
  if (count === 1) return interval;
  return `${count} ${interval}s`;
}
