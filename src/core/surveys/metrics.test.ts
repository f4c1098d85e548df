import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { cesOf, countedScores, csatOf, npsOf, periodOf, periodsBetween, scoresByPeriod } from './metrics.ts';

const repeat = (score: number, times: number) => Array.from({ length: times }, () => score);

describe('NPS', () => {
  it('200 answers: 100 promoters, 80 passives, 20 detractors give NPS 40', () => {
    const scores = [
      ...repeat(10, 60),
      ...repeat(9, 40),
      ...repeat(8, 50),
      ...repeat(7, 30),
      ...repeat(6, 15),
      ...repeat(0, 5),
    ];
    const result = npsOf(scores);
    assert.deepEqual(
      [result.responses, result.promoters, result.passives, result.detractors, result.nps, result.fewAnswers],
      [200, 100, 80, 20, 40, false],
    );
    // se = sqrt((0.5 + 0.1 − 0.4²) / 200) = sqrt(0.0022) = 0.0469042; 1.96 · se · 100 = 9.19322
    assert.ok(Math.abs((result.ciLow ?? NaN) - 30.80678) < 1e-4, String(result.ciLow));
    assert.ok(Math.abs((result.ciHigh ?? NaN) - 49.19322) < 1e-4, String(result.ciHigh));
  });

  it('computes the interval by hand on 10 answers and flags fewer than 30', () => {
    // 5 promoters, 3 passives, 2 detractors: NPS 30; variance 0.5 + 0.2 − 0.3² = 0.61; se = sqrt(0.061) = 0.2469818
    const result = npsOf([9, 10, 9, 10, 9, 7, 8, 7, 6, 3]);
    assert.equal(result.nps, 30);
    assert.ok(Math.abs((result.ciLow ?? NaN) - -18.40843) < 1e-4, String(result.ciLow));
    assert.ok(Math.abs((result.ciHigh ?? NaN) - 78.40843) < 1e-4, String(result.ciHigh));
    assert.equal(result.fewAnswers, true);
  });

  it('clips the interval to [−100, 100] and has none without answers', () => {
    const mixed = npsOf([10, 0]);
    assert.deepEqual([mixed.nps, mixed.ciLow, mixed.ciHigh], [0, -100, 100]);
    const none = npsOf([]);
    assert.deepEqual([none.nps, none.ciLow, none.ciHigh, none.fewAnswers], [null, null, null, true]);
    const all = npsOf(repeat(10, 40));
    assert.deepEqual([all.nps, all.ciLow, all.ciHigh], [100, 100, 100]);
  });

  const scoresArb = fc.array(fc.integer({ min: 0, max: 10 }), { minLength: 1, maxLength: 300 });

  it('stays within [−100, 100], with the interval around it', () => {
    fc.assert(
      fc.property(scoresArb, (scores) => {
        const { nps, ciLow, ciHigh, promoters, passives, detractors } = npsOf(scores);
        assert.equal(promoters + passives + detractors, scores.length);
        assert.ok(nps !== null && nps >= -100 && nps <= 100);
        assert.ok(ciLow !== null && ciHigh !== null && ciLow >= -100 && ciLow <= nps + 1e-9);
        assert.ok(ciHigh <= 100 && ciHigh >= nps - 1e-9);
      }),
    );
  });

  it('rises by 200/n when one detractor becomes a promoter', () => {
    fc.assert(
      fc.property(scoresArb, fc.integer({ min: 0, max: 6 }), fc.integer({ min: 9, max: 10 }), (rest, low, high) => {
        const before = npsOf([...rest, low]);
        const after = npsOf([...rest, high]);
        const n = rest.length + 1;
        assert.ok(Math.abs((after.nps ?? NaN) - (before.nps ?? NaN) - 200 / n) < 1e-9);
      }),
    );
  });
});

describe('CSAT and CES', () => {
  it('counts 4 and 5 as satisfied and averages effort', () => {
    assert.deepEqual(csatOf([5, 4, 3, 1, 5, 2, 4, 4]), { responses: 8, satisfied: 5, csat: 62.5 });
    assert.deepEqual(csatOf([]), { responses: 0, satisfied: 0, csat: null });
    assert.deepEqual(cesOf([1, 7, 4, 5]), { responses: 4, mean: 4.25 });
    assert.deepEqual(cesOf([]), { responses: 0, mean: null });
  });
});

describe('periods', () => {
  it('labels months and quarters, and lists every period between two', () => {
    assert.equal(periodOf('2026-03-31T23:59:59.000Z', 'month'), '2026-03');
    assert.equal(periodOf('2026-03-31T23:59:59.000Z', 'quarter'), '2026-Q1');
    assert.equal(periodOf('2026-10-01T00:00:00.000Z', 'quarter'), '2026-Q4');
    assert.deepEqual(periodsBetween('2025-11', '2026-02', 'month'), ['2025-11', '2025-12', '2026-01', '2026-02']);
    assert.deepEqual(periodsBetween('2025-Q4', '2026-Q2', 'quarter'), ['2025-Q4', '2026-Q1', '2026-Q2']);
  });

  it('groups counted scores by period, leaving dismissals out and filling empty periods', () => {
    const answers = [
      { score: 9, dismissed: false, respondedAt: '2026-01-05T10:00:00.000Z' },
      { score: null, dismissed: true, respondedAt: '2026-01-06T10:00:00.000Z' },
      { score: 3, dismissed: true, respondedAt: '2026-01-07T10:00:00.000Z' },
      { score: 6, dismissed: false, respondedAt: '2026-03-01T00:00:00.000Z' },
      { score: 10, dismissed: false, respondedAt: '2026-05-01T00:00:00.000Z' },
    ];
    assert.deepEqual(countedScores(answers), [9, 6, 10]);
    assert.deepEqual(scoresByPeriod(answers, 'month', '2026-04'), [
      { period: '2026-01', scores: [9] },
      { period: '2026-02', scores: [] },
      { period: '2026-03', scores: [6] },
      { period: '2026-04', scores: [] },
    ]);
    assert.deepEqual(scoresByPeriod(answers, 'quarter', '2026-Q2'), [
      { period: '2026-Q1', scores: [9, 6] },
      { period: '2026-Q2', scores: [10] },
    ]);
  });
});
