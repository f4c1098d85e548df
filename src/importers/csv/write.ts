import type { Progress } from '../../core/progress.ts';
import type { Queryable } from '../../store/types.ts';
import { upsertRows, type UpsertCounts, type UpsertSpec } from '../../store/upsert.ts';

const CHUNK = 2000;

/** `upsertRows` in chunks, reporting progress after each; returns the summed counts and all ids by key. */
export async function upsertWithProgress(
  tx: Queryable,
  spec: UpsertSpec,
  rows: readonly Readonly<Record<string, unknown>>[],
  progress: Progress,
  label: string,
): Promise<{ counts: UpsertCounts; ids: Map<string, number> }> {
  const total = { created: 0, updated: 0, unchanged: 0 };
  const ids = new Map<string, number>();
  progress.start(rows.length, label);
  try {
    for (let i = 0; i < rows.length; i += CHUNK) {
      const counts = await upsertRows(tx, spec, rows.slice(i, i + CHUNK));
      total.created += counts.created;
      total.updated += counts.updated;
      total.unchanged += counts.unchanged;
      for (const [key, id] of counts.ids) ids.set(key, id);
      progress.update(Math.min(i + CHUNK, rows.length));
    }
  } finally {
    progress.stop();
  }
  return { counts: total, ids };
}

/**
 * Finds accounts by external id, creating each missing one from its id alone (name = id, source 'implicit').
 * Existing accounts are never changed. Counts: created = new accounts, unchanged = accounts that existed.
 */
export async function ensureAccounts(
  tx: Queryable,
  externalIds: Iterable<string>,
): Promise<{ counts: UpsertCounts; ids: Map<string, number> }> {
  const unique = [...new Set(externalIds)];
  const ids = new Map<string, number>();
  let created = 0;
  for (let i = 0; i < unique.length; i += CHUNK) {
    const json = JSON.stringify(unique.slice(i, i + CHUNK));
    created += await tx.execute(
      `INSERT INTO accounts (external_id, name, source)
       SELECT value, value, 'implicit' FROM jsonb_array_elements_text($1::jsonb)
       ON CONFLICT (external_id) DO NOTHING`,
      [json],
    );
    const rows = await tx.query<{ id: number; external_id: string }>(
      `SELECT id, external_id FROM accounts WHERE external_id IN (SELECT jsonb_array_elements_text($1::jsonb))`,
      [json],
    );
    for (const row of rows) ids.set(row.external_id, row.id);
  }
  return { counts: { created, updated: 0, unchanged: unique.length - created }, ids };
}

/** The id of a key that `upsertRows` or `ensureAccounts` just returned; a miss is a bug, not bad input. */
export function idOf(ids: ReadonlyMap<string, number>, key: string): number {
  const id = ids.get(key);
  if (id === undefined) throw new Error(`no stored id for key "${key}"`);
  return id;
}
