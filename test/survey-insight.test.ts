// Survey insight on a small world with billing: scores over time with ARR-weighted NPS, comment search in Chinese,
// terms, retention by NPS category, an account's answers; the API with checked answers; `report nps --by`.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { buildApp } from '../src/http/app.ts';
import { createApiKey } from '../src/services/api-keys.ts';
import type { ServiceContext } from '../src/services/context.ts';
import { importAccounts } from '../src/services/import-accounts.ts';
import { importSubscriptions } from '../src/services/import-subscriptions.ts';
import { accountResponses, listResponses, surveyTerms } from '../src/services/surveys/comments.ts';
import { importResponses } from '../src/services/surveys/import-responses.ts';
import { surveyMetrics, surveyRetention } from '../src/services/surveys/insight.ts';
import type { Store } from '../src/store/types.ts';
import { runTenure, tempDir } from './helpers/cli.ts';
import { withStore } from './helpers/import.ts';
import { engines, testContext } from './helpers/store.ts';

const ACCOUNTS = 'id,name,industry\nacme,Acme,Software\nglobex,Globex,Energy\ninitech,Initech,Software\n';
// Acme pays 100 a month, 150 from 2026 (expansion); Globex 300 until September 2025 (churn); Initech 200 throughout.
const SUBSCRIPTIONS = [
  'subscription_id,customer_id,start_date,end_date,monthly_amount',
  'a1,acme,2025-01-01,2026-01-01,100',
  'a2,acme,2026-01-01,,150',
  'g1,globex,2025-01-01,2025-09-01,300',
  'i1,initech,2025-01-01,,200',
].join('\n');
const HEADER = 'response_id,survey,kind,score,comment,responded_at,account_id,contact_email,user_id,dismissed';
// March 2025: 10 (Acme), 3 and 5 (Globex): NPS −33.3; account NPS Acme 100, Globex −100 (g1's 8 in February is
// not its latest); weighted by ARR 1 200 and 3 600: (100 · 1 200 − 100 · 3 600) ÷ 4 800 = −50.
const RESPONSES = [
  HEADER,
  'n1,Relationship,nps,10,Great dashboards,2025-03-10T10:00:00Z,acme,,a-1,',
  'n2,Relationship,nps,9,客户支持很及时,2025-04-02T10:00:00Z,acme,,a-2,',
  'n3,Relationship,nps,8,,2025-02-05T10:00:00Z,globex,,g-1,',
  'n4,Relationship,nps,3,报表导出太慢了,2025-03-20T10:00:00Z,globex,,g-1,',
  'n5,Relationship,nps,5,"Report export is slow, 报表不准",2025-03-25T10:00:00Z,globex,,g-2,',
  'n6,Relationship,nps,,,2025-03-04T10:00:00Z,acme,,a-3,true',
  'c1,Support,csat,5,,2025-03-01T10:00:00Z,acme,,a-1,',
  'c2,Support,csat,2,,2025-03-02T10:00:00Z,globex,,g-1,',
  'e1,Onboarding,ces,6,,2025-03-03T10:00:00Z,acme,,a-1,',
].join('\n');

async function world(store: Store): Promise<{ ctx: ServiceContext; ids: Map<string, number> }> {
  const ctx = testContext(store);
  await importAccounts({ ctx, input: { text: ACCOUNTS, name: 'accounts.csv' } });
  await importSubscriptions({ ctx, input: { text: SUBSCRIPTIONS, name: 'subscriptions.csv' } });
  await importResponses({ ctx, input: { text: RESPONSES, name: 'responses.csv' } });
  const rows = await store.query<{ id: number | string; external_id: string }>(`SELECT id, external_id FROM accounts`);
  return { ctx, ids: new Map(rows.map((r) => [r.external_id, Number(r.id)])) };
}

const r1 = (x: number | null | undefined) => (x === null || x === undefined ? x : Math.round(x * 10) / 10);

