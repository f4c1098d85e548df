import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { ingestBatch, pruneUsage, resolvePendingUsage } from '../src/services/ingest.ts';
import type { Queryable } from '../src/store/types.ts';
import { ensurePartitions, listPartitionMonths } from '../src/store/usage.ts';
import { withStore } from './helpers/import.ts';
import { engines, testContext } from './helpers/store.ts';

const receivedAt = new Date('2025-06-10T12:00:00Z');
let seq = 0;
const track = (userId: string, event: string, extra: Record<string, unknown> = {}) => ({
  type: 'track',
  messageId: `m${++seq}`,
  userId,
  event,
  timestamp: '2025-06-10T09:00:00Z',
  ...extra,
});
const group = (userId: string, groupId: string, timestamp = '2025-06-10T08:00:00Z') => ({
  type: 'group',
  messageId: `g${++seq}`,
  userId,
  groupId,
  timestamp,
});

async function addAccounts(db: Queryable, ...ids: string[]) {
  for (const id of ids)
    await db.execute(`INSERT INTO accounts (external_id, name, source) VALUES ($1, $1, 'test')`, [id]);
}

async function daily(db: Queryable) {
  return db.query<{ account: string; day: string; user_key: string; feature: string; events: number }>(
    `SELECT a.external_id AS account, d.day, d.user_key, d.feature, d.events
     FROM usage_daily d JOIN accounts a ON a.id = d.account_id ORDER BY 1, 2, 3, 4`,
  );
}

const count = async (db: Queryable, sql: string) => Number((await db.query<{ n: number }>(sql))[0]?.n);

