import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { monthIndex } from '../period.ts';
import { paidStretchStart, referenceVerdict, type ReferenceFacts } from './candidates.ts';

const NOW = monthIndex('2026-03');
const RULE = { month: NOW, minTenureMonths: 12 };
const GOOD: ReferenceFacts = {
  nps: { score: 10, on: '2026-02-01' },
  health: { band: 'green', score: 82 },
  adoption: { level: 'high', featureUsageRate: 0.75 },
  paidSince: monthIndex('2025-01'),
};

describe('reference candidates', () => {
  it('lists a promoter, healthy, highly adopted long-time customer with each reason', () => {
    const v = referenceVerdict(GOOD, RULE);
    assert.equal(v.candidate, true);
    assert.equal(v.tenureMonths, 14);
    assert.deepEqual(v.reasons, [
      'promoter: NPS 10 on 2026-02-01',
      'healthy: health green (82)',
      'highly adopted: adoption high (feature usage 75%)',
      'customer for 14 months (since 2025-01)',
    ]);
  });

  it('needs every criterion, and says which is missing', () => {
    const cases: [Partial<ReferenceFacts>, string][] = [
      [{ nps: { score: 8, on: '2026-02-01' } }, 'latest NPS 8 (a promoter answers 9 or 10)'],
      [{ nps: null }, 'no NPS answer'],
      [{ health: { band: 'yellow', score: 60 } }, 'health yellow'],
      [{ health: null }, 'not scored for health'],
      [{ adoption: { level: 'mid', featureUsageRate: 0.4 } }, 'adoption mid'],
      [{ adoption: null }, 'adoption not measured'],
      [{ paidSince: monthIndex('2025-04') }, 'customer for 11 months (fewer than 12)'],
      [{ paidSince: null }, 'not paying today'],
    ];
    for (const [change, why] of cases) {
      const v = referenceVerdict({ ...GOOD, ...change }, RULE);
      assert.equal(v.candidate, false, why);
      assert.deepEqual(v.missing, [why]);
      assert.equal(v.reasons.length, 3);
    }
  });

  it('counts exactly the minimum tenure as long enough, and 9 as a promoter', () => {
    const v = referenceVerdict({ ...GOOD, paidSince: NOW - 12, nps: { score: 9, on: '2026-03-01' } }, RULE);
    assert.equal(v.candidate, true);
  });

  it('starts the tenure at the paid stretch running now (a returning customer starts again)', () => {
    const span = (from: string, to: string) => ({
      startMonth: monthIndex(from),
      endMonth: monthIndex(to),
      mrrMinor: 100,
    });
    const spans = [span('2023-01', '2023-06'), span('2024-01', '2024-05'), span('2024-05', '2026-04')];
    assert.equal(paidStretchStart(spans, NOW), monthIndex('2024-01'), 'contiguous spans join');
    assert.equal(paidStretchStart(spans.slice(0, 1), NOW), null, 'not paying now');
    assert.equal(paidStretchStart([], NOW), null);
  });

  it('is a candidate exactly when nothing is missing, and a reason or a gap for each of the four', () => {
    const facts = fc.record({
      nps: fc.option(fc.record({ score: fc.integer({ min: 0, max: 10 }), on: fc.constant('2026-01-01') })),
      health: fc.option(
        fc.record({
          band: fc.constantFrom('red', 'yellow', 'green'),
          score: fc.option(fc.integer({ min: 0, max: 100 })),
        }),
      ),
      adoption: fc.option(
        fc.record({
          level: fc.constantFrom('low', 'mid', 'high', null),
          featureUsageRate: fc.option(fc.double({ min: 0, max: 1, noNaN: true })),
        }),
      ),
      paidSince: fc.option(fc.integer({ min: NOW - 60, max: NOW })),
    });
    fc.assert(
      fc.property(facts, fc.integer({ min: 0, max: 48 }), (f, min) => {
        const v = referenceVerdict(f, { month: NOW, minTenureMonths: min });
        assert.equal(v.reasons.length + v.missing.length, 4);
        assert.equal(v.candidate, v.missing.length === 0);
      }),
    );
  });
});
