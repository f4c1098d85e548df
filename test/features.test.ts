// The feature catalog on each engine: validated all-or-nothing imports (CSV and JSON), review of uncatalogued
// events, and rollups re-derived from raw events exactly as ingest would have rolled them up.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { importFeatures, listFeatures, reviewFeatures } from '../src/services/features.ts';
import { rollUp, type RollupEvent } from '../src/ingest/rollup.ts';
import type { Queryable } from '../src/store/types.ts';
import { addAccount } from './helpers/adoption.ts';
import { rejectsWith, withStore } from './helpers/import.ts';
import { engines, testContext } from './helpers/store.ts';

interface RawEvent {
  at: string;
  event: string;
  user: string;
  properties?: Record<string, unknown>;
}

async function addRawEvents(db: Queryable, accountId: number, events: readonly RawEvent[]): Promise<void> {
  await db.execute(
    `INSERT INTO usage_events (occurred_at, received_at, message_id, type, event, user_id, account_id, properties, source)
     SELECT x.at, x.at, x.id, 'track', x.event, x.user_id, $2, x.properties, 'test'
     FROM jsonb_to_recordset($1::jsonb) AS x(at timestamptz, id text, event text, user_id text, properties jsonb)`,
    [
      JSON.stringify(
        events.map((e, i) => ({
          at: e.at,
          id: `m${i}`,
          event: e.event,
          user_id: e.user,
          properties: e.properties ?? {},
        })),
      ),
      accountId,
    ],
  );
}

async function rollupRows(db: Queryable) {
  return db.query<{ account_id: number; day: string; user_key: string; feature: string; events: number }>(
    `SELECT account_id, day, user_key, feature, events FROM usage_daily ORDER BY account_id, day, user_key, feature`,
  );
}

const EVENTS: RawEvent[] = [
  { at: '2026-03-01T10:00:00Z', event: 'Report Exported', user: 'u1', properties: { format: 'pdf' } },
  { at: '2026-03-01T23:59:59Z', event: 'Report Exported', user: 'u1', properties: { format: 'pdf', pages: 3 } },
  { at: '2026-03-02T00:00:01Z', event: 'Report Exported', user: 'u2', properties: { format: 'csv' } },
  { at: '2026-03-02T08:00:00Z', event: 'Login', user: 'u2' },
];

