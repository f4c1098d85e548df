// Renewal calendar, forecast, snapshots and accuracy, factors and the owner's category, on both engines, from the
// hand-computed contracts fixture (test/fixtures/renewals).
import assert from 'node:assert/strict';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { buildApp } from '../src/http/app.ts';
import { createApiKey } from '../src/services/api-keys.ts';
import type { ServiceContext } from '../src/services/context.ts';
import { importAccounts } from '../src/services/import-accounts.ts';
import { importFx } from '../src/services/import-fx.ts';
import { listAudit } from '../src/services/audit.ts';
import { accountRenewals, renewalCalendar } from '../src/services/renewals/calendar.ts';
import { renewalFactorReport } from '../src/services/renewals/factors.ts';
import {
  forecastAccuracy,
  renewalForecast,
  setForecastCategory,
  takeForecastSnapshots,
} from '../src/services/renewals/forecast.ts';
import { importContracts } from '../src/services/renewals/import-contracts.ts';
import { renewalReport } from '../src/services/renewals/report.ts';
import { listSnapshots } from '../src/store/renewal-forecast.ts';
import type { Store } from '../src/store/types.ts';
import { runTenure, tempDir } from './helpers/cli.ts';
import { engines, testContext } from './helpers/store.ts';

const FIXTURES = path.resolve(import.meta.dirname, 'fixtures', 'renewals');
const ACCOUNTS =
  'id,name,industry,owner_csm\nflat,Flat Inc,Software,Ana\nexpanded,Expanded Ltd,Software,Ana\n' +
  'churned,Gone Co,Retail,Bo\npending,Pending GmbH,Retail,Bo\n';

