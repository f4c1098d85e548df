// Web hardening through the HTTP API in-process: security headers on every kind of answer, TENURE_TRUST_PROXY
// (Secure cookie, HSTS, forwarded client address), sign-in limits per address and slowing per account, and a
// status answer that names no file path.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { parseTrustProxy } from '../../src/config.ts';
import { buildApp } from '../../src/http/app.ts';
import type { App } from '../../src/http/types.ts';
import { createUser } from '../../src/services/users.ts';
import { openStore } from '../../src/store/open.ts';
import type { Store } from '../../src/store/types.ts';
import { ensureWebBuild } from '../../web/build.ts';
import { bearer, emailOf, PASSWORD, testApp, type TestApp } from '../helpers/http.ts';
import { testContext } from '../helpers/store.ts';

const signInAs = (app: App, email: string, password: string, headers: Record<string, string> = {}, ip = '10.0.0.1') =>
  app.inject({ method: 'POST', url: '/api/v1/session', remoteAddress: ip, headers, payload: { email, password } });

describe('security headers', () => {
  let t: TestApp;
  let withWeb: App;
  before(async () => {
    t = await testApp(await openStore({ memory: true }));
    withWeb = await buildApp({ ctx: t.ctx, webDir: await ensureWebBuild() });
  });
  after(async () => {
    await withWeb.close();
    await t.close();
    await t.ctx.store.close();
  });

  it('sends CSP, nosniff, no framing and a same-origin referrer policy on API, page, docs and error answers', async () => {
    const answers = {
      api: await t.app.inject({ url: '/api/v1/meta', headers: bearer(t.keys.read) }),
      unauthenticated: await t.app.inject({ url: '/api/v1/meta' }),
      notFound: await t.app.inject({ url: '/api/v1/nothing-here' }),
      docs: await t.app.inject({ url: '/api/docs' }),
      docsScript: await t.app.inject({ url: '/api/docs/static/swagger-ui-bundle.js' }),
      dashboard: await withWeb.inject({ url: '/' }),
      deepLink: await withWeb.inject({ url: '/accounts/42' }),
    };
    for (const [name, response] of Object.entries(answers)) {
      const csp = String(response.headers['content-security-policy']);
      assert.match(csp, /default-src 'self'/, name);
      assert.match(csp, /script-src 'self'(;|$)/, `${name}: scripts only from the server, no inline script`);
      assert.match(csp, /frame-ancestors 'none'/, name);
      assert.match(csp, /object-src 'none'/, name);
      assert.equal(response.headers['x-content-type-options'], 'nosniff', name);
      assert.equal(response.headers['x-frame-options'], 'DENY', name);
      assert.equal(response.headers['referrer-policy'], 'same-origin', name);
      assert.equal(response.headers['strict-transport-security'], undefined, `${name}: no HSTS over plain HTTP`);
    }
    assert.equal(answers.api.statusCode, 200);
    assert.equal(answers.unauthenticated.statusCode, 401);
    assert.equal(answers.docs.statusCode, 200);
    assert.equal(answers.dashboard.statusCode, 200);
  });

  it('keeps the dashboard page out of the API docs (no stray GET /)', async () => {
    const doc = (await withWeb.inject({ url: '/api/openapi.json' })).json<{ paths: Record<string, unknown> }>();
    const paths = Object.keys(doc.paths);
    assert.ok(paths.includes('/api/v1/meta'));
    assert.deepEqual(
      paths.filter((p) => !p.startsWith('/api/') && !p.startsWith('/v1/')),
      [],
    );
  });

  it('shows no file path or server address in /api/v1/status', async () => {
    const response = await t.app.inject({ url: '/api/v1/status', headers: bearer(t.keys.read) });
    assert.equal(response.statusCode, 200);
    const body = response.json<{ store: Record<string, unknown>; counts: Record<string, number> }>();
    assert.deepEqual(body.store, { kind: t.ctx.store.kind });
    assert.ok(body.counts.accounts !== undefined && body.counts.accounts > 0);
    assert.doesNotMatch(response.body, /location|\/tmp|\/work|memory:|postgres:\/\//);
  });
});

describe('TENURE_TRUST_PROXY', () => {
  let store: Store;
  before(async () => {
    store = await openStore({ memory: true });
    await createUser({ ctx: testContext(store), email: 'dana@example.com', password: PASSWORD, role: 'admin' });
  });
  after(async () => {
    await store.close();
  });

  it('reads false, true, hop counts and address lists, and refuses anything else', () => {
    assert.equal(parseTrustProxy(undefined), false);
    assert.equal(parseTrustProxy(''), false);
    assert.equal(parseTrustProxy('false'), false);
    assert.equal(parseTrustProxy('true'), true);
    assert.equal(parseTrustProxy('2'), 2);
    assert.deepEqual(parseTrustProxy('10.0.0.0/8, 127.0.0.1,::1'), ['10.0.0.0/8', '127.0.0.1', '::1']);
    assert.throws(() => parseTrustProxy('proxy.example.com'), /TENURE_TRUST_PROXY.*"proxy\.example\.com"/);
  });

  it('behind a trusted TLS proxy: Secure cookie, HSTS, and limits count the forwarded client address', async () => {
    const app = await buildApp({ ctx: testContext(store, { trustProxy: ['127.0.0.1'] }), signInRateLimit: 2 });
    try {
      const viaProxy = (client: string, password: string) =>
        signInAs(
          app,
          'dana@example.com',
          password,
          { 'x-forwarded-proto': 'https', 'x-forwarded-for': client },
          '127.0.0.1',
        );
      const ok = await viaProxy('203.0.113.5', PASSWORD);
      assert.equal(ok.statusCode, 200);
      assert.match(String(ok.headers['set-cookie']), /; Secure/);
      assert.match(String(ok.headers['strict-transport-security']), /^max-age=31536000/);
      // Two clients behind the same proxy are limited apart: the third attempt of one is refused, not the other's.
      assert.equal((await viaProxy('203.0.113.5', 'wrong guess')).statusCode, 401);
      assert.equal((await viaProxy('203.0.113.5', 'wrong guess')).statusCode, 429);
      assert.equal((await viaProxy('198.51.100.7', PASSWORD)).statusCode, 200);
    } finally {
      await app.close();
    }
  });

  it('a hop count trusts that many proxies in front', async () => {
    const app = await buildApp({ ctx: testContext(store, { trustProxy: 1 }) });
    try {
      const response = await app.inject({ url: '/api/health', headers: { 'x-forwarded-proto': 'https' } });
      assert.match(String(response.headers['strict-transport-security']), /max-age/);
    } finally {
      await app.close();
    }
  });

  it('untrusted (the default): forwarded headers are ignored, so no Secure cookie or HSTS over plain HTTP', async () => {
    const app = await buildApp({ ctx: testContext(store), signInRateLimit: 2 });
    try {
      const spoof = (client: string) =>
        signInAs(
          app,
          'dana@example.com',
          PASSWORD,
          { 'x-forwarded-proto': 'https', 'x-forwarded-for': client },
          '10.1.1.1',
        );
      const response = await spoof('203.0.113.9');
      assert.equal(response.statusCode, 200);
      assert.doesNotMatch(String(response.headers['set-cookie']), /Secure/);
      assert.equal(response.headers['strict-transport-security'], undefined);
      // A forged X-Forwarded-For does not give a fresh allowance: the real address is counted.
      assert.equal((await spoof('203.0.113.10')).statusCode, 200);
      assert.equal((await spoof('203.0.113.11')).statusCode, 429);
    } finally {
      await app.close();
    }
  });
});

describe('sign-in limits', () => {
  let t: TestApp;
  const slept: number[] = [];
  before(async () => {
    t = await testApp(await openStore({ memory: true }));
    await t.app.close();
    t.app = await buildApp({
      ctx: t.ctx,
      signIn: {
        sleep: (ms) => {
          slept.push(ms);
          return Promise.resolve();
        },
      },
    });
  });
  after(async () => {
    await t.app.close();
    await t.ctx.store.close();
  });

  it('limits one address over many emails (30 a minute), not only per address and email', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 40; i++) {
      statuses.push((await signInAs(t.app, `guess${i}@example.com`, 'password guess', {}, '10.2.2.2')).statusCode);
    }
    assert.deepEqual(statuses.slice(0, 30), Array<number>(30).fill(401));
    assert.deepEqual(statuses.slice(30), Array<number>(10).fill(429));
    // Another address is not affected.
    assert.equal((await signInAs(t.app, emailOf('viewer'), PASSWORD, {}, '10.2.2.3')).statusCode, 200);
  });

  it('slows attempts on one account across addresses, doubling and capped, and never refuses its owner', async () => {
    slept.length = 0;
    const target = emailOf('admin');
    for (let i = 0; i < 12; i++) {
      const response = await signInAs(t.app, target, `guess ${i}`, {}, `10.3.0.${i + 1}`);
      assert.equal(response.statusCode, 401, `attempt ${i} from its own address is answered, not refused`);
    }
    // Five failures are free; then 250 ms, doubling, capped at 4 s.
    assert.deepEqual(slept, [250, 500, 1000, 2000, 4000, 4000, 4000]);
    // The owner, from yet another address, still signs in (after the capped delay), and that clears the count.
    const owner = await signInAs(t.app, target.toUpperCase(), PASSWORD, {}, '10.3.1.1');
    assert.equal(owner.statusCode, 200);
    assert.equal(slept.at(-1), 4000);
    slept.length = 0;
    assert.equal((await signInAs(t.app, target, 'one more guess', {}, '10.3.1.2')).statusCode, 401);
    assert.deepEqual(slept, []);
  });
});
