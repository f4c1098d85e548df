// The migrated image the tests start their stores from is the database initdb and the migrations make: same tables,
// columns, indexes and rows, in memory and as a data dir for the CLI.
import assert from 'node:assert/strict';
import path from 'node:path';
import { describe, it } from 'node:test';
import { openStore } from '../src/store/open.ts';
import type { Store } from '../src/store/types.ts';
import { tempDir } from './helpers/cli.ts';
import { seedDataDir } from './helpers/pglite-image.ts';
import { memoryStore } from './helpers/store.ts';

/** Everything a migration can leave behind in the public schema, in a stable order. */
async function shape(store: Store) {
  const columns = await store.query(
    `SELECT table_name, column_name, data_type, column_default, is_nullable
       FROM information_schema.columns WHERE table_schema = 'public' ORDER BY table_name, ordinal_position`,
  );
  const indexes = await store.query(
    `SELECT tablename, indexname, indexdef FROM pg_indexes WHERE schemaname = 'public' ORDER BY indexname`,
  );
  const tables = (
    await store.query<{ t: string }>(
      `SELECT table_name AS t FROM information_schema.tables
      WHERE table_schema = 'public' AND table_type = 'BASE TABLE' ORDER BY 1`,
    )
  ).map((row) => row.t);
  const rows: Record<string, number> = {};
  for (const table of tables) {
    const [row] = await store.query<{ n: number }>(`SELECT count(*)::int AS n FROM "${table}"`);
    rows[table] = row?.n ?? -1;
  }
  const migrations = await store.query(`SELECT version, name FROM tenure_migrations ORDER BY version`);
  return { columns, indexes, rows, migrations };
}

async function shapeOf(open: () => Promise<Store>) {
  const store = await open();
  try {
    return await shape(store);
  } finally {
    await store.close();
  }
}

describe('migrated PGlite image', () => {
  it('starts an in-memory store and a CLI data dir identical to initdb plus the migrations', async () => {
    const fresh = await shapeOf(() => openStore({ memory: true }));
    assert.ok(fresh.migrations.length > 0 && fresh.columns.length > 0, 'the fresh store is migrated');
    assert.deepEqual(await shapeOf(memoryStore), fresh);
    const dataDir = path.join(tempDir(), 'data');
    seedDataDir(dataDir);
    assert.deepEqual(await shapeOf(() => openStore({ dataDir }, { migrate: false })), fresh);
  });
});
