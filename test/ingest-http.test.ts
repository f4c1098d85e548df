// Real traffic through @segment/analytics-node against a test server: every event stored exactly once, also
// when a batch is re-posted; malformed JSON, missing keys and oversized requests store nothing.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { Analytics } from '@segment/analytics-node';
import { createApiKey } from '../src/services/api-keys.ts';
import type { Queryable, Store } from '../src/store/types.ts';
import { basicAuth, postJson, startIngestServer, type IngestServer } from './fixtures/events/server.ts';
import { engines } from './helpers/store.ts';

const count = async (db: Queryable, sql: string) => Number((await db.query<{ n: number }>(sql))[0]?.n);
const storedEvents = (db: Queryable) => count(db, `SELECT count(*) AS n FROM usage_events`);

for (const engine of engines()) {
  describe(`Segment ingestion over HTTP (${engine.name})`, () => {
    let server: IngestServer;
    before(async () => {
      const store = await engine.open();
      server = await startIngestServer(store);
      await store.execute(`INSERT INTO accounts (external_id, name, source) VALUES ('acme', 'Acme', 'test')`);
    });
    after(async () => {
      await server.close();
      await server.ctx.store.close();
    });

    it('stores every event analytics-node sends exactly once, also when a batch is re-posted', async () => {
      const db = server.ctx.store;
      const before = await storedEvents(db);
      const batches: string[] = [];
      const analytics = new Analytics({ writeKey: server.writeKey, host: server.url, flushAt: 25, maxRetries: 2 });
      analytics.on('http_request', (request) => batches.push(request.body));
      const failures: unknown[] = [];
      analytics.on('error', (error) => failures.push(error));
      analytics.group({ userId: 'u1', groupId: 'acme', traits: { name: 'Acme' } });
      analytics.identify({ userId: 'u1', traits: { email: 'u1@acme.test' } });
      for (let i = 0; i < 120; i++) {
        analytics.track({ userId: `u${i % 4}`, event: i % 3 ? 'Report Viewed' : 'Report Exported', properties: { i } });
      }
      analytics.page({ anonymousId: 'visitor-1', name: 'Pricing', properties: { path: '/pricing' } });
      await analytics.closeAndFlush();
      assert.deepEqual(failures, []);
      assert.ok(batches.length >= 5, `${batches.length} batches`);

      const sent = batches.flatMap((b) => (JSON.parse(b) as { batch: { messageId: string }[] }).batch);
      assert.equal(sent.length, 123);
      const ids = sent.map((m) => m.messageId);
      const stored = await db.query<{ message_id: string; n: number }>(
        `SELECT message_id, count(*)::int AS n FROM usage_events WHERE message_id = ANY($1::text[]) GROUP BY 1`,
        [ids],
      );
      assert.equal(stored.length, 123);
      assert.ok(stored.every((r) => r.n === 1));
      assert.equal(await storedEvents(db), before + 123);
      const rolled = await count(db, `SELECT sum(events) AS n FROM usage_daily`);

      // A client that never saw the 200 sends the same batch again: nothing is counted twice.
      const retry = await postJson(server, '/v1/batch', JSON.parse(batches[1]!));
      assert.equal(retry.status, 200);
      assert.deepEqual(retry.body, { success: true, accepted: 0, duplicates: 25, rejected: [] });
      assert.equal(await storedEvents(db), before + 123);
      assert.equal(await count(db, `SELECT sum(events) AS n FROM usage_daily`), rolled);
    });

    it('answers malformed JSON with 400 and a missing or wrong key with 401/403, storing nothing', async () => {
      const db = server.ctx.store;
      const before = await storedEvents(db);
      const event = { batch: [{ type: 'track', userId: 'u', event: 'E', messageId: 'auth-1' }] };
      const malformed = await postJson(server, '/v1/batch', '{"batch": [{"type": "track",');
      assert.equal(malformed.status, 400);
      assert.equal(malformed.headers.get('content-type'), 'application/problem+json; charset=utf-8');
      assert.equal(malformed.body.status, 400);
      assert.equal((await postJson(server, '/v1/batch', event, {})).status, 401);
      assert.equal((await postJson(server, '/v1/track', event.batch[0], {})).status, 401);
      const unknownKey = basicAuth('tnr_000000000000_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA');
      assert.equal((await postJson(server, '/v1/batch', event, { authorization: unknownKey })).status, 401);
      const { key: readKey } = await createApiKey({ ctx: server.ctx, scope: 'read' });
      assert.equal((await postJson(server, '/v1/batch', event, { authorization: basicAuth(readKey) })).status, 403);
      assert.equal((await postJson(server, '/v1/batch', event, { authorization: `Bearer ${readKey}` })).status, 403);
      const bearer = await postJson(server, '/v1/batch', event, { authorization: `Bearer ${server.writeKey}` });
      assert.equal(bearer.status, 200);
      assert.equal(await storedEvents(db), before + 1);
    });

    it('refuses a batch over 500 KB and a single call over 32 KB with 413; rejects a big message in a batch', async () => {
      const db = server.ctx.store;
      const before = await storedEvents(db);
      const message = (id: string, bytes: number) => ({
        type: 'track',
        userId: 'u',
        event: 'Big',
        messageId: id,
        properties: { blob: 'x'.repeat(bytes) },
      });
      const tooBig = { batch: Array.from({ length: 17 }, (_, i) => message(`big-${i}`, 31 * 1024)) };
      assert.ok(JSON.stringify(tooBig).length > 500 * 1024);
      const refused = await postJson(server, '/v1/batch', tooBig);
      assert.equal(refused.status, 413);
      assert.equal((await postJson(server, '/v1/track', message('single', 33 * 1024))).status, 413);
      assert.equal(await storedEvents(db), before);

      const mixed = await postJson(server, '/v1/batch', { batch: [message('small', 10), message('huge', 40 * 1024)] });
      assert.equal(mixed.status, 200);
      assert.equal(mixed.body.accepted, 1);
      assert.deepEqual(
        (mixed.body.rejected as { index: number; messageId: string }[]).map((r) => [r.index, r.messageId]),
        [[1, 'huge']],
      );
      assert.equal(await storedEvents(db), before + 1);
    });

    it('corrects clock skew: a client clock an hour fast has its timestamps moved back an hour', async () => {
      const hour = 3_600_000;
      const sentAt = new Date(Date.now() + hour);
      const timestamp = new Date(sentAt.getTime() - 5 * 60_000);
      const start = Date.now();
      const response = await postJson(server, '/v1/batch', {
        sentAt: sentAt.toISOString(),
        batch: [
          { type: 'track', userId: 'u', event: 'Skewed', messageId: 'skew-1', timestamp: timestamp.toISOString() },
        ],
      });
      const end = Date.now();
      assert.equal(response.status, 200);
      const [row] = await server.ctx.store.query<{ ms: number }>(
        `SELECT (extract(epoch FROM occurred_at) * 1000)::float8 AS ms FROM usage_events WHERE message_id = 'skew-1'`,
      );
      // occurred = timestamp + (receivedAt − sentAt), with receivedAt somewhere in [start, end].
      const ms = row?.ms ?? 0;
      assert.ok(ms >= timestamp.getTime() + start - sentAt.getTime() - 1, `${ms}`);
      assert.ok(ms <= timestamp.getTime() + end - sentAt.getTime() + 1, `${ms}`);
    });

    it('answers a single call with one invalid message 400, naming the field', async () => {
      const response = await postJson(server, '/v1/track', { userId: 'u', messageId: 'no-event' });
      assert.equal(response.status, 400);
      assert.match(String(response.body.detail), /"event": expected the event name/);
    });
  });
}

