// Reads never write: every GET route and every report verb leave every table (and sequence) as it was.
// Answers for any as-of day come from memory, equal a fresh computation at that day, and do not disturb
// each other; a changed account is patched in; one record without an FX rate is named, not fatal.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { aggregateLedger, computeLedger, metricsSeries } from '../src/core/revenue/index.ts';
import { monthKey } from '../src/core/period.ts';
import { listAccounts, listMovements } from '../src/services/accounts.ts';
import { explainCustomer } from '../src/services/explain.ts';
import { importFx } from '../src/services/import-fx.ts';
import { importStripe } from '../src/services/import-stripe.ts';
import { importSubscriptions } from '../src/services/import-subscriptions.ts';
import { readDataVersions } from '../src/services/data-versions.ts';
import { dashboardMeta } from '../src/services/meta.ts';
import { cohortReport, DIMENSIONS, revenueMetrics } from '../src/services/revenue-reports.ts';
import { createReportCache } from '../src/services/report-cache.ts';
import { refreshRevenue } from '../src/services/revenue.ts';
import { getStatus } from '../src/services/status.ts';
import { loadBillingRecords } from '../src/store/revenue.ts';
import type { Queryable, Store } from '../src/store/types.ts';
import { bearer, testApp, type TestApp } from './helpers/http.ts';
import { engines, testContext } from './helpers/store.ts';

/** Row count and digest of every table, and every sequence's last value. */
async function snapshot(q: Queryable): Promise<Record<string, string>> {
  const tables = await q.query<{ name: string }>(
    `SELECT table_name AS name FROM information_schema.tables
      WHERE table_schema = current_schema() AND table_type = 'BASE TABLE' ORDER BY 1`,
  );
  const out: Record<string, string> = {};
  for (const { name } of tables) {
    const [row] = await q.query<{ n: number; h: string }>(
      `SELECT count(*)::int AS n, md5(coalesce(string_agg(x::text, '|' ORDER BY x::text), '')) AS h FROM "${name}" x`,
    );
    out[name] = `${row?.n}:${row?.h}`;
  }
  const sequences = await q.query<{ name: string; last: number | null }>(
    `SELECT sequencename AS name, last_value AS last FROM pg_sequences WHERE schemaname = current_schema()`,
  );
  for (const s of sequences) out[`sequence ${s.name}`] = String(s.last);
  return out;
}

interface MetricsAnswer {
  rows: { period: { label: string }; mrrMinor: number; nrr: number | null }[];
}

const STRIPE_EXPORT = path.join(import.meta.dirname, 'fixtures/stripe/export.json');
const EUR_PERIODS =
  'subscription_id,customer_id,start_date,end_date,monthly_amount,currency\neur_1,eu_customer,2019-01-01,,500,EUR\n';
const EUR_RATES = 'date,currency,rate\n2018-06-01,EUR,1.10\n2019-01-01,EUR,1.20\n';

