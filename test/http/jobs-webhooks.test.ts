// The admin API for jobs and webhooks: admins only, complete answers, bad ids and values a 400 naming the field.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { isDeepStrictEqual } from 'node:util';
import { enqueueJob } from '../../src/services/jobs/jobs.ts';
import { openStore } from '../../src/store/open.ts';
import { bearer, signIn, testApp, type TestApp } from '../helpers/http.ts';

describe('jobs and webhooks over HTTP', () => {
  let t: TestApp;
  let admin: { cookie: string; csrfToken: string };
  before(async () => {
    t = await testApp(await openStore({ memory: true }));
    admin = await signIn(t.app, 'admin');
  });
  after(async () => {
    await t.close();
    await t.ctx.store.close();
  });
  const as = (who: { cookie: string; csrfToken: string }) => ({ cookie: who.cookie, 'x-csrf-token': who.csrfToken });

  it('lets admins add, list, test and remove an endpoint; the secret is shown once', async () => {
    const created = await t.app.inject({
      method: 'POST',
      url: '/api/v1/webhooks',
      headers: as(admin),
      payload: { url: 'http://127.0.0.1:9/hook', events: ['webhook.test', 'import.finished'] },
    });
    assert.equal(created.statusCode, 201, created.body);
    const endpoint = created.json<{ id: number; secret: string; eventTypes: string[] }>();
    assert.match(endpoint.secret, /^whsec_/);
    assert.deepEqual(endpoint.eventTypes, ['webhook.test', 'import.finished']);
    const list = await t.app.inject({ url: '/api/v1/webhooks', headers: as(admin) });
    assert.equal(list.statusCode, 200);
    assert.doesNotMatch(list.body, /whsec_/);
    const types = list.json<{ eventTypes: { type: string }[] }>().eventTypes.map((e) => e.type);
    assert.ok(types.includes('usage.declining') && types.includes('ledger.changed'));

    const test = await t.app.inject({
      method: 'POST',
      url: `/api/v1/webhooks/${endpoint.id}/test`,
      headers: as(admin),
    });
    assert.equal(test.statusCode, 202, test.body);
    const deliveries = await t.app.inject({
      url: `/api/v1/webhooks/deliveries?endpointId=${endpoint.id}`,
      headers: as(admin),
    });
    const [delivery] = deliveries.json<{ items: { id: number; state: string; eventType: string }[] }>().items;
    assert.equal(delivery?.eventType, 'webhook.test');
    assert.equal(delivery.state, 'pending');
    const jobs = await t.app.inject({ url: '/api/v1/jobs?state=queued&kind=webhook.deliver', headers: as(admin) });
    assert.equal(jobs.json<{ items: unknown[]; timezone: string }>().items.length, 1);
    assert.equal(jobs.json<{ timezone: string }>().timezone, 'UTC');
    assert.deepEqual(jobs.json<{ items: { payload: unknown }[] }>().items[0]?.payload, { deliveryId: delivery.id });
    const replay = await t.app.inject({
      method: 'POST',
      url: `/api/v1/webhooks/deliveries/${delivery.id}/replay`,
      headers: as(admin),
    });
    assert.equal(replay.statusCode, 200, replay.body);

    const removed = await t.app.inject({
      method: 'DELETE',
      url: `/api/v1/webhooks/${endpoint.id}`,
      headers: as(admin),
    });
    assert.equal(removed.statusCode, 204);
    const again = await t.app.inject({ method: 'DELETE', url: `/api/v1/webhooks/${endpoint.id}`, headers: as(admin) });
    assert.equal(again.statusCode, 404);
  });

  it("shows a job's payload as JSON, parts nested deeper than the contract describes as their JSON text", async () => {
    const payload = { note: 'ä "quoted"', n: 1.5, on: true, none: null, list: [1, 'two', { three: [3] }] };
    const deep = { a: { b: { c: { d: { e: 1 } } } } };
    for (const p of [payload, deep])
      await enqueueJob(t.ctx, { kind: 'webhook.deliver', payload: p, runAt: new Date('2999-01-01T00:00:00Z') });
    const jobs = await t.app.inject({
      url: '/api/v1/jobs?state=queued&kind=webhook.deliver&limit=500',
      headers: as(admin),
    });
    assert.equal(jobs.statusCode, 200, jobs.body);
    const payloads = jobs.json<{ items: { payload: unknown }[] }>().items.map((j) => j.payload);
    assert.ok(
      payloads.some((p) => isDeepStrictEqual(p, payload)),
      jobs.body,
    );
    assert.ok(
      payloads.some((p) => isDeepStrictEqual(p, { a: { b: { c: { d: '{"e":1}' } } } })),
      jobs.body,
    );
  });

  it('retries a job by id, and says why when it cannot', async () => {
    const jobs = await t.app.inject({ url: '/api/v1/jobs', headers: as(admin) });
    const [job] = jobs.json<{ items: { id: number }[] }>().items;
    assert.ok(job);
    const retried = await t.app.inject({ method: 'POST', url: `/api/v1/jobs/${job.id}/retry`, headers: as(admin) });
    assert.equal(retried.statusCode, 200, retried.body);
    assert.equal(retried.json<{ state: string; attempts: number }>().state, 'queued');
    const missing = await t.app.inject({ method: 'POST', url: '/api/v1/jobs/999999/retry', headers: as(admin) });
    assert.equal(missing.statusCode, 400);
    assert.match(missing.json<{ detail: string }>().detail, /no job 999999/);
  });

  it('answers 400 naming the field for bad ids, URLs and event types', async () => {
    const cases: [string, string, object | undefined, RegExp][] = [
      ['POST', '/api/v1/jobs/abc/retry', undefined, /params\.id/],
      ['POST', '/api/v1/jobs/9007199254740993/retry', undefined, /params\.id/],
      ['GET', '/api/v1/jobs?state=sleeping', undefined, /querystring\.state/],
      ['POST', '/api/v1/webhooks', { url: 'ftp://example.com' }, /url must use http/],
      ['POST', '/api/v1/webhooks', { url: 'http://x.example', events: ['nope'] }, /events must be among/],
      ['POST', '/api/v1/webhooks', { url: 'http://x.example', extra: 1 }, /body/],
    ];
    for (const [method, url, payload, detail] of cases) {
      const response = await t.app.inject({
        method: method as 'GET',
        url,
        headers: as(admin),
        ...(payload ? { payload } : {}),
      });
      assert.equal(response.statusCode, 400, `${method} ${url}: ${response.body}`);
      assert.match(response.json<{ detail: string }>().detail, detail);
    }
  });

  it('refuses everyone but admins', async () => {
    const csm = await signIn(t.app, 'csm');
    for (const url of ['/api/v1/jobs', '/api/v1/webhooks', '/api/v1/webhooks/deliveries']) {
      assert.equal((await t.app.inject({ url, headers: as(csm) })).statusCode, 403);
      assert.equal((await t.app.inject({ url, headers: bearer(t.keys.write) })).statusCode, 403);
    }
  });
});
