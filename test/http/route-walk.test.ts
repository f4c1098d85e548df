// Walks every registered route: nothing answers an anonymous caller but the public ones, every GET in the
// OpenAPI document answers 200 to a read key, and each route's access level holds for every key scope.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { allows } from '../../src/http/auth.ts';
import type { Access } from '../../src/http/types.ts';
import { openStore } from '../../src/store/open.ts';
import { bearer, signIn, testApp, type TestApp } from '../helpers/http.ts';

/** A concrete URL for a route pattern: a real account id, a real import kind, '1' elsewhere. */
function concrete(url: string, accountId: number): string {
  return url
    .replace(':id', String(accountId))
    .replace(':kind', 'accounts')
    .replace(/:(\w+)/g, '1')
    .replace('*', 'index.html');
}

describe('every route is denied unless authenticated and authorized', () => {
  let t: TestApp;
  let accountId: number;
  before(async () => {
    t = await testApp(await openStore({ memory: true }));
    const [row] = await t.ctx.store.query<{ id: number }>(`SELECT min(id) AS id FROM accounts`);
    accountId = row?.id ?? 0;
  });
  after(async () => {
    await t.close();
    await t.ctx.store.close();
  });

  const routes = () => t.app.registeredRoutes.filter((r) => r.method !== 'HEAD' && r.method !== 'OPTIONS');

  it('declares an access level on every route', () => {
    assert.ok(routes().length >= 10, `only ${routes().length} routes registered`);
    const missing = routes().filter((r) => r.route.config?.access === undefined);
    assert.deepEqual(
      missing.map((r) => `${r.method} ${r.url}`),
      [],
    );
  });

  it('answers 401 to an anonymous caller on every non-public route', async () => {
    for (const r of routes()) {
      if (r.route.config?.access === 'public') continue;
      const response = await t.app.inject({ method: r.method as 'GET', url: concrete(r.url, accountId) });
      assert.equal(response.statusCode, 401, `${r.method} ${r.url}: ${response.body}`);
      assert.match(String(response.headers['content-type']), /application\/problem\+json/);
    }
  });

  it('answers 401 to an unknown or malformed key', async () => {
    for (const key of ['tnr_000000000000_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA', 'nonsense']) {
      const response = await t.app.inject({ url: '/api/v1/meta', headers: bearer(key) });
      assert.equal(response.statusCode, 401);
    }
  });

  it('answers 200 to a read key (an admin, on admin routes) on every GET route of the OpenAPI document, and 401 anonymously', async () => {
    const doc = (await t.app.inject({ url: '/api/openapi.json' })).json<{
      paths: Record<string, Record<string, unknown>>;
    }>();
    const gets = Object.entries(doc.paths)
      .filter(([, ops]) => 'get' in ops)
      .map(([path]) => path);
    assert.ok(gets.length >= 8, `only ${gets.length} GET paths documented`);
    const admin = await signIn(t.app, 'admin');
    for (const path of gets) {
      const pattern = path.replace(/\{(\w+)\}/g, ':$1');
      const url = concrete(pattern, accountId);
      // Admin routes answer no API key (keys have no admin scope): an admin's session reads them.
      const adminOnly = routes().some((r) => r.url === pattern && r.route.config?.access === 'admin');
      const headers = adminOnly ? { cookie: admin.cookie } : bearer(t.keys.read);
      const response = await t.app.inject({ url, headers });
      assert.equal(response.statusCode, 200, `GET ${path}: ${response.body}`);
      if (path.startsWith('/api/health')) continue;
      assert.equal((await t.app.inject({ url })).statusCode, 401, `GET ${path} anonymously`);
    }
  });

  it('gives each key scope exactly the routes its scope allows (403 otherwise)', async () => {
    for (const r of routes()) {
      const access = r.route.config?.access as Access;
      if (access === 'public') continue;
      for (const scope of ['read', 'write', 'ingest'] as const) {
        const response = await t.app.inject({
          method: r.method as 'GET',
          url: concrete(r.url, accountId),
          headers: bearer(t.keys[scope]),
        });
        const allowed = allows({ kind: 'key', key: { id: 0, name: '', prefix: '', scope } }, access);
        if (allowed) assert.notEqual(response.statusCode, 403, `${scope} key on ${r.method} ${r.url}`);
        else assert.equal(response.statusCode, 403, `${scope} key on ${r.method} ${r.url}: ${response.body}`);
        assert.notEqual(response.statusCode, 401, `${scope} key on ${r.method} ${r.url}`);
      }
    }
  });
});
