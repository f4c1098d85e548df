import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { FIRST_YEAR, isCalendarDay, isCalendarMonth, LAST_YEAR } from '../contract/common.ts';
import { UsageError } from '../services/errors.ts';
import { parseAsOf, parseDimension, parseInterval, parseMonthOption, parseWindowDays } from './options.ts';

const pad = (n: number, width = 2) => String(n).padStart(width, '0');

describe('command options parsed into the contract', () => {
  it('accepts exactly the days the calendar has (leap years included), within the years allowed', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 99999 }),
        fc.integer({ min: 0, max: 13 }),
        fc.integer({ min: 0, max: 32 }),
        (y, m, d) => {
          const text = `${pad(y, 4)}-${pad(m)}-${pad(d)}`;
          const date = new Date(Date.UTC(2000, m - 1, d));
          date.setUTCFullYear(y);
          const real = date.getUTCFullYear() === y && date.getUTCMonth() === m - 1 && date.getUTCDate() === d;
          assert.equal(isCalendarDay(text), real && y >= FIRST_YEAR && y <= LAST_YEAR, text);
        },
      ),
    );
    assert.equal(isCalendarDay('2024-02-29'), true);
    assert.equal(isCalendarDay('2023-02-29'), false);
    assert.equal(isCalendarDay('2100-02-29'), false);
    assert.equal(isCalendarDay('2024-2-29'), false);
    assert.equal(isCalendarMonth('2024-12'), true);
    assert.equal(isCalendarMonth('2024-13'), false);
  });

  it('refuses a bad value naming the flag, what it expects and what it found', () => {
    const cases: [() => unknown, RegExp][] = [
      [() => parseAsOf('2024-02-30'), /^--as-of must be a calendar day YYYY-MM-DD .*found "2024-02-30"$/],
      [() => parseAsOf('0025-01-01'), /from 1900 to 2100/],
      [() => parseAsOf('99999-01-01'), /--as-of/],
      [() => parseMonthOption('--from', '2024-13'), /^--from must be a month YYYY-MM/],
      [() => parseInterval('week'), /^--interval must be one of month, quarter, year, t12m, found "week"$/],
      [() => parseDimension('colour'), /^--by must be one of industry, .*cohort, found "colour"$/],
      [() => parseWindowDays('1e400'), /^--window-days must be a whole number from 1 to 366/],
      [() => parseWindowDays('367'), /found 367/],
    ];
    for (const [parse, message] of cases)
      assert.throws(parse, (e: unknown) => e instanceof UsageError && message.test(e.message));
  });

  it('passes good values through, and defaults the as-of day to today', () => {
    assert.equal(parseAsOf('2024-02-29'), '2024-02-29');
    assert.match(parseAsOf(undefined), /^\d{4}-\d{2}-\d{2}$/);
    assert.equal(parseMonthOption('--to', undefined), undefined);
    assert.equal(parseInterval('t12m'), 't12m');
    assert.equal(parseDimension('owner_csm'), 'owner_csm');
    assert.equal(parseWindowDays('30'), 30);
  });
});
