// Share links over HTTP: an account's links listed with expiry and opens, one withdrawn (its page and PDF then say
// so with 410, the others still open), write access needed to withdraw; and /r/* limited per client address.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { buildApp } from '../../src/http/app.ts';
import type { App } from '../../src/http/types.ts';
import { openStore } from '../../src/store/open.ts';
import { bearer, testApp, type TestApp } from '../helpers/http.ts';
import { addCatalog, addCustomer } from '../helpers/value.ts';

describe('value report share links over HTTP', () => {
  let t: TestApp;
  let acme: number;
  let beta: number;
  before(async () => {
    t = await testApp(await openStore({ memory: true }));
    await addCatalog(t.ctx.store);
    acme = await addCustomer(t.ctx.store, 'acme-h', { name: 'Acme Withdrawn' });
    beta = await addCustomer(t.ctx.store, 'beta-h', { name: 'Beta Kept' });
  });
  after(async () => {
    await t.close();
    await t.ctx.store.close();
  });

  const share = async (id: number) => {
    const r = await t.app.inject({
      method: 'POST',
      url: `/api/v1/accounts/${id}/value-report/share`,
      headers: bearer(t.keys.write),
      payload: {},
    });
    assert.equal(r.statusCode, 200, r.body);
    return r.json<{ url: string; linkId: number }>();
  };
  const links = async (id: number) => {
    const r = await t.app.inject({ url: `/api/v1/accounts/${id}/value-report/links`, headers: bearer(t.keys.read) });
    assert.equal(r.statusCode, 200, r.body);
    return r.json<{ items: { id: number; opens: number; status: string; expiresAt: string }[] }>().items;
  };
  const revoke = (id: number, linkId: number, key = t.keys.write) =>
    t.app.inject({
      method: 'POST',
      url: `/api/v1/accounts/${id}/value-report/links/${linkId}/revoke`,
      headers: bearer(key),
    });

  it('lists links with opens, withdraws one: 410 "withdrawn" on its page and PDF, the other link still opens', async () => {
    const a = await share(acme);
    const b = await share(acme);
    const pathA = new URL(a.url).pathname;
    const pathB = new URL(b.url).pathname;
    assert.equal((await t.app.inject({ url: pathA })).statusCode, 200);
    assert.equal((await t.app.inject({ url: `${pathA}.pdf` })).statusCode, 200);
    const before = await links(acme);
    assert.deepEqual(
      before.map((l) => [l.id, l.opens, l.status]),
      [
        [b.linkId, 0, 'active'],
        [a.linkId, 2, 'active'],
      ],
    );
    assert.equal((await revoke(acme, a.linkId, t.keys.read)).statusCode, 403);
    assert.equal((await revoke(beta, a.linkId)).statusCode, 404, 'another account’s link');
    assert.equal((await revoke(acme, 999_999)).statusCode, 404);
    const done = await revoke(acme, a.linkId);
    assert.equal(done.statusCode, 200, done.body);
    assert.equal(done.json<{ status: string }>().status, 'revoked');
    for (const url of [pathA, `${pathA}.pdf`, `${pathA}?format=pdf`]) {
      const r = await t.app.inject({ url });
      assert.equal(r.statusCode, 410, url);
      assert.match(r.body, /This link has been withdrawn/);
      assert.ok(!r.body.includes('Acme Withdrawn'));
      assert.doesNotMatch(String(r.headers['content-type']), /pdf/);
      assert.match(String(r.headers['content-security-policy']), /default-src 'none'/);
    }
    assert.equal((await t.app.inject({ url: pathB })).statusCode, 200);
    assert.deepEqual(
      (await links(acme)).map((l) => [l.id, l.status]),
      [
        [b.linkId, 'active'],
        [a.linkId, 'revoked'],
      ],
    );
    assert.deepEqual(await links(beta), []);
    const missing = await t.app.inject({
      url: '/api/v1/accounts/999999/value-report/links',
      headers: bearer(t.keys.read),
    });
    assert.equal(missing.statusCode, 404);
  });
});

describe('rate limit on the shared report pages', () => {
  let t: TestApp;
  let app: App;
  before(async () => {
    t = await testApp(await openStore({ memory: true }));
    app = await buildApp({ ctx: t.ctx, shareRateLimit: 3 });
    await app.ready();
  });
  after(async () => {
    await app.close();
    await t.close();
    await t.ctx.store.close();
  });

  it('answers 429 with Retry-After past the limit per client address, other addresses unaffected', async () => {
    const from = (remoteAddress: string) => app.inject({ url: '/r/not-a-token', remoteAddress });
    for (let i = 0; i < 3; i++) assert.equal((await from('203.0.113.7')).statusCode, 404);
    const limited = await from('203.0.113.7');
    assert.equal(limited.statusCode, 429, limited.body);
    const wait = Number(limited.headers['retry-after']);
    assert.ok(
      Number.isInteger(wait) && wait > 0 && wait <= 60,
      `retry-after ${String(limited.headers['retry-after'])}`,
    );
    assert.equal((await app.inject({ url: '/r/not-a-token.pdf', remoteAddress: '203.0.113.7' })).statusCode, 429);
    assert.equal((await from('198.51.100.9')).statusCode, 404);
    // The API is not counted against the share pages' limit.
    const api = await app.inject({ url: '/api/v1/meta', headers: bearer(t.keys.read), remoteAddress: '203.0.113.7' });
    assert.equal(api.statusCode, 200);
  });

  it('limits 60 requests a minute by default', async () => {
    const r = await t.app.inject({ url: '/r/x', remoteAddress: '192.0.2.1' });
    assert.equal(r.headers['x-ratelimit-limit'], '60');
  });
});
