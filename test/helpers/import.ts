import assert from 'node:assert/strict';
import path from 'node:path';
import { InputError } from '../../src/services/errors.ts';
import type { Queryable, Store } from '../../src/store/types.ts';
import type { Engine } from './store.ts';

export const DBT_FIXTURE = path.resolve(import.meta.dirname, '../fixtures/dbt-mrr-playbook/subscription_periods.csv');

export const csvFixture = (name: string) => path.join(import.meta.dirname, '..', 'fixtures', 'csv', name);

export async function countRows(db: Queryable, ...tables: string[]): Promise<Record<string, number>> {
  const sql = tables.map((t) => `(SELECT count(*) FROM ${t}) AS ${t}`).join(', ');
  const [row] = await db.query(`SELECT ${sql}`);
  return Object.fromEntries(tables.map((t) => [t, Number(row?.[t])]));
}

export async function withStore(engine: Engine, fn: (store: Store) => Promise<void>): Promise<void> {
  const store = await engine.open();
  try {
    await fn(store);
  } finally {
    await store.close();
  }
}

/** Asserts `promise` rejects with an InputError whose message contains every one of `parts`. */
export async function rejectsWith(promise: Promise<unknown>, ...parts: string[]): Promise<InputError> {
  let caught: unknown;
  await assert.rejects(promise, (error: unknown) => {
    caught = error;
    return true;
  });
  assert.ok(caught instanceof InputError, `expected an InputError, got ${String(caught)}`);
  for (const part of parts) assert.ok(caught.message.includes(part), `"${caught.message}" should contain "${part}"`);
  return caught;
}
