import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { sizeBand } from './accounts.ts';
import { parseBoolean, parseCount, parseDate, parseRate, parseTimestamp } from './values.ts';

describe('CSV values', () => {
  it('accepts only real calendar dates YYYY-MM-DD', () => {
    assert.equal(parseDate('2024-02-29'), '2024-02-29');
    assert.equal(parseDate('2000-02-29'), '2000-02-29');
    for (const bad of [
      '2019-02-29',
      '1900-02-29',
      '2019-02-30',
      '2019-04-31',
      '2019-13-01',
      '2019-00-10',
      '2019-1-1',
      '01/02/2019',
      '2019-01-01T00:00:00Z',
      '0000-01-01',
      '',
    ]) {
      assert.equal(parseDate(bad), null, bad);
    }
  });

  it('reads timestamps as UTC instants', () => {
    assert.equal(parseTimestamp('2024-01-15'), '2024-01-15T00:00:00.000Z');
    assert.equal(parseTimestamp('2024-01-15T10:30:00Z'), '2024-01-15T10:30:00.000Z');
    assert.equal(parseTimestamp('2024-01-15 10:30'), '2024-01-15T10:30:00.000Z');
    assert.equal(parseTimestamp('2024-01-15T10:30:00.123456+02:00'), '2024-01-15T08:30:00.123Z');
    assert.equal(parseTimestamp('2024-01-01T01:00:00-0130'), '2024-01-01T02:30:00.000Z');
    assert.equal(parseTimestamp('2024-03-01T00:00:00+01:00'), '2024-02-29T23:00:00.000Z');
    assert.equal(parseTimestamp('0050-06-01T12:00:00Z'), '0050-06-01T12:00:00.000Z');
    for (const bad of [
      '2024-02-30T00:00:00Z',
      '2024-01-15T24:00:00Z',
      '2024-01-15T10:60Z',
      '2024-01-15T10',
      'yesterday',
    ]) {
      assert.equal(parseTimestamp(bad), null, bad);
    }
  });

  it('reads booleans, counts and rates strictly', () => {
    assert.deepEqual(['true', 'YES', '1', 'False', 'no', '0'].map(parseBoolean), [
      true,
      true,
      true,
      false,
      false,
      false,
    ]);
    assert.equal(parseBoolean('y'), null);
    assert.equal(parseCount('0'), 0);
    assert.equal(parseCount('2147483647'), 2147483647);
    assert.equal(parseCount('2147483648'), null);
    assert.equal(parseCount('1.0'), null);
    assert.equal(parseCount('-1'), null);
    assert.equal(parseRate('1.1050'), '1.105');
    assert.equal(parseRate('0.000000000001'), '0.000000000001');
    assert.equal(parseRate('007'), '7');
    for (const bad of ['0', '0.000', '-1', '1e3', '0.0000000000001', '1234567890123', '', '1,5']) {
      assert.equal(parseRate(bad), null, bad);
    }
  });

  it('derives size bands from employee counts', () => {
    const bands = [0, 1, 10, 11, 50, 51, 200, 201, 1000, 1001, 5000, 5001, 100000].map(sizeBand);
    assert.deepEqual(bands, [
      '1-10',
      '1-10',
      '1-10',
      '11-50',
      '11-50',
      '51-200',
      '51-200',
      '201-1000',
      '201-1000',
      '1001-5000',
      '1001-5000',
      '5001+',
      '5001+',
    ]);
  });
});
