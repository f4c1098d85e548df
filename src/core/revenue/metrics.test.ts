import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseWindow } from '../period.ts';
import { aggregateLedger } from './aggregate.ts';
import { metricsSeries, windowMetrics } from './metrics.ts';
import { ledgerFor, period } from './testing.ts';

const close = (actual: number | null, expected: number, digits = 9) => {
  assert.ok(actual !== null, `expected ${expected}, got null`);
  assert.equal(Number(actual.toFixed(digits)), Number(expected.toFixed(digits)));
};

describe("metrics: the worked examples of Drift's customer success metrics", () => {
  it('February expansion of $100 over January-end MRR of $1,000 is a 10% expansion rate', () => {
    const periods = Array.from({ length: 10 }, (_, i) => period(`c${i}`, '2024-01-01', null, 10_000));
    periods.push(period('c0', '2024-02-01', null, 10_000)); // an upsell on top of c0's plan
    const agg = aggregateLedger(ledgerFor({ periods }, '2024-02-29'));
    const february = windowMetrics(agg, parseWindow('2024-02'));
    assert.equal(february.startingMrrMinor, 100_000);
    assert.equal(february.expansionMrrMinor, 10_000);
    assert.equal(february.expansionMrrRate, 0.1);
    assert.equal(february.netMrrChurnRate, -0.1);
    assert.equal(february.nrr, 1.1);
  });

  it('2 of 29 customers leaving, one paying $2,000 of $8,000, is 6.9% logo churn but over 25% MRR churn', () => {
    const periods = [
      period('big', '2024-01-01', '2024-06-01', 200_000),
      period('small', '2024-01-01', '2024-06-01', 10_000),
      period('mid', '2024-01-01', null, 70_000),
      ...Array.from({ length: 26 }, (_, i) => period(`c${i}`, '2024-01-01', null, 20_000)),
    ];
    const june = windowMetrics(aggregateLedger(ledgerFor({ periods }, '2024-06-30')), parseWindow('2024-06'));
    assert.deepEqual([june.startingCustomers, june.startingMrrMinor, june.churnedCustomers], [29, 800_000, 2]);
    close(june.logoChurnRate, 2 / 29);
    assert.equal(Math.round((june.logoChurnRate ?? 0) * 1000) / 10, 6.9);
    assert.ok((june.grossMrrChurnRate ?? 0) > 0.25);
    close(june.grossMrrChurnRate, 210_000 / 800_000);
  });
});

