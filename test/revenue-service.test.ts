import assert from 'node:assert/strict';
import path from 'node:path';
import { describe, it } from 'node:test';
import { explainCustomer } from '../src/services/explain.ts';
import { importFx } from '../src/services/import-fx.ts';
import { importStripe } from '../src/services/import-stripe.ts';
import { importSubscriptions } from '../src/services/import-subscriptions.ts';
import { importAccounts } from '../src/services/import-accounts.ts';
import { cohortReport, revenueMetrics } from '../src/services/revenue-reports.ts';
import { currentLedger, refreshRevenue } from '../src/services/revenue.ts';
import type { RevenueMetrics } from '../src/core/revenue/index.ts';
import { loadLedgerCustomers } from '../src/store/revenue.ts';
import { runTenure, tempDir } from './helpers/cli.ts';
import { withStore } from './helpers/import.ts';
import { engines, testContext } from './helpers/store.ts';

const DBT = path.resolve(import.meta.dirname, 'fixtures/dbt-mrr-playbook/subscription_periods.csv');
const AS_OF = '2026-11-22';

/** Starting MRR + every movement + fx = ending MRR, in every window. */
function assertLedgerIdentity(rows: readonly RevenueMetrics[]): void {
  for (const r of rows) {
    const moved =
      r.newMrrMinor +
      r.expansionMrrMinor +
      r.contractionMrrMinor +
      r.churnMrrMinor +
      r.reactivationMrrMinor +
      r.fxMinor;
    assert.equal(r.startingMrrMinor + moved, r.mrrMinor, `ledger identity in ${r.window.label}`);
  }
}

