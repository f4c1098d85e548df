import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { buildApp } from '../../src/http/app.ts';
import { openStore } from '../../src/store/open.ts';
import { testContext } from '../helpers/store.ts';

describe('/api/health', () => {
  it('answers without authentication from the store’s latest probe', async () => {
    const store = await openStore({ memory: true });
    const app = await buildApp({ ctx: testContext(store) });
    try {
      const response = await app.inject({ url: '/api/health' });
      assert.equal(response.statusCode, 200);
      const body = response.json<{ status: string; schemaVersion: number; storeAnsweredMsAgo: number }>();
      assert.equal(body.status, 'ok');
      assert.ok(body.schemaVersion >= 6);
      assert.ok(body.storeAnsweredMsAgo >= 0 && body.storeAnsweredMsAgo < 1000);
    } finally {
      await app.close();
      await store.close();
    }
  });

  it('answers 503 when the store has never answered', async () => {
    const store = await openStore({ memory: true });
    const app = await buildApp({ ctx: testContext(store) });
    await store.close();
    try {
      const response = await app.inject({ url: '/api/health' });
      assert.equal(response.statusCode, 503);
      assert.match(response.json<{ detail: string }>().detail, /has not answered/);
    } finally {
      await app.close();
    }
  });
});
