// Walks every registered route: nothing answers an anonymous caller but the public ones, every GET in the
// OpenAPI document answers 200 to a read key, each route's access level holds for every key scope, every
// answer's status is declared with a complete schema (also in the OpenAPI document), and no query string
// makes a GET answer 5xx.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import type { LightMyRequestResponse } from 'fastify';
import { buildApp } from '../../src/http/app.ts';
import { allows } from '../../src/http/auth.ts';
import type { Access, RegisteredRoute } from '../../src/http/types.ts';
import { createSurvey } from '../../src/services/surveys/definitions.ts';
import { importContracts } from '../../src/services/renewals/import-contracts.ts';
import { openStore } from '../../src/store/open.ts';
import { bearer, signIn, testApp, type TestApp } from '../helpers/http.ts';

/** Ids of records other than accounts that routes name (set in `before`). */
const known = { surveyId: 0 };

/** A concrete URL for a route pattern: a real account (or survey) id, a real import kind, '1' elsewhere. */
function concrete(url: string, accountId: number): string {
  return url
    .replace(/^\/api\/v1\/surveys\/:id/, `/api/v1/surveys/${known.surveyId}`)
    .replace(':id', String(accountId))
    .replace(':kind', 'accounts')
    .replace(/:(\w+)/g, '1')
    .replace('*', 'index.html');
}

type Schema = Record<string, unknown>;
interface RouteSchema {
  hide?: boolean;
  querystring?: Schema;
  response?: Record<string, Schema>;
}
const schemaOf = (r: RegisteredRoute): RouteSchema | undefined => {
  const { hide, querystring, response } = r.route.schema ?? {};
  return { hide, querystring: querystring as Schema | undefined, response: response as RouteSchema['response'] };
};

/** The body schemas a declared response stands for (one per content type). */
function bodies(declared: Schema): Schema[] {
  const content = declared.content as Record<string, { schema: Schema }> | undefined;
  return content ? Object.values(content).map((c) => c.schema) : [declared];
}

/** Where a schema lets unknown shapes through: open objects, untyped values. */
function openings(schema: unknown, path: string): string[] {
  if (typeof schema !== 'object' || schema === null) return [`${path}: not a schema`];
  const s = schema as Schema;
  for (const key of ['anyOf', 'oneOf', 'allOf'] as const) {
    const list = s[key];
    if (Array.isArray(list)) return list.flatMap((x, i) => openings(x, `${path}<${i}>`));
  }
  if ('const' in s || Array.isArray(s.enum)) return [];
  switch (s.type) {
    case 'object': {
      const maps = { ...(s.patternProperties as Schema | undefined) };
      if (typeof s.additionalProperties === 'object') maps['*'] = s.additionalProperties;
      if (Object.keys(maps).length > 0) return Object.values(maps).flatMap((v) => openings(v, `${path}.*`));
      if (s.additionalProperties !== false) return [`${path}: open object`];
      return Object.entries((s.properties ?? {}) as Schema).flatMap(([k, v]) => openings(v, `${path}.${k}`));
    }
    case 'array':
      return openings(s.items, `${path}[]`);
    case 'string':
    case 'number':
    case 'integer':
    case 'boolean':
    case 'null':
      return [];
    default:
      return [`${path}: no type`];
  }
}

/** Values that have broken or could break a parser: impossible days, huge ids, wrong types, enum neighbours. */
const EDGY = [
  ...['2024-02-30', '2024-02-29', '2023-02-29', '0025-01-01', '99999-01-01', '2024-13', '2024-00', '2024-1'],
  ...['9007199254740993', '-1', '0', '1e400', '1.5', 'NaN', '', ' ', '%', 'null', '[]', '{}', '(none)'],
  ...['month', 'quarter', 't12m', 'industry', 'cohort', 'plan', 'churn', 'desc', 'mrr', 'all', 'icp'],
];