for (const engine of engines()) {
  describe(`revenue service on ${engine.name}`, () => {
    it('reproduces the dbt mrr-playbook months from the stored ledger', async () => {
      await withStore(engine, async (store) => {
        const ctx = testContext(store);
        await importSubscriptions({ ctx, input: { path: DBT } });
        const rows = await revenueMetrics({ ctx, query: { asOf: AS_OF, interval: 'month' } });
        const month = (label: string) => rows.find((r) => r.window.label === label)!;
        const pick = (label: string) => {
          const r = month(label);
          return [
            r.mrrMinor,
            r.newMrrMinor,
            r.expansionMrrMinor,
            r.contractionMrrMinor,
            r.churnMrrMinor,
            r.reactivationMrrMinor,
          ];
        };
        assert.deepEqual(pick('2018-05'), [19000, 12000, 0, 0, -8000, 0]);
        assert.deepEqual(pick('2019-04'), [89500, 12000, 6500, 0, 0, 5000]);
        assert.deepEqual(pick('2019-08'), [124000, 10500, 0, -5500, -16000, 0]);
        // One row per month from the first with revenue through the month after the last.
        assert.equal(rows[0]?.window.label, '2017-09');
        assert.equal(rows.at(-1)?.window.label, '2020-02');
        assert.equal(rows.at(-1)?.mrrMinor, 0);
        assertLedgerIdentity(rows);
      });
    });

    it('breaks every metric down by segment, the groups adding up to the total, and builds cohorts', async () => {
      await withStore(engine, async (store) => {
        const ctx = testContext(store);
        await importSubscriptions({ ctx, input: { path: DBT } });
        // Odd customer ids are in retail, even ones in fintech, customer 1 also gets no industry at all.
        const accounts = [
          'id,name,industry',
          '1,One,',
          ...Array.from({ length: 54 }, (_, i) => `${i + 2},C${i + 2},${(i + 2) % 2 ? 'retail' : 'fintech'}`),
        ];
        await importAccounts({ ctx, input: { text: accounts.join('\n') + '\n', name: 'accounts.csv' } });
        const total = await revenueMetrics({ ctx, query: { asOf: AS_OF, interval: 'quarter' } });
        const byIndustry = await revenueMetrics({ ctx, query: { asOf: AS_OF, interval: 'quarter', by: 'industry' } });
        assert.deepEqual([...new Set(byIndustry.map((r) => r.group))].sort(), ['(none)', 'fintech', 'retail']);
        for (const t of total) {
          const groups = byIndustry.filter((r) => r.window.label === t.window.label);
          const sum = (f: (r: (typeof groups)[number]) => number) => groups.reduce((a, r) => a + f(r), 0);
          assert.equal(
            sum((r) => r.mrrMinor),
            t.mrrMinor,
            `MRR of ${t.window.label}`,
          );
          assert.equal(
            sum((r) => r.churnMrrMinor),
            t.churnMrrMinor,
            `churn of ${t.window.label}`,
          );
          assert.equal(
            sum((r) => r.churnedCustomers),
            t.churnedCustomers,
          );
        }
        const cohorts = await cohortReport({ ctx, asOf: AS_OF });
        assert.equal(cohorts[0]?.label, '2017-09');
        assert.equal(
          cohorts.reduce((a, c) => a + c.customers, 0),
          55,
        );
        for (const c of cohorts) assert.equal(c.logoRetention[0], 1);
        const retail = await cohortReport({ ctx, asOf: AS_OF, by: 'industry', group: 'retail' });
        assert.equal(
          retail.reduce((a, c) => a + c.customers, 0),
          27,
        );
      });
    });

    it('recomputes only the accounts an import touched, with the same result as a full recompute', async () => {
      await withStore(engine, async (store) => {
        const ctx = testContext(store);
        await importSubscriptions({ ctx, input: { path: DBT } });
        assert.equal((await refreshRevenue({ ctx, asOf: AS_OF })).scope, 'full');
        assert.equal((await refreshRevenue({ ctx, asOf: AS_OF })).scope, 'none');
        const changed =
          'subscription_id,customer_id,start_date,end_date,monthly_amount\n1,1,2018-11-01,2019-02-01,80\n';
        await importSubscriptions({ ctx, input: { text: changed, name: 'change.csv' } });
        const incremental = await refreshRevenue({ ctx, asOf: AS_OF });
        assert.deepEqual([incremental.scope, incremental.accounts], ['accounts', 1]);
        const afterIncremental = await loadLedgerCustomers(store, null);
        assert.equal((await refreshRevenue({ ctx, asOf: AS_OF, full: true })).scope, 'full');
        const afterFull = await loadLedgerCustomers(store, null);
        const byId = (list: typeof afterFull) => [...list].sort((a, b) => Number(a.accountId) - Number(b.accountId));
        assert.deepEqual(byId(afterIncremental), byId(afterFull));
        const ledger = await currentLedger({ ctx, asOf: AS_OF });
        const first = ledger.customers.find((c) => c.movements.some((m) => m.sourcesAfter.length > 0));
        assert.ok(first);
        // A new as-of day is a full recompute: ongoing service moves with it.
        assert.equal((await refreshRevenue({ ctx, asOf: '2026-11-23' })).scope, 'full');
      });
    });

    it('reads MRR from Stripe invoices after discounts, converted at the rate of the service start', async () => {
      await withStore(engine, async (store) => {
        const ctx = testContext(store);
        await importStripe({ ctx, input: { file: path.join(import.meta.dirname, 'fixtures/stripe/export.json') } });
        const fx = 'date,currency,rate\n2024-01-01,EUR,1.10\n2025-01-01,EUR,1.05\n';
        await importFx({ ctx, input: { text: fx, name: 'fx.csv' } });
        const rows = await revenueMetrics({ ctx, query: { asOf: '2025-05-20', interval: 'month' } });
        const may = rows.find((r) => r.window.label === '2025-05')!;
        // Acme 49.00 less 20% = 39.20; Umbrella EUR 33.61 after discount × 1.05 = 35.29; Initech 12 seats × 15.00.
        assert.deepEqual([may.mrrMinor, may.payingCustomers], [3920 + 3529 + 18000, 3]);
        const x = await explainCustomer({ ctx, asOf: '2025-05-20', customer: 'cus_umbrella' });
        assert.match(
          x.movements[0]!.after[0]!.description,
          /invoice in_umbrella_2505 line il_umbrella_2505: 33\.61 EUR/,
        );
        assertLedgerIdentity(rows);
      });
    });

    it('explains a customer movement by movement, down to the subscription periods', async () => {
      await withStore(engine, async (store) => {
        const ctx = testContext(store);
        await importSubscriptions({ ctx, input: { path: DBT } });
        const x = await explainCustomer({ ctx, asOf: AS_OF, customer: '1' });
        assert.deepEqual(
          x.movements.map((m) => [m.month, m.kind, m.amountMinor]),
          [
            ['2018-11', 'new', 5000],
            ['2019-02', 'churn', -5000],
            ['2019-04', 'reactivation', 5000],
            ['2019-06', 'expansion', 2500],
            ['2019-08', 'churn', -7500],
          ],
        );
        const expansion = x.movements[3]!;
        assert.deepEqual(
          [
            expansion.before.map((s) => s.fields.subscription_external_id),
            expansion.after.map((s) => s.fields.subscription_external_id),
          ],
          [['2'], ['3']],
        );
        assert.match(
          expansion.after[0]!.description,
          /subscription 3: 75\.00 USD\/month from 2019-06-01 to 2019-08-01/,
        );
        const onlyJune = await explainCustomer({ ctx, asOf: AS_OF, customer: '1', month: '2019-06' });
        assert.equal(onlyJune.movements.length, 1);
        await assert.rejects(explainCustomer({ ctx, asOf: AS_OF, customer: 'nobody' }), /no account with id "nobody"/);
      });
    });
  });
}

