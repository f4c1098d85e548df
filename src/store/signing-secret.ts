// The signing secret kept in `settings`: made once by the first process that needs it, the same for every later one.
import type { Queryable } from './types.ts';

const KEY = 'signing_secret';

/** The stored secret, creating it from `fresh` when there is none (concurrent first calls agree on one). */
export async function storedSecret(q: Queryable, fresh: string): Promise<string> {
  await q.execute(`INSERT INTO settings (key, value) VALUES ($1, to_jsonb($2::text)) ON CONFLICT (key) DO NOTHING`, [
    KEY,
    fresh,
  ]);
  const [row] = await q.query<{ secret: string }>(`SELECT value #>> '{}' AS secret FROM settings WHERE key = $1`, [
    KEY,
  ]);
  if (!row) throw new Error('the signing secret could not be stored');
  return row.secret;
}
