import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseWindow } from '../period.ts';
import { aggregateLedger } from './aggregate.ts';
import { evaluateBenchmarks, windowTarget } from './benchmarks.ts';
import { windowMetrics } from './metrics.ts';
import { ledgerFor, period } from './testing.ts';

const statuses = (row: Parameters<typeof evaluateBenchmarks>[0]) =>
  Object.fromEntries(evaluateBenchmarks(row).map((b) => [b.id, b.status]));

describe('benchmarks (David Skok, Drift)', () => {
  const customers = Array.from({ length: 40 }, (_, i) => period(`c${i}`, '2024-01-01', null, 10_000));

  it('passes a month with expansion over churn and churn under the goals', () => {
    const periods = [
      ...customers,
      period('c0', '2024-02-01', null, 20_000),
      period('gone', '2024-01-01', '2024-02-01', 1_000),
    ];
    const feb = windowMetrics(aggregateLedger(ledgerFor({ periods }, '2024-02-29')), parseWindow('2024-02'));
    // 1 of 41 customers left (2.4%); 10 of 4,010 dollars churned (0.25%); expansion 200 > churn 10.
    assert.deepEqual(statuses(feb), {
      logoChurn: 'pass',
      mrrChurn: 'pass',
      netMrrChurn: 'pass',
      expansionOffsetsChurn: 'pass',
    });
  });

  it('fails a month losing 3 of 40 customers without expansion, and compounds the goal over a quarter', () => {
    const periods = customers.map((p, i) => ({ ...p, startOn: '2023-12-01', endOn: i < 3 ? '2024-02-01' : null }));
    const agg = aggregateLedger(ledgerFor({ periods }, '2024-06-30'));
    const feb = windowMetrics(agg, parseWindow('2024-02'));
    assert.deepEqual(statuses(feb), {
      logoChurn: 'fail',
      mrrChurn: 'fail',
      netMrrChurn: 'fail',
      expansionOffsetsChurn: 'fail',
    });
    const q1 = evaluateBenchmarks(windowMetrics(agg, parseWindow('2024-Q1')));
    // 7.5% in a quarter is 2.57% a month compounded (not 2.5%): under the 5% goal, 14.26% a quarter.
    assert.equal(q1.find((b) => b.id === 'logoChurn')?.value, 1 - Math.pow(1 - 3 / 40, 1 / 3));
    assert.equal(q1.find((b) => b.id === 'logoChurn')?.status, 'pass');
    assert.ok(Math.abs(windowTarget(0.05, 3) - 0.142625) < 1e-12);
  });

  it('holds a trailing year to the monthly goal compounded over twelve months, not to 5%', () => {
    // 10 of 40 customers gone over a year: 25% a year, 2.37% a month compounded: passes 5% a month (46% a year).
    const periods = customers.map((p, i) => ({ ...p, startOn: '2023-01-01', endOn: i < 10 ? '2023-08-01' : null }));
    const agg = aggregateLedger(ledgerFor({ periods }, '2024-06-30'));
    const t12m = windowMetrics(agg, parseWindow('T12M-2024-01'));
    assert.equal(t12m.logoChurnRate, 10 / 40);
    const logo = evaluateBenchmarks(t12m).find((b) => b.id === 'logoChurn');
    assert.equal(logo?.status, 'pass');
    assert.ok(Math.abs((logo?.value ?? 0) - (1 - Math.pow(0.75, 1 / 12))) < 1e-12);
    // 60 of 100 gone in a year fails: more than 46%.
    const many = Array.from({ length: 100 }, (_, i) =>
      period(`m${i}`, '2023-01-01', i < 60 ? '2023-08-01' : null, 1_000),
    );
    const failing = windowMetrics(
      aggregateLedger(ledgerFor({ periods: many }, '2024-06-30')),
      parseWindow('T12M-2024-01'),
    );
    assert.equal(evaluateBenchmarks(failing).find((b) => b.id === 'logoChurn')?.status, 'fail');
  });

  it('says n/a where there is nothing to measure', () => {
    const first = windowMetrics(
      aggregateLedger(ledgerFor({ periods: customers }, '2024-01-31')),
      parseWindow('2024-01'),
    );
    assert.deepEqual(new Set(Object.values(statuses(first))), new Set(['n/a']));
  });
});
