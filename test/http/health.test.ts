import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { buildApp } from '../../src/http/app.ts';
import { createStoreProbe } from '../../src/services/health-probe.ts';
import { openStore } from '../../src/store/open.ts';
import type { Queryable, Row } from '../../src/store/types.ts';
import { testContext } from '../helpers/store.ts';

/** A store that answers the probe at once, or never while `stalled` is set. */
function fakeStore() {
  const state = { stalled: false, queries: 0 };
  const store: Queryable = {
    query: <T extends Row>() => {
      state.queries++;
      return state.stalled ? new Promise<T[]>(() => undefined) : Promise.resolve([{ v: 11 }] as unknown as T[]);
    },
    execute: () => Promise.resolve(0),
  };
  return { store, state };
}

describe('the store probe behind readiness', () => {
  it('answers ok after any quiet spell: an idle server asks the store afresh', async () => {
    let clock = 0;
    const { store, state } = fakeStore();
    const probe = createStoreProbe(store, { now: () => clock, waitMs: 20 });
    assert.deepEqual(await probe.check(), { ok: true, schemaVersion: 11, ageMs: 0 });
    for (const quiet of [29_000, 31_000, 300_000, 3_600_000]) {
      clock += quiet;
      assert.deepEqual(await probe.check(), { ok: true, schemaVersion: 11, ageMs: 0 }, `after ${quiet} ms of quiet`);
    }
    assert.equal(state.queries, 5);
    // Within a second the last answer is used without asking again.
    clock += 500;
    assert.deepEqual(await probe.check(), { ok: true, schemaVersion: 11, ageMs: 500 });
    assert.equal(state.queries, 5);
  });

  it('keeps a busy store ready while its last answer is under 30 s old, then says it does not answer', async () => {
    let clock = 0;
    const { store, state } = fakeStore();
    const probe = createStoreProbe(store, { now: () => clock, waitMs: 10 });
    await probe.check();
    state.stalled = true;
    clock = 5_000;
    assert.deepEqual(await probe.check(), { ok: true, schemaVersion: 11, ageMs: 5_000 });
    clock = 30_001;
    assert.deepEqual(await probe.check(), { ok: false, ageMs: 30_001 });
    assert.equal(state.queries, 2, 'one probe out at a time');
  });

  it('is not ready when the store has never answered', async () => {
    const { store, state } = fakeStore();
    state.stalled = true;
    assert.deepEqual(await createStoreProbe(store, { firstWaitMs: 10 }).check(), { ok: false, ageMs: null });
  });
});

describe('/api/health, /api/health/ready and /api/health/live', () => {
  it('answer without authentication from the store', async () => {
    const store = await openStore({ memory: true });
    const app = await buildApp({ ctx: testContext(store) });
    try {
      for (const url of ['/api/health', '/api/health/ready']) {
        const response = await app.inject({ url });
        assert.equal(response.statusCode, 200, url);
        const body = response.json<{ status: string; schemaVersion: number; storeAnsweredMsAgo: number }>();
        assert.equal(body.status, 'ok');
        assert.ok(body.schemaVersion >= 6);
        assert.ok(body.storeAnsweredMsAgo >= 0 && body.storeAnsweredMsAgo < 1000);
      }
      const live = await app.inject({ url: '/api/health/live' });
      assert.equal(live.statusCode, 200);
      assert.equal(live.json<{ status: string }>().status, 'ok');
    } finally {
      await app.close();
      await store.close();
    }
  });

  it('answer 503 for readiness and 200 for liveness when the store has never answered', async () => {
    const store = await openStore({ memory: true });
    const app = await buildApp({ ctx: testContext(store) });
    await store.close();
    try {
      // Both wait (5 s) for the same first probe.
      const urls = ['/api/health', '/api/health/ready'];
      const responses = await Promise.all(urls.map((url) => app.inject({ url })));
      for (const [i, response] of responses.entries()) {
        assert.equal(response.statusCode, 503, urls[i]);
        assert.match(response.json<{ detail: string }>().detail, /The store \(pglite\) has never answered/);
      }
      assert.equal((await app.inject({ url: '/api/health/live' })).statusCode, 200);
    } finally {
      await app.close();
    }
  });
});