for (const engine of engines()) {
  describe(`survey insight on ${engine.name}`, () => {
    it('gives scores by month and by dimension with ARR-weighted NPS and trend, dismissals left out', async () => {
      await withStore(engine, async (store) => {
        const { ctx } = await world(store);
        const { series } = await surveyMetrics({ ctx, query: { asOf: '2025-04-30', interval: 'month' } });
        const nps = series.find((s) => s.kind === 'nps');
        assert.deepEqual(
          nps?.points.map((p) => [p.period, p.responses, r1(p.score), r1(p.change), r1(p.arrWeightedNps)]),
          [
            ['2025-02', 1, 0, null, 0],
            ['2025-03', 3, -33.3, -33.3, -50],
            ['2025-04', 1, 100, 133.3, 100],
          ],
        );
        assert.deepEqual(nps?.points[1]?.distribution, [0, 0, 0, 1, 0, 1, 0, 0, 0, 0, 1]);
        const csat = series.find((s) => s.kind === 'csat');
        assert.deepEqual([csat?.points[0]?.period, csat?.points[0]?.score], ['2025-03', 50]);
        assert.equal(series.find((s) => s.kind === 'ces')?.points[0]?.score, 6);

        const byIndustry = await surveyMetrics({
          ctx,
          query: { asOf: '2025-03-31', interval: 'quarter', by: 'industry', kinds: ['nps'] },
        });
        assert.deepEqual(
          byIndustry.series.map((s) => [s.group, s.points.map((p) => [p.period, p.responses, r1(p.score)])]),
          [
            ['Energy', [['2025-Q1', 3, -66.7]]],
            ['Software', [['2025-Q1', 1, 100]]],
          ],
        );
        const t90 = await surveyMetrics({ ctx, query: { asOf: '2025-04-15', interval: 't90d', kinds: ['nps'] } });
        assert.deepEqual(
          t90.series[0]?.points.map((p) => [p.period, p.from, p.to, p.responses]),
          [
            ['2025-02', '2024-12-01', '2025-02-28', 1],
            ['2025-03', '2025-01-01', '2025-03-31', 4],
            ['2025-04', '2025-01-16', '2025-04-15', 5],
          ],
        );
      });
    });

    it('searches comments in Chinese and English, filters by category, pages, and finds terms', async () => {
      await withStore(engine, async (store) => {
        const { ctx } = await world(store);
        const asOf = '2025-12-31';
        const search = async (q: string, extra = {}) =>
          (await listResponses({ ctx, query: { asOf, q, ...extra } })).items.map((i) => i.responseId);
        assert.deepEqual(await search('报表'), ['n5', 'n4']);
        assert.deepEqual(await search('导出'), ['n4']);
        assert.deepEqual(await search('EXPORT'), ['n5']);
        assert.deepEqual(await search('及时'), ['n2']);
        assert.deepEqual(await search('报表', { category: 'promoter' }), []);
        const detractors = await listResponses({ ctx, query: { asOf, category: 'detractor', limit: 1, offset: 1 } });
        assert.deepEqual([detractors.total, detractors.items.map((i) => i.responseId)], [2, ['n4']]);
        assert.deepEqual(detractors.items[0]?.comment, '报表导出太慢了');
        assert.equal(detractors.items[0]?.accountExternalId, 'globex');
        const all = await listResponses({ ctx, query: { asOf } });
        assert.equal(all.total, 8, 'the dismissal is no answer');
        const terms = await surveyTerms({ ctx, asOf });
        const top = terms.categories.find((c) => c.category === 'detractor')?.terms[0];
        assert.deepEqual([top?.term, top?.count, top?.examples.map((e) => e.responseId)], ['报表', 2, ['n5', 'n4']]);
      });
    });

    it('ties NPS categories to revenue retention, and lists an account’s answers', async () => {
      await withStore(engine, async (store) => {
        const { ctx, ids } = await world(store);
        const retention = await surveyRetention({ ctx, asOf: '2026-06-30' });
        assert.deepEqual(
          [retention.measuredAt, retention.answersFrom, retention.from, retention.to],
          ['2025-06-30', '2024-07-01', '2025-06', '2026-06'],
        );
        const by = Object.fromEntries(retention.categories.map((c) => [c.category, c]));
        assert.deepEqual(
          [
            by.promoter?.accounts,
            by.promoter?.nrr,
            by.promoter?.grr,
            by.promoter?.expansionRate,
            by.promoter?.expanded,
          ],
          [1, 1.5, 1, 0.5, 1],
        );
        assert.deepEqual([by.detractor?.nrr, by.detractor?.logoChurnRate, by.detractor?.churned], [0, 1, 1]);
        assert.deepEqual([by.passive?.accounts, by.unsurveyed?.accounts, by.unsurveyed?.nrr], [0, 1, 1]);
        assert.equal(by.all?.accounts, 3);
        assert.ok(Math.abs((by.all?.nrr ?? 0) - 350 / 600) < 1e-12);

        const acme = await accountResponses({ ctx, accountId: ids.get('acme') ?? 0, asOf: '2025-12-31' });
        assert.deepEqual(
          acme?.responses.map((r) => r.responseId),
          ['n2', 'n1', 'e1', 'c1'],
        );
        assert.deepEqual([acme?.nps?.responses, acme?.nps?.nps, acme?.nps?.category], [2, 100, 'promoter']);
        assert.equal(await accountResponses({ ctx, accountId: 999_999, asOf: '2025-12-31' }), null);
      });
    });

    it('answers the API with checked shapes, 404 for an unknown account and 400 for a bad query', async () => {
      await withStore(engine, async (store) => {
        const { ctx, ids } = await world(store);
        const read = { authorization: `Bearer ${(await createApiKey({ ctx, scope: 'read' })).key}` };
        const app = await buildApp({ ctx, checkResponses: true });
        try {
          const get = (url: string) => app.inject({ method: 'GET', url, headers: read });
          const metrics = await get('/api/v1/surveys/metrics?asOf=2025-04-30&interval=quarter&by=industry&kind=nps');
          assert.equal(metrics.statusCode, 200, metrics.body);
          assert.equal(metrics.json<{ series: unknown[] }>().series.length, 2);
          const found = await get(`/api/v1/surveys/responses?asOf=2025-12-31&q=${encodeURIComponent('报表')}`);
          assert.equal(found.statusCode, 200, found.body);
          assert.equal(found.json<{ total: number }>().total, 2);
          for (const url of [
            '/api/v1/surveys/terms?asOf=2025-12-31',
            '/api/v1/surveys/retention?asOf=2026-06-30',
            `/api/v1/accounts/${ids.get('globex')}/survey-responses?asOf=2025-12-31`,
          ]) {
            const answer = await get(url);
            assert.equal(answer.statusCode, 200, `${url}: ${answer.body}`);
          }
          assert.equal((await get('/api/v1/accounts/999999/survey-responses')).statusCode, 404);
          const bad = await get('/api/v1/surveys/metrics?interval=week');
          assert.equal(bad.statusCode, 400);
          assert.match(bad.body, /interval/);
        } finally {
          await app.close();
        }
      });
    });
  });
}

