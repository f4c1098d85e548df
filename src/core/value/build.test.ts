import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { buildValueReport, checkPeriod, lastFullQuarter, percentileRank, periodDays, quantile } from './build.ts';
import type { ValueReportInput } from './types.ts';
import { reportView, viewFigures } from './view.ts';

const input = (over: Partial<ValueReportInput> = {}): ValueReportInput => ({
  asOf: '2026-04-02',
  period: { from: '2026-01', to: '2026-03' },
  company: { name: 'Co', brandColor: '#112233' },
  account: { externalId: 'a', name: 'A', segment: 'SMB', sizeBand: '1-50', plan: 'Pro' },
  outcomes: [],
  readings: [],
  activeUsersByMonth: [
    { month: '2026-01', users: 0 },
    { month: '2026-03', users: 4 },
  ],
  catalog: [{ key: 'export', name: 'Export' }],
  featureUsage: [{ key: 'export', events: 90, firstUsedOn: '2025-11-02' }],
  milestones: [],
  valueMetrics: [],
  peers: [],
  minPeers: 5,
  ...over,
});

describe('value report builder', () => {
  it('takes the last full quarter, across a year end', () => {
    assert.deepEqual(lastFullQuarter('2026-01-15'), { from: '2025-10', to: '2025-12' });
    assert.deepEqual(lastFullQuarter('2026-06-30'), { from: '2026-01', to: '2026-03' });
    assert.deepEqual(lastFullQuarter('2026-07-01'), { from: '2026-04', to: '2026-06' });
  });

  it('ends a period that is still running on the day the report is made; leap years count', () => {
    assert.deepEqual(periodDays({ from: '2024-02', to: '2024-02' }, '2024-03-10'), {
      firstDay: '2024-02-01',
      lastDay: '2024-02-29',
      months: 1,
    });
    assert.equal(periodDays({ from: '2026-01', to: '2026-03' }, '2026-03-05').lastDay, '2026-03-05');
    assert.throws(
      () => checkPeriod({ from: '2027-01', to: '2027-01' }, '2026-03-05'),
      /from 2027-01: the period starts after this month/,
    );
  });

  it('quantiles and percentile ranks: known answers', () => {
    assert.equal(quantile([1, 2, 3, 4, 5], 0.5), 3);
    assert.equal(quantile([1, 2, 3, 4], 0.25), 1.75);
    assert.equal(percentileRank([1, 2, 3, 4], 5), 100);
    assert.equal(percentileRank([1, 2, 3, 4], 0), 0);
    assert.equal(percentileRank([1, 2, 2, 4], 2), 50);
  });

  it('percentile ranks stay within 0–100 and never fall as the value rises', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 0, max: 50 }), { minLength: 1 }),
        fc.integer({ min: 0, max: 50 }),
        (xs, v) => {
          const r = percentileRank(xs, v);
          return r >= 0 && r <= 100 && percentileRank(xs, v + 1) >= r;
        },
      ),
    );
  });

  it('measures an outcome per month from a feature, progress downwards towards a lower target, growth from zero', () => {
    const m = buildValueReport(
      input({
        outcomes: [
          { metric: 'Export per month', baseline: 10, target: 40, due_date: '2026-06-30' },
          { metric: 'Tickets', baseline: 20, target: 10, due_date: '2026-06-30' },
          { metric: 'NPS', baseline: 10, target: 30, due_date: '2026-06-30' },
        ],
        readings: [{ metric: 'tickets', value: 8, recordedOn: '2026-02-01' }],
      }),
    );
    assert.deepEqual(
      m.outcomes.map((o) => [o.now, o.progressPct, o.status]),
      [
        [30, 66.7, 'in progress'],
        [8, 120, 'achieved'],
        [null, null, 'not measured'],
      ],
    );
    assert.equal(m.usage.activeUserGrowthPct, null);
    assert.deepEqual(m.usage.featuresAdopted, []);
  });

  it('compares with similar customers only from the minimum count, and the view prints every figure', () => {
    const peers = [1, 2, 3, 5, 8].map((n) => ({ activeUsersEnd: n, featuresUsed: 1, activeUserGrowthPct: n }));
    assert.equal(buildValueReport(input({ peers: peers.slice(0, 4) })).peers.shown, false);
    const m = buildValueReport(input({ peers }));
    assert.ok(m.peers.shown);
    assert.deepEqual(m.peers.rows[0], {
      measure: 'Active users at the end of the period',
      customer: 4,
      p25: 2,
      median: 3,
      p75: 5,
      percentile: 60,
    });
    // Growth is not compared for this customer (no users at the start): shown as "–".
    assert.equal(m.peers.rows[2]?.customer, null);
    assert.ok(viewFigures(reportView(m)).includes('60th'));
  });

  it('writes percentiles as English ordinals (1st, 2nd, 3rd, 11th, 22nd), not "1th"', () => {
    const peers = [1, 2, 3, 5, 8].map((n) => ({ activeUsersEnd: n, featuresUsed: 1, activeUserGrowthPct: n }));
    const m = buildValueReport(input({ peers }));
    assert.ok(m.peers.shown);
    const expected: [number, string][] = [
      [1, '1st'],
      [2, '2nd'],
      [3, '3rd'],
      [4, '4th'],
      [11, '11th'],
      [12, '12th'],
      [13, '13th'],
      [21, '21st'],
      [22, '22nd'],
      [23, '23rd'],
      [100, '100th'],
      [0, '0th'],
    ];
    for (const [n, text] of expected) {
      const row = m.peers.rows[0];
      assert.ok(row);
      row.percentile = n;
      assert.ok(viewFigures(reportView(m)).includes(text), `${n} → ${text}`);
    }
  });
});
