// Adoption metrics on a crafted fixture whose every number is computed by hand (see the comments), on each engine.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  accountUsage,
  adoptionBySegment,
  adoptionReport,
  adoptionVsRetention,
  featureAdoption,
} from '../src/services/adoption.ts';
import { AS_OF, fixture } from './helpers/adoption.ts';
import { withStore } from './helpers/import.ts';
import { engines } from './helpers/store.ts';

function close(actual: number | null, expected: number, what: string): void {
  assert.ok(actual !== null && Math.abs(actual - expected) < 1e-12, `${what}: ${actual} ≠ ${expected}`);
}

for (const engine of engines()) {
  describe(`adoption on ${engine.name}`, () => {
    it('computes every metric of the crafted accounts as worked out by hand', async () => {
      await withStore(engine, async (store) => {
        const { ctx } = await fixture(store);
        const { rows } = await adoptionReport({ ctx, asOf: AS_OF });
        // Cedar churned at the end of 2025: only accounts paying on asOf are reported.
        assert.deepEqual(
          rows.map((r) => r.name),
          ['Acme', 'Birch', 'Dune', 'Elm'],
        );
        const [acme, birch, dune, elm] = rows;
        // Acme. DAU: u1 30 days + u2 2 days = 32. WAU: u1 30 + u2 7 + 7 = 44. MAU: u1 30, u2 from 03-10 on (22),
        // u3 (02-01) still counts on 03-02 only (1) = 53. Averages over 30 days.
        close(acme!.dau, 32 / 30, 'dau');
        close(acme!.wau, 44 / 30, 'wau');
        close(acme!.mau, 53 / 30, 'mau');
        close(acme!.stickiness, 32 / 53, 'stickiness');
        assert.equal(acme!.activeUsers, 2);
        assert.equal(acme!.licensedSeats, 4);
        close(acme!.seatUtilization, 0.5, 'seat utilization');
        assert.deepEqual([acme!.featuresIncluded, acme!.featuresUsed], [3, 2]);
        close(acme!.featureUsageRate, 2 / 3, 'feature usage rate');
        assert.equal(acme!.level, 'mid'); // features high (≥ 40%), seats mid (50%): the lower one
        assert.deepEqual(
          acme!.modules.map((m) => [m.module, m.included, m.used, m.breadth, m.events, m.depth]),
          [
            ['admin', 1, 0, 0, 1, 0.5],
            ['reports', 2, 2, 1, 34, 17],
          ],
        );
        assert.equal(acme!.firstPaidDay, '2026-01-01');
        assert.equal(acme!.firstValueDay, '2026-01-05');
        assert.equal(acme!.timeToFirstValueDays, 4);
        assert.deepEqual(acme!.milestones30, { total: 2, reached: 1, due: true });
        assert.deepEqual(acme!.milestones90, { total: 0, reached: 0, due: false });
        assert.deepEqual(acme!.trend, { recentActiveUsers: 2, previousActiveUsers: 1, change: 1, declining: false });
        assert.deepEqual(acme!.expansion, {
          seatsNearLimit: false,
          outOfPlanFeatures: ['sso_configured'],
          signal: true,
        });

        // Birch: v1 on 03-31 only in the window; v1…v5 on 02-10 count in MAU until 03-11 (10 window days each).
        close(birch!.dau, 1 / 30, 'dau');
        close(birch!.wau, 1 / 30, 'wau');
        close(birch!.mau, 51 / 30, 'mau');
        close(birch!.seatUtilization, 0.1, 'seat utilization');
        close(birch!.featureUsageRate, 1 / 6, 'feature usage rate');
        assert.equal(birch!.level, 'low');
        assert.deepEqual(birch!.trend, { recentActiveUsers: 1, previousActiveUsers: 5, change: -0.8, declining: true });
        assert.equal(birch!.timeToFirstValueDays, 405); // 2025-01-01 → 2026-02-10
        assert.deepEqual(birch!.milestones90, { total: 1, reached: 0, due: true });
        assert.equal(birch!.expansion.signal, false);

        // Dune: paying since 03-15, no seat count, no usage.
        assert.deepEqual(
          [dune!.activeUsers, dune!.seatUtilization, dune!.featureUsageRate, dune!.level, dune!.stickiness],
          [0, null, 0, 'low', null],
        );
        assert.deepEqual(dune!.milestones30, { total: 2, reached: 0, due: false });
        assert.equal(dune!.timeToFirstValueDays, null);
        // Elm: first value 2025-03-20, 78 days after 2025-01-01; nothing used lately.
        assert.equal(elm!.timeToFirstValueDays, 78);
        assert.equal(elm!.level, 'low');
      });
    });

    it('groups by segment, rates features and checks outcomes by the level a year earlier', async () => {
      await withStore(engine, async (store) => {
        const { ctx, a } = await fixture(store);
        const { groups } = await adoptionBySegment({ ctx, asOf: AS_OF, by: 'industry' });
        assert.deepEqual(
          groups.map((g) => [g.group, g.accounts, g.low, g.mid, g.high, g.declining, g.expansionSignals]),
          [
            ['fintech', 2, 2, 0, 0, 1, 0],
            ['retail', 2, 1, 1, 0, 0, 1],
          ],
        );
        close(groups[0]!.seatUtilization, 1 / 11, 'fintech seats: (1 + 0) ÷ (10 + 1)');
        const filtered = await adoptionReport({ ctx, asOf: AS_OF, filters: { plan: 'Pro' } });
        assert.deepEqual(
          filtered.rows.map((r) => r.name),
          ['Birch', 'Elm'],
        );

        const { features } = await featureAdoption({ ctx, asOf: AS_OF });
        const sso = features.find((f) => f.key === 'sso_configured')!;
        assert.deepEqual([sso.accountsIncluded, sso.accountsUsing, sso.accountsUsingOutsidePlan], [2, 0, 1]);
        const created = features.find((f) => f.key === 'report_created')!;
        assert.deepEqual([created.accountsIncluded, created.accountsUsing, created.usageRate], [4, 2, 0.5]);

        // Paying on 2025-03-31: Birch (low: nothing used), Cedar (low, churned in 2026-01), Elm (high: 3 of 6
        // features, 1 of 1 seat). Low: MRR 25000 → 20000, one churn of two. High: 30000 → 30000.
        const retention = await adoptionVsRetention({ ctx, asOf: AS_OF });
        assert.equal(retention.measuredAt, '2025-03-31');
        const pick = (level: string) => retention.levels.find((l) => l.level === level)!;
        assert.deepEqual(
          [pick('low').customers, pick('low').nrr, pick('low').grr, pick('low').logoChurnRate, pick('low').renewalRate],
          [2, 0.8, 0.8, 0.5, 0.5],
        );
        assert.deepEqual([pick('high').customers, pick('high').nrr, pick('high').renewalRate], [1, 1, 1]);
        assert.deepEqual([pick('mid').customers, pick('mid').nrr], [0, null]);
        assert.equal(pick('all').customers, 3);

        const usage = await accountUsage({ ctx, accountId: a, asOf: AS_OF });
        assert.deepEqual(
          usage.features.filter((f) => f.used).map((f) => [f.key, f.included]),
          [
            ['sso_configured', false], // catalog order: module, then key
            ['report_created', true],
            ['report_exported', true],
          ],
        );
        assert.equal(usage.features.find((f) => f.key === 'user_invited')!.firstUsed, '2026-01-05');
      });
    });
  });
}
