// Account health on both engines: tickets import, scoring (idempotent per day), health.changed on a band change,
// CSM sentiment, scorecards checked and chosen by segment, and the HTTP API over it.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { healthCsv } from '../src/cli/commands/health.ts';
import { buildApp } from '../src/http/app.ts';
import { healthScoreJob } from '../src/jobs/kinds/health.ts';
import type { App } from '../src/http/types.ts';
import { createApiKey } from '../src/services/api-keys.ts';
import type { ServiceContext } from '../src/services/context.ts';
import { UsageError } from '../src/services/errors.ts';
import { describeValue, FORECAST_VALUES } from '../src/core/health/measures.ts';
import { importTickets } from '../src/services/health/import-tickets.ts';
import { computeSignals } from '../src/services/health/signals.ts';
import { renewalCalendar } from '../src/services/renewals/calendar.ts';
import { accountHealth, healthSummary, listScores } from '../src/services/health/read.ts';
import { scoreAccounts } from '../src/services/health/score.ts';
import { listScorecards, removeScorecard, setScorecard } from '../src/services/health/scorecards.ts';
import { resolveAccount, setSentiment } from '../src/services/health/sentiment.ts';
import { importAccounts } from '../src/services/import-accounts.ts';
import { importSubscriptions } from '../src/services/import-subscriptions.ts';
import { importContracts } from '../src/services/renewals/import-contracts.ts';
import { importResponses } from '../src/services/surveys/import-responses.ts';
import { addEndpoint } from '../src/services/webhooks/endpoints.ts';
import type { Store } from '../src/store/types.ts';
import { countRows, rejectsWith } from './helpers/import.ts';
import { engines, testContext } from './helpers/store.ts';

const ACCOUNTS = 'id,name,segment\nacme,Acme,SMB\nglobex,Globex,Enterprise\ninitech,Initech,SMB\n';
const SUBSCRIPTIONS =
  'subscription_id,customer_id,start_date,end_date,monthly_amount\n' +
  'a1,acme,2025-01-01,,100\n' +
  'g1,globex,2025-01-01,2026-05-01,500\n' +
  'g1,globex,2026-05-01,,300\n' +
  'i1,initech,2025-06-01,,50\n';
const CONTRACTS =
  'contract_id,account_id,start_date,end_date,arr,currency,auto_renew,notice_days,exclusion_reason\n' +
  'G-1,globex,2025-07-01,2026-07-01,3600,USD,no,30,\n';
const RESPONSES =
  'response_id,survey,kind,score,responded_at,account_id\n' +
  'r1,Q2 NPS,nps,10,2026-06-01,acme\nr2,Q2 NPS,nps,9,2026-06-02,acme\nr3,Q2 NPS,nps,2,2026-06-03,globex\n';
const ticketLines = (n: number) =>
  Array.from({ length: n }, (_, i) => `t-g${i},globex,2026-05-${String(10 + i).padStart(2, '0')}T09:00:00Z,,high,\n`);
const TICKETS =
  'ticket_id,account_id,opened_at,closed_at,priority,csat\n' +
  't-a1,acme,2026-06-01T10:00:00Z,2026-06-02T10:00:00Z,Low,5\n' +
  ticketLines(12).join('');

const at = (day: string) => () => new Date(`${day}T12:00:00Z`);

