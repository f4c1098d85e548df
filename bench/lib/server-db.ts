// The PostgreSQL server database a benchmark loads: DATABASE_URL as given (it must be empty), or a fresh
// database of its own on the local server (named after the bench and this process, so two runs never drop
// each other's), dropped again by `dispose`.
import pg from 'pg';
import { openStore } from '../../src/store/open.ts';
import type { Store } from '../../src/store/types.ts';

const LOCAL_SERVER = 'postgres://postgres@127.0.0.1:5432';

export interface ServerDatabase {
  store: Store;
  /** Closes the store and drops the database if the bench created it. */
  dispose(): Promise<void>;
}

async function admin(sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: `${LOCAL_SERVER}/postgres` });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

export async function openServerDatabase(env: NodeJS.ProcessEnv, bench = 'bench'): Promise<ServerDatabase> {
  const BENCH_DATABASE = `tenure_bench_${bench.replace(/\W/g, '_')}_${process.pid}`;
  const given = env.DATABASE_URL;
  if (given) {
    const store = await openStore({ databaseUrl: given });
    return { store, dispose: () => store.close() };
  }
  await admin(`DROP DATABASE IF EXISTS ${BENCH_DATABASE} WITH (FORCE)`);
  await admin(`CREATE DATABASE ${BENCH_DATABASE}`);
  const store = await openStore({ databaseUrl: `${LOCAL_SERVER}/${BENCH_DATABASE}` });
  return {
    store,
    dispose: async () => {
      await store.close();
      await admin(`DROP DATABASE IF EXISTS ${BENCH_DATABASE} WITH (FORCE)`);
    },
  };
}
