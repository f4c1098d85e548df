// The reliability campaign kept as a property test, bounded to a few seconds: hostile Segment batches and CSV
// uploads never get a 5xx; every message is accounted for (accepted, duplicate or rejected), only accepted ones
// are stored and every good one is; a broken CSV writes nothing; no documented route, called by an admin with a
// hostile value in its path, query or body, answers 5xx or anything but problem+json with a detail.
// `npm run bench -- fuzz` runs 10,000 batches.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import fc from 'fast-check';
import type { LightMyRequestResponse } from 'fastify';
import { buildApp } from '../src/http/app.ts';
import type { App } from '../src/http/types.ts';
import { createApiKey } from '../src/services/api-keys.ts';
import type { Store } from '../src/store/types.ts';
import { fuzzBatch, fuzzSubscriptionsCsv, hostileValue, RAW_BODIES, sampleOf } from './fixtures/fuzz.ts';
import { signIn, testApp, type TestApp } from './helpers/http.ts';
import { engines, testContext } from './helpers/store.ts';

const SECONDS = 4;
// A local run explores new inputs each time; CI (and anyone reproducing a failure) fixes the seed with FUZZ_SEED.
const SEED = process.env.FUZZ_SEED ? Number(process.env.FUZZ_SEED) : process.env.CI ? 20261130 : undefined;
const seeded = SEED === undefined ? {} : { seed: SEED };
const BOUNDARY = '----tenure-fuzz';
/** Hostile requests per documented route (FUZZ_RUNS to explore more). */
const ROUTE_RUNS = Number(process.env.FUZZ_RUNS ?? 8);

type Schema = Record<string, unknown>;
const propertiesOf = (schema: unknown) => Object.keys((schema as Schema | undefined)?.properties ?? {});
/** Text for a path or query: JSON for non-strings, unpaired surrogates made whole (a URL cannot carry them). */
const asText = (value: unknown) =>
  (typeof value === 'string' ? value : JSON.stringify(value)).replace(/\p{Surrogate}/gu, '\ufffd');
/** Where a hostile value goes: a path parameter, a query parameter (known or not), a body field, the whole body. */
type Spot = { at: 'params' | 'querystring' | 'body'; name: string } | { at: 'wholeBody' };

for (const engine of engines()) {
  describe(`fuzzed input (${engine.name})`, () => {
    let store: Store;
    let app: App;
    let ingestKey: string;
    let writeKey: string;
    before(async () => {
      store = await engine.open();
      const ctx = testContext(store);
      ingestKey = (await createApiKey({ ctx, scope: 'ingest' })).key;
      writeKey = (await createApiKey({ ctx, scope: 'write' })).key;
      app = await buildApp({ ctx });
      await app.ready();
    });
    after(async () => {
      await app.close();
      await store.close();
    });

    it('never answers a Segment batch with a 5xx, and stores exactly the messages it accepts', async () => {
      await fc.assert(
        fc.asyncProperty(fuzzBatch, async ({ body, good }) => {
          const batch = body.batch as { messageId?: unknown }[];
          // A messageId that is not a string (an object, a number) is never stored under it: compare strings only.
          const ids = batch.map((m) => (typeof m.messageId === 'string' ? m.messageId : ''));
          // Ids drawn again in a later run (shrunk uuids, a plain string as a nasty messageId) may be stored
          // already: a rejected message must not be stored by this request.
          const storedIds = async () =>
            new Set(
              (
                await store.query<{ message_id: string }>(
                  `SELECT message_id FROM usage_events WHERE message_id = ANY($1::text[])`,
                  [ids.filter((id) => !id.includes('\u0000'))],
                )
              ).map((r) => r.message_id),
            );
          const before = await storedIds();
          const response = await app.inject({
            method: 'POST',
            url: '/v1/batch',
            headers: { authorization: `Bearer ${ingestKey}`, 'content-type': 'application/json' },
            payload: JSON.stringify(body),
          });
          assert.ok(response.statusCode < 500, `${response.statusCode} ${response.body}`);
          if (response.statusCode !== 200) return;
          const answer = response.json<{ accepted: number; duplicates: number; rejected: { index: number }[] }>();
          assert.equal(answer.accepted + answer.duplicates + answer.rejected.length, batch.length);
          const stored = await storedIds();
          for (const id of good) assert.ok(stored.has(id), `good message ${id} stored`);
          for (const { index } of answer.rejected) {
            const id = ids[index] ?? '';
            assert.ok(!stored.has(id) || before.has(id), `rejected ${index} not stored`);
          }
        }),
        { numRuns: 400, interruptAfterTimeLimit: SECONDS * 1000, ...seeded },
      );
    });

    it('never answers a CSV upload with a 5xx, and a broken file writes nothing', async () => {
      const periods = async () =>
        Number((await store.query<{ n: number }>(`SELECT count(*) AS n FROM subscription_periods`))[0]?.n);
      await fc.assert(
        fc.asyncProperty(fuzzSubscriptionsCsv, async ({ csv, broken }) => {
          const before = await periods();
          const payload =
            `--${BOUNDARY}\r\nContent-Disposition: form-data; name="file"; filename="subs.csv"\r\n\r\n` +
            `${csv}\r\n--${BOUNDARY}--\r\n`;
          const response = await app.inject({
            method: 'POST',
            url: '/api/v1/imports/subscriptions',
            headers: {
              authorization: `Bearer ${writeKey}`,
              'content-type': `multipart/form-data; boundary=${BOUNDARY}`,
            },
            payload,
          });
          assert.ok(response.statusCode < 500, `${response.statusCode} ${response.body}`);
          if (response.statusCode !== 200) {
            assert.equal(await periods(), before, 'a refused file writes nothing');
            assert.match(response.body, /subs\.csv:\d+/, 'the refusal names its line');
          } else {
            assert.ok(!broken || (await periods()) >= before);
          }
          if (!broken) assert.equal(response.statusCode, 200, response.body);
        }),
        { numRuns: 200, interruptAfterTimeLimit: SECONDS * 1000, ...seeded },
      );
    });
  });
}

