// One bad message never costs the good ones: each kind of input the store cannot hold (NUL, unpaired surrogates,
// nesting past 64 levels, times out of range, ids too long for an index) is rejected with its reason and index,
// and the rest of the batch is stored, on both engines. Never a 500.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { StoreError, type Queryable, type Store } from '../src/store/types.ts';
import { postJson, startIngestServer, type IngestServer } from './fixtures/events/server.ts';
import { engines } from './helpers/store.ts';

const good = (id: string) => ({
  type: 'track',
  messageId: id,
  userId: 'u1',
  event: 'Saved',
  timestamp: new Date(Date.now() - 60_000).toISOString(),
});
const deep = (n: number): unknown => (n === 0 ? 'leaf' : { k: deep(n - 1) });

const HOSTILE: [string, Record<string, unknown>, RegExp][] = [
  ['nul', { properties: { note: 'a\u0000b' } }, /"properties.note": expected text without NUL/],
  ['nul-key', { context: { 'x\u0000': 1 } }, /expected a key of text without NUL/],
  ['nul-id', { userId: 'u\u0000' }, /"userId": expected text without NUL/],
  ['surrogate', { event: 'Saved \ud800' }, /"event": expected text without unpaired UTF-16 surrogates/],
  ['surrogate-deep', { properties: { a: ['\udfff'] } }, /"properties.a\[0\]": expected text without unpaired/],
  ['deep', { properties: deep(200) }, /nested at most 64 levels deep/],
  ['ancient', { timestamp: '0001-01-01T00:00:00Z' }, /"timestamp": expected an ISO 8601 date-time from 1970 on/],
  ['future', { timestamp: '9999-12-31T23:59:59Z' }, /"timestamp": expected a time at most a day ahead/],
  ['sent-future', { sentAt: '9999-12-31T00:00:00Z' }, /from 1970 on once corrected by the sentAt/],
  ['sent-bad', { sentAt: 'soon' }, /"sentAt": expected an ISO 8601 date-time/],
  ['long-id', { anonymousId: 'a'.repeat(3000), userId: undefined }, /"anonymousId": expected an id of at most 1024/],
  ['long-group', { context: { groupId: 'g'.repeat(3000) } }, /"context.groupId"/],
];

for (const engine of engines()) {
  describe(`hostile Segment messages (${engine.name})`, () => {
    let server: IngestServer;
    before(async () => {
      server = await startIngestServer(await engine.open());
    });
    after(async () => {
      await server.close();
      await server.ctx.store.close();
    });

    it('rejects each bad message with its reason and index and stores every good one', async () => {
      const batch = HOSTILE.flatMap(([name, fields], i) => [good(`ok-${i}`), { ...good(`bad-${name}`), ...fields }]);
      const answer = await postJson(server, '/v1/batch', { batch });
      assert.equal(answer.status, 200, JSON.stringify(answer.body));
      assert.equal(answer.body.accepted, HOSTILE.length);
      const rejected = answer.body.rejected as { index: number; messageId: string; reason: string }[];
      assert.deepEqual(
        rejected.map((r) => r.index),
        HOSTILE.map((_, i) => 2 * i + 1),
      );
      HOSTILE.forEach(([name, , reason], i) => {
        assert.match(rejected[i]?.reason ?? '', reason, name);
      });
      const stored = await server.ctx.store.query<{ message_id: string }>(
        `SELECT message_id FROM usage_events ORDER BY message_id`,
      );
      assert.deepEqual(
        stored.map((r) => r.message_id),
        HOSTILE.map((_, i) => `ok-${i}`).sort(),
      );
    });

    it('reports a bad batch-level sentAt on each message it spoils, not as a failed request', async () => {
      const answer = await postJson(server, '/v1/batch', {
        sentAt: '9999-01-01T00:00:00Z',
        batch: [good('spoiled'), { ...good('own-sent-at'), sentAt: new Date().toISOString() }],
      });
      assert.equal(answer.status, 200);
      assert.equal(answer.body.accepted, 1);
      assert.match(JSON.stringify(answer.body.rejected), /"index":0,"messageId":"spoiled".*from 1970 on/);
    });

    it('drops __proto__ keys and constructor keys holding a prototype from a message and stores it with its batch', async () => {
      // JSON text as a client sends it: a literal "__proto__" key (JSON.stringify of an object cannot produce one).
      const poisoned = JSON.stringify(good('proto')).replace(
        '"type":"track"',
        '"type":"track","properties":{"__proto__":{"admin":true},"constructor":{"prototype":{"x":1}},"plan":"pro"}',
      );
      const body = `{"batch":[${JSON.stringify(good('beside-proto'))},${poisoned}]}`;
      const answer = await postJson(server, '/v1/batch', body);
      assert.equal(answer.status, 200, JSON.stringify(answer.body));
      assert.equal(answer.body.accepted, 2);
      const [row] = await server.ctx.store.query<{ properties: unknown }>(
        `SELECT properties FROM usage_events WHERE message_id = 'proto'`,
      );
      assert.deepEqual(row?.properties, { plan: 'pro' });
      assert.equal(({} as Record<string, unknown>).admin, undefined);
    });

    it('answers a single call with a NUL 400, naming the field', async () => {
      const answer = await postJson(server, '/v1/track', { ...good('single'), properties: { x: '\u0000' } });
      assert.equal(answer.status, 400);
      assert.match(String(answer.body.detail), /"properties.x": expected text without NUL/);
    });
  });
}

/** A store whose writes refuse any message named `poison-…`, as PostgreSQL refuses a value it cannot hold. */
function refusing(store: Store): Store {
  const guard =
    (q: Queryable): Queryable['query'] =>
    (sql, params) => {
      if (JSON.stringify(params ?? []).includes('poison-')) {
        return Promise.reject(new StoreError('invalid byte sequence', { code: '22021' }));
      }
      return q.query(sql, params);
    };
  return {
    ...store,
    kind: store.kind,
    location: store.location,
    query: guard(store),
    transaction: (fn) => store.transaction((tx) => fn({ execute: (s, p) => tx.execute(s, p), query: guard(tx) })),
  };
}

describe('a value the store refuses although the checks let it through', () => {
  it('is rejected alone, with the store reason; the other messages of its request are stored', async () => {
    const [engine] = engines();
    const store = await engine!.open();
    const server = await startIngestServer(refusing(store));
    try {
      const answer = await postJson(server, '/v1/batch', {
        batch: [good('fine-1'), good('poison-1'), good('fine-2')],
      });
      assert.equal(answer.status, 200, JSON.stringify(answer.body));
      assert.equal(answer.body.accepted, 2);
      assert.deepEqual(answer.body.rejected, [
        { index: 1, messageId: 'poison-1', reason: 'the store refused this message: invalid byte sequence' },
      ]);
      const stored = await store.query<{ message_id: string }>(`SELECT message_id FROM usage_events ORDER BY 1`);
      assert.deepEqual(
        stored.map((r) => r.message_id),
        ['fine-1', 'fine-2'],
      );
    } finally {
      await server.close();
      await store.close();
    }
  });
});