for (const engine of engines()) {
  describe(`revenue reads on ${engine.name}`, () => {
    let store: Store;
    let t: TestApp;
    let accountId: number;
    before(async () => {
      store = await engine.open();
      t = await testApp(store);
      await importFx({ ctx: t.ctx, input: { text: EUR_RATES, name: 'fx.csv' } });
      await importSubscriptions({ ctx: t.ctx, input: { text: EUR_PERIODS, name: 'eur.csv' } });
      const [row] = await store.query<{ id: number }>(`SELECT min(id) AS id FROM accounts`);
      accountId = row?.id ?? 0;
    });
    after(async () => {
      await t.close();
      await store.close();
    });

    const metrics = async (asOf: string) => {
      const response = await t.app.inject({
        url: `/api/v1/revenue/metrics?asOf=${asOf}`,
        headers: bearer(t.keys.read),
      });
      assert.equal(response.statusCode, 200, response.body);
      return response.json<MetricsAnswer>();
    };

    it('writes nothing on any GET route or report verb', async () => {
      const start = await snapshot(store);
      const doc = (await t.app.inject({ url: '/api/openapi.json' })).json<{ paths: Record<string, object> }>();
      const gets = Object.entries(doc.paths).filter(([, ops]) => 'get' in ops);
      assert.ok(gets.length >= 8);
      for (const [path] of gets) {
        const url = path.replace('{id}', String(accountId)).replace(/\{\w+\}/g, '1');
        for (const query of ['', '?asOf=2019-03-15', '?asOf=2025-06-15']) {
          const response = await t.app.inject({ url: `${url}${query}`, headers: bearer(t.keys.read) });
          assert.ok(response.statusCode < 500, `GET ${url}${query}: ${response.body}`);
        }
      }
      const ctx = testContext(store);
      for (const asOf of ['2019-06-15', '2026-01-01']) {
        for (const interval of ['month', 'quarter', 'year', 't12m'] as const) {
          await revenueMetrics({ ctx, query: { asOf, interval } });
        }
        for (const by of DIMENSIONS) await revenueMetrics({ ctx, query: { asOf, interval: 'month', by } });
        await cohortReport({ ctx, asOf });
        await explainCustomer({ ctx, asOf, customer: '1' });
        await dashboardMeta({ ctx, asOf });
        await listAccounts({ ctx, asOf });
        await listMovements({ ctx, asOf });
        await getStatus({ ctx });
      }
      assert.deepEqual(await snapshot(store), start);
      // The snapshot sees writes: the SQL copy of the ledger is one.
      await refreshRevenue({ ctx, asOf: '2019-06-15' });
      assert.notDeepEqual(await snapshot(store), start);
    });

    it('answers any as-of day as a fresh computation at that day, days asked in turn not disturbing each other', async () => {
      const records = await loadBillingRecords(store, null);
      const seen = new Map<string, MetricsAnswer>();
      for (const asOf of ['2025-06-15', '2025-05-31', '2025-06-15', '2019-02-10']) {
        const answer = await metrics(asOf);
        const fresh = await revenueMetrics({ ctx: testContext(store), query: { asOf, interval: 'month' } });
        assert.deepEqual(
          answer.rows.map((r) => [r.period.label, r.mrrMinor, r.nrr]),
          fresh.map((r) => [r.window.label, r.mrrMinor, r.nrr]),
        );
        const direct = computeLedger(records, { asOf, reportingCurrency: 'USD' });
        const byMonth = new Map(
          metricsSeries(aggregateLedger(direct), 'month').map((m) => [monthKey(m.window.endMonth), m.mrrMinor]),
        );
        for (const r of answer.rows) assert.equal(r.mrrMinor, byMonth.get(r.period.label), `${asOf} ${r.period.label}`);
        if (seen.has(asOf)) assert.deepEqual(answer, seen.get(asOf));
        seen.set(asOf, answer);
      }
      assert.notDeepEqual(seen.get('2025-06-15'), seen.get('2025-05-31'));
    });

    it('patches a changed account in: the next answer equals a fresh computation', async () => {
      await metrics('2019-06-15');
      const change = 'subscription_id,customer_id,start_date,end_date,monthly_amount\n1,1,2018-11-01,2019-04-01,95\n';
      await importSubscriptions({ ctx: t.ctx, input: { text: change, name: 'change.csv' } });
      await sleep(1100); // the server trusts the versions it read for a second
      const answer = await metrics('2019-06-15');
      const fresh = await revenueMetrics({ ctx: testContext(store), query: { asOf: '2019-06-15', interval: 'month' } });
      assert.deepEqual(
        answer.rows.map((r) => [r.period.label, r.mrrMinor]),
        fresh.map((r) => [r.window.label, r.mrrMinor]),
      );
      const march = answer.rows.find((r) => r.period.label === '2019-03');
      assert.ok(march);
    });

    it('reloads whole when the dirty marks since its ledger were pruned by SQL refreshes', async () => {
      const server = { ...testContext(store), cache: createReportCache() };
      const june = () => revenueMetrics({ ctx: server, query: { asOf: '2019-06-15', interval: 'month' } });
      await june();
      const other = testContext(store);
      const change = (row: string) =>
        importSubscriptions({
          ctx: other,
          input: { text: `subscription_id,customer_id,start_date,end_date,monthly_amount\n${row}\n`, name: 'c.csv' },
        });
      await refreshRevenue({ ctx: other, asOf: '2019-06-15' });
      await change('1,1,2018-11-01,2019-04-01,70'); // its marks are pruned by the third refresh
      await refreshRevenue({ ctx: other, asOf: '2019-06-15' });
      await change('pruned_2,2,2019-01-01,,50');
      await refreshRevenue({ ctx: other, asOf: '2019-06-15' });
      const [pruned] = await store.query<{ version: number }>(
        `SELECT version FROM data_versions WHERE domain = 'revenue_pruned'`,
      );
      assert.ok((pruned?.version ?? 0) > 0);
      await sleep(1100);
      const fresh = await revenueMetrics({ ctx: testContext(store), query: { asOf: '2019-06-15', interval: 'month' } });
      assert.deepEqual(
        (await june()).map((r) => [r.window.label, r.mrrMinor]),
        fresh.map((r) => [r.window.label, r.mrrMinor]),
      );
    });

    it('moves the data version of each domain with the writes to its tables, and only those', async () => {
      const before = await readDataVersions(store);
      await importFx({ ctx: t.ctx, input: { text: 'date,currency,rate\n2017-01-01,GBP,1.3\n', name: 'gbp.csv' } });
      const afterFx = await readDataVersions(store);
      assert.ok(afterFx.fx > before.fx);
      assert.deepEqual([afterFx.revenue, afterFx.usage], [before.revenue, before.usage]);
      await importSubscriptions({
        ctx: t.ctx,
        input: {
          text: 'subscription_id,customer_id,start_date,end_date,monthly_amount\nv1,versions,2019-01-01,,5\n',
          name: 'v.csv',
        },
      });
      const afterBilling = await readDataVersions(store);
      assert.ok(afterBilling.revenue > afterFx.revenue);
      assert.ok(afterBilling.accounts > afterFx.accounts); // the new account
      assert.deepEqual([afterBilling.fx, afterBilling.usage], [afterFx.fx, afterFx.usage]);
    });

    it('refuses a Stripe export with a date past 2100, naming the object and field, and writes nothing', async () => {
      const exported = JSON.parse(fs.readFileSync(STRIPE_EXPORT, 'utf8')) as {
        subscriptions: { data: Record<string, unknown>[] };
      };
      const first = exported.subscriptions.data[0];
      assert.ok(first);
      first.start_date = Date.UTC(2202, 0, 1) / 1000;
      const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'tenure-stripe-')), 'export.json');
      fs.writeFileSync(file, JSON.stringify(exported));
      const before = await snapshot(store);
      await assert.rejects(importStripe({ ctx: t.ctx, input: { file } }), (error: Error) => {
        assert.match(
          error.message,
          new RegExp(`object ${String(first.id)}: field "start_date" expected a time before 2101`),
        );
        return true;
      });
      assert.deepEqual(await snapshot(store), before);
    });

    it('names a record whose FX rate went missing, and answers for everything else', async () => {
      const withEur = await metrics('2019-06-15');
      await store.execute(`DELETE FROM fx_rates`);
      const status = await t.app.inject({ url: '/api/v1/status', headers: bearer(t.keys.read) });
      assert.equal(status.statusCode, 200);
      const problems = status.json<{ problems: { record: string; account: string; problem: string }[] }>().problems;
      assert.equal(problems.length, 1);
      assert.equal(problems[0]?.account, 'eu_customer');
      assert.match(problems[0]?.problem ?? '', /no EUR→USD FX rate on or before 2019-01-01/);
      await sleep(1100);
      const without = await metrics('2019-06-15');
      const june = (a: MetricsAnswer) => a.rows.find((r) => r.period.label === '2019-06')?.mrrMinor ?? NaN;
      assert.equal(june(withEur) - june(without), 60_000); // 500 EUR at 1.20
      for (const path of ['/api/v1/meta', '/api/v1/revenue/cohorts', '/api/v1/accounts']) {
        const response = await t.app.inject({ url: `${path}?asOf=2019-06-15`, headers: bearer(t.keys.read) });
        assert.equal(response.statusCode, 200, `${path}: ${response.body}`);
      }
    });
  });
}