describe('Segment ingestion under overload', () => {
  it('answers 429 with Retry-After beyond the pending limit, and analytics-node delivers once it clears', async () => {
    const store = await engines()[0]!.open();
    // Once the server is up (its setup writes the ingest key), writes wait for `release` (auth's reads do not),
    // so the first batch stays pending.
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    let holding = false;
    const slowStore: Store = {
      ...store,
      transaction: async (fn) => {
        if (holding) await held;
        return store.transaction(fn);
      },
    };
    const server = await startIngestServer(slowStore, {
      usage: { retentionDays: 400, maxPendingBatches: 1, writers: 1 },
    });
    holding = true;
    try {
      const first = postJson(server, '/v1/track', { userId: 'u', event: 'First', messageId: 'o-1' });
      await new Promise((resolve) => setTimeout(resolve, 100));
      const refused = await postJson(server, '/v1/track', { userId: 'u', event: 'Second', messageId: 'o-2' });
      assert.equal(refused.status, 429);
      assert.equal(refused.headers.get('retry-after'), '1');

      const analytics = new Analytics({ writeKey: server.writeKey, host: server.url, flushAt: 1, maxRetries: 3 });
      const delivered = new Promise<unknown>((resolve) => {
        analytics.track({ userId: 'u', event: 'Third', messageId: 'o-3' }, resolve);
      });
      await new Promise((resolve) => setTimeout(resolve, 200));
      release();
      assert.equal((await first).status, 200);
      assert.equal(await delivered, undefined, 'analytics-node reported a delivery failure');
      await analytics.closeAndFlush();
      const ids = await store.query<{ message_id: string }>(`SELECT message_id FROM usage_events ORDER BY 1`);
      assert.deepEqual(
        ids.map((r) => r.message_id),
        ['o-1', 'o-3'],
      );
    } finally {
      await server.close();
      await store.close();
    }
  });
});
