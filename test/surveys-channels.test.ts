// Survey channels end to end: email through a real SMTP server and the link in the mail, the hosted page, in-app
// eligibility and answers, throttling (after an answer and after a dismissal), sampling, Formbricks, and the API.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { Webhook } from 'standardwebhooks';
import { buildApp } from '../src/http/app.ts';
import type { App } from '../src/http/types.ts';
import { createRunner } from '../src/jobs/runner.ts';
import { JOB_KINDS } from '../src/jobs/kinds.ts';
import type { ServiceContext } from '../src/services/context.ts';
import { closeSurvey, createSurvey, getSurvey, listSurveys } from '../src/services/surveys/definitions.ts';
import { answerInApp, eligibleFor } from '../src/services/surveys/in-app.ts';
import { listInvitations } from '../src/services/surveys/invitations.ts';
import { deliverInvitation, sendSurvey } from '../src/services/surveys/send.ts';
import { addEndpoint } from '../src/services/webhooks/endpoints.ts';
import type { Store } from '../src/store/types.ts';
import { startSmtpServer } from './helpers/smtp.ts';
import { engines, testConfig } from './helpers/store.ts';
import { withStore } from './helpers/import.ts';

const DAY = 86_400_000;
const QUESTION_ZH = '您有多大可能向朋友或同事推荐我们的产品？';
const WHY_ZH = '请告诉我们原因';
const COMMENT_ZH = '报表太慢了，但是客服很好';

interface World {
  ctx: ServiceContext;
  clock: { now: Date; advance(days: number): void };
}

/** Two accounts (CN on Pro, US on Basic), three contacts, two product users. */
async function world(store: Store, overrides: Partial<ServiceContext['config']> = {}): Promise<World> {
  const clock = {
    now: new Date('2026-03-02T09:00:00Z'),
    advance(days: number) {
      this.now = new Date(this.now.getTime() + days * DAY);
    },
  };
  const ctx: ServiceContext = {
    ...(await import('../src/services/context.ts')).baseContext({
      store,
      config: { ...testConfig(), publicUrl: 'http://tenure.test', secret: 'test-secret', ...overrides },
    }),
    now: () => clock.now,
  };
  await store.execute(
    `INSERT INTO accounts (external_id, name, segment, attributes, source) VALUES
       ('acme', 'Acme 中国', 'enterprise', '{"country": "CN"}', 'test'),
       ('globex', 'Globex', 'smb', '{"country": "US"}', 'test')`,
  );
  await store.execute(
    `INSERT INTO contacts (external_id, account_id, email, role, attributes, source)
     SELECT x.id, a.id, x.email, x.role, '{}'::jsonb, 'test'
     FROM (VALUES ('c1', 'acme', 'li@acme.cn', 'admin'), ('c2', 'acme', 'wang@acme.cn', 'user'),
                  ('c3', 'globex', 'bob@globex.com', 'admin')) AS x(id, account, email, role)
     JOIN accounts a ON a.external_id = x.account`,
  );
  await store.execute(
    `INSERT INTO usage_users (user_key, account_id, traits, first_seen_at, last_seen_at)
     SELECT x.id, a.id, x.traits::jsonb, now(), now()
     FROM (VALUES ('u-1', 'acme', '{"role": "admin"}'), ('u-2', 'globex', '{"email": "bob@globex.com"}')) AS x(id, account, traits)
     JOIN accounts a ON a.external_id = x.account`,
  );
  return { ctx, clock };
}

/** The decoded text of a raw MIME message: quoted-printable and base64 parts decoded. */
function decodeMail(raw: string): string {
  const qp = raw
    .replace(/=\r?\n/g, '')
    .replace(/(?:=[0-9A-F]{2})+/g, (m) => Buffer.from(m.replaceAll('=', ''), 'hex').toString('utf8'));
  const base64 = [...raw.matchAll(/\r?\n\r?\n([A-Za-z0-9+/=\r\n]{40,})/g)].map((m) =>
    Buffer.from((m[1] ?? '').replace(/\s/g, ''), 'base64').toString('utf8'),
  );
  return [qp, ...base64].join('\n');
}

