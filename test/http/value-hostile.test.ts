// Hostile input to the value report, scorecard and expansion routes: every refusal is a 4xx problem+json that
// names the field, never a 500 (the response check of the test app turns an undeclared status into a 500).
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { db } from '../../src/services/context.ts';
import { signingSecret, signToken } from '../../src/services/signed-links.ts';
import { openStore } from '../../src/store/open.ts';
import { signIn, testApp, type TestApp } from '../helpers/http.ts';
import { addCatalog, addCustomer, addHandoff } from '../helpers/value.ts';

describe('value reports, scorecards and expansion under hostile input', () => {
  let t: TestApp;
  let acme: number;
  let headers: Record<string, string>;
  before(async () => {
    t = await testApp(await openStore({ memory: true }));
    await addCatalog(t.ctx.store);
    acme = await addCustomer(t.ctx.store, 'acme-h', { name: 'Acme Hostile' });
    const session = await signIn(t.app, 'admin');
    headers = { cookie: session.cookie, 'x-csrf-token': session.csrfToken };
  });
  after(async () => {
    await t.close();
    await t.ctx.store.close();
  });

  const isProblem = (r: { statusCode: number; headers: Record<string, unknown>; body: string }, status: number) => {
    assert.equal(r.statusCode, status, r.body);
    assert.match(String(r.headers['content-type']), /application\/problem\+json/);
  };

  it('answers a body of a type it does not read with 415 on every value report route that takes one', async () => {
    const routes: [string, string][] = [
      ['POST', `/api/v1/accounts/${acme}/value-report/share`],
      ['POST', `/api/v1/accounts/${acme}/value-report/send`],
      ['POST', `/api/v1/accounts/${acme}/value-report/outcomes`],
      ['PUT', `/api/v1/accounts/${acme}/value-report/schedule`],
      ['POST', '/api/v1/value-metrics'],
      ['PUT', '/api/v1/value-reports/settings'],
    ];
    for (const [method, url] of routes) {
      const r = await t.app.inject({
        method: method as 'POST',
        url,
        headers: { ...headers, 'content-type': 'application/xml' },
        payload: '<a/>',
      });
      isProblem(r, 415);
    }
  });

  it('names the recipient (not the period\'s "to") when an address is bad or carries a header', async () => {
    for (const recipient of ['not-an-email', 'a@b.co\r\nBcc: x@y.z']) {
      const r = await t.app.inject({
        method: 'POST',
        url: `/api/v1/accounts/${acme}/value-report/send`,
        headers,
        payload: { recipient, to: '2026-09' },
      });
      isProblem(r, 422);
      assert.match(r.body, /"recipient"/);
    }
  });

  it('names from and to when a period is upside down, too long or in the future', async () => {
    const cases: [string, RegExp][] = [
      ['from=2026-09&to=2026-07', /^from 2026-09 is after to 2026-07/],
      ['from=1900-01&to=2100-12', /^from 1900-01 to 2100-12: a period of at most 36 months/],
      ['from=2099-01', /^from 2099-01: the period starts after this month/],
    ];
    for (const [query, detail] of cases) {
      const r = await t.app.inject({ url: `/api/v1/accounts/${acme}/value-report?${query}`, headers });
      isProblem(r, 400);
      assert.match(r.json<{ detail: string }>().detail, detail);
    }
  });

  it('answers a value the store cannot hold (a NUL character) with a 4xx on the scorecard and expansion routes', async () => {
    const nul = 'a\u0000b@x.co';
    const requests = [
      { method: 'GET' as const, url: '/api/v1/expansion/candidates?owner=a%00b' },
      {
        method: 'PUT' as const,
        url: '/api/v1/targets',
        payload: { ownerEmail: nul, quarter: '2026-Q1', expansionTargetMinor: 5 },
      },
      { method: 'PUT' as const, url: '/api/v1/scorecards/managers', payload: { user: nul, manager: null } },
    ];
    for (const request of requests) {
      const r = await t.app.inject({ ...request, headers });
      assert.ok(r.statusCode >= 400 && r.statusCode < 500, `${request.url}: ${r.statusCode} ${r.body}`);
      assert.match(String(r.headers['content-type']), /application\/problem\+json/);
    }
  });

  it('audits who shared a report publicly or emailed it, with the account and period', async () => {
    const share = await t.app.inject({
      method: 'POST',
      url: `/api/v1/accounts/${acme}/value-report/share`,
      headers,
      payload: { from: '2026-07', to: '2026-09', days: 7 },
    });
    assert.equal(share.statusCode, 200, share.body);
    const send = await t.app.inject({
      method: 'POST',
      url: `/api/v1/accounts/${acme}/value-report/send`,
      headers,
      payload: { recipient: 'cfo@acme.example', from: '2026-07', to: '2026-09' },
    });
    assert.equal(send.statusCode, 202, send.body);
    const rows = await db(t.ctx).query<{ verb: string; target: string; actor_label: string; details: unknown }>(
      `SELECT verb, target, actor_label, details FROM audit_log WHERE verb LIKE 'value_report.%' ORDER BY id`,
    );
    const byVerb = new Map(rows.map((r) => [r.verb, r]));
    const shared = byVerb.get('value_report.share');
    assert.ok(shared, JSON.stringify(rows));
    assert.equal(shared.target, 'account:acme-h');
    assert.deepEqual(
      [(shared.details as { from: string }).from, (shared.details as { to: string }).to],
      ['2026-07', '2026-09'],
    );
    assert.doesNotMatch(JSON.stringify(shared.details), /token/);
    const sent = byVerb.get('value_report.email');
    assert.ok(sent, JSON.stringify(rows));
    assert.match(JSON.stringify(sent.details), /cfo@acme\.example/);
  });

  it('refuses a reading for an outcome the handoff never promised (a typo would be stored and never shown)', async () => {
    const promised = await addCustomer(t.ctx.store, 'acme-o', { name: 'Acme Outcomes' });
    await addHandoff(t.ctx.store, promised);
    const record = (id: number, metric: string) =>
      t.app.inject({
        method: 'POST',
        url: `/api/v1/accounts/${id}/value-report/outcomes`,
        headers,
        payload: { metric, value: 6, recordedOn: '2026-09-20' },
      });
    const typo = await record(promised, 'Days to clsoe the books');
    isProblem(typo, 422);
    assert.match(typo.body, /"field":"metric"/);
    assert.match(typo.body, /Days to close the books/);
    isProblem(await record(acme, 'Anything'), 422);
    const ok = await record(promised, '  days to close THE books ');
    assert.equal(ok.statusCode, 200, ok.body);
  });

  it('names the field of a target for nobody, or for a quarter outside 1900 to 2100', async () => {
    const put = (payload: Record<string, unknown>) =>
      t.app.inject({ method: 'PUT', url: '/api/v1/targets', headers, payload });
    const nobody = await put({ ownerEmail: 'nobody@x.co', quarter: '2026-Q1', expansionTargetMinor: 5 });
    isProblem(nobody, 400);
    assert.match(nobody.json<{ detail: string }>().detail, /^ownerEmail: /);
    for (const quarter of ['0000-Q1', '2101-Q1', '1899-Q4']) {
      const r = await put({ ownerEmail: 'admin@example.com', quarter, expansionTargetMinor: 5 });
      isProblem(r, 400);
      assert.match(r.body, /body\.quarter/);
    }
  });

  it('refuses a bad token on the PDF forms too, an expired token that was changed as invalid, and the token elsewhere', async () => {
    const share = await t.app.inject({
      method: 'POST',
      url: `/api/v1/accounts/${acme}/value-report/share`,
      headers,
      payload: { from: '2026-07', to: '2026-07', days: 1 },
    });
    const { token } = share.json<{ token: string }>();
    const [body, signature] = token.split('.') as [string, string];
    const claims = JSON.parse(Buffer.from(body, 'base64url').toString()) as { e: number };
    const secret = await signingSecret(t.ctx);
    const survey = signToken(secret, { purpose: 'survey', subject: '1', expiresAt: new Date(claims.e * 1000) });
    const expiredChanged = `${Buffer.from(JSON.stringify({ ...claims, e: 1 })).toString('base64url')}.${signature}`;
    for (const bad of [survey, expiredChanged, `${body}.${signature.slice(0, -2)}AA`])
      for (const url of [`/r/${bad}.pdf`, `/r/${bad}?format=pdf`, `/r/${bad}`]) {
        const r = await t.app.inject({ url });
        assert.equal(r.statusCode, 404, url);
        assert.doesNotMatch(String(r.headers['content-type']), /pdf/);
        assert.ok(!r.body.includes('Acme Hostile'));
      }
    // The report's token opens no survey.
    const s = await t.app.inject({ url: `/s/${token}` });
    assert.ok(s.statusCode >= 400 && s.statusCode < 500, `${s.statusCode}`);
    assert.ok(!s.body.includes('Acme Hostile'));
  });
});
