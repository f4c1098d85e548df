// loadDemo and `tenure demo`: the generated company lands whole in an empty store, the stored ledger agrees
// with the pure engine on the same data, and a store that holds anything is refused with nothing written.
import assert from 'node:assert/strict';
import path from 'node:path';
import { describe, it } from 'node:test';
import { generateDemo } from '../src/core/demo/index.ts';
import { aggregateLedger, computeLedger, monthlyTotals } from '../src/core/revenue/index.ts';
import { monthIndex } from '../src/core/period.ts';
import { sizeBand } from '../src/importers/csv/accounts.ts';
import { loadDemo } from '../src/services/demo.ts';
import { UsageError } from '../src/services/errors.ts';
import { revenueMetrics } from '../src/services/revenue-reports.ts';
import type { Queryable } from '../src/store/types.ts';
import { runTenure, tempDir } from './helpers/cli.ts';
import { countRows, withStore } from './helpers/import.ts';
import { engines, testContext } from './helpers/store.ts';

const AS_OF = '2026-11-22';
const OPTIONS = { seed: 5, accounts: 200, endMonth: '2026-10' };
const TABLES = ['accounts', 'subscription_periods', 'fx_rates', 'import_runs', 'revenue_movements'];

/** Monthly MRR and paying customers of the same company computed by the pure engine, without the store. */
function expectedTotals() {
  const company = generateDemo(OPTIONS);
  const periods = company.periods.map((p, i) => ({
    id: i,
    accountId: p.account_external_id,
    subscriptionId: p.subscription_external_id,
    startOn: p.start_on,
    endOn: p.end_on,
    monthlyAmountMinor: p.monthly_amount_minor,
    currency: p.currency,
    plan: p.plan,
    quantity: p.quantity,
  }));
  const ledger = computeLedger({ periods, fxRates: company.fxRates }, { asOf: AS_OF, reportingCurrency: 'USD' });
  return { company, totals: monthlyTotals(aggregateLedger(ledger)) };
}

async function assertRefused(db: Queryable, load: () => Promise<unknown>, message: RegExp): Promise<void> {
  const before = await countRows(db, ...TABLES);
  await assert.rejects(load(), (error: unknown) => error instanceof UsageError && message.test(error.message));
  assert.deepEqual(await countRows(db, ...TABLES), before, 'nothing written');
}

for (const engine of engines()) {
  describe(`loadDemo on ${engine.name}`, () => {
    it('loads the company in one go, and the stored revenue reports match the pure engine', async () => {
      await withStore(engine, async (store) => {
        const ctx = testContext(store);
        const summary = await loadDemo({ ctx, ...OPTIONS, asOf: AS_OF });
        const { company, totals } = expectedTotals();
        assert.equal(summary.accounts, 200);
        assert.equal(summary.periods, company.periods.length);
        assert.deepEqual(await countRows(store, 'accounts', 'subscription_periods', 'fx_rates', 'import_runs'), {
          accounts: 200,
          subscription_periods: company.periods.length,
          fx_rates: company.fxRates.length,
          import_runs: 1,
        });
        const rows = await revenueMetrics({ ctx, query: { asOf: AS_OF, interval: 'month' } });
        assert.equal(
          rows.reduce((n, r) => n + r.newCustomers, 0),
          200,
          'every account is new once',
        );
        for (const expected of totals.filter((t) => t.month <= monthIndex(OPTIONS.endMonth))) {
          const row = rows.find((r) => r.window.startMonth === expected.month);
          assert.equal(row?.mrrMinor, expected.mrrMinor, `MRR in month ${expected.month}`);
          assert.equal(row?.payingCustomers, expected.payingCustomers);
        }
        const end = rows.find((r) => r.window.label === OPTIONS.endMonth);
        assert.equal(summary.mrrMinor, end?.mrrMinor);
        const bySegment = await revenueMetrics({ ctx, query: { asOf: AS_OF, interval: 'year', by: 'owner_csm' } });
        assert.ok(new Set(bySegment.map((r) => r.group)).size >= 6, 'the accounts are spread over the CSMs');
      });
    });

    it('stores accounts as the importers would: size bands as derived from employee counts', async () => {
      await withStore(engine, async (store) => {
        await loadDemo({ ctx: testContext(store), ...OPTIONS, asOf: AS_OF });
        const accounts = await store.query<{ employee_count: number; size_band: string; source: string }>(
          `SELECT employee_count, size_band, source FROM accounts`,
        );
        for (const a of accounts) assert.equal(a.size_band, sizeBand(a.employee_count));
        assert.ok(accounts.every((a) => a.source === 'demo'));
      });
    });

    it('refuses a store that already holds data, and bad options, writing nothing', async () => {
      await withStore(engine, async (store) => {
        const ctx = testContext(store);
        await assertRefused(store, () => loadDemo({ ctx, ...OPTIONS, endMonth: '2026-12', asOf: AS_OF }), /after/);
        const gbp = testContext(store, { reportingCurrency: 'GBP' });
        await assertRefused(store, () => loadDemo({ ctx: gbp, ...OPTIONS, asOf: AS_OF }), /USD or EUR/);
        await assertRefused(store, () => loadDemo({ ctx, ...OPTIONS, accounts: 0, asOf: AS_OF }), /accounts/);
        await loadDemo({ ctx, ...OPTIONS, asOf: AS_OF });
        await assertRefused(store, () => loadDemo({ ctx, ...OPTIONS, asOf: AS_OF }), /already holds 200 accounts/);
      });
    });
  });
}

describe('tenure demo', () => {
  it('loads into a new data directory, then refuses a second load with exit code 2', () => {
    const dataDir = path.join(tempDir(), 'data');
    const args = ['--data-dir', dataDir, 'demo', '--seed', '3', '--accounts', '150', '--end', '2025-06'];
    const first = runTenure(args);
    assert.equal(first.status, 0, first.stderr);
    assert.match(first.stdout, /150 accounts/);
    assert.match(first.stdout, /2022-07 to 2025-06/);
    const counts = () => JSON.parse(runTenure(['--data-dir', dataDir, 'status', '--format', 'json']).stdout) as object;
    const before = counts();
    assert.equal((before as { accounts: number }).accounts, 150);
    const second = runTenure(args);
    assert.equal(second.status, 2);
    assert.match(second.stderr, /already holds 150 accounts/);
    assert.deepEqual(counts(), before);
  });

  it('rejects bad option values with exit code 2', () => {
    assert.equal(runTenure(['demo', '--seed', 'abc']).status, 2);
    assert.equal(runTenure(['demo', '--accounts', '-5']).status, 2);
  });
});