const linkIn = (mail: string) =>
  /http:\/\/tenure\.test(\/s\/[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+)/.exec(decodeMail(mail))?.[1];

async function appFor(ctx: ServiceContext): Promise<App> {
  const app = await buildApp({ ctx, checkResponses: true });
  await app.ready();
  return app;
}

for (const engine of engines()) {
  describe(`survey channels on ${engine.name}`, () => {
    let smtp: Awaited<ReturnType<typeof startSmtpServer>>;
    before(async () => {
      smtp = await startSmtpServer();
    });
    after(() => smtp.close());

    it('emails an NPS survey through a real SMTP server; the link in the mail records the answer once', async () => {
      await withStore(engine, async (store) => {
        const { ctx } = await world(store, { smtp: { url: smtp.url, from: 'CS <cs@tenure.test>' } });
        await addEndpoint({ ctx, url: 'https://hooks.example.com/tenure', events: ['survey.response'] });
        const survey = await createSurvey({
          ctx,
          input: {
            name: 'China NPS',
            kind: 'nps',
            question: QUESTION_ZH,
            language: 'zh-CN',
            followUp: WHY_ZH,
            audience: { attributes: { country: 'CN' } },
          },
        });
        assert.equal(survey.question, QUESTION_ZH);
        assert.equal(survey.summary.eligible, 3, 'two contacts and a product user without an email');
        const sent = await sendSurvey({ ctx, id: survey.id });
        assert.deepEqual([sent.audience, sent.invited, sent.throttled], [2, 2, 0]);
        const runner = createRunner({ ctx, kinds: JOB_KINDS });
        const ran = await runner.runDue();
        assert.equal(ran.succeeded, 2, JSON.stringify(ran));
        assert.deepEqual(
          smtp.received
            .map((m) => m.to)
            .flat()
            .sort(),
          ['li@acme.cn', 'wang@acme.cn'],
        );
        const mail = smtp.received.find((m) => m.to.includes('li@acme.cn'));
        assert.ok(mail);
        assert.match(decodeMail(mail.raw), new RegExp(QUESTION_ZH.slice(0, 8)));
        const path = linkIn(mail.raw);
        assert.ok(path, 'the mail holds a link to the hosted page');

        const app = await appFor(ctx);
        try {
          const page = await app.inject({ url: path });
          assert.equal(page.statusCode, 200);
          assert.match(page.body, /<html lang="zh-CN">/);
          assert.ok(page.body.includes(QUESTION_ZH) && page.body.includes(WHY_ZH));
          assert.match(page.body, /role="radiogroup"/);
          assert.match(page.body, /name="viewport" content="width=device-width/);
          const noScore = await app.inject({
            method: 'POST',
            url: path,
            payload: 'comment=x',
            headers: { 'content-type': 'application/x-www-form-urlencoded' },
          });
          assert.equal(noScore.statusCode, 422);
          const form = new URLSearchParams({ score: '3', comment: COMMENT_ZH }).toString();
          const answered = await app.inject({
            method: 'POST',
            url: path,
            payload: form,
            headers: { 'content-type': 'application/x-www-form-urlencoded' },
          });
          assert.equal(answered.statusCode, 200, answered.body);
          assert.ok(answered.body.includes('谢谢'));
          const again = await app.inject({
            method: 'POST',
            url: path,
            payload: 'score=10',
            headers: { 'content-type': 'application/x-www-form-urlencoded' },
          });
          assert.equal(again.statusCode, 409);
          assert.ok(again.body.includes('已经回答过'));
          const tampered = await app.inject({ url: `${path.slice(0, -2)}xx` });
          assert.equal(tampered.statusCode, 404);
        } finally {
          await app.close();
        }
        const [stored] = await store.query(
          `SELECT r.score, r.comment, r.channel, r.contact_email, a.external_id FROM survey_responses r
           JOIN accounts a ON a.id = r.account_id`,
        );
        assert.deepEqual(stored, {
          score: 3,
          comment: COMMENT_ZH,
          channel: 'email',
          contact_email: 'li@acme.cn',
          external_id: 'acme',
        });
        const invitations = await listInvitations({ ctx, id: survey.id });
        assert.deepEqual(invitations.items.map((i) => [i.email, i.state, i.score]).sort(), [
          ['li@acme.cn', 'answered', 3],
          ['wang@acme.cn', 'sent', null],
        ]);
        const summary = (await getSurvey({ ctx, id: survey.id })).summary;
        assert.deepEqual(
          [summary.sent, summary.answered, summary.dismissed, summary.unanswered, summary.responseRate],
          [2, 1, 0, 1, 0.5],
        );
        const [event] = await store.query<{ body: string }>(
          `SELECT body FROM webhook_events WHERE type = 'survey.response'`,
        );
        const data = (JSON.parse(event?.body ?? '{}') as { data: Record<string, unknown> }).data;
        assert.equal(data.score, 3);
        assert.equal(data.category, 'detractor');
        assert.equal(data.comment, COMMENT_ZH);
        assert.deepEqual((data.account as { externalId: string }).externalId, 'acme');
      });
    });

    it('records a failed send on the invitation, tried again, failed after its last try', async () => {
      await withStore(engine, async (store) => {
        const { ctx } = await world(store, { smtp: { url: 'smtp://127.0.0.1:1', from: 'cs@tenure.test' } });
        const survey = await createSurvey({
          ctx,
          input: { name: 'CSAT', kind: 'csat', question: 'How satisfied are you?', audience: { role: 'admin' } },
        });
        const sent = await sendSurvey({ ctx, id: survey.id });
        assert.equal(sent.invited, 2, 'the two admins');
        const [first] = (await listInvitations({ ctx, id: survey.id })).items;
        assert.ok(first);
        await assert.rejects(deliverInvitation(ctx, { invitationId: first.id, attempt: 1, maxAttempts: 2 }));
        let row = (await listInvitations({ ctx, id: survey.id })).items.find((i) => i.id === first.id);
        assert.equal(row?.state, 'queued');
        assert.match(row?.error ?? '', /ECONNREFUSED|connect/i);
        await assert.rejects(deliverInvitation(ctx, { invitationId: first.id, attempt: 2, maxAttempts: 2 }));
        row = (await listInvitations({ ctx, id: survey.id, query: { state: 'failed' } })).items[0];
        assert.deepEqual([row?.id, row?.state, row?.attempts], [first.id, 'failed', 2]);
        assert.equal((await getSurvey({ ctx, id: survey.id })).summary.failed, 1);
      });
    });

    it('does not ask a throttled person again inside the window (after an answer, after a dismissal), then does', async () => {
      await withStore(engine, async (store) => {
        const { ctx, clock } = await world(store);
        const survey = await createSurvey({
          ctx,
          input: { name: 'In-app NPS', kind: 'nps', question: 'Recommend us?' },
        });
        const ask = await eligibleFor({ ctx, userId: 'u-1' });
        assert.equal(ask.ask, true);
        assert.deepEqual(ask.survey?.scale, { min: 0, max: 10 });
        assert.equal(
          (await answerInApp({ ctx, body: { userId: 'u-1', surveyId: survey.id, score: 10 } })).state,
          'answered',
        );
        assert.equal(
          (await answerInApp({ ctx, body: { userId: 'u-1', surveyId: survey.id, score: 10 } })).recorded,
          false,
        );
        assert.equal(
          (await answerInApp({ ctx, body: { userId: 'u-2', surveyId: survey.id, dismissed: true } })).state,
          'dismissed',
        );
        clock.advance(29);
        assert.deepEqual(await eligibleFor({ ctx, userId: 'u-1' }), { ask: false, reason: 'throttled', survey: null });
        assert.deepEqual(await eligibleFor({ ctx, userId: 'u-2' }), { ask: false, reason: 'throttled', survey: null });
        clock.advance(2); // day 31: past the 30 days after a dismissal, inside the 90 after an answer
        assert.equal((await eligibleFor({ ctx, userId: 'u-1' })).ask, false);
        assert.equal((await eligibleFor({ ctx, userId: 'u-2' })).ask, true);
        clock.advance(60); // day 91
        assert.equal((await eligibleFor({ ctx, userId: 'u-1' })).ask, true);
        assert.deepEqual(await eligibleFor({ ctx, userId: 'nobody' }), {
          ask: false,
          reason: 'unknown_user',
          survey: null,
        });

        // Email sends apply the same windows: bob (u-2's email) dismissed in-app, li answered a link.
        const email = await createSurvey({
          ctx,
          input: { name: 'Link NPS', kind: 'nps', question: 'Recommend us?', throttleAnsweredDays: 10 },
        });
        const first = await sendSurvey({ ctx, id: email.id, input: { channel: 'link' } });
        assert.deepEqual([first.invited, first.throttled], [3, 0]);
        const again = await sendSurvey({ ctx, id: email.id, input: { channel: 'link' } });
        assert.deepEqual([again.invited, again.throttled], [0, 3], 'an unanswered invitation counts as asked');
        clock.advance(31);
        assert.equal((await sendSurvey({ ctx, id: email.id, input: { channel: 'link' } })).invited, 3);
        // Dismissals and unanswered invitations never enter a score, and are counted apart.
        const [scores] = await store.query(
          `SELECT count(score) AS scored, count(*) FILTER (WHERE dismissed) AS dismissed FROM survey_responses`,
        );
        assert.deepEqual([Number(scores?.scored), Number(scores?.dismissed)], [1, 1]);
        const inApp = (await listSurveys({ ctx })).find((s) => s.id === survey.id)?.summary;
        assert.deepEqual([inApp?.answered, inApp?.dismissed, inApp?.sent], [1, 1, 2]);
        await closeSurvey({ ctx, id: email.id });
        await assert.rejects(sendSurvey({ ctx, id: email.id, input: { channel: 'link' } }), /closed/);
      });
    });

    it('asks a sampled share, the same people within a window, and follows the audience', async () => {
      await withStore(engine, async (store) => {
        const { ctx } = await world(store);
        await store.execute(
          `INSERT INTO contacts (external_id, account_id, email, source)
           SELECT 'x' || n, (SELECT id FROM accounts WHERE external_id = 'globex'), 'p' || n || '@globex.com', 'test'
           FROM generate_series(1, 400) AS n`,
        );
        const survey = await createSurvey({
          ctx,
          input: {
            name: 'Sampled',
            kind: 'ces',
            question: 'How easy?',
            samplePercent: 25,
            audience: { filters: { segment: 'smb' } },
          },
        });
        const sent = await sendSurvey({ ctx, id: survey.id, input: { channel: 'link' } });
        assert.equal(sent.audience, 401);
        assert.equal(sent.invited + sent.notSampled, 401);
        assert.ok(sent.invited > 60 && sent.invited < 140, `25% of 401, found ${sent.invited}`);
        assert.equal(sent.links.length, sent.invited);
        assert.match(sent.links[0]?.url ?? '', /^http:\/\/tenure\.test\/s\//);
      });
    });
  });
}

describe('survey API, in-app routes and the Formbricks receiver', () => {
  let store: Store;
  let ctx: ServiceContext;
  let app: App;
  let keys: { write: string; read: string; ingest: string };
  const SECRET = `whsec_${Buffer.from('formbricks test secret, 32 bytes').toString('base64')}`;
  before(async () => {
    store = await engines()[0]!.open();
    ({ ctx } = await world(store, { formbricksSecret: SECRET }));
    ctx = { ...ctx, now: () => new Date() };
    const { createApiKey } = await import('../src/services/api-keys.ts');
    keys = {
      write: (await createApiKey({ ctx, scope: 'write' })).key,
      read: (await createApiKey({ ctx, scope: 'read' })).key,
      ingest: (await createApiKey({ ctx, scope: 'ingest' })).key,
    };
    app = await appFor(ctx);
  });
  after(async () => {
    await app.close();
    await store.close();
  });
  const auth = (key: string) => ({ authorization: `Bearer ${key}` });

  it('creates, lists, changes, sends (links), lists invitations and closes a survey', async () => {
    const created = await app.inject({
      method: 'POST',
      url: '/api/v1/surveys',
      headers: auth(keys.write),
      payload: {
        name: '季度 NPS',
        kind: 'nps',
        question: QUESTION_ZH,
        language: 'zh-CN',
        followUp: WHY_ZH,
        audience: { role: 'admin' },
      },
    });
    assert.equal(created.statusCode, 201, created.body);
    const survey = created.json<{ id: number; name: string; question: string; throttleAnsweredDays: number }>();
    assert.deepEqual([survey.name, survey.question, survey.throttleAnsweredDays], ['季度 NPS', QUESTION_ZH, 90]);
    assert.equal(
      (await app.inject({ method: 'POST', url: '/api/v1/surveys', headers: auth(keys.read), payload: {} })).statusCode,
      403,
    );
    const bad = await app.inject({
      method: 'POST',
      url: '/api/v1/surveys',
      headers: auth(keys.write),
      payload: { name: 'x', kind: 'nps', question: 'q', samplePercent: 0 },
    });
    assert.equal(bad.statusCode, 400);
    assert.match(bad.body, /samplePercent/);
    const wave = await app.inject({
      method: 'POST',
      url: '/api/v1/surveys',
      headers: auth(keys.write),
      payload: { name: 'w', kind: 'csat', question: 'q', startsOn: '2026-05-01', endsOn: '2026-04-01' },
    });
    assert.equal(wave.statusCode, 400);
    const patched = await app.inject({
      method: 'PATCH',
      url: `/api/v1/surveys/${survey.id}`,
      headers: auth(keys.write),
      payload: { throttleDismissedDays: 14 },
    });
    assert.equal(patched.json<{ throttleDismissedDays: number }>().throttleDismissedDays, 14);
    const list = await app.inject({ url: '/api/v1/surveys', headers: auth(keys.read) });
    assert.equal(list.json<{ items: { summary: { eligible: number } }[] }>().items[0]?.summary.eligible, 3);
    const send = await app.inject({
      method: 'POST',
      url: `/api/v1/surveys/${survey.id}/send`,
      headers: auth(keys.write),
      payload: { channel: 'link' },
    });
    assert.equal(send.statusCode, 200, send.body);
    const links = send.json<{ links: { url: string }[] }>().links;
    assert.equal(links.length, 2);
    const noSmtp = await app.inject({
      method: 'POST',
      url: `/api/v1/surveys/${survey.id}/send`,
      headers: auth(keys.write),
      payload: {},
    });
    assert.equal(noSmtp.statusCode, 400);
    assert.match(noSmtp.body, /TENURE_SMTP_URL/);
    const invitations = await app.inject({
      url: `/api/v1/surveys/${survey.id}/invitations?state=sent`,
      headers: auth(keys.read),
    });
    assert.equal(invitations.json<{ total: number }>().total, 2);
    assert.equal((await app.inject({ url: '/api/v1/surveys/999999', headers: auth(keys.read) })).statusCode, 404);
    const closed = await app.inject({
      method: 'POST',
      url: `/api/v1/surveys/${survey.id}/close`,
      headers: auth(keys.write),
    });
    assert.equal(closed.json<{ status: string }>().status, 'closed');
    const page = await app.inject({ url: new URL(links[0]?.url ?? '').pathname });
    assert.equal(page.statusCode, 410);
    assert.ok(page.body.includes('已关闭'));
  });

  it('answers in-app with an ingest key (CORS open), and serves /survey.js', async () => {
    // A survey known only from imported answers has no question, and asks no one.
    await store.execute(`INSERT INTO surveys (name, kind) VALUES ('Imported NPS', 'nps')`);
    const survey = await createSurvey({ ctx, input: { name: 'App CSAT', kind: 'csat', question: 'Happy?' } });
    const ingest = { authorization: `Basic ${Buffer.from(`${keys.ingest}:`).toString('base64')}` };
    const ask = await app.inject({ url: '/v1/surveys/eligible?userId=u-1', headers: ingest });
    assert.equal(ask.statusCode, 200, ask.body);
    assert.equal(ask.headers['access-control-allow-origin'], '*');
    assert.equal(ask.json<{ survey: { surveyId: number } }>().survey.surveyId, survey.id);
    assert.equal(
      (await app.inject({ url: '/v1/surveys/eligible?userId=u-1', headers: auth(keys.read) })).statusCode,
      403,
    );
    const preflight = await app.inject({ method: 'OPTIONS', url: '/v1/surveys/answer' });
    assert.equal(preflight.statusCode, 204);
    const outOfScale = await app.inject({
      method: 'POST',
      url: '/v1/surveys/answer',
      headers: ingest,
      payload: { userId: 'u-1', surveyId: survey.id, score: 9 },
    });
    assert.equal(outOfScale.statusCode, 400);
    const answer = await app.inject({
      method: 'POST',
      url: '/v1/surveys/answer',
      headers: ingest,
      payload: { userId: 'u-1', surveyId: survey.id, score: 4, comment: '很好' },
    });
    assert.equal(answer.statusCode, 200, answer.body);
    assert.equal(answer.json<{ recorded: boolean }>().recorded, true);
    const js = await app.inject({ url: '/survey.js' });
    assert.equal(js.statusCode, 200);
    assert.match(String(js.headers['content-type']), /javascript/);
    assert.ok(!/\beval\(|innerHTML/.test(js.body));
  });

  it('records a Formbricks responseFinished webhook, signed as Formbricks signs it, mapping its contact to an account', async () => {
    const survey = await createSurvey({
      ctx,
      input: {
        name: 'Formbricks NPS',
        kind: 'nps',
        question: 'Recommend?',
        formbricks: { surveyId: 'clx9fbsurvey0001', scoreQuestion: 'nps1', commentQuestion: 'why1' },
      },
    });
    const payload = {
      webhookId: 'clx9webhook00001',
      event: 'responseFinished',
      data: {
        id: 'clx9response0001',
        createdAt: '2026-03-01T10:00:00.000Z',
        updatedAt: '2026-03-01T10:00:05.000Z',
        surveyId: 'clx9fbsurvey0001',
        displayId: 'clx9display00001',
        contact: { id: 'clx9contact00001', userId: 'u-42' },
        contactAttributes: { email: 'Bob@Globex.com', userId: 'u-42' },
        finished: true,
        endingId: null,
        data: { nps1: 9, why1: '支持团队很棒' },
        variables: {},
        ttc: { nps1: 2300, why1: 8100, _total: 10400 },
        notes: [],
        tags: [],
        meta: {
          source: 'app',
          url: 'https://app.example.com/dashboard',
          userAgent: { browser: 'Chrome', os: 'macOS', device: 'desktop' },
          country: 'US',
        },
        singleUseId: null,
        language: 'default',
        survey: {
          title: 'Formbricks NPS',
          type: 'app',
          status: 'inProgress',
          createdAt: '2026-02-01T00:00:00.000Z',
          updatedAt: '2026-02-01T00:00:00.000Z',
        },
      },
    };
    const body = JSON.stringify(payload);
    const id = 'msg_0190a1b2c3d4e5f6';
    const at = new Date();
    const signed = {
      'content-type': 'application/json',
      'webhook-id': id,
      'webhook-timestamp': String(Math.floor(at.getTime() / 1000)),
      'webhook-signature': new Webhook(SECRET).sign(id, at, body),
    };
    const post = (headers: Record<string, string>, text = body) =>
      app.inject({ method: 'POST', url: '/api/v1/surveys/formbricks', headers, payload: text });
    const forged = await post({ ...signed, 'webhook-signature': 'v1,AAAA' });
    assert.equal(forged.statusCode, 401);
    assert.equal(
      (await post(signed, body.replace('"nps1":9', '"nps1":0'))).statusCode,
      401,
      'a changed body no longer verifies',
    );
    const ok = await post(signed);
    assert.equal(ok.statusCode, 200, ok.body);
    assert.deepEqual(ok.json(), { recorded: true, responseId: 'formbricks-clx9response0001', note: 'recorded' });
    assert.equal(
      (await post(signed)).json<{ recorded: boolean }>().recorded,
      false,
      'a repeated delivery is recorded once',
    );
    const [row] = await store.query(
      `SELECT r.score, r.comment, r.channel, a.external_id FROM survey_responses r JOIN accounts a ON a.id = r.account_id
       WHERE r.survey_id = $1`,
      [survey.id],
    );
    assert.deepEqual(row, { score: 9, comment: '支持团队很棒', channel: 'formbricks', external_id: 'globex' });
  });
});