for (const engine of engines()) {
  describe(`account health (${engine.name})`, () => {
    let store: Store;
    let ctx: ServiceContext;
    before(async () => {
      store = await engine.open();
      ctx = { ...testContext(store), now: at('2026-06-15') };
      await importAccounts({ ctx, input: { text: ACCOUNTS, name: 'accounts.csv' } });
      await importSubscriptions({ ctx, input: { text: SUBSCRIPTIONS, name: 'subscriptions.csv' } });
      await importContracts({ ctx, input: { text: CONTRACTS, name: 'contracts.csv' } });
      await importResponses({ ctx, input: { text: RESPONSES, name: 'responses.csv' } });
    });
    after(() => store.close());

    it('refuses a tickets file with one bad row whole, naming file, line and field', async () => {
      const bad = (line: string) => TICKETS.replace('t-a1,acme,2026-06-01T10:00:00Z,2026-06-02T10:00:00Z,Low,5', line);
      await rejectsWith(
        importTickets({ ctx, input: { text: bad('t-a1,acme,2026-06-01,2026-05-01,low,5'), name: 't.csv' } }),
        't.csv:2: field "closed_at" expected a time not before opened_at',
      );
      await rejectsWith(
        importTickets({ ctx, input: { text: bad('t-a1,acme,2026-06-01,,low,6'), name: 't.csv' } }),
        't.csv:2: field "csat" expected a whole number from 1 to 5',
      );
      await rejectsWith(
        importTickets({ ctx, input: { text: TICKETS + 't-x,nobody,2026-06-01,,low,\n', name: 't.csv' } }),
        't.csv:15: field "account_id" expected the id of an account already imported, found "nobody"',
      );
      await rejectsWith(
        importTickets({ ctx, input: { text: TICKETS + 't-a1,acme,2026-06-01,,low,\n', name: 't.csv' } }),
        't.csv:15: field "ticket_id" expected a key not used before in the file (line 2 has it too)',
      );
      assert.deepEqual(await countRows(store, 'tickets'), { tickets: 0 });
    });

    it('imports tickets idempotently by ticket_id, and queues a rescoring', async () => {
      const first = await importTickets({ ctx, input: { text: TICKETS, name: 'tickets.csv' } });
      assert.deepEqual([first.kind, first.read, first.created], ['csv:tickets', 13, 13]);
      const again = await importTickets({ ctx, input: { text: TICKETS, name: 'tickets.csv' } });
      assert.deepEqual([again.created, again.updated, again.unchanged], [0, 0, 13]);
      const jobs = await store.query(`SELECT id FROM jobs WHERE kind = 'health.score' AND state = 'queued'`);
      assert.equal(jobs.length, 1, 'one rescoring waits, however many imports queued it');
    });

    it('scores every paying account from its signals, and rescoring the same day writes no duplicate', async () => {
      await addEndpoint({ ctx, url: 'https://example.com/hook', events: 'health.changed' });
      const first = await scoreAccounts({ ctx, day: '2026-06-15' });
      assert.deepEqual(first, { day: '2026-06-15', scored: 3, changed: 0 });
      const again = await scoreAccounts({ ctx, day: '2026-06-15' });
      assert.deepEqual(again, { day: '2026-06-15', scored: 3, changed: 0 });
      assert.deepEqual(await countRows(store, 'health_scores'), { health_scores: 3 });
      const page = await listScores({ ctx, query: {} });
      const byName = new Map(page.items.map((i) => [i.externalId, i]));
      // Globex: MRR 500 → 300 (−40%, a 40% contraction), renews in 16 days, NPS −100, 12 tickets: all red.
      assert.deepEqual([byName.get('globex')?.score, byName.get('globex')?.band], [0, 'red']);
      assert.deepEqual(
        byName.get('globex')?.reasons.map((r) => `${r.signal}:${r.text}`),
        // Red first, the heaviest in the score first: the voice group holds only NPS, so it weighs most.
        [
          'nps_latest:NPS -100',
          'support_load:12',
          'mrr_trend:-40%',
          'recent_contraction:40%',
          'days_to_renewal:16 days',
        ],
      );
      assert.equal(byName.get('globex')?.arrMinor, 300 * 100 * 12);
      assert.deepEqual([byName.get('acme')?.score, byName.get('acme')?.band], [100, 'green']);
      assert.equal(page.items[0]?.externalId, 'globex', 'most at risk first');
      const csv = healthCsv(page.items).split('\n');
      assert.equal(csv[0], 'account_id,score,band,trend_7d,trend_30d,name,segment,scorecard,arr,reasons,day');
      assert.match(csv[1] ?? '', /^globex,0,red,,,Globex,Enterprise,default,3600\.00,/);
      const health = await accountHealth({ ctx, accountId: await resolveAccount(ctx, 'acme') });
      assert.deepEqual(health.latest?.missing.sort(), [
        'active_user_trend',
        'adoption_level',
        'csat_latest',
        'csm_sentiment',
        'days_to_renewal',
        'feature_usage_rate',
        'nps_trend',
        'onboarding_milestones',
        'seat_utilization',
      ]);
    });

    it('grades the renewal forecast category, and shows health and churn risk in the renewal calendar', async () => {
      const signals = new Map((await computeSignals(ctx, '2026-06-15')).map((a) => [a.accountId, a.values]));
      const globex = await resolveAccount(ctx, 'globex');
      // G-1 is due 2026-07-01, open; Globex's detractor answer proposes "at risk" (1): yellow by default.
      assert.equal(signals.get(globex)?.renewal_forecast, FORECAST_VALUES.at_risk);
      assert.equal(signals.get(await resolveAccount(ctx, 'acme'))?.renewal_forecast, null);
      assert.equal(describeValue('renewal_forecast', 1), 'at risk');
      const calendar = await renewalCalendar({ ctx, asOf: '2026-06-15', days: 30 });
      const [g1] = calendar.items;
      assert.deepEqual([g1?.contractId, g1?.health, g1?.healthBand, g1?.churnRisk], ['G-1', 0, 'red', null]);
      // The churn risk of the latest scoring (a row as the churn.score job writes it), not one scored later.
      await store.execute(
        `INSERT INTO churn_risk (account_id, as_of, horizon_days, churn_probability, model, trained_at)
         VALUES ($1, '2026-06-15', 90, 0.42, 'logistic_regression', now())`,
        [globex],
      );
      const withRisk = await renewalCalendar({ ctx, asOf: '2026-06-15', days: 30 });
      assert.equal(withRisk.items[0]?.churnRisk, 0.42);
      const before = await renewalCalendar({ ctx, asOf: '2026-06-14', days: 30 });
      assert.equal(before.items[0]?.churnRisk, null);
      assert.deepEqual(
        [before.items[0]?.health, before.items[0]?.healthBand],
        [null, null],
        'no score before that day',
      );
    });

    it('raises exactly one health.changed when a band changes, and none when rescored again that day', async () => {
      const acme = await resolveAccount(ctx, 'acme');
      await assert.rejects(
        setSentiment({ ctx, accountId: acme, sentiment: 'red', until: '2026-06-14' }),
        (e: unknown) => e instanceof UsageError && /--until must be today \(2026-06-15\) or later/.test(e.message),
      );
      await setSentiment({ ctx, accountId: acme, sentiment: 'red', until: '2026-07-31', note: 'champion left' });
      const next = { ...ctx, now: at('2026-06-16') };
      // The job itself, twice on one day: the second run replaces the day's rows and raises nothing.
      const notes: (string | undefined)[] = [];
      const job = {
        id: 1,
        kind: 'health.score',
        payload: {},
        attempt: 1,
        maxAttempts: 5,
        signal: new AbortController().signal,
        progress: (p: { note?: string }) => Promise.resolve(void notes.push(p.note)),
      };
      await healthScoreJob.run(next, job);
      await healthScoreJob.run(next, job);
      assert.deepEqual(notes, ['1 changed band on 2026-06-16', '0 changed band on 2026-06-16']);
      assert.deepEqual(await countRows(store, 'health_scores'), { health_scores: 6 });
      const events = await store.query<{ body: string }>(
        `SELECT body FROM webhook_events WHERE type = 'health.changed'`,
      );
      assert.equal(events.length, 1);
      const data = (JSON.parse(events[0]?.body ?? '{}') as { data: Record<string, unknown> }).data;
      assert.deepEqual([data.externalId, data.from, data.to, data.day], ['acme', 'green', 'red', '2026-06-16']);
      const health = await accountHealth({ ctx: next, accountId: acme });
      assert.deepEqual(
        [health.latest?.score, health.latest?.band, health.latest?.forcedBy],
        [39, 'red', ['csm_sentiment']],
      );
      assert.deepEqual(
        health.history.map((h) => `${h.day}:${h.band}`),
        ['2026-06-15:green', '2026-06-16:red'],
      );
      assert.equal(health.sentiment?.note, 'champion left');
      const summary = await healthSummary({ ctx: next });
      assert.equal(summary.arrAtRiskMinor, (100 + 300) * 100 * 12);
      assert.deepEqual(
        summary.distribution.map((d) => `${d.band}:${d.accounts}`),
        ['red:2', 'yellow:0', 'green:1', 'null:0'],
      );
      assert.deepEqual(
        summary.movement.changes.map((c) => `${c.from}>${c.to}:${c.accounts}`),
        ['null>red:2', 'null>green:1'],
      );
    });

    it('checks a scorecard and names every problem; a segment rule picks its scorecard', async () => {
      await assert.rejects(
        setScorecard({
          ctx,
          input: {
            key: 'x',
            name: 'X',
            groups: [{ key: 'g', name: 'G', weight: 1, measures: [{ signal: 'nps', weight: 1 }] }],
          },
          source: 'x.json',
        }),
        (e: unknown) =>
          e instanceof UsageError && /^x\.json: groups\[0\]\.measures\[0\]\.signal: expected one of/.test(e.message),
      );
      await assert.rejects(
        setScorecard({ ctx, input: { key: 'x', name: 'X', groups: 'none' } }),
        (e: unknown) => e instanceof UsageError && /groups: must be array/.test(e.message),
      );
      const enterprise = {
        key: 'enterprise',
        name: 'Enterprise',
        appliesTo: { segment: ['Enterprise'] },
        groups: [
          {
            key: 'voice',
            name: 'Voice',
            weight: 1,
            measures: [{ signal: 'nps_latest', weight: 1, thresholds: { green: -100, yellow: -100 } }],
          },
        ],
      };
      await setScorecard({ ctx, input: enterprise });
      const list = await listScorecards({ ctx });
      assert.deepEqual(
        list.items.map((i) => [i.definition.key, i.isDefault, i.builtIn]),
        [
          ['enterprise', false, false],
          ['default', true, true],
        ],
      );
      const next = { ...ctx, now: at('2026-06-16') };
      await scoreAccounts({ ctx: next });
      const globex = (await listScores({ ctx: next, query: { segment: 'Enterprise' } })).items;
      assert.deepEqual(
        globex.map((g) => [g.externalId, g.scorecard, g.score, g.band]),
        [['globex', 'enterprise', 100, 'green']],
      );
      assert.equal(await removeScorecard({ ctx, key: 'enterprise' }), true);
    });
  });
}