for (const engine of engines()) {
  describe(`ingestBatch (${engine.name})`, () => {
    it('stores events, maps users to accounts and rolls usage up by catalog feature', () =>
      withStore(engine, async (store) => {
        const ctx = testContext(store);
        await addAccounts(store, 'acme');
        await store.execute(
          `INSERT INTO features (key, name, module, event, property_filter) VALUES
           ('pdf_export', 'PDF export', 'reports', 'Report Exported', '{"format":"pdf"}')`,
        );
        const messages = [
          group('u1', 'acme'),
          track('u1', 'Report Exported', { properties: { format: 'pdf' } }),
          track('u1', 'Report Exported', { properties: { format: 'csv' } }),
          { type: 'page', messageId: 'p1', userId: 'u1', name: 'Home', timestamp: '2025-06-11T01:00:00Z' },
          { type: 'identify', messageId: 'i1', anonymousId: 'a1', traits: { name: 'Ann', company: { id: 'acme' } } },
          track('', 'Bad'),
        ];
        const result = await ingestBatch({ ctx, messages, receivedAt });
        assert.equal(result.accepted, 5);
        assert.equal(result.duplicates, 0);
        assert.deepEqual(
          result.rejected.map((r) => [r.index, r.messageId]),
          [[5, messages[5]?.messageId]],
        );
        assert.deepEqual(await daily(store), [
          { account: 'acme', day: '2025-06-10', user_key: 'u1', feature: 'event:Report Exported', events: 1 },
          { account: 'acme', day: '2025-06-10', user_key: 'u1', feature: 'pdf_export', events: 1 },
          { account: 'acme', day: '2025-06-11', user_key: 'u1', feature: 'event:$page', events: 1 },
        ]);
        const users = await store.query(`SELECT user_key, group_id, traits FROM usage_users ORDER BY 1`);
        assert.deepEqual(users, [
          { user_key: 'anon:a1', group_id: 'acme', traits: { name: 'Ann', company: { id: 'acme' } } },
          { user_key: 'u1', group_id: 'acme', traits: {} },
        ]);
        assert.equal(await count(store, `SELECT count(*) AS n FROM usage_events WHERE account_id IS NOT NULL`), 5);
      }));

    it('never counts a retried batch twice', () =>
      withStore(engine, async (store) => {
        const ctx = testContext(store);
        await addAccounts(store, 'acme');
        const messages = [group('u1', 'acme'), track('u1', 'A'), track('u1', 'A')];
        assert.deepEqual(await ingestBatch({ ctx, messages, receivedAt }), {
          accepted: 3,
          duplicates: 0,
          rejected: [],
        });
        const before = await daily(store);
        const again = [...messages, messages[1]];
        assert.deepEqual(await ingestBatch({ ctx, messages: again, receivedAt }), {
          accepted: 0,
          duplicates: 4,
          rejected: [],
        });
        assert.deepEqual(await daily(store), before);
        assert.equal(await count(store, `SELECT count(*) AS n FROM usage_events`), 3);
      }));

    it("keeps a user's events until a later group call names the account, then rolls them up", () =>
      withStore(engine, async (store) => {
        const ctx = testContext(store);
        await addAccounts(store, 'acme');
        await ingestBatch({ ctx, messages: [track('u9', 'A'), track('u9', 'B')], receivedAt });
        assert.equal(await count(store, `SELECT count(*) AS n FROM usage_events WHERE account_id IS NULL`), 2);
        assert.deepEqual(await daily(store), []);
        await ingestBatch({ ctx, messages: [group('u9', 'acme', '2025-06-10T10:00:00Z')], receivedAt });
        assert.deepEqual(
          (await daily(store)).map((r) => [r.account, r.feature, r.events]),
          [
            ['acme', 'event:A', 1],
            ['acme', 'event:B', 1],
          ],
        );
        assert.equal(await count(store, `SELECT count(*) AS n FROM usage_events WHERE account_id IS NULL`), 0);
        // Mapped users' later events get the account directly.
        await ingestBatch({ ctx, messages: [track('u9', 'A')], receivedAt });
        assert.equal((await daily(store)).find((r) => r.feature === 'event:A')?.events, 2);
      }));

    it('rolls up events naming an account imported after them once pending usage is resolved', () =>
      withStore(engine, async (store) => {
        const ctx = testContext(store);
        const messages = [
          track('u1', 'A', { context: { groupId: 'globex' } }),
          group('u2', 'globex'),
          track('u2', 'B'),
        ];
        await ingestBatch({ ctx, messages, receivedAt });
        assert.deepEqual(await daily(store), []);
        await addAccounts(store, 'globex');
        assert.deepEqual(await resolvePendingUsage({ ctx }), { events: 3 });
        assert.deepEqual(
          (await daily(store)).map((r) => [r.user_key, r.feature]),
          [
            ['u1', 'event:A'],
            ['u2', 'event:B'],
          ],
        );
        assert.deepEqual(await resolvePendingUsage({ ctx }), { events: 0 });
      }));

    it('rolls up a waiting event of a user mapped meanwhile (a concurrent write) when pending usage is resolved', () =>
      withStore(engine, async (store) => {
        const ctx = testContext(store);
        await addAccounts(store, 'acme');
        await ingestBatch({ ctx, messages: [group('u1', 'acme')], receivedAt });
        await store.execute(
          `INSERT INTO usage_events (occurred_at, received_at, message_id, type, event, user_id, source)
           VALUES ('2025-06-10T09:00:00Z', now(), 'raced', 'track', 'A', 'u1', 'test')`,
        );
        assert.deepEqual(await resolvePendingUsage({ ctx }), { events: 1 });
        assert.deepEqual(
          (await daily(store)).map((r) => [r.user_key, r.feature, r.events]),
          [['u1', 'event:A', 1]],
        );
      }));

    it('partitions by month, moving rows the default partition holds for a new month', () =>
      withStore(engine, async (store) => {
        const ctx = testContext(store);
        await ingestBatch({
          ctx,
          messages: [track('u', 'A', { timestamp: '2025-01-31T23:59:59.999Z' }), track('u', 'A')],
          receivedAt,
        });
        assert.deepEqual(await listPartitionMonths(store), ['2025-01', '2025-06']);
        await store.execute(
          `INSERT INTO usage_events (occurred_at, received_at, message_id, type, event, user_id, source)
           VALUES ('2024-03-05T00:00:00Z', now(), 'stray', 'track', 'A', 'u', 'test')`,
        );
        await ensurePartitions(store, ['2024-03']);
        const where = await store.query(
          `SELECT tableoid::regclass::text AS t FROM usage_events WHERE message_id = 'stray'`,
        );
        assert.deepEqual(where, [{ t: 'usage_events_2024_03' }]);
        assert.equal(await count(store, `SELECT count(*) AS n FROM usage_events_default`), 0);
        // Older than the retention window: no table of its own; retention empties the default partition.
        await ingestBatch({ ctx, messages: [track('u', 'A', { timestamp: '2023-01-15T00:00:00Z' })], receivedAt });
        assert.deepEqual(await listPartitionMonths(store), ['2024-03', '2025-01', '2025-06']);
        assert.equal(await count(store, `SELECT count(*) AS n FROM usage_events_default`), 1);
        await pruneUsage({ ctx, now: receivedAt });
        assert.equal(await count(store, `SELECT count(*) AS n FROM usage_events_default`), 0);
      }));

    it('drops whole months older than the retention setting and keeps their rollups', () =>
      withStore(engine, async (store) => {
        const ctx = testContext(store);
        await addAccounts(store, 'acme');
        const old = { timestamp: '2024-04-30T12:00:00Z', context: { groupId: 'acme' } };
        const recent = { timestamp: '2024-05-01T00:00:00Z', context: { groupId: 'acme' } };
        // Received when April 2024 was still within the window; pruned a month and more later.
        const then = new Date('2025-05-01T00:00:00Z');
        await ingestBatch({ ctx, messages: [track('u', 'A', old), track('u', 'A', recent)], receivedAt: then });
        await store.execute(`INSERT INTO usage_message_ids VALUES ('ancient', '2024-01-01T00:00:00Z')`);
        // 400 days before 2025-06-10 is 2024-05-06: April 2024 is wholly older, May 2024 is not.
        assert.deepEqual(await pruneUsage({ ctx, now: receivedAt }), { months: ['2024-04'] });
        assert.equal(await count(store, `SELECT count(*) AS n FROM usage_message_ids`), 2);
        assert.deepEqual(await listPartitionMonths(store), ['2024-05']);
        assert.equal(await count(store, `SELECT count(*) AS n FROM usage_events`), 1);
        assert.equal(await count(store, `SELECT sum(events) AS n FROM usage_daily`), 2);
      }));

    it('stores each distinct messageId once and rolls up exactly the stored usage, whatever the retries', () =>
      withStore(engine, async (store) => {
        const ctx = testContext(store);
        await addAccounts(store, 'acme');
        const event = fc.record({ id: fc.integer({ min: 1, max: 30 }), mapped: fc.boolean() });
        await fc.assert(
          fc.asyncProperty(fc.array(fc.array(event, { maxLength: 12 }), { maxLength: 4 }), async (batches) => {
            await store.exec(`TRUNCATE usage_events, usage_message_ids, usage_users, usage_daily`);
            const first = new Map<number, boolean>();
            let accepted = 0;
            for (const batch of batches) {
              const messages = batch.map(({ id, mapped }) => ({
                ...track(`u${id % 3}`, `E${id % 4}`),
                messageId: `x${id}`,
                context: mapped ? { groupId: 'acme' } : {},
              }));
              for (const { id, mapped } of batch) if (!first.has(id)) first.set(id, mapped);
              const r = await ingestBatch({ ctx, messages, receivedAt });
              assert.equal(r.accepted + r.duplicates, messages.length);
              accepted += r.accepted;
            }
            assert.equal(accepted, first.size);
            assert.equal(await count(store, `SELECT count(*) AS n FROM usage_events`), first.size);
            const rolled = await count(store, `SELECT COALESCE(sum(events), 0) AS n FROM usage_daily`);
            const withAccount = await count(
              store,
              `SELECT count(*) AS n FROM usage_events WHERE account_id IS NOT NULL`,
            );
            assert.equal(rolled, withAccount);
          }),
          { numRuns: 15 },
        );
      }));
  });
}