describe('tenure report nps --by (CLI)', () => {
  it('adds the group column after period', () => {
    const dir = tempDir();
    const dataDir = path.join(dir, 'data');
    const write = (name: string, text: string) => {
      fs.writeFileSync(path.join(dir, name), text);
      return path.join(dir, name);
    };
    const run = (...args: string[]) => {
      const result = runTenure([...args, '--data-dir', dataDir]);
      assert.equal(result.status, 0, result.stderr);
      return result.stdout;
    };
    run('import', 'accounts', write('accounts.csv', ACCOUNTS));
    run('import', 'subscriptions', write('subscriptions.csv', SUBSCRIPTIONS));
    run('import', 'responses', write('responses.csv', RESPONSES));
    // Q1 2025 Energy: 8, 3, 5 → 0 promoters, 1 passive, 2 detractors: −66.7; se = sqrt((2/3 − 4/9) / 3) = 0.272166.
    assert.equal(
      run('report', 'nps', '--format', 'csv', '--interval', 'quarter', '--by', 'industry', '--as-of', '2025-06-30'),
      'period,group,responses,promoters,passives,detractors,nps,nps_ci_low,nps_ci_high\n' +
        '2025-Q1,Energy,3,0,1,2,-66.7,-100.0,-13.3\n' +
        '2025-Q1,Software,1,1,0,0,100.0,100.0,100.0\n' +
        '2025-Q2,Energy,0,0,0,0,,,\n' +
        '2025-Q2,Software,1,1,0,0,100.0,100.0,100.0\n',
    );
    assert.equal(
      run('report', 'csat', '--format', 'csv', '--by', 'industry', '--as-of', '2025-03-31'),
      'period,group,responses,satisfied,csat\n2025-03,Energy,1,0,0.0\n2025-03,Software,1,1,100.0\n',
    );
    const bad = runTenure(['report', 'nps', '--by', 'colour', '--data-dir', dataDir]);
    assert.equal(bad.status, 2, bad.stderr);
    assert.match(bad.stderr, /--by must be one of industry/);
  });
});