describe('health API', () => {
  let store: Store;
  let app: App;
  let headers: Record<string, string>;
  before(async () => {
    const [engine] = engines();
    assert.ok(engine);
    store = await engine.open();
    const ctx = testContext(store);
    await importAccounts({ ctx, input: { text: ACCOUNTS, name: 'accounts.csv' } });
    await importSubscriptions({ ctx, input: { text: SUBSCRIPTIONS, name: 'subscriptions.csv' } });
    await scoreAccounts({ ctx });
    headers = { authorization: `Bearer ${(await createApiKey({ ctx, scope: 'write' })).key}` };
    app = await buildApp({ ctx, checkResponses: true });
  });
  after(async () => {
    await app.close();
    await store.close();
  });

  it('lists scores, the summary and one account, and the health band in the accounts list', async () => {
    const scores = await app.inject({ url: '/api/v1/health/scores?band=green', headers });
    assert.equal(scores.statusCode, 200, scores.body);
    assert.ok(scores.json<{ total: number }>().total >= 1);
    const summary = await app.inject({ url: '/api/v1/health/summary', headers });
    assert.equal(summary.statusCode, 200, summary.body);
    const accounts = await app.inject({ url: '/api/v1/accounts?sort=name', headers });
    const items = accounts.json<{ items: { externalId: string; healthBand: string | null }[] }>().items;
    assert.deepEqual(
      items.map((i) => [i.externalId, i.healthBand]),
      [
        ['acme', 'green'],
        // Globex contracted more than three months ago: its MRR trend is flat now.
        ['globex', 'green'],
        ['initech', 'green'],
      ],
    );
    const missing = await app.inject({ url: '/api/v1/health/accounts/999999', headers });
    assert.equal(missing.statusCode, 404);
  });

  it('sets sentiment with a write key, refuses a bad day or band with 400', async () => {
    const [row] = await store.query<{ id: number }>(`SELECT id FROM accounts WHERE external_id = 'acme'`);
    const url = `/api/v1/health/accounts/${row?.id}/sentiment`;
    const ok = await app.inject({ method: 'PUT', url, headers, payload: { sentiment: 'yellow', until: '2100-01-01' } });
    assert.equal(ok.statusCode, 200, ok.body);
    const bad = await app.inject({ method: 'PUT', url, headers, payload: { sentiment: 'blue', until: '2100-02-30' } });
    assert.equal(bad.statusCode, 400, bad.body);
    const health = await app.inject({ url: `/api/v1/health/accounts/${row?.id}`, headers });
    assert.equal(health.json<{ sentiment: { sentiment: string } }>().sentiment.sentiment, 'yellow');
  });

  it('refuses a scorecard to a non-admin key (403) and checks it for an admin', async () => {
    const list = await app.inject({ url: '/api/v1/health/scorecards', headers });
    assert.equal(list.statusCode, 200, list.body);
    assert.ok(list.json<{ signals: unknown[] }>().signals.length >= 14);
    const put = await app.inject({
      method: 'PUT',
      url: '/api/v1/health/scorecards/default',
      headers,
      payload: { key: 'default', name: 'D', groups: [] },
    });
    assert.equal(put.statusCode, 403);
  });
});
