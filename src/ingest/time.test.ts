import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { correctClockSkew, parseIsoInstant } from './time.ts';

describe('parseIsoInstant', () => {
  it('reads every instant Date#toISOString writes', () => {
    const ms = fc.integer({ min: 0, max: Date.UTC(9999, 11, 31) });
    fc.assert(fc.property(ms, (t) => parseIsoInstant(new Date(t).toISOString()) === t));
  });

  it('applies offsets and reads a missing zone as UTC', () => {
    const utc = Date.UTC(2025, 1, 28, 10, 0, 0, 123);
    assert.equal(parseIsoInstant('2025-02-28T10:00:00.123Z'), utc);
    assert.equal(parseIsoInstant('2025-02-28T10:00:00.123'), utc);
    assert.equal(parseIsoInstant('2025-02-28 10:00:00.123456'), utc);
    assert.equal(parseIsoInstant('2025-02-28T15:30:00.123+05:30'), utc);
    assert.equal(parseIsoInstant('2025-02-28T05:00:00.123-0500'), utc);
    assert.equal(parseIsoInstant('2025-02-28T11:00:00.123+01'), utc);
    assert.equal(parseIsoInstant('2025-02-28'), Date.UTC(2025, 1, 28));
    assert.equal(parseIsoInstant('2024-02-29T00:00Z'), Date.UTC(2024, 1, 29));
  });

  it('refuses what is not a real instant', () => {
    for (const text of [
      '2025-02-30T00:00:00Z',
      '2023-02-29',
      '2025-13-01',
      '2025-01-01T24:00:00Z',
      '2025-01-01T10:60Z',
      '1969-12-31T23:59:59Z',
      '0025-01-01',
      'yesterday',
      '1700000000',
      '',
    ]) {
      assert.equal(parseIsoInstant(text), null, text);
    }
  });
});

describe('correctClockSkew', () => {
  it('moves the timestamp by the difference between the two clocks', () => {
    const t = fc.integer({ min: 0, max: 4e12 });
    fc.assert(
      fc.property(t, t, t, (timestamp, sentAt, receivedAt) => {
        const occurred = correctClockSkew({ timestamp, sentAt, receivedAt });
        return occurred - timestamp === receivedAt - sentAt;
      }),
    );
  });

  it('keeps the timestamp without sentAt, and uses receivedAt without a timestamp', () => {
    assert.equal(correctClockSkew({ timestamp: 1000, sentAt: null, receivedAt: 5000 }), 1000);
    assert.equal(correctClockSkew({ timestamp: null, sentAt: 3000, receivedAt: 5000 }), 5000);
    // A device 10 minutes fast: event at its 12:10, sent at its 12:15, received at 12:05 real time.
    const min = 60_000;
    assert.equal(correctClockSkew({ timestamp: 730 * min, sentAt: 735 * min, receivedAt: 725 * min }), 720 * min);
  });
});