for (const engine of engines()) {
  describe(`hostile values on every documented route, as an admin (${engine.name})`, () => {
    let t: TestApp;
    let headers: Record<string, string>;
    before(async () => {
      t = await testApp(await engine.open());
      const admin = await signIn(t.app, 'admin');
      headers = { cookie: admin.cookie, 'x-csrf-token': admin.csrfToken };
    });
    after(async () => {
      await t.close();
      await t.ctx.store.close();
    });

    /** Every operation of the OpenAPI document but signing out (it would end the walk's session). */
    const documented = async () => {
      const doc = (await t.app.inject({ url: '/api/openapi.json' })).json<{ paths: Record<string, Schema> }>();
      const routes = Object.entries(doc.paths).flatMap(([path, operations]) =>
        Object.keys(operations).map((method) => ({
          method: method.toUpperCase(),
          url: path.replace(/\{(\w+)\}/g, ':$1'),
        })),
      );
      assert.ok(routes.length >= 100, `only ${routes.length} documented routes`);
      return routes.filter((r) => r.url !== '/api/v1/session');
    };
    /** Never 5xx; a 4xx is problem+json with its own status, a title and a detail. */
    const refusedWell = (response: LightMyRequestResponse, what: string) => {
      assert.ok(response.statusCode < 500, `${what}: ${response.statusCode} ${response.body.slice(0, 400)}`);
      if (response.statusCode < 400) return;
      assert.match(
        String(response.headers['content-type']),
        /^application\/problem\+json/,
        `${what}: ${response.body}`,
      );
      const problem = response.json<{ type: string; title: string; status: number; detail: string }>();
      assert.equal(problem.status, response.statusCode, what);
      assert.ok(problem.type && problem.title && problem.detail.length > 0, `${what}: ${response.body}`);
    };

    it('never answers 5xx, and answers each refusal as problem+json with a detail', async () => {
      for (const { method, url } of await documented()) {
        const registered = t.app.registeredRoutes.find((r) => r.method === method && r.url === url);
        assert.ok(registered, `${method} ${url} is documented but not registered`);
        const schema = registered.route.schema as Record<string, unknown>;
        const spots: Spot[] = [
          ...propertiesOf(schema.params).map((name) => ({ at: 'params' as const, name })),
          ...[...propertiesOf(schema.querystring), 'unknownParam'].map((name) => ({
            at: 'querystring' as const,
            name,
          })),
          ...(schema.body ? [{ at: 'wholeBody' as const }] : []),
          ...propertiesOf(schema.body).map((name) => ({ at: 'body' as const, name })),
        ];
        const body = schema.body ? sampleOf(schema.body as Schema) : undefined;
        await fc.assert(
          fc.asyncProperty(fc.constantFrom(...spots), hostileValue, async (spot, value) => {
            const path = url.replace(/:(\w+)/g, (_match, name: string) =>
              spot.at === 'params' && spot.name === name ? encodeURIComponent(asText(value)) : '1',
            );
            const query =
              spot.at === 'querystring' ? `?${new URLSearchParams([[spot.name, asText(value)]]).toString()}` : '';
            const payload =
              spot.at === 'wholeBody' ? value : spot.at === 'body' ? { ...(body as Schema), [spot.name]: value } : body;
            const what = `${method} ${path.slice(0, 120)}${query.slice(0, 120)} ${spot.at === 'body' ? `body.${spot.name}` : ''}`;
            const response = await t.app.inject({
              method: method as 'GET',
              url: `${path}${query}`,
              headers: { ...headers, ...(payload === undefined ? {} : { 'content-type': 'application/json' }) },
              ...(payload === undefined ? {} : { payload: JSON.stringify(payload) ?? 'null' }),
            });
            refusedWell(response, what);
          }),
          { numRuns: ROUTE_RUNS, ...seeded },
        );
      }
    });

    it('refuses a body that is not JSON, of another media type or nested thousands deep, on every route', async () => {
      for (const { method, url } of await documented()) {
        if (method === 'GET') continue;
        for (const [type, payload] of RAW_BODIES) {
          const path = url.replace(/:(\w+)/g, '1');
          const response = await t.app.inject({
            method: method as 'POST',
            url: path,
            headers: { ...headers, 'content-type': type },
            payload,
          });
          refusedWell(response, `${method} ${path} ${type} ${payload.slice(0, 20)}`);
        }
      }
    });
  });
}
