// Value reports over HTTP: the preview and PDF, share links that open without signing in, expire, and never show
// another account's report (a changed token fails its signature), strict CSP on the shared page, and the admin's
// value metric definitions.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { buildApp } from '../../src/http/app.ts';
import { signingSecret, signToken } from '../../src/services/signed-links.ts';
import { openStore } from '../../src/store/open.ts';
import { bearer, signIn, testApp, type TestApp } from '../helpers/http.ts';
import { addCatalog, addCustomer, addDailyUsage, addHandoff } from '../helpers/value.ts';

let clock = Date.parse('2026-10-15T10:00:00Z');

describe('value reports over HTTP', () => {
  let t: TestApp;
  let acme: number;
  let beta: number;
  before(async () => {
    // The app's clock is the test's, so links expire when the test says.
    const base = await testApp(await openStore({ memory: true }));
    const ctx = { ...base.ctx, now: () => new Date(clock) };
    const app = await buildApp({ ctx, checkResponses: true });
    await app.ready();
    t = { ...base, app, ctx, close: async () => Promise.all([app.close(), base.close()]).then(() => undefined) };
    await addCatalog(t.ctx.store);
    acme = await addCustomer(t.ctx.store, 'acme-v', { name: 'Acme Secretive' });
    beta = await addCustomer(t.ctx.store, 'beta-v', { name: 'Beta Hidden Corp' });
    await addDailyUsage(t.ctx.store, acme, '2026-07-05', 3, 'report_generated', 2);
    await addDailyUsage(t.ctx.store, beta, '2026-07-05', 40, 'report_generated', 9);
    await addHandoff(t.ctx.store, acme);
  });
  after(async () => {
    await t.close();
    await t.ctx.store.close();
  });

  const share = async (id: number, body: Record<string, unknown> = {}) => {
    const r = await t.app.inject({
      method: 'POST',
      url: `/api/v1/accounts/${id}/value-report/share`,
      headers: bearer(t.keys.write),
      payload: body,
    });
    assert.equal(r.statusCode, 200, r.body);
    return r.json<{ url: string; token: string; expiresAt: string; from: string; to: string }>();
  };

  it('previews the report as JSON and as a PDF for a read key, and refuses a bad period', async () => {
    const r = await t.app.inject({ url: `/api/v1/accounts/${acme}/value-report`, headers: bearer(t.keys.read) });
    assert.equal(r.statusCode, 200, r.body);
    const m = r.json<{ period: { from: string; to: string }; usage: { activeUsersEnd: number } }>();
    assert.deepEqual(m.period.from, '2026-07');
    assert.deepEqual(m.period.to, '2026-09');
    const pdf = await t.app.inject({
      url: `/api/v1/accounts/${acme}/value-report.pdf?from=2026-07&to=2026-07`,
      headers: bearer(t.keys.read),
    });
    assert.equal(pdf.statusCode, 200);
    assert.equal(pdf.headers['content-type'], 'application/pdf');
    assert.equal(pdf.rawPayload.subarray(0, 5).toString(), '%PDF-');
    const bad = await t.app.inject({
      url: `/api/v1/accounts/${acme}/value-report?from=2026-09&to=2026-07`,
      headers: bearer(t.keys.read),
    });
    assert.equal(bad.statusCode, 400, bad.body);
    assert.match(bad.body, /after its end/);
    const none = await t.app.inject({ url: `/api/v1/accounts/999999/value-report`, headers: bearer(t.keys.read) });
    assert.equal(none.statusCode, 404);
  });

  it('opens a share link without signing in, under a CSP that loads nothing, with no way into the app', async () => {
    const link = await share(acme, { from: '2026-07', to: '2026-09' });
    const path = new URL(link.url).pathname;
    const page = await t.app.inject({ url: path });
    assert.equal(page.statusCode, 200, page.body);
    assert.match(page.body, /Acme Secretive/);
    assert.ok(!page.body.includes('Beta Hidden Corp'));
    assert.ok(!/<script|href=|src=|<form|<iframe/i.test(page.body), 'the page links or loads nothing');
    const csp = String(page.headers['content-security-policy']);
    assert.match(csp, /default-src 'none'/);
    assert.ok(!csp.includes('script-src'));
    assert.equal(page.headers['cache-control'], 'no-store');
    for (const url of [`${path}.pdf`, `${path}?format=pdf`]) {
      const pdf = await t.app.inject({ url });
      assert.equal(pdf.statusCode, 200, url);
      assert.equal(pdf.headers['content-type'], 'application/pdf');
    }
  });

  it('expires: 410 after its expiry, with a page saying so', async () => {
    const link = await share(acme, { days: 1 });
    const path = new URL(link.url).pathname;
    assert.equal((await t.app.inject({ url: path })).statusCode, 200);
    const saved = clock;
    clock += 86_400_000 + 1000;
    try {
      const late = await t.app.inject({ url: path });
      assert.equal(late.statusCode, 410);
      assert.match(late.body, /expired/);
      assert.match(String(late.headers['content-security-policy']), /default-src 'none'/);
      assert.equal((await t.app.inject({ url: `${path}.pdf` })).statusCode, 410);
    } finally {
      clock = saved;
    }
  });

  it("never shows another account's report: a changed, forged or other-purpose token is 404", async () => {
    const link = await share(acme);
    const [body, signature] = link.token.split('.') as [string, string];
    const claims = JSON.parse(Buffer.from(body, 'base64url').toString()) as { p: string; s: string; e: number };
    const swapped = Buffer.from(JSON.stringify({ ...claims, s: claims.s.replace(/^\d+/, String(beta)) })).toString(
      'base64url',
    );
    const longer = Buffer.from(JSON.stringify({ ...claims, e: claims.e + 1e6 })).toString('base64url');
    const secret = await signingSecret(t.ctx);
    const otherPurpose = signToken(secret, {
      purpose: 'survey',
      subject: claims.s,
      expiresAt: new Date(claims.e * 1000),
    });
    const forged = signToken('not the secret', {
      purpose: 'value-report',
      subject: `${beta}:2026-07:2026-09`,
      expiresAt: new Date(clock + 1e9),
    });
    for (const token of [
      `${swapped}.${signature}`,
      `${longer}.${signature}`,
      `${body}.${signature.slice(0, -2)}AA`,
      otherPurpose,
      forged,
      'junk',
      body,
    ]) {
      const r = await t.app.inject({ url: `/r/${token}` });
      assert.equal(r.statusCode, 404, token);
      assert.ok(!r.body.includes('Beta Hidden Corp') && !r.body.includes('Acme Secretive'));
      assert.match(r.body, /not valid/);
    }
    // The genuine token for beta shows beta only.
    const betaLink = await share(beta);
    const page = await t.app.inject({ url: new URL(betaLink.url).pathname });
    assert.match(page.body, /Beta Hidden Corp/);
    assert.ok(!page.body.includes('Acme Secretive'));
  });

  it('lets an admin define and remove value metrics, with clear errors; others may only read them', async () => {
    const admin = await signIn(t.app, 'admin');
    const as = { cookie: admin.cookie, 'x-csrf-token': admin.csrfToken };
    const add = (payload: unknown, headers: Record<string, string> = as) =>
      t.app.inject({ method: 'POST', url: '/api/v1/value-metrics', headers, payload: payload as object });
    const ok = await add({ name: 'Hours saved', feature: 'report_generated', multiplier: 0.5, unit: 'h' });
    assert.equal(ok.statusCode, 200, ok.body);
    const dup = await add({ name: 'hours SAVED', feature: 'report_generated', multiplier: 1, unit: 'h' });
    assert.equal(dup.statusCode, 422);
    assert.match(dup.body, /field \\"name\\" expected a name no other value metric has/);
    const unknown = await add({ name: 'X', feature: 'nope', multiplier: 1, unit: 'h' });
    assert.equal(unknown.statusCode, 422);
    assert.match(unknown.body, /catalog feature/);
    const zero = await add({ name: 'Y', feature: 'report_generated', multiplier: 0, unit: 'h' });
    assert.equal(zero.statusCode, 400);
    assert.match(zero.body, /body\.multiplier/);
    assert.equal(
      (await add({ name: 'Z', feature: 'report_generated', multiplier: 1, unit: 'h' }, bearer(t.keys.write)))
        .statusCode,
      403,
    );
    const list = await t.app.inject({ url: '/api/v1/value-metrics', headers: bearer(t.keys.read) });
    assert.deepEqual(
      list.json<{ items: { name: string }[] }>().items.map((i) => i.name),
      ['Hours saved'],
    );
    const report = await t.app.inject({ url: `/api/v1/accounts/${acme}/value-report`, headers: bearer(t.keys.read) });
    assert.deepEqual(
      report.json<{ valueMetrics: { value: number }[] }>().valueMetrics.map((v) => v.value),
      [3],
    );
    const id = ok.json<{ id: number }>().id;
    const del = await t.app.inject({ method: 'DELETE', url: `/api/v1/value-metrics/${id}`, headers: as });
    assert.equal(del.statusCode, 200);
    assert.equal(
      (await t.app.inject({ method: 'DELETE', url: `/api/v1/value-metrics/${id}`, headers: as })).statusCode,
      404,
    );
  });
});
