import { randomBytes } from 'node:crypto';
import { loadConfig, type TenureConfig } from '../../src/config.ts';
import { baseContext, type ServiceContext } from '../../src/services/context.ts';
import { migrate } from '../../src/store/migrate.ts';
import { openPglite } from '../../src/store/pglite.ts';
import { openPostgres } from '../../src/store/postgres.ts';
import type { Store } from '../../src/store/types.ts';
import { migratedImage } from './pglite-image.ts';

export interface Engine {
  name: 'pglite' | 'postgres';
  /** A fresh, migrated, empty store of its own: in-memory PGlite, or a new schema on the server. */
  open(): Promise<Store>;
}

/** PGlite always; the PostgreSQL server too when TEST_DATABASE_URL is set. */
export function engines(): Engine[] {
  const list: Engine[] = [{ name: 'pglite', open: memoryStore }];
  const url = process.env.TEST_DATABASE_URL;
  if (url) list.push({ name: 'postgres', open: () => openIsolatedPostgres(url) });
  return list;
}

/**
 * What `openStore({ memory: true })` opens, started from a migrated image (see pglite-image.ts) instead of running
 * initdb and the migrations: the same empty, migrated database in a fraction of the time.
 */
export async function memoryStore(): Promise<Store> {
  const store = openPglite(null, undefined, { image: await migratedImage() });
  try {
    // Applies nothing when the image is current; keeps the store right if it is not.
    await migrate(store);
  } catch (error) {
    await store.close();
    throw error;
  }
  return store;
}

async function openIsolatedPostgres(url: string): Promise<Store> {
  const schema = `t_${randomBytes(6).toString('hex')}`;
  const admin = openPostgres(url, { max: 1 });
  await admin.exec(`CREATE SCHEMA ${schema}`);
  const store = openPostgres(url, { searchPath: schema, max: 4 });
  await migrate(store);
  return {
    ...store,
    kind: store.kind,
    location: store.location,
    close: async () => {
      await store.close();
      await admin.exec(`DROP SCHEMA ${schema} CASCADE`);
      await admin.close();
    },
  };
}

export function testConfig(overrides: Partial<TenureConfig> = {}): TenureConfig {
  return { ...loadConfig({}), ...overrides };
}

export function testContext(store: Store, overrides: Partial<TenureConfig> = {}): ServiceContext {
  return baseContext({ store, config: testConfig(overrides) });
}
