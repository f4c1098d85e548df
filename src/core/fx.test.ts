import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { buildFxTable, convertMinor, convertOn, MissingFxRateError, rateOn } from './fx.ts';
import { parseDay } from './period.ts';

const rates = [
  { day: '2024-01-01', currency: 'EUR', quote: 'USD', rate: 1.1 },
  { day: '2024-01-15', currency: 'EUR', quote: 'USD', rate: 1.2 },
  { day: '2024-01-01', currency: 'USD', quote: 'JPY', rate: 150 },
  { day: '2024-01-01', currency: 'GBP', quote: 'EUR', rate: 1.15 },
];

describe('fx', () => {
  const table = buildFxTable(rates, 'USD');

  it('uses the latest rate on or before the day', () => {
    assert.equal(rateOn(table, 'EUR', parseDay('2024-01-01')), 1.1);
    assert.equal(rateOn(table, 'EUR', parseDay('2024-01-14')), 1.1);
    assert.equal(rateOn(table, 'EUR', parseDay('2024-01-15')), 1.2);
    assert.equal(rateOn(table, 'EUR', parseDay('2030-06-30')), 1.2);
    assert.equal(rateOn(table, 'USD', parseDay('1990-01-01')), 1);
  });

  it('inverts a rate quoted the other way round, and ignores cross rates', () => {
    assert.equal(rateOn(table, 'JPY', parseDay('2024-02-01')), 1 / 150);
    assert.throws(() => rateOn(table, 'GBP', parseDay('2024-02-01')), MissingFxRateError);
  });

  it('refuses a day before the first rate', () => {
    assert.throws(() => rateOn(table, 'EUR', parseDay('2023-12-31')), /no EUR→USD rate on or before 2023-12-31/);
  });

  it('converts minor units across exponents, half to even', () => {
    assert.equal(convertMinor(1000, 'EUR', 'USD', 1.1), 1100);
    assert.equal(convertMinor(15, 'EUR', 'USD', 1.1), 16); // 16.5 → 16
    assert.equal(convertMinor(1000, 'JPY', 'USD', 0.0067), 670); // ¥1,000 → $6.70
    assert.equal(convertMinor(999, 'USD', 'JPY', 150), 1498); // $9.99 → ¥1,498.5 → ¥1,498 (tie to even)
    assert.equal(convertMinor(1000, 'KWD', 'USD', 3.25), 325); // 1.000 KWD → $3.25
    assert.equal(convertOn(table, 5000, 'EUR', parseDay('2024-01-20')), 6000);
  });
});
