import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { distribution, periodWindows, scoreOf, scoreSeries } from './series.ts';

const at = (day: string, score: number) => ({ score, respondedAt: `${day}T12:00:00.000Z` });

describe('survey windows', () => {
  it('cuts months, quarters and trailing 90 days, the last one stopping on asOf', () => {
    assert.deepEqual(periodWindows('month', '2026-01-20', '2026-03-10'), [
      { period: '2026-01', from: '2026-01-01', to: '2026-01-31' },
      { period: '2026-02', from: '2026-02-01', to: '2026-02-28' },
      { period: '2026-03', from: '2026-03-01', to: '2026-03-10' },
    ]);
    assert.deepEqual(periodWindows('quarter', '2025-11-02', '2026-02-01'), [
      { period: '2025-Q4', from: '2025-10-01', to: '2025-12-31' },
      { period: '2026-Q1', from: '2026-01-01', to: '2026-02-01' },
    ]);
    // 2024 is a leap year: 90 days ending on 2024-03-31 start on 2024-01-02.
    assert.deepEqual(periodWindows('t90d', '2024-03-05', '2024-04-15'), [
      { period: '2024-03', from: '2024-01-02', to: '2024-03-31' },
      { period: '2024-04', from: '2024-01-17', to: '2024-04-15' },
    ]);
  });
});

describe('score series', () => {
  it('gives NPS per window with its change against the window before, and a distribution', () => {
    const answers = [at('2026-01-03', 10), at('2026-01-04', 3), at('2026-02-01', 10), at('2026-02-02', 9)];
    const windows = periodWindows('month', '2026-01-01', '2026-03-31');
    const [jan, feb, mar] = scoreSeries('nps', answers, windows);
    assert.deepEqual([jan?.score, jan?.change, feb?.score, feb?.change], [0, null, 100, 100]);
    assert.deepEqual([mar?.responses, mar?.score, mar?.change], [0, null, null]);
    assert.deepEqual(jan?.distribution, [0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 1]);
    assert.deepEqual([jan?.promoters, jan?.passives, jan?.detractors, jan?.fewAnswers], [1, 0, 1, true]);
  });

  it('gives CSAT with a proportion interval and CES with a mean interval', () => {
    // CSAT: 3 of 4 satisfied = 75; half-width 1.96 · sqrt(0.75 · 0.25 / 4) · 100 = 42.435
    const csat = scoreOf('csat', [5, 4, 4, 2]);
    assert.equal(csat.score, 75);
    assert.ok(Math.abs((csat.ciLow ?? NaN) - 32.565) < 1e-3, String(csat.ciLow));
    assert.equal(csat.ciHigh, 100);
    assert.equal(csat.satisfied, 3);
    assert.deepEqual(csat.distribution, [0, 1, 0, 2, 1]);
    // CES: mean 4, sample sd sqrt(((−2)² + 0 + 2²) / 2) = 2, half-width 1.96 · 2 / sqrt(3) = 2.2632
    const ces = scoreOf('ces', [2, 4, 6]);
    assert.equal(ces.score, 4);
    assert.ok(Math.abs((ces.ciLow ?? NaN) - 1.7368) < 1e-3, String(ces.ciLow));
    assert.ok(Math.abs((ces.ciHigh ?? NaN) - 6.2632) < 1e-3, String(ces.ciHigh));
    assert.deepEqual(distribution('ces', [1, 7, 7]), [1, 0, 0, 0, 0, 0, 2]);
    assert.deepEqual([scoreOf('ces', []).score, scoreOf('csat', []).ciLow], [null, null]);
  });
});
