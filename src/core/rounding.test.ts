import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { mulDivRoundHalfEven, roundHalfEven, scaleRoundHalfEven } from './rounding.ts';

describe('rounding: half to even', () => {
  it('rounds ties to the even neighbour, both signs', () => {
    assert.deepEqual(
      [0.5, 1.5, 2.5, 3.5, -0.5, -1.5, -2.5, 2.4999, 2.5001].map(roundHalfEven),
      [0, 2, 2, 4, -0, -2, -2, 2, 3],
    );
  });

  it('divides integers exactly', () => {
    assert.equal(mulDivRoundHalfEven(10, 1, 4), 2); // 2.5 → 2
    assert.equal(mulDivRoundHalfEven(14, 1, 4), 4); // 3.5 → 4
    assert.equal(mulDivRoundHalfEven(-10, 1, 4), -2);
    assert.equal(mulDivRoundHalfEven(100, 52, 12), 433); // 433.33
    assert.equal(mulDivRoundHalfEven(9_007_199_254_740_991, 3, 6), 4_503_599_627_370_496); // BigInt path
  });

  it('scales by decimal rates exactly, even where floats miss the tie', () => {
    // 15 × 1.1 is 16.500000000000004 in floats; exactly 16.5, so 16.
    assert.equal(scaleRoundHalfEven(15, 1.1, 0), 16);
    assert.equal(scaleRoundHalfEven(25, 1.1, 0), 28);
    assert.equal(scaleRoundHalfEven(5, 0.5, 0), 2);
    assert.equal(scaleRoundHalfEven(-5, 0.5, 0), -2);
    assert.equal(scaleRoundHalfEven(12345, 0.0067, 2), 8271); // ¥12,345 → $82.7115
    assert.equal(scaleRoundHalfEven(1, 1e-7, 9), 100);
    assert.equal(scaleRoundHalfEven(123_456_789, 1.234567890123, 0), 152_415_788); // …787.517
  });
});