describe('metrics: windows, cohorts and undefined rates', () => {
  // A expands; B churns and comes back; C churns; D is new in 2024.
  const ledger = ledgerFor(
    {
      periods: [
        period('A', '2023-01-01', '2024-02-01', 10_000),
        period('A', '2024-02-01', null, 15_000),
        period('B', '2023-06-01', '2024-03-01', 10_000),
        period('B', '2024-09-01', null, 8_000),
        period('C', '2023-03-01', '2024-06-01', 10_000),
        period('D', '2024-05-01', null, 50_000),
      ],
    },
    '2024-12-31',
  );
  const agg = aggregateLedger(ledger);

  it('sums a quarter from the MRR at its start', () => {
    const q1 = windowMetrics(agg, parseWindow('2024-Q1'));
    assert.deepEqual([q1.startingMrrMinor, q1.startingCustomers, q1.months], [30_000, 3, 3]);
    assert.deepEqual([q1.expansionMrrMinor, q1.churnMrrMinor, q1.mrrMinor], [5_000, -10_000, 25_000]);
    close(q1.logoChurnRate, 1 / 3);
    close(q1.grossMrrChurnRate, 1 / 3);
    close(q1.netMrrChurnRate, 1 / 6);
    close(q1.nrr, 5 / 6);
    close(q1.grr, 2 / 3);
    assert.equal(q1.retentionBasis, 'period');
  });

  it('sums a year, with ARR, ARPA, quick ratio, LTV and the existing/new split', () => {
    const y = windowMetrics(agg, parseWindow('2024'));
    assert.deepEqual(
      [y.startingMrrMinor, y.newMrrMinor, y.expansionMrrMinor, y.churnMrrMinor, y.reactivationMrrMinor, y.mrrMinor],
      [30_000, 50_000, 5_000, -20_000, 8_000, 73_000],
    );
    assert.deepEqual([y.arrMinor, y.payingCustomers, y.churnedCustomers, y.retainedCustomers], [876_000, 3, 2, 2]);
    close(y.arpaMinor, 73_000 / 3);
    close(y.quickRatio, 63_000 / 20_000);
    close(y.ltvMinor, 73_000 / 3 / (2 / 3 / 12));
    close(y.existingCustomerMrrShare, 23_000 / 73_000);
    close(y.newCustomerMrrShare, 50_000 / 73_000);
    close(y.expansionShareOfGrossNewMrr, 13_000 / 63_000);
    close(y.newBusinessShareOfGrossNewMrr, 50_000 / 63_000);
  });

  it('reads trailing-twelve-month NRR and GRR as a cohort, counting a returned customer at its MRR now', () => {
    const t12m = windowMetrics(agg, parseWindow('T12M-2024-12'));
    assert.equal(t12m.retentionBasis, 'cohort');
    close(t12m.nrr, (15_000 + 8_000 + 0) / 30_000);
    close(t12m.grr, (10_000 + 8_000 + 0) / 30_000);
    assert.equal(t12m.retainedCustomers, 2);
    // The churn figures beside them are the same cohort's: 1 of 3 gone, GRR = 1 − gross, NRR = 1 − net.
    close(t12m.logoChurnRate, 1 / 3);
    close(t12m.grossMrrChurnRate, 1 - (10_000 + 8_000) / 30_000);
    close(t12m.netMrrChurnRate, 1 - (15_000 + 8_000) / 30_000);
    close(t12m.expansionMrrRate, 5_000 / 30_000);
  });

  it("lets a renewal's fx effect into trailing NRR and GRR, and keeps it out of the month's rates", () => {
    const fxRates = [
      { day: '2023-01-01', currency: 'EUR', quote: 'USD', rate: 1.1 },
      { day: '2024-01-01', currency: 'EUR', quote: 'USD', rate: 1.2 },
    ];
    // 100.00 EUR a month: 110.00 USD through 2023, renewed at 120.00 USD for 2024.
    const periods = [
      period('eu', '2023-01-01', '2024-01-01', 10_000, { currency: 'EUR' }),
      period('eu', '2024-01-01', null, 10_000, { currency: 'EUR' }),
    ];
    const agg = aggregateLedger(ledgerFor({ periods, fxRates }, '2024-06-30'));
    const january = windowMetrics(agg, parseWindow('2024-01'));
    assert.deepEqual([january.fxMinor, january.nrr, january.grr], [1_000, 1, 1]);
    const t12m = windowMetrics(agg, parseWindow('T12M-2024-01'));
    close(t12m.nrr, 12_000 / 11_000);
    close(t12m.grr, 1);
  });

  it('counts reactivation in no churn, expansion or retention rate', () => {
    const september = windowMetrics(agg, parseWindow('2024-09'));
    assert.deepEqual([september.reactivations, september.reactivationMrrMinor], [1, 8_000]);
    assert.deepEqual(
      [september.logoChurnRate, september.grossMrrChurnRate, september.netMrrChurnRate, september.expansionMrrRate],
      [0, 0, 0, 0],
    );
    assert.deepEqual([september.nrr, september.grr], [1, 1]);
  });

  it('leaves a rate null when its denominator is empty', () => {
    const first = windowMetrics(agg, parseWindow('2023-01'));
    assert.deepEqual(
      [first.startingCustomers, first.logoChurnRate, first.nrr, first.quickRatio],
      [0, null, null, null],
    );
    assert.equal(first.arpaMinor, 10_000);
    const short = windowMetrics(agg, parseWindow('T12M-2023-12'));
    assert.deepEqual([short.nrr, short.grr], [null, null]);
    const months = metricsSeries(agg, 'month');
    assert.equal(months.length, 24);
    assert.equal(months[1]?.ltvMinor, null); // no churn: LTV unbounded
  });

  it('cuts a window at asOf and says so', () => {
    const partial = windowMetrics(
      aggregateLedger(ledgerFor({ periods: [period('x', '2024-01-01', null, 100)] }, '2024-05-10')),
      parseWindow('2024-Q2'),
    );
    assert.deepEqual([partial.complete, partial.months, partial.mrrMinor], [false, 2, 100]);
    assert.equal(partial.nrr, 1);
  });
});