for (const engine of engines()) {
  describe(`renewal forecast (${engine.name})`, () => {
    let store: Store;
    let ctx: ServiceContext;
    before(async () => {
      store = await engine.open();
      ctx = testContext(store);
      await importFx({ ctx, input: { path: path.join(FIXTURES, 'fx.csv') } });
      await importAccounts({ ctx, input: { text: ACCOUNTS, name: 'accounts.csv' } });
      await importContracts({ ctx, input: { path: path.join(FIXTURES, 'contracts.csv') } });
    });
    after(() => store.close());

    it('lists upcoming renewals with ARR at stake, owner and a proposed category; health stays empty', async () => {
      const calendar = await renewalCalendar({ ctx, asOf: '2026-06-01', days: 90 });
      assert.deepEqual(calendar.windows, [
        { days: 30, renewals: 1, arrAtStakeMinor: 900_000 },
        { days: 90, renewals: 1, arrAtStakeMinor: 900_000 },
        { days: 180, renewals: 1, arrAtStakeMinor: 900_000 },
      ]);
      const [p] = calendar.items;
      assert.deepEqual(
        [p?.contractId, p?.accountName, p?.daysLeft, p?.owner, p?.status, p?.category, p?.categorySource, p?.health],
        ['P-1', 'Pending GmbH', 14, 'Bo', 'pending', 'likely', 'proposed', null],
      );
      const later = await renewalCalendar({ ctx, asOf: '2026-12-01', days: 30 });
      assert.deepEqual(
        later.items.map((i) => [i.contractId, i.arrAtStakeMinor]),
        [['F-2', 880_000]],
      );
      assert.deepEqual(
        later.windows.map((w) => w.renewals),
        [1, 4, 7],
      );
    });

    it("keeps the owner's category with who and when, audited, from that day on", async () => {
      const owner = { ...ctx, now: () => new Date('2026-05-20T10:00:00Z') };
      const set = await setForecastCategory({
        ctx: owner,
        contractId: 'P-1',
        input: { category: 'at_risk', note: 'champion left' },
      });
      assert.deepEqual(set, {
        contractId: 'P-1',
        category: 'at_risk',
        note: 'champion left',
        setBy: 'tenure',
        setAt: '2026-05-20T10:00:00.000Z',
      });
      const [entry] = (await listAudit({ ctx, query: { verb: 'renewal.forecast-category' } })).entries;
      assert.equal(entry?.target, 'contract:P-1');
      const now = await renewalCalendar({ ctx, asOf: '2026-06-01', days: 30 });
      assert.deepEqual([now.items[0]?.category, now.items[0]?.categorySource], ['at_risk', 'owner']);
      assert.equal(now.items[0]?.proposedCategory, 'likely');
      const before = await renewalCalendar({ ctx, asOf: '2026-05-19', days: 30 });
      assert.equal(before.items[0]?.categorySource, 'proposed');
      await assert.rejects(
        setForecastCategory({ ctx, contractId: 'nope', input: { category: 'lost' } }),
        /no contract/,
      );
    });

    it('forecasts a period: low counts commit, expected the probabilities, high all but lost', async () => {
      const forecast = await renewalForecast({ ctx, asOf: '2026-06-01', interval: 'quarter' });
      const q2 = forecast.periods.find((p) => p.period === '2026-Q2');
      // Renewed so far 40,000 (H, E, K-1, K-2); P-1 (9,000) at risk: expected + 9,000 × 0.4 = 3,600.
      assert.deepEqual(
        [q2?.due, q2?.open, q2?.renewedSoFarMinor, q2?.lowMinor, q2?.expectedMinor, q2?.highMinor],
        [5, 1, 4_000_000, 4_000_000, 4_360_000, 4_900_000],
      );
      assert.deepEqual(q2?.byCategory, { commit: 0, likely: 0, at_risk: 900_000, lost: 0 });
      assert.deepEqual(
        forecast.probabilities.map((p) => [p.category, p.probability, p.basis]),
        [
          ['commit', 0.95, 'default'],
          ['likely', 0.75, 'default'],
          ['at_risk', 0.4, 'default'],
          ['lost', 0, 'default'],
        ],
      );
    });

    it('rebuilds past forecasts from the contracts known then, once, and compares them with what renewed', async () => {
      const first = await takeForecastSnapshots({ ctx, today: '2026-06-30' });
      assert.equal(first.taken, 22); // 11 renewals due by 2026-07-30, at 90 and 30 days
      assert.equal((await takeForecastSnapshots({ ctx, today: '2026-06-30' })).taken, 0);
      const accuracy = await forecastAccuracy({ ctx, asOf: '2026-06-30', interval: 'quarter' });
      assert.deepEqual(
        accuracy.periods.map((p) => [p.period, p.due, p.renewedMinor]),
        [['2026-Q1', 6, 7_980_000]],
      );
      const [h90, h30] = accuracy.periods[0]?.horizons ?? [];
      // 90 days before: all six open and likely: 85,000 × 0.75 = 63,750 against 79,800 renewed.
      assert.deepEqual(
        [h90?.renewals, h90?.lowMinor, h90?.expectedMinor, h90?.highMinor, h90?.actualMinor, h90?.withinRange],
        [6, 0, 6_375_000, 8_500_000, 7_980_000, true],
      );
      assert.equal(h90?.error?.toFixed(6), '-0.201128');
      assert.equal(h90?.recomputed, 6);
      // 30 days before: F renewed early (8,800 known); the other five likely: 77,000 × 0.75 + 8,800 = 66,550.
      assert.deepEqual([h30?.lowMinor, h30?.expectedMinor, h30?.highMinor], [880_000, 6_655_000, 8_580_000]);
      assert.equal(h30?.error?.toFixed(6), '-0.166040');
      assert.equal(accuracy.meanAbsoluteError[0]?.error?.toFixed(6), '0.201128');
      // On F-2's 30-day day itself the job takes it live ('daily'); earlier days missed are rebuilt.
      await takeForecastSnapshots({ ctx, today: '2026-11-20' });
      const f2 = (await listSnapshots(store)).filter((s) => s.contractId === 'F-2');
      assert.deepEqual(
        f2.map((s) => [s.horizonDays, s.asOf, s.method]),
        [
          [30, '2026-11-20', 'daily'],
          [90, '2026-09-21', 'recomputed'],
        ],
      );
    });

    it('ranks the factors with data and says what would fill the others', async () => {
      const report = await renewalFactorReport({ ctx, asOf: '2026-06-30' });
      assert.equal(report.closedRenewals, 10);
      const industry = report.factors.find((f) => f.key === 'industry');
      assert.deepEqual(
        industry?.groups.map((g) => [g.group, g.renewals, g.renewed, g.dueAmountMinor, g.renewedAmountMinor]),
        [
          ['Software', 2, 2, 3_000_000, 3_500_000],
          ['Retail', 1, 0, 500_000, 0],
        ],
      );
      assert.equal(report.factors[0]?.key, 'industry');
      const expectations = report.factors.find((f) => f.key === 'expectations');
      assert.match(expectations?.missing ?? '', /promised at the sale/);
      assert.match(report.factors.find((f) => f.key === 'onboarding')?.missing ?? '', /usage/);
    });

    it('breaks rates down by the owner on the due day', async () => {
      const report = await renewalReport({ ctx, asOf: '2026-06-30', interval: 'year', by: 'owner_csm' });
      const rows = report.rows.filter((r) => 'group' in r && r.period === '2026');
      assert.deepEqual(
        rows.map((r) => ['group' in r ? r.group : '', r.due, r.renewed, r.churned, r.pending]),
        [
          ['(none)', 9, 7, 0, 1],
          ['Ana', 2, 2, 0, 0],
          ['Bo', 2, 0, 1, 1],
        ],
      );
    });

    it('answers over HTTP: rates, calendar, forecast, accuracy, factors, the category and an account', async () => {
      const read = { authorization: `Bearer ${(await createApiKey({ ctx, scope: 'read' })).key}` };
      const write = { authorization: `Bearer ${(await createApiKey({ ctx, scope: 'write' })).key}` };
      const app = await buildApp({ ctx, checkResponses: true });
      try {
        const get = (url: string) => app.inject({ method: 'GET', url, headers: read });
        for (const url of [
          '/api/v1/renewals?interval=quarter&by=industry&asOf=2026-06-30',
          '/api/v1/renewals/calendar?days=180&asOf=2026-06-01',
          '/api/v1/renewals/forecast?asOf=2026-06-01',
          '/api/v1/renewals/accuracy?asOf=2026-06-30&interval=year',
          '/api/v1/renewals/factors?asOf=2026-06-30',
        ]) {
          const res = await get(url);
          assert.equal(res.statusCode, 200, `${url}: ${res.body}`);
        }
        assert.equal((await get('/api/v1/renewals/calendar?days=0')).statusCode, 400);
        assert.equal((await get('/api/v1/renewals?by=plan&interval=week')).statusCode, 400);
        const put = (id: string, payload: Record<string, unknown>, headers = write) =>
          app.inject({ method: 'PUT', url: `/api/v1/renewals/${id}/forecast-category`, payload, headers });
        const ok = await put('P-1', { category: 'commit' });
        assert.equal(ok.statusCode, 200, ok.body);
        assert.equal(ok.json<{ setBy: string }>().setBy.length > 0, true);
        assert.equal((await put('P-1', { category: 'maybe' })).statusCode, 400);
        assert.equal((await put('nope', { category: 'lost' })).statusCode, 404);
        assert.equal((await put('P-1', { category: 'lost' }, read)).statusCode, 403);
        const accounts = await get('/api/v1/accounts?asOf=2026-06-01&q=pending');
        const [item] = accounts.json<{ items: { nextRenewalOn: string | null }[] }>().items;
        assert.equal(item?.nextRenewalOn, '2026-06-15');
        const [row] = await store.query<{ id: number }>(`SELECT id FROM accounts WHERE external_id = 'early'`);
        const file = await get(`/api/v1/accounts/${row?.id}/renewals?asOf=2026-06-01`);
        assert.equal(file.statusCode, 200, file.body);
        const body = file.json<{
          next: { contractId: string } | null;
          contracts: { contractId: string; status: string }[];
        }>();
        assert.equal(body.next?.contractId, 'F-2');
        assert.deepEqual(
          body.contracts.map((c) => [c.contractId, c.status]),
          [
            ['F-2', 'pending'],
            ['F-1', 'renewed'],
          ],
        );
        assert.equal((await get('/api/v1/accounts/999999/renewals')).statusCode, 404);
      } finally {
        await app.close();
      }
    });

    it('gives an account page its contracts (service)', async () => {
      const [row] = await store.query<{ id: number }>(`SELECT id FROM accounts WHERE external_id = 'churned'`);
      const file = await accountRenewals({ ctx, accountId: Number(row?.id), asOf: '2026-06-30' });
      assert.equal(file.next, null);
      assert.deepEqual(
        file.contracts.map((c) => [c.contractId, c.status]),
        [['D-1', 'churned']],
      );
    });
  });
}

