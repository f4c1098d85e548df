import { createHash } from 'node:crypto';
import type { Queryable } from './types.ts';

export type ColumnType = 'text' | 'bigint' | 'integer' | 'boolean' | 'date' | 'timestamptz' | 'jsonb' | 'numeric';

export interface UpsertSpec {
  table: string;
  /** Columns of the unique key the rows conflict on. */
  key: readonly string[];
  columns: Readonly<Record<string, ColumnType>>;
  /** Columns written on insert only (e.g. `source`); never cause an update. */
  insertOnly?: readonly string[];
}

export interface UpsertCounts {
  created: number;
  updated: number;
  unchanged: number;
}

const BATCH = 2000;

export function rowHash(row: Readonly<Record<string, unknown>>, columns: readonly string[]): string {
  const hash = createHash('sha1');
  for (const c of columns) hash.update(`${c}=${JSON.stringify(row[c] ?? null)};`);
  return hash.digest('base64url');
}

/**
 * Inserts or updates rows by key, touching a stored row only when its imported fields changed
 * (compared through `row_hash`). Returns the counts and each row's id by its key joined with '\u0000'.
 */
export async function upsertRows(
  tx: Queryable,
  spec: UpsertSpec,
  rows: readonly Readonly<Record<string, unknown>>[],
): Promise<UpsertCounts & { ids: Map<string, number> }> {
  const insertOnly = new Set(spec.insertOnly ?? []);
  const names = Object.keys(spec.columns);
  const hashed = names.filter((c) => !insertOnly.has(c));
  const recordType = [...names.map((c) => `${c} ${spec.columns[c]}`), 'row_hash text'].join(', ');
  const updates = hashed
    .filter((c) => !spec.key.includes(c))
    .map((c) => `${c} = excluded.${c}`)
    .concat(['row_hash = excluded.row_hash', 'updated_at = now()'])
    .join(', ');
  const sql =
    `INSERT INTO ${spec.table} (${names.join(', ')}, row_hash) ` +
    `SELECT ${names.join(', ')}, row_hash FROM jsonb_to_recordset($1::jsonb) AS x(${recordType}) ` +
    `ON CONFLICT (${spec.key.join(', ')}) DO UPDATE SET ${updates} ` +
    `WHERE ${spec.table}.row_hash IS DISTINCT FROM excluded.row_hash ` +
    `RETURNING (xmax = 0) AS inserted`;
  const idSql = `SELECT id, ${spec.key.join(', ')} FROM ${spec.table} WHERE (${spec.key.join(', ')}) IN (SELECT ${spec.key.join(', ')} FROM jsonb_to_recordset($1::jsonb) AS x(${spec.key.map((c) => `${c} ${spec.columns[c]}`).join(', ')}))`;

  const counts = { created: 0, updated: 0, unchanged: 0, ids: new Map<string, number>() };
  for (let i = 0; i < rows.length; i += BATCH) {
    const batch = rows.slice(i, i + BATCH).map((row) => ({ ...row, row_hash: rowHash(row, hashed) }));
    const json = JSON.stringify(batch);
    const written = await tx.query<{ inserted: boolean }>(sql, [json]);
    const created = written.filter((r) => r.inserted).length;
    counts.created += created;
    counts.updated += written.length - created;
    counts.unchanged += batch.length - written.length;
    for (const r of await tx.query(idSql, [json])) {
      counts.ids.set(spec.key.map((k) => String(r[k])).join('\u0000'), r.id as number);
    }
  }
  return counts;
}
