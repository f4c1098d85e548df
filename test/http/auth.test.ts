// Sign-in, sessions, CSRF, roles and the sign-in rate limit, through the HTTP API in-process.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { openStore } from '../../src/store/open.ts';
import { emailOf, PASSWORD, signIn, testApp, type TestApp } from '../helpers/http.ts';

describe('sessions', () => {
  let t: TestApp;
  before(async () => {
    t = await testApp(await openStore({ memory: true }), { signInRateLimit: 5 });
  });
  after(async () => {
    await t.close();
    await t.ctx.store.close();
  });

  it('sets an HTTP-only, SameSite=Strict cookie that authenticates reads', async () => {
    const response = await t.app.inject({
      method: 'POST',
      url: '/api/v1/session',
      payload: { email: emailOf('viewer').toUpperCase(), password: PASSWORD },
    });
    assert.equal(response.statusCode, 200);
    const cookie = String(response.headers['set-cookie']);
    assert.match(cookie, /HttpOnly/);
    assert.match(cookie, /SameSite=Strict/);
    const me = await t.app.inject({ url: '/api/v1/session', headers: { cookie: cookie.split(';')[0] ?? '' } });
    assert.equal(me.json<{ user: { role: string } }>().user.role, 'viewer');
    const stored = await t.ctx.store.query<{ id_hash: string }>(`SELECT id_hash FROM sessions`);
    assert.ok(
      stored.every((s) => !cookie.includes(s.id_hash)),
      'the cookie value itself is not stored',
    );
  });

  it('refuses a wrong password with the same answer as an unknown email', async () => {
    const wrong = await t.app.inject({
      method: 'POST',
      url: '/api/v1/session',
      payload: { email: emailOf('admin'), password: 'not the password' },
    });
    const unknown = await t.app.inject({
      method: 'POST',
      url: '/api/v1/session',
      payload: { email: 'nobody@example.com', password: PASSWORD },
    });
    assert.equal(wrong.statusCode, 401);
    assert.equal(unknown.statusCode, 401);
    assert.equal(wrong.json<{ detail: string }>().detail, unknown.json<{ detail: string }>().detail);
  });

  it('requires the CSRF token for a state change made with a session', async () => {
    const { cookie, csrfToken } = await signIn(t.app, 'csm');
    const upload = (headers: Record<string, string>) =>
      t.app.inject({ method: 'POST', url: '/api/v1/imports/accounts', headers: { cookie, ...headers }, payload: {} });
    assert.equal((await upload({})).statusCode, 403);
    assert.equal((await upload({ 'x-csrf-token': 'wrong' })).statusCode, 403);
    // With the token it gets past authorization, to the request's own check (not multipart: 415).
    assert.equal((await upload({ 'x-csrf-token': csrfToken })).statusCode, 415);
  });

  it('lets roles do what they may: a viewer reads but does not import', async () => {
    const viewer = await signIn(t.app, 'viewer');
    const headers = { cookie: viewer.cookie, 'x-csrf-token': viewer.csrfToken };
    assert.equal((await t.app.inject({ url: '/api/v1/meta', headers })).statusCode, 200);
    const response = await t.app.inject({ method: 'POST', url: '/api/v1/imports/accounts', headers, payload: {} });
    assert.equal(response.statusCode, 403);
    assert.match(response.json<{ detail: string }>().detail, /viewer/);
  });

  it('ends the session on sign-out', async () => {
    const { cookie, csrfToken } = await signIn(t.app, 'admin');
    const out = await t.app.inject({
      method: 'DELETE',
      url: '/api/v1/session',
      headers: { cookie, 'x-csrf-token': csrfToken },
    });
    assert.equal(out.statusCode, 204);
    assert.equal((await t.app.inject({ url: '/api/v1/meta', headers: { cookie } })).statusCode, 401);
  });

  it('limits sign-in attempts per client with 429 and Retry-After', async () => {
    const attempts = [];
    for (let i = 0; i < 8; i++) {
      attempts.push(
        await t.app.inject({
          method: 'POST',
          url: '/api/v1/session',
          remoteAddress: '10.9.8.7',
          payload: { email: emailOf('admin'), password: `guess ${i}` },
        }),
      );
    }
    const limited = attempts.filter((r) => r.statusCode === 429);
    assert.equal(limited.length, 3);
    assert.ok(limited.every((r) => Number(r.headers['retry-after']) > 0));
    // Another client is not affected.
    const other = await t.app.inject({
      method: 'POST',
      url: '/api/v1/session',
      remoteAddress: '10.9.8.6',
      payload: { email: emailOf('admin'), password: PASSWORD },
    });
    assert.equal(other.statusCode, 200);
  });
});