describe('tenure renewals calendar (CLI)', () => {
  it('prints the calendar as CSV, and refuses a bad --days with exit 2', () => {
    const dataDir = path.join(tempDir(), 'data');
    const env = { TENURE_REPORTING_CURRENCY: 'USD' };
    assert.equal(runTenure(['import', 'fx', path.join(FIXTURES, 'fx.csv'), '--data-dir', dataDir], env).status, 0);
    const contracts = path.join(FIXTURES, 'contracts.csv');
    assert.equal(runTenure(['import', 'contracts', contracts, '--data-dir', dataDir], env).status, 0);
    const args = ['renewals', 'calendar', '--format', 'csv', '--days', '180', '--as-of', '2026-12-01'];
    const out = runTenure([...args, '--data-dir', dataDir], env);
    assert.equal(out.status, 0, out.stderr);
    const lines = out.stdout.trim().split('\n');
    assert.equal(
      lines[0],
      'due_date,days_left,contract_id,account_id,account,arr,status,owner,adoption_level,nps,health,forecast_category,category_source,auto_renew,health_band,churn_risk',
    );
    assert.equal(lines.length, 8);
    assert.match(lines[1] ?? '', /^2026-12-20,19,F-2,\d+,early,8800\.00,pending,,,,,likely,proposed,yes,,$/);
    const bad = runTenure(['renewals', 'calendar', '--days', 'soon', '--data-dir', dataDir], env);
    assert.equal(bad.status, 2);
    assert.match(bad.stderr, /--days must be a whole number of days, found "soon"/);
    const negative = runTenure(['renewals', 'calendar', '--days', '-1', '--data-dir', dataDir], env);
    assert.equal(negative.status, 2);
    assert.match(negative.stderr, /--days must be a whole number of days from 1 to 730, found "-1"/);
  });
});
