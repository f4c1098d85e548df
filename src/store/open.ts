import path from 'node:path';
import { lockDataDir } from './lock.ts';
import { migrate } from './migrate.ts';
import { openPglite } from './pglite.ts';
import { openPostgres } from './postgres.ts';
import type { Store } from './types.ts';

export type StoreConfig = { databaseUrl: string } | { dataDir: string } | { memory: true };

/** Opens the configured store and brings its schema up to date. */
export async function openStore(config: StoreConfig, options: { migrate?: boolean } = {}): Promise<Store> {
  let store: Store;
  if ('databaseUrl' in config) {
    store = openPostgres(config.databaseUrl);
  } else if ('dataDir' in config) {
    const dataDir = path.resolve(config.dataDir);
    const release = lockDataDir(dataDir);
    store = openPglite(dataDir, release);
  } else {
    store = openPglite(null);
  }
  if (options.migrate !== false) {
    try {
      await migrate(store);
    } catch (error) {
      await store.close();
      throw error;
    }
  }
  return store;
}
