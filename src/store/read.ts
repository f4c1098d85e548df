import type { Queryable, Row } from './types.ts';

/**
 * Reads a large result as JSON text, in chunks ordered by `key` (columns that are unique together).
 * PGlite's row-by-row path costs ~6x more than one JSON value per chunk; chunks keep each text well
 * under V8's string limit. Values come back as JSON has them: dates and timestamps as strings.
 */
export async function readAllRows<T extends Row>(
  q: Queryable,
  sql: string,
  params: readonly unknown[],
  key: readonly string[],
  chunk = 100_000,
): Promise<T[]> {
  const out: T[] = [];
  const cols = key.map((k) => `s.${k}`).join(', ');
  const after = key.map((_, i) => `$${params.length + 1 + i}`).join(', ');
  let last: unknown[] | null = null;
  for (;;) {
    const where = last === null ? 'TRUE' : `(${cols}) > (${after})`;
    const [row] = await q.query<{ j: string | null }>(
      `SELECT json_agg(x)::text AS j FROM (SELECT * FROM (${sql}) s WHERE ${where} ORDER BY ${cols} LIMIT ${chunk}) x`,
      last === null ? params : [...params, ...last],
    );
    const rows = row?.j ? (JSON.parse(row.j) as T[]) : [];
    for (const r of rows) out.push(r);
    if (rows.length < chunk) return out;
    const tail = rows[rows.length - 1] as T;
    last = key.map((k) => tail[k]);
  }
}
