// The adoption API over the hand-computed fixture: the same numbers as the service verbs, filters, errors.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { buildApp } from '../src/http/app.ts';
import type { App } from '../src/http/types.ts';
import { adoptionReport } from '../src/services/adoption.ts';
import { createApiKey } from '../src/services/api-keys.ts';
import type { ServiceContext } from '../src/services/context.ts';
import type { Store } from '../src/store/types.ts';
import { AS_OF, fixture } from './helpers/adoption.ts';
import { engines } from './helpers/store.ts';

interface Row {
  name: string;
  level: string | null;
  featureUsageRate: number | null;
  trend: { declining: boolean };
  expansion: { outOfPlanFeatures: string[] };
}

for (const engine of engines()) {
  describe(`adoption API on ${engine.name}`, () => {
    let store: Store;
    let ctx: ServiceContext;
    let app: App;
    let read: Record<string, string>;
    let acme: number;
    const get = async <T>(url: string, status = 200) => {
      const response = await app.inject({ url, headers: read });
      assert.equal(response.statusCode, status, `${url}: ${response.body}`);
      return response.json<T>();
    };

    before(async () => {
      store = await engine.open();
      const world = await fixture(store);
      ctx = world.ctx;
      acme = world.a;
      read = { authorization: `Bearer ${(await createApiKey({ ctx, scope: 'read', name: 'test' })).key}` };
      app = await buildApp({ ctx, checkResponses: true });
    });
    after(async () => {
      await app.close();
      await store.close();
    });

    it('answers with the service numbers, filtered like the revenue reports', async () => {
      const body = await get<{ rows: Row[] }>(`/api/v1/adoption/accounts?asOf=${AS_OF}`);
      const expected = await adoptionReport({ ctx, asOf: AS_OF });
      assert.deepEqual(
        body.rows.map((r) => [r.name, r.level, r.featureUsageRate, r.trend.declining, r.expansion.outOfPlanFeatures]),
        expected.rows.map((r) => [
          r.name,
          r.level,
          r.featureUsageRate,
          r.trend.declining,
          r.expansion.outOfPlanFeatures,
        ]),
      );
      const retail = await get<{ rows: Row[] }>(`/api/v1/adoption/accounts?asOf=${AS_OF}&industry=retail`);
      assert.deepEqual(
        retail.rows.map((r) => r.name),
        ['Acme', 'Dune'],
      );
      const segments = await get<{ groups: { group: string; accounts: number }[] }>(
        `/api/v1/adoption/segments?by=plan&asOf=${AS_OF}`,
      );
      assert.deepEqual(
        segments.groups.map((g) => [g.group, g.accounts]),
        [
          ['Basic', 2],
          ['Pro', 2],
        ],
      );
      const retention = await get<{ levels: { level: string; customers: number; nrr: number | null }[] }>(
        `/api/v1/adoption/retention?asOf=${AS_OF}`,
      );
      assert.deepEqual(
        retention.levels.map((l) => [l.level, l.customers, l.nrr]),
        [
          ['low', 2, 0.8],
          ['mid', 0, null],
          ['high', 1, 1],
          ['all', 3, 50000 / 55000],
        ],
      );
      const features = await get<{ features: { key: string; usageRate: number | null }[] }>(
        `/api/v1/adoption/features?asOf=${AS_OF}`,
      );
      assert.equal(features.features.find((f) => f.key === 'report_created')?.usageRate, 0.5);
    });

    it("shows one account's usage, the catalog and the events under review", async () => {
      const usage = await get<{
        account: Row & { weeklyActiveUsers: number[] };
        features: { key: string; used: boolean }[];
      }>(`/api/v1/accounts/${acme}/usage?asOf=${AS_OF}`);
      assert.equal(usage.account.name, 'Acme');
      assert.equal(usage.account.weeklyActiveUsers.length, 12);
      assert.deepEqual(usage.features.filter((f) => f.used).length, 3);
      await get(`/api/v1/accounts/999999/usage?asOf=${AS_OF}`, 404);
      await get(`/api/v1/adoption/accounts?windowDays=0`, 400);
      const catalog = await get<{ items: { key: string }[] }>('/api/v1/features');
      assert.equal(catalog.items.length, 6);
      const review = await get<{ items: { event: string; events: number }[] }>('/api/v1/features/review');
      assert.deepEqual(
        review.items.map((e) => [e.event, e.events]),
        [['Page Viewed', 7]],
      );
      const anonymous = await app.inject({ url: '/api/v1/adoption/accounts' });
      assert.equal(anonymous.statusCode, 401);
    });
  });
}