describe('every route is denied unless authenticated and authorized', () => {
  let t: TestApp;
  let accountId: number;
  before(async () => {
    t = await testApp(await openStore({ memory: true }));
    const [row] = await t.ctx.store.query<{ id: number }>(`SELECT min(id) AS id FROM accounts`);
    accountId = row?.id ?? 0;
    known.surveyId = (
      await createSurvey({ ctx: t.ctx, input: { name: 'Walk NPS', kind: 'nps', question: 'Recommend?' } })
    ).id;
    // A contract named '1', for the routes taking a contract_id (concrete() puts '1' there).
    const contract =
      'contract_id,account_id,start_date,end_date,arr,currency,auto_renew,notice_days,exclusion_reason\n';
    await importContracts({
      ctx: t.ctx,
      input: { text: `${contract}1,walk,2025-01-01,2026-01-01,1200,USD,no,,\n`, name: 'c.csv' },
    });
  });
  after(async () => {
    await t.close();
    await t.ctx.store.close();
  });

  const routes = () => t.app.registeredRoutes.filter((r) => r.method !== 'HEAD' && r.method !== 'OPTIONS');
  const documented = () => routes().filter((r) => schemaOf(r)?.hide !== true);

  /** Asserts the route declares the status it answered with (and that it is not a server error). */
  const declares = (r: RegisteredRoute, response: LightMyRequestResponse, what: string) => {
    assert.ok(response.statusCode < 500, `${what}: ${response.statusCode} ${response.body}`);
    if (schemaOf(r)?.hide === true) return;
    const declared = Object.keys(schemaOf(r)?.response ?? {});
    assert.ok(
      declared.includes(String(response.statusCode)),
      `${what}: ${response.statusCode} not in ${declared.join(', ')}`,
    );
  };

  it('declares an access level on every route', () => {
    assert.ok(routes().length >= 10, `only ${routes().length} routes registered`);
    const missing = routes().filter((r) => r.route.config?.access === undefined);
    assert.deepEqual(
      missing.map((r) => `${r.method} ${r.url}`),
      [],
    );
  });

  it('declares a closed schema for every answer of every documented route, errors as problem+json', () => {
    assert.ok(documented().length >= 15, `only ${documented().length} documented routes`);
    for (const r of documented()) {
      const name = `${r.method} ${r.url}`;
      const response = schemaOf(r)?.response;
      assert.ok(response, `${name} declares no responses`);
      const statuses = Object.keys(response);
      assert.ok(
        statuses.some((s) => s.startsWith('2')),
        `${name}: no success answer`,
      );
      if (r.route.config?.access !== 'public') for (const s of ['401', '403']) assert.ok(statuses.includes(s), name);
      for (const [status, declared] of Object.entries(response)) {
        assert.deepEqual(
          bodies(declared).flatMap((b) => openings(b, `${name} ${status}`)),
          [],
        );
        if (Number(status) >= 400) {
          assert.deepEqual(Object.keys(declared.content as Schema), ['application/problem+json'], name);
        }
      }
    }
  });

  it('carries every declared answer into the OpenAPI document, and no page of the dashboard', async () => {
    const doc = (await t.app.inject({ url: '/api/openapi.json' })).json<{
      paths: Record<string, Record<string, { responses: Record<string, { content?: Record<string, unknown> }> }>>;
    }>();
    for (const r of documented()) {
      const path = r.url.replace(/:(\w+)/g, '{$1}');
      const operation = doc.paths[path]?.[r.method.toLowerCase()];
      assert.ok(operation, `${r.method} ${path} is not in the OpenAPI document`);
      const declared = Object.keys(schemaOf(r)?.response ?? {}).sort();
      assert.deepEqual(Object.keys(operation.responses).sort(), declared, `${r.method} ${path}`);
      for (const [status, answer] of Object.entries(operation.responses)) {
        if (status !== '204') assert.ok(answer.content, `${r.method} ${path} ${status} has no body schema`);
      }
    }
    const webDir = fileURLToPath(new URL('../../web/dist', import.meta.url));
    const withWeb = await buildApp({ ctx: t.ctx, webDir });
    try {
      await withWeb.ready();
      const paths = Object.keys(withWeb.swagger().paths ?? {});
      assert.ok(!paths.includes('/'), 'GET / (the dashboard) is in the API document');
      assert.deepEqual(
        paths.filter((p) => !p.startsWith('/api/') && !p.startsWith('/v1/')),
        [],
      );
    } finally {
      await withWeb.close();
    }
  });

  it('answers 401 to an anonymous caller on every non-public route', async () => {
    for (const r of routes()) {
      if (r.route.config?.access === 'public') continue;
      const response = await t.app.inject({ method: r.method as 'GET', url: concrete(r.url, accountId) });
      assert.equal(response.statusCode, 401, `${r.method} ${r.url}: ${response.body}`);
      assert.match(String(response.headers['content-type']), /application\/problem\+json/);
      declares(r, response, `anonymous ${r.method} ${r.url}`);
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
        declares(r, response, `${scope} key on ${r.method} ${r.url}`);
      }
    }
  });

  it('never answers 5xx to any query string on a GET route, and declares what it answers', async () => {
    const value = fc.oneof(
      { weight: 3, arbitrary: fc.constantFrom(...EDGY) },
      fc.string({ maxLength: 12 }),
      fc.integer().map(String),
    );
    for (const r of documented().filter((x) => x.method === 'GET')) {
      const known = Object.keys(schemaOf(r)?.querystring?.properties ?? {});
      const key = fc.oneof(
        { weight: 4, arbitrary: fc.constantFrom(...known, 'unknown', '__proto__', 'constructor') },
        fc.string({ maxLength: 6 }),
      );
      const id = fc.oneof(fc.constant(String(accountId)), fc.constantFrom(...EDGY.filter((e) => e.trim() !== '')));
      await fc.assert(
        fc.asyncProperty(fc.array(fc.tuple(key, value), { maxLength: 5 }), id, async (pairs, idText) => {
          const query = new URLSearchParams(pairs).toString();
          const path = r.url.replace(':id', encodeURIComponent(idText));
          const response = await t.app.inject({ url: `${path}?${query}`, headers: bearer(t.keys.read) });
          if (path === r.url || idText === String(accountId)) declares(r, response, `GET ${path}?${query}`);
          else assert.ok(response.statusCode < 500, `GET ${path}?${query}: ${response.body}`);
        }),
        { numRuns: 25 },
      );
    }
  });

  it('answers 400 naming the field, never 5xx, to each odd value in each query parameter of each GET route', async () => {
    for (const r of documented().filter((x) => x.method === 'GET')) {
      const url = concrete(r.url, accountId);
      for (const key of Object.keys(schemaOf(r)?.querystring?.properties ?? {})) {
        for (const value of [...EDGY, ['2024-01-01', '2024-01-02']]) {
          const query = new URLSearchParams([value].flat().map((v): [string, string] => [key, v])).toString();
          const response = await t.app.inject({ url: `${url}?${query}`, headers: bearer(t.keys.read) });
          declares(r, response, `GET ${url}?${query}`);
          if (response.statusCode !== 400) continue;
          const problem = response.json<{ detail: string; errors?: { field?: string }[] }>();
          if (problem.errors) assert.equal(problem.errors[0]?.field, `querystring.${key}`, `GET ${url}?${query}`);
        }
      }
    }
  });

  it('refuses impossible and far days, bad months, ids beyond 2^53, long ids, NUL, with the field and what it expects', async () => {
    const cases: [string, string, RegExp][] = [
      ['/api/v1/revenue/metrics?asOf=2024-02-30', 'querystring.asOf', /calendar day YYYY-MM-DD.*found "2024-02-30"/],
      ['/api/v1/accounts?asOf=0025-01-01', 'querystring.asOf', /from 1900 to 2100/],
      ['/api/v1/meta?asOf=99999-01-01', 'querystring.asOf', /calendar day/],
      ['/api/v1/revenue/movements?from=2024-13', 'querystring.from', /a month YYYY-MM/],
      ['/api/v1/revenue/metrics?interval=week', 'querystring.interval', /one of month, quarter, year, t12m/],
      ['/api/v1/accounts?limit=1001', 'querystring.limit', /<= 1000/],
      ['/api/v1/accounts?offset=-1', 'querystring.offset', />= 0/],
      ['/api/v1/accounts?asOf=2024-01-01&asOf=2024-01-02', 'querystring.asOf', /must be string/],
      ['/api/v1/accounts/9007199254740993', 'params.id', /<= 9007199254740991/],
      ['/api/v1/accounts/-4', 'params.id', />= 1/],
      ['/api/v1/accounts/1e400', 'params.id', /finite number, found Infinity/],
      ['/api/v1/revenue/movements?limit=1e400', 'querystring.limit', /finite number/],
      ['/api/v1/accounts/abc/usage', 'params.id', /integer/],
      // Longer than Fastify's default 100-character parameter: still the route's own check, naming the field.
      [`/api/v1/accounts/${'1'.repeat(101)}`, 'params.id', /<= 9007199254740991/],
      [`/api/v1/contracts/${'c'.repeat(201)}`, 'params.contractId', /more than 200 characters/],
      ['/api/v1/tasks?owner=a%00b', 'querystring.owner', /must not contain the NUL character/],
      ['/api/v1/contracts/%00', 'params.contractId', /must not contain the NUL character/],
    ];
    for (const [url, field, message] of cases) {
      const response = await t.app.inject({ url, headers: bearer(t.keys.read) });
      assert.equal(response.statusCode, 400, `${url}: ${response.body}`);
      assert.match(String(response.headers['content-type']), /^application\/problem\+json/);
      const problem = response.json<{ detail: string; errors: { field: string; message: string }[] }>();
      assert.equal(problem.errors[0]?.field, field, url);
      assert.match(problem.errors[0]?.message ?? '', message, url);
      assert.match(problem.detail, new RegExp(field.replace('.', '\\.')), url);
    }
    // A valid id longer than 100 characters reaches its route (a contract id may have up to 200).
    const long = await t.app.inject({ url: `/api/v1/contracts/${'c'.repeat(150)}`, headers: bearer(t.keys.read) });
    assert.equal(long.statusCode, 404, long.body);
    // Refused before any route: a path segment past the router's limit, a path that is not percent-encoding.
    for (const [url, status, detail] of [
      [`/api/v1/accounts/${'9'.repeat(3000)}`, 414, /longer than 2048 characters/],
      ['/api/v1/accounts/%E0%A4%A', 400, /not valid percent-encoding/],
    ] as const) {
      const response = await t.app.inject({ url, headers: bearer(t.keys.read) });
      assert.equal(response.statusCode, status, `${url.slice(0, 40)}: ${response.body}`);
      assert.match(String(response.headers['content-type']), /^application\/problem\+json/);
      const problem = response.json<{ type: string; title: string; status: number; detail: string }>();
      assert.equal(problem.status, status);
      assert.equal(problem.type, 'about:blank');
      assert.ok(problem.title);
      assert.match(problem.detail, detail);
    }
    // A body nested thousands deep: refused naming where, before a route re-serializes it (it overflowed the stack).
    const deep = await t.app.inject({
      method: 'POST',
      url: '/api/v1/playbooks',
      headers: { ...bearer(t.keys.write), 'content-type': 'application/json' },
      payload: `{"name":${'{"a":'.repeat(20_000)}1${'}'.repeat(20_000)}}`,
    });
    assert.equal(deep.statusCode, 400, deep.body);
    assert.deepEqual(deep.json<{ errors: unknown[] }>().errors, [
      { field: 'body.name.a', message: 'must not nest objects and lists more than 64 levels deep' },
    ]);
    const surrogate = await t.app.inject({
      method: 'POST',
      url: '/api/v1/playbooks',
      headers: { ...bearer(t.keys.write), 'content-type': 'application/json' },
      payload: '{"name":"x\\udc00y"}',
    });
    assert.equal(surrogate.statusCode, 400, surrogate.body);
    assert.match(surrogate.body, /body\.name must be Unicode text \(found a lone surrogate\)/);
    const password = 'secret-'.repeat(200);
    const signIn = await t.app.inject({
      method: 'POST',
      url: '/api/v1/session',
      payload: { email: 'a@b.c', password },
    });
    assert.equal(signIn.statusCode, 400, signIn.body);
    assert.match(signIn.body, /body\.password/);
    assert.ok(!signIn.body.includes('secret-'), 'a refused body value is not echoed');
    const leap = await t.app.inject({ url: '/api/v1/meta?asOf=2024-02-29', headers: bearer(t.keys.read) });
    assert.equal(leap.statusCode, 200, leap.body);
  });
});
