import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { engines } from '../../test/helpers/store.ts';
import { listMigrations, migrate } from './migrate.ts';
import { readAllRows } from './read.ts';
import { upsertRows } from './upsert.ts';

for (const engine of engines()) {
  describe(`store on ${engine.name}`, () => {
    it('normalizes bigint, count, numeric and date the same way on every engine', async () => {
      const store = await engine.open();
      try {
        const [row] = await store.query(
          `SELECT count(*) AS n, 9007199254740991::bigint AS big, 1.25::numeric AS rate, DATE '2024-02-29' AS day`,
        );
        assert.deepEqual(row, { n: 1, big: 9007199254740991, rate: 1.25, day: '2024-02-29' });
        await assert.rejects(store.query(`SELECT 9007199254740993::bigint AS too_big`), /safe integer/);
      } finally {
        await store.close();
      }
    });

    it('migrates once: a second run applies nothing', async () => {
      const store = await engine.open();
      try {
        assert.deepEqual(await migrate(store), []);
        const [row] = await store.query<{ v: number }>(`SELECT max(version) AS v FROM tenure_migrations`);
        assert.equal(row?.v, listMigrations().at(-1)?.version);
      } finally {
        await store.close();
      }
    });

    it('rolls a failed transaction back whole', async () => {
      const store = await engine.open();
      try {
        await assert.rejects(
          store.transaction(async (tx) => {
            await tx.execute(`INSERT INTO accounts (external_id, name, source) VALUES ('a', 'A', 'test')`);
            await tx.execute(`INSERT INTO accounts (external_id, name, source) VALUES ('a', 'again', 'test')`);
          }),
          (error: Error & { code?: string }) => error.code === '23505',
        );
        const [row] = await store.query(`SELECT count(*) AS n FROM accounts`);
        assert.equal(row?.n, 0);
      } finally {
        await store.close();
      }
    });

    it('reads a large result in key-ordered JSON chunks without losing or repeating a row', async () => {
      const store = await engine.open();
      try {
        const sql = `SELECT a, b, a * 10 + b AS v, DATE '2024-02-29' AS d FROM generate_series(1, 7) a, generate_series(0, 2) b WHERE b >= $1`;
        const rows = await readAllRows<{ a: number; b: number; v: number; d: string }>(store, sql, [1], ['a', 'b'], 4);
        assert.deepEqual(
          rows.map((r) => r.v),
          [11, 12, 21, 22, 31, 32, 41, 42, 51, 52, 61, 62, 71, 72],
        );
        assert.equal(rows[0]?.d, '2024-02-29');
        assert.deepEqual(await readAllRows(store, `SELECT 1 AS k WHERE false`, [], ['k']), []);
      } finally {
        await store.close();
      }
    });

    it('upserts by key and counts created, updated and unchanged', async () => {
      const store = await engine.open();
      const spec = {
        table: 'accounts',
        key: ['external_id'],
        columns: { external_id: 'text', name: 'text', employee_count: 'integer', source: 'text' },
        insertOnly: ['source'],
      } as const;
      try {
        const rows = [
          { external_id: 'a', name: 'Acme', employee_count: 10, source: 'test' },
          { external_id: 'b', name: 'Beta', employee_count: null, source: 'test' },
        ];
        const first = await store.transaction((tx) => upsertRows(tx, spec, rows));
        assert.deepEqual([first.created, first.updated, first.unchanged], [2, 0, 0]);
        assert.equal(first.ids.size, 2);
        const again = await store.transaction((tx) => upsertRows(tx, spec, rows));
        assert.deepEqual([again.created, again.updated, again.unchanged], [0, 0, 2]);
        const changed = await store.transaction((tx) =>
          upsertRows(tx, spec, [{ ...rows[0], name: 'Acme Inc', source: 'other' }, rows[1]!]),
        );
        assert.deepEqual([changed.created, changed.updated, changed.unchanged], [0, 1, 1]);
        const stored = await store.query(`SELECT external_id, name, source FROM accounts ORDER BY external_id`);
        assert.deepEqual(stored, [
          { external_id: 'a', name: 'Acme Inc', source: 'test' },
          { external_id: 'b', name: 'Beta', source: 'test' },
        ]);
      } finally {
        await store.close();
      }
    });
  });
}
