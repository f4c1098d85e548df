// The JSON API over a demo company: the same numbers as the service verbs, filters, accounts, movements and
// imports (with bad input refused whole), on every engine.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { buildApp } from '../../src/http/app.ts';
import type { App } from '../../src/http/types.ts';
import { createApiKey } from '../../src/services/api-keys.ts';
import type { ServiceContext } from '../../src/services/context.ts';
import { loadDemo } from '../../src/services/demo.ts';
import { revenueMetrics } from '../../src/services/revenue-reports.ts';
import type { Store } from '../../src/store/types.ts';
import { engines, testContext } from '../helpers/store.ts';

const AS_OF = '2026-06-15';

interface MetricsBody {
  rows: { period: { label: string }; group?: string; mrrMinor: number; churnMrrMinor: number; newCustomers: number }[];
}
interface AccountsBody {
  total: number;
  items: { id: number; name: string; mrrMinor: number; status: string; industry: string | null }[];
}

function multipart(name: string, content: string) {
  const boundary = '----tenure-test-boundary';
  const payload =
    `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${name}"\r\nContent-Type: text/csv\r\n\r\n` +
    `${content}\r\n--${boundary}--\r\n`;
  return { payload, headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } };
}

for (const engine of engines()) {
  describe(`API on ${engine.name}`, () => {
    let store: Store;
    let ctx: ServiceContext;
    let app: App;
    let read: Record<string, string>;
    let write: Record<string, string>;
    const get = async <T>(url: string) => {
      const response = await app.inject({ url, headers: read });
      assert.equal(response.statusCode, 200, `${url}: ${response.body}`);
      return response.json<T>();
    };

    before(async () => {
      store = await engine.open();
      ctx = testContext(store);
      await loadDemo({ ctx, seed: 7, accounts: 120, endMonth: '2026-06', asOf: AS_OF, usage: false });
      read = { authorization: `Bearer ${(await createApiKey({ ctx, scope: 'read' })).key}` };
      write = { authorization: `Bearer ${(await createApiKey({ ctx, scope: 'write' })).key}` };
      app = await buildApp({ ctx, checkResponses: true });
    });
    after(async () => {
      await app.close();
      await store.close();
    });

    it('reports the same metrics as the service verb', async () => {
      const body = await get<MetricsBody>(`/api/v1/revenue/metrics?interval=quarter&asOf=${AS_OF}`);
      const expected = await revenueMetrics({ ctx, query: { asOf: AS_OF, interval: 'quarter' } });
      assert.ok(expected.length > 4);
      assert.deepEqual(
        body.rows.map((r) => [r.period.label, r.mrrMinor, r.churnMrrMinor]),
        expected.map((r) => [r.window.label, r.mrrMinor, r.churnMrrMinor]),
      );
    });

    it('narrows every metric to a segment filter, matching that group of the breakdown', async () => {
      const meta = await get<{ dimensions: { industry: string[] } }>(`/api/v1/meta?asOf=${AS_OF}`);
      const industry = meta.dimensions.industry[0] ?? '';
      const byIndustry = await get<MetricsBody>(`/api/v1/revenue/metrics?by=industry&asOf=${AS_OF}`);
      const filtered = await get<MetricsBody>(
        `/api/v1/revenue/metrics?industry=${encodeURIComponent(industry)}&asOf=${AS_OF}`,
      );
      const group = byIndustry.rows.filter((r) => r.group === industry);
      const byLabel = new Map(filtered.rows.map((r) => [r.period.label, r.mrrMinor]));
      assert.ok(group.length > 0);
      for (const row of group) assert.equal(byLabel.get(row.period.label) ?? 0, row.mrrMinor, row.period.label);
      const total = await get<MetricsBody>(`/api/v1/revenue/metrics?asOf=${AS_OF}`);
      assert.ok(filtered.rows.at(-1)!.mrrMinor < total.rows.at(-1)!.mrrMinor);
    });

    it('lists movements whose sums are the month’s metric', async () => {
      const month = '2026-03';
      const churn = await get<{ total: number; items: { kind: string; amountMinor: number; accountId: number }[] }>(
        `/api/v1/revenue/movements?from=${month}&to=${month}&kind=churn&limit=1000&asOf=${AS_OF}`,
      );
      const metrics = await get<MetricsBody>(`/api/v1/revenue/metrics?from=${month}&to=${month}&asOf=${AS_OF}`);
      assert.ok(churn.items.every((m) => m.kind === 'churn'));
      assert.equal(churn.total, churn.items.length);
      assert.equal(
        churn.items.reduce((sum, m) => sum + m.amountMinor, 0),
        metrics.rows[0]?.churnMrrMinor,
      );
    });

    it('searches, filters, sorts and pages accounts', async () => {
      const all = await get<AccountsBody>(`/api/v1/accounts?limit=1000&asOf=${AS_OF}`);
      assert.equal(all.total, 120);
      const byMrr = await get<AccountsBody>(
        `/api/v1/accounts?sort=mrr&order=desc&status=active&limit=20&asOf=${AS_OF}`,
      );
      const mrrs = byMrr.items.map((a) => a.mrrMinor);
      assert.deepEqual(
        mrrs,
        [...mrrs].sort((a, b) => b - a),
      );
      assert.ok(byMrr.items.every((a) => a.status === 'active' && a.mrrMinor > 0));
      const page2 = await get<AccountsBody>(
        `/api/v1/accounts?sort=mrr&order=desc&status=active&limit=10&offset=10&asOf=${AS_OF}`,
      );
      assert.deepEqual(page2.items, byMrr.items.slice(10));
      const someone = all.items[3]!;
      const found = await get<AccountsBody>(
        `/api/v1/accounts?q=${encodeURIComponent(someone.name.slice(1, 6).toUpperCase())}&asOf=${AS_OF}`,
      );
      assert.ok(found.items.some((a) => a.id === someone.id));
      const industry = someone.industry ?? '(none)';
      const inIndustry = await get<AccountsBody>(
        `/api/v1/accounts?industry=${encodeURIComponent(industry)}&limit=1000&asOf=${AS_OF}`,
      );
      assert.equal(inIndustry.total, all.items.filter((a) => (a.industry ?? '(none)') === industry).length);
    });

    it("gives an account's file with the records behind each movement", async () => {
      const top = (await get<AccountsBody>(`/api/v1/accounts?sort=mrr&order=desc&limit=1&asOf=${AS_OF}`)).items[0]!;
      const file = await get<{
        movements: { kind: string; after: { ref: string; fields: object }[] }[];
        history: unknown[];
      }>(`/api/v1/accounts/${top.id}?asOf=${AS_OF}`);
      assert.equal(file.movements[0]?.kind, 'new');
      assert.ok(file.movements[0].after.length > 0, 'the new movement names its source records');
      assert.ok(file.history.length > 0);
      const missing = await app.inject({ url: '/api/v1/accounts/99999999', headers: read });
      assert.equal(missing.statusCode, 404);
    });

    it('imports an uploaded CSV and the reports see it at once', async () => {
      const before = await get<{ counts: { accounts: number } }>(`/api/v1/meta?asOf=${AS_OF}`);
      const csv = 'Account ID,Name,Industry\nnew-co,New Co,Robotics\n';
      const response = await app.inject({
        method: 'POST',
        url: '/api/v1/imports/accounts',
        ...multipart('a.csv', csv),
        headers: { ...write, ...multipart('a.csv', csv).headers },
      });
      assert.equal(response.statusCode, 200, response.body);
      assert.equal(response.json<{ created: number }>().created, 1);
      const after = await get<{ counts: { accounts: number }; dimensions: { industry: string[] } }>(
        `/api/v1/meta?asOf=${AS_OF}`,
      );
      assert.equal(after.counts.accounts, before.counts.accounts + 1);
      assert.ok(after.dimensions.industry.includes('Robotics'));
    });

    it('refuses a bad upload whole, naming the line and field (422 problem+json)', async () => {
      const csv =
        'subscription_id,customer_id,start_date,end_date,monthly_amount\ns-1,c-1,2024-01-01,2024-03-01,10\ns-2,c-2,2024-13-01,,10\n';
      const upload = multipart('subs.csv', csv);
      const response = await app.inject({
        method: 'POST',
        url: '/api/v1/imports/subscriptions',
        payload: upload.payload,
        headers: { ...write, ...upload.headers },
      });
      assert.equal(response.statusCode, 422, response.body);
      assert.match(String(response.headers['content-type']), /application\/problem\+json/);
      const problem = response.json<{ detail: string; errors: { line: number; field: string }[] }>();
      assert.match(problem.detail, /subs\.csv:3/);
      assert.equal(problem.errors[0]?.line, 3);
      const [row] = await store.query<{ n: number }>(
        `SELECT count(*) AS n FROM subscription_periods WHERE subscription_external_id IN ('s-1', 's-2')`,
      );
      assert.equal(row?.n, 0);
    });
  });
}
