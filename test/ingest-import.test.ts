// `tenure import events`: NDJSON and CSV backfills, all or nothing, idempotent, with progress.
import assert from 'node:assert/strict';
import path from 'node:path';
import { describe, it } from 'node:test';
import type { Progress } from '../src/services/context.ts';
import { importEvents } from '../src/services/import-events.ts';
import type { Queryable } from '../src/store/types.ts';
import { runTenure, tempDir } from './helpers/cli.ts';
import { rejectsWith, withStore } from './helpers/import.ts';
import { engines, testContext } from './helpers/store.ts';

const fixture = (name: string) => path.join(import.meta.dirname, 'fixtures', 'events', name);

async function daily(db: Queryable) {
  return db.query<{ day: string; user_key: string; feature: string; events: number }>(
    `SELECT day, user_key, feature, events FROM usage_daily ORDER BY 1, 2, 3`,
  );
}

async function setUp(db: Queryable) {
  await db.execute(`INSERT INTO accounts (external_id, name, source) VALUES ('acme', 'Acme', 'test')`);
  await db.execute(
    `INSERT INTO features (key, name, module, event, property_filter) VALUES
     ('pdf_export', 'PDF export', 'reports', 'Report Exported', '{"format":"pdf"}')`,
  );
}

for (const engine of engines()) {
  describe(`importEvents (${engine.name})`, () => {
    it('imports NDJSON messages with their own timestamps and rolls them up; a second import changes nothing', () =>
      withStore(engine, async (store) => {
        const ctx = testContext(store);
        await setUp(store);
        const summary = await importEvents({ ctx, input: { path: fixture('usage.ndjson') } });
        assert.deepEqual(
          { read: summary.read, created: summary.created, unchanged: summary.unchanged },
          { read: 6, created: 6, unchanged: 0 },
        );
        assert.deepEqual(await daily(store), [
          { day: '2025-03-01', user_key: 'ann', feature: 'pdf_export', events: 1 },
          { day: '2025-03-02', user_key: 'ann', feature: 'event:Report Exported', events: 1 },
          { day: '2025-04-01', user_key: 'anon:v-1', feature: 'event:$page', events: 1 },
        ]);
        // bob names no account: stored, waiting for one.
        const waiting = await store.query(`SELECT user_id FROM usage_events WHERE account_id IS NULL`);
        assert.deepEqual(waiting, [{ user_id: 'bob' }]);
        const again = await importEvents({ ctx, input: { path: fixture('usage.ndjson') } });
        assert.deepEqual([again.created, again.unchanged], [0, 6]);
        assert.equal((await daily(store)).length, 3);
      }));

    it('imports CSV rows: group_id, properties.<name> columns and JSON traits', () =>
      withStore(engine, async (store) => {
        const ctx = testContext(store);
        await setUp(store);
        const summary = await importEvents({ ctx, input: { path: fixture('usage.csv') } });
        assert.equal(summary.created, 4);
        assert.deepEqual(await daily(store), [
          { day: '2025-03-01', user_key: 'ann', feature: 'pdf_export', events: 1 },
          { day: '2025-03-02', user_key: 'ann', feature: 'event:Report Exported', events: 1 },
          { day: '2025-03-03', user_key: 'anon:v-1', feature: 'event:Login', events: 1 },
        ]);
        const [group] = await store.query(`SELECT properties FROM usage_events WHERE message_id = 'c-1'`);
        assert.deepEqual(group, { properties: { plan: 'pro' } });
      }));

    it('refuses a file with one bad message whole, naming the line and field', () =>
      withStore(engine, async (store) => {
        const ctx = testContext(store);
        await rejectsWith(importEvents({ ctx, input: { path: fixture('bad.ndjson') } }), 'bad.ndjson:3', '"timestamp"');
        const text = 'type,user_id,event,timestamp\ntrack,u,E,2025-01-01\ntrack,,E,2025-01-01\n';
        await rejectsWith(importEvents({ ctx, input: { text, name: 'e.csv' } }), 'e.csv:3', '"userId"');
        const unknown = 'user_id,event,timestamp,colour\nu,E,2025-01-01,red\n';
        await rejectsWith(importEvents({ ctx, input: { text: unknown, name: 'e.csv' } }), 'e.csv:1', '"colour"');
        await rejectsWith(importEvents({ ctx, input: { text: '{"type":\n', name: 'e.ndjson' } }), 'e.ndjson:1');
        const bom = '\uFEFF{"type":"track","userId":"u","event":"E"}\r\n{"type":"track","event":"E","userId":7}\r\n';
        await rejectsWith(importEvents({ ctx, input: { text: bom, name: 'e.ndjson' } }), 'e.ndjson:1', '"timestamp"');
        const [row] = await store.query<{ n: number }>(`SELECT count(*) AS n FROM usage_events`);
        assert.equal(row?.n, 0);
      }));
  });
}

describe('importEvents progress', () => {
  it('reports progress up to every message of a large file', () =>
    withStore(engines()[0]!, async (store) => {
      const seen: { start?: number; last: number; stopped: boolean } = { last: 0, stopped: false };
      const progress: Progress = {
        start: (total) => (seen.start = total),
        update: (done) => (seen.last = done),
        stop: () => (seen.stopped = true),
      };
      const lines = Array.from({ length: 12_000 }, (_, i) =>
        JSON.stringify({
          type: 'track',
          messageId: `p${i}`,
          userId: `u${i % 50}`,
          event: 'E',
          timestamp: '2025-05-01',
        }),
      );
      const summary = await importEvents({
        ctx: { ...testContext(store), progress },
        input: { text: lines.join('\n'), name: 'big.ndjson' },
      });
      assert.equal(summary.created, 12_000);
      assert.deepEqual(seen, { start: 12_000, last: 12_000, stopped: true });
    }));
});

describe('tenure import events', () => {
  it('imports a file and tenure status counts the events and users', () => {
    const dataDir = path.join(tempDir(), 'data');
    const imported = runTenure(['import', 'events', fixture('usage.ndjson'), '--data-dir', dataDir]);
    assert.equal(imported.status, 0, imported.stderr);
    assert.equal(imported.stdout, 'read 6 messages: 6 stored, 0 already stored\n');
    const status = runTenure(['status', '--format', 'json', '--data-dir', dataDir]);
    const counts = JSON.parse(status.stdout) as Record<string, number>;
    assert.deepEqual([counts.usage_events, counts.usage_users], [6, 3]);
    const bad = runTenure(['import', 'events', fixture('bad.ndjson'), '--data-dir', dataDir]);
    assert.equal(bad.status, 1);
    assert.match(
      bad.stderr,
      /bad\.ndjson:3: field "timestamp" expected an ISO 8601 date-time from 1970 on, found "2025-02-30T10:00:00Z"\n$/,
    );
  });
});
