// The dashboard's one-read adoption overview over the hand-computed fixture: the same groups and feature rates
// as the separate reports, level shares of accounts and MRR, the flagged lists; and an account's daily users.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { buildApp } from '../src/http/app.ts';
import type { App } from '../src/http/types.ts';
import { adoptionBySegment, adoptionReport, featureAdoption } from '../src/services/adoption.ts';
import type { AdoptionOverview } from '../src/services/adoption-overview.ts';
import { createApiKey } from '../src/services/api-keys.ts';
import type { ServiceContext } from '../src/services/context.ts';
import type { Store } from '../src/store/types.ts';
import { AS_OF, fixture } from './helpers/adoption.ts';
import { engines } from './helpers/store.ts';

for (const engine of engines()) {
  describe(`adoption overview API on ${engine.name}`, () => {
    let store: Store;
    let ctx: ServiceContext;
    let app: App;
    let read: Record<string, string>;
    let world: Awaited<ReturnType<typeof fixture>>;
    const get = async <T>(url: string, status = 200) => {
      const response = await app.inject({ url, headers: read });
      assert.equal(response.statusCode, status, `${url}: ${response.body}`);
      return response.json<T>();
    };

    before(async () => {
      store = await engine.open();
      world = await fixture(store);
      ctx = world.ctx;
      read = { authorization: `Bearer ${(await createApiKey({ ctx, scope: 'read', name: 'test' })).key}` };
      app = await buildApp({ ctx, checkResponses: true });
    });
    after(async () => {
      await app.close();
      await store.close();
    });

    it('agrees with the separate reports and shares the levels by accounts and MRR', async () => {
      const body = await get<AdoptionOverview>(`/api/v1/adoption/overview?asOf=${AS_OF}&by=industry`);
      const segments = await adoptionBySegment({ ctx, asOf: AS_OF, by: 'industry' });
      assert.deepEqual(body.groups, JSON.parse(JSON.stringify(segments.groups)));
      const { features } = await featureAdoption({ ctx, asOf: AS_OF });
      // Stringified, so the plans (set to undefined) drop out as they do over HTTP.
      const withoutPlans = body.features.map((f) => ({ ...f, plans: undefined }));
      assert.deepEqual(JSON.parse(JSON.stringify(withoutPlans)), JSON.parse(JSON.stringify(features)));
      assert.deepEqual(body.features.find((f) => f.key === 'sso_configured')?.plans, ['Pro']);

      // Paying on asOf: Acme mid (MRR 10000), Birch, Dune and Elm low (20000 + 3000 + 30000).
      assert.deepEqual(
        body.levels.map((l) => [l.level, l.accounts, l.mrrMinor, l.accountShare, l.mrrShare]),
        [
          ['low', 3, 53000, 3 / 4, 53000 / 63000],
          ['mid', 1, 10000, 1 / 4, 10000 / 63000],
          ['high', 0, 0, 0, 0],
        ],
      );
      assert.equal(body.mrrMinor, 63000);
      assert.equal(body.summary.accounts, 4);
      assert.deepEqual(
        body.declining.map((r) => [r.name, r.trend.change]),
        [['Birch', -0.8]],
      );
      assert.deepEqual(
        body.expansion.map((r) => [r.name, r.expansion.outOfPlanFeatures]),
        [['Acme', ['sso_configured']]],
      );
      assert.ok(!('modules' in (body.declining[0] ?? {})), 'flagged rows leave the per-module detail out');
    });

    it('lists every flagged account of the per-account report, and filters like it', async () => {
      const body = await get<AdoptionOverview>(`/api/v1/adoption/overview?asOf=${AS_OF}&industry=retail&by=plan`);
      const report = await adoptionReport({ ctx, asOf: AS_OF, filters: { industry: 'retail' } });
      const names = (rows: readonly { name: string }[]) => rows.map((r) => r.name).sort();
      assert.deepEqual(names(body.declining), names(report.rows.filter((r) => r.trend.declining)));
      assert.deepEqual(names(body.expansion), names(report.rows.filter((r) => r.expansion.signal)));
      assert.equal(
        body.levels.reduce((a, l) => a + l.accounts, 0),
        report.rows.length,
      );
      assert.deepEqual(
        body.groups.map((g) => g.group),
        ['Basic'],
      );
      await get(`/api/v1/adoption/overview?by=nonsense`, 400);
    });

    it("counts an account's active users day by day over the weekly series", async () => {
      const usage = await get<{ dailyActiveUsers: number[]; account: { weeklyActiveUsers: number[] } }>(
        `/api/v1/accounts/${world.a}/usage?asOf=${AS_OF}`,
      );
      const daily = usage.dailyActiveUsers;
      assert.equal(daily.length, 7 * usage.account.weeklyActiveUsers.length);
      const at = (day: string) => daily[daily.length - 1 - (Date.parse(AS_OF) - Date.parse(day)) / 86_400_000];
      // Acme: u1 every day of March from the 2nd, u2 on the 10th and the 20th.
      assert.deepEqual([at('2026-03-31'), at('2026-03-20'), at('2026-03-10'), at('2026-03-01')], [1, 2, 2, 0]);
      // No day has more users than its week.
      usage.account.weeklyActiveUsers.forEach((weekly, w) => {
        assert.ok(Math.max(...daily.slice(7 * w, 7 * w + 7)) <= weekly, `week ${w}`);
      });
      const birch = await get<{ dailyActiveUsers: number[] }>(`/api/v1/accounts/${world.b}/usage?asOf=${AS_OF}`);
      assert.equal(Math.max(...birch.dailyActiveUsers), 5, 'five users shared dashboards on 02-10');
    });
  });
}