for (const engine of engines()) {
  describe(`feature catalog on ${engine.name}`, () => {
    it('re-derives the rollups of changed features as ingest would roll the raw events up', async () => {
      await withStore(engine, async (store) => {
        const ctx = testContext(store);
        const account = await addAccount(store, 'A', 'Acme');
        await addRawEvents(store, account, EVENTS);
        const asIngest = (catalog: Awaited<ReturnType<typeof listFeatures>>) =>
          rollUp(
            EVENTS.map((e): RollupEvent => ({
              type: 'track',
              event: e.event,
              accountId: account,
              userKey: e.user,
              occurredAt: Date.parse(e.at),
              properties: e.properties ?? {},
            })),
            catalog,
          );
        const csv = 'key,name,module,event,properties\nexport_pdf,PDF export,reports,Report Exported,format=pdf\n';
        const first = await importFeatures({ ctx, input: { text: csv, name: 'f.csv' } });
        assert.deepEqual([first.created, first.updated, first.unchanged], [1, 0, 0]);
        // Only 'Report Exported' was re-derived; 'Login' has no rollup since nothing re-derived it.
        const exported = (await rollupRows(store)).filter((r) => r.feature !== 'event:Login');
        const expected = asIngest(await listFeatures({ ctx })).filter((r) => r.feature !== 'event:Login');
        assert.deepEqual(exported, expected);
        assert.deepEqual(
          exported.map((r) => [r.day, r.user_key, r.feature, r.events]),
          [
            ['2026-03-01', 'u1', 'export_pdf', 2],
            ['2026-03-02', 'u2', 'event:Report Exported', 1],
          ],
        );
        const again = await importFeatures({ ctx, input: { text: csv, name: 'f.csv' } });
        assert.deepEqual([again.unchanged, again.rollupsRederived], [1, 0]);
        // Unchanged whatever order the file gives the filter's properties (jsonb keeps its own order).
        const swapped = 'key,name,module,event,properties\nx,X,m,X,pages=3; format=pdf\n';
        await importFeatures({ ctx, input: { text: swapped, name: 'x.csv' } });
        const twoProps = 'key,name,module,event,properties\nx,X,m,X,format=pdf; pages=3\n';
        assert.equal((await importFeatures({ ctx, input: { text: twoProps, name: 'x.csv' } })).unchanged, 1);
        await importFeatures({ ctx, input: { text: csv, name: 'f.csv' }, replace: true });

        // A typed JSON filter (pages = 3) now matches one event only; --replace drops nothing else here.
        const json = JSON.stringify([
          {
            key: 'export_pdf',
            name: 'PDF export',
            module: 'reports',
            event: 'Report Exported',
            properties: { pages: 3 },
          },
        ]);
        await importFeatures({ ctx, input: { text: json, name: 'f.json' }, replace: true });
        assert.deepEqual(
          (await rollupRows(store)).map((r) => [r.day, r.user_key, r.feature, r.events]),
          asIngest(await listFeatures({ ctx }))
            .filter((r) => r.feature !== 'event:Login')
            .map((r) => [r.day, r.user_key, r.feature, r.events]),
        );
        // Removing the feature puts its events back under review.
        const removed = await importFeatures({
          ctx,
          input: { text: 'key,name,module,event\nlogin,Login,core,Login\n', name: 'g.csv' },
          replace: true,
        });
        assert.equal(removed.removed, 1);
        assert.deepEqual(
          (await reviewFeatures({ ctx })).map((e) => [e.event, e.events, e.accounts, e.users, e.lastSeen]),
          [['Report Exported', 3, 1, 2, '2026-03-02']],
        );
      });
    });

    it('refuses a bad file whole, naming the line (or element) and field', async () => {
      await withStore(engine, async (store) => {
        const ctx = testContext(store);
        const good = 'key,name,module,event,plans,milestone_days\na,A,m,A Done,Pro;Team,30\n';
        await importFeatures({ ctx, input: { text: good, name: 'ok.csv' } });
        const cases: [string, string, string[]][] = [
          ['dup.csv', `${good}b,B,m,B,,\na,A2,m,A,,\n`, ['dup.csv:4', 'line 2 has it too']],
          ['missing.csv', 'key,name,event\nx,X,X\n', ['missing.csv:1', '"module"', 'columns key, name, event']],
          ['empty.csv', 'key,name,module,event\nx,,m,X\n', ['empty.csv:2', '"name"', 'a value']],
          ['reserved.csv', 'key,name,module,event\nevent:x,X,m,X\n', ['reserved.csv:2', '"key"']],
          ['filter.csv', 'key,name,module,event,properties\nx,X,m,X,format\n', ['filter.csv:2', '"properties"']],
          [
            'list.json',
            '[\n  {"key": "x", "name": "X", "module": "m", "event": "X"},\n  {"key": "y", "name": "Y"}\n]',
            ['list.json:3', 'features[1]', '"module"'],
          ],
          [
            'plans.json',
            '{"features": [{"key": "x", "name": "X", "module": "m", "event": "X", "plans": "Pro"}]}',
            ['"plans"', 'an array'],
          ],
        ];
        for (const [name, text, parts] of cases)
          await rejectsWith(importFeatures({ ctx, input: { text, name } }), ...parts);
        const catalog = await listFeatures({ ctx });
        assert.deepEqual(
          catalog.map((f) => [f.key, f.plans, f.milestoneDays]),
          [['a', ['Pro', 'Team'], 30]],
        );
      });
    });
  });
}
