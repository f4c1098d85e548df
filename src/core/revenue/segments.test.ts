import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseWindow } from '../period.ts';
import { aggregateLedger } from './aggregate.ts';
import { windowMetrics } from './metrics.ts';
import { aggregateByDimension, aggregateByPlan, metricsByDimension, metricsByPlan, signupCohorts } from './segments.ts';
import { ledgerFor, period } from './testing.ts';

describe('segments', () => {
  const ledger = ledgerFor(
    {
      periods: [
        period('a', '2024-01-01', '2024-03-01', 10_000, { plan: 'basic' }),
        period('a', '2024-03-01', null, 30_000, { plan: 'pro' }), // switches plan and pays more
        period('b', '2024-01-01', '2024-04-01', 10_000, { plan: 'basic' }),
        period('c', '2024-02-01', null, 30_000, { plan: 'pro' }),
        period('d', '2024-02-01', null, 5_000, { plan: null }),
      ],
    },
    '2024-06-30',
  );
  const industry = new Map<string | number, string | null>([
    ['a', 'retail'],
    ['b', 'retail'],
    ['c', 'health'],
  ]);

  it('splits every metric by an account value; the groups add up to the total', () => {
    const groups = aggregateByDimension(ledger, industry);
    assert.deepEqual([...groups.keys()].sort(), ['health', 'retail', null].sort());
    const total = aggregateLedger(ledger);
    for (const label of ['2024-02', '2024-03', '2024-04', '2024-Q1', '2024', 'T12M-2024-06']) {
      const w = parseWindow(label);
      const whole = windowMetrics(total, w);
      const parts = [...groups.values()].map((agg) => windowMetrics(agg, w));
      const sum = (pick: (m: typeof whole) => number) => parts.reduce((s, m) => s + pick(m), 0);
      assert.equal(
        sum((m) => m.mrrMinor),
        whole.mrrMinor,
        label,
      );
      assert.equal(
        sum((m) => m.churnMrrMinor),
        whole.churnMrrMinor,
        label,
      );
      assert.equal(
        sum((m) => m.payingCustomers),
        whole.payingCustomers,
        label,
      );
    }
    const rows = metricsByDimension(ledger, industry, 'month');
    assert.deepEqual(
      rows.map((r) => r.group),
      ['health', 'retail', null],
    );
    const retailApril = rows[1]?.metrics.find((m) => m.window.label === '2024-04');
    assert.deepEqual([retailApril?.churnedCustomers, retailApril?.startingCustomers], [1, 2]);
  });

  it('attributes each customer-month to its plan that month, moving a switcher as a transfer', () => {
    const march = parseWindow('2024-03');
    const byPlan = aggregateByPlan(ledger);
    const basic = windowMetrics(byPlan.get('basic')!, march);
    const pro = windowMetrics(byPlan.get('pro')!, march);
    assert.deepEqual(
      [basic.startingMrrMinor, basic.transferMinor, basic.churnMrrMinor, basic.mrrMinor],
      [20_000, -10_000, 0, 10_000],
    );
    assert.deepEqual(
      [pro.startingMrrMinor, pro.transferMinor, pro.expansionMrrMinor, pro.mrrMinor, pro.payingCustomers],
      [30_000, 10_000, 20_000, 60_000, 2],
    );
    // A plan switch is not churn: basic loses a customer without a churn.
    assert.deepEqual([basic.logoChurnRate, basic.payingCustomers], [0, 1]);
    const april = windowMetrics(byPlan.get('basic')!, parseWindow('2024-04'));
    assert.deepEqual([april.churnedCustomers, april.churnMrrMinor], [1, -10_000]);
    assert.deepEqual(
      metricsByPlan(ledger, 'month').map((b) => b.group),
      ['basic', 'pro', null],
    );
    for (const agg of byPlan.values()) {
      const q1 = windowMetrics(agg, parseWindow('2024-Q1'));
      const moved =
        q1.newMrrMinor + q1.expansionMrrMinor + q1.contractionMrrMinor + q1.churnMrrMinor + q1.reactivationMrrMinor;
      assert.equal(q1.startingMrrMinor + moved + q1.fxMinor + q1.transferMinor, q1.mrrMinor);
    }
  });

  it('gives each customer its signup cohort as a dimension', () => {
    assert.deepEqual(
      [...signupCohorts(ledger)],
      [
        ['a', '2024-01'],
        ['b', '2024-01'],
        ['c', '2024-02'],
        ['d', '2024-02'],
      ],
    );
  });
});