describe('revenue reports on the CLI', () => {
  it('prints the MRR and retention CSVs with the documented columns', () => {
    const dataDir = path.join(tempDir(), 'data');
    assert.equal(runTenure(['import', 'subscriptions', DBT, '--data-dir', dataDir]).status, 0);
    const mrr = runTenure(['report', 'mrr', '--format', 'csv', '--as-of', AS_OF, '--data-dir', dataDir]);
    assert.equal(mrr.status, 0, mrr.stderr);
    const lines = mrr.stdout.trim().split('\n');
    assert.ok(
      lines[0]!.startsWith(
        'month,mrr,customers,new,expansion,contraction,churn,reactivation,new_count,expansion_count,contraction_count,churn_count,reactivation_count',
      ),
    );
    assert.ok(lines.some((l) => l.startsWith('2018-05,190.00,3,120.00,0.00,0.00,-80.00,0.00,2,0,0,1,0')));
    assert.ok(lines.some((l) => l.startsWith('2019-08,1240.00,26,105.00,0.00,-55.00,-160.00,0.00,3,0,3,3,0')));
    const retention = runTenure([
      'report',
      'retention',
      '--format',
      'csv',
      '--as-of',
      AS_OF,
      '--from',
      '2018-06',
      '--to',
      '2018-08',
      '--data-dir',
      dataDir,
    ]);
    assert.equal(retention.status, 0, retention.stderr);
    const [header, ...rows] = retention.stdout.trim().split('\n');
    assert.ok(
      header!.startsWith(
        'month,logo_churn_rate,gross_mrr_churn_rate,net_mrr_churn_rate,expansion_rate,nrr,grr,nrr_12m,grr_12m',
      ),
    );
    assert.equal(rows.length, 3);
    // Under twelve months of history the trailing-twelve-month figures are empty, not zero.
    assert.match(rows[0]!, /^2018-06,\d\.\d{6},\d\.\d{6},-?\d\.\d{6},\d\.\d{6},\d\.\d{6},\d\.\d{6},,/);
    const bad = runTenure(['report', 'mrr', '--interval', 'fortnight', '--data-dir', dataDir]);
    assert.equal(bad.status, 2);
    assert.match(bad.stderr, /--interval must be one of/);
  });
});
