import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  addMonthsToDay,
  civilFromDays,
  dayOf,
  daysInMonth,
  firstDayOfMonth,
  formatDay,
  isLastDayOfMonth,
  lastDayOfMonth,
  monthIndex,
  monthKey,
  monthOfDay,
  parseDay,
  parseWindow,
  windowContaining,
  windowsCovering,
} from './period.ts';

describe('period: days and months without Date objects', () => {
  it('agrees with Date.UTC on every day from 1899 to 2101', () => {
    for (let day = parseDay('1899-01-01'); day <= parseDay('2101-12-31'); day++) {
      const d = new Date(day * 86_400_000);
      const { year, month, day: dom } = civilFromDays(day);
      assert.deepEqual([year, month, dom], [d.getUTCFullYear(), d.getUTCMonth() + 1, d.getUTCDate()]);
      assert.equal(monthOfDay(day), year * 12 + month - 1);
    }
  });

  it('round-trips dates and months', () => {
    assert.equal(formatDay(parseDay('2024-02-29')), '2024-02-29');
    assert.equal(parseDay('1970-01-01'), 0);
    assert.equal(monthIndex('2019-04'), 2019 * 12 + 3);
    assert.equal(monthKey(monthIndex('2019-04')), '2019-04');
    assert.equal(monthKey(monthIndex('0999-12')), '0999-12');
  });

  it('knows leap years and month ends', () => {
    assert.throws(() => parseDay('2023-02-29'), RangeError);
    assert.throws(() => parseDay('1900-02-29'), RangeError);
    assert.equal(formatDay(parseDay('2000-02-29')), '2000-02-29');
    assert.equal(daysInMonth(monthIndex('2024-02')), 29);
    assert.equal(daysInMonth(monthIndex('2023-02')), 28);
    assert.equal(formatDay(lastDayOfMonth(monthIndex('2024-02'))), '2024-02-29');
    assert.equal(formatDay(firstDayOfMonth(monthIndex('2024-03'))), '2024-03-01');
    assert.equal(isLastDayOfMonth(parseDay('2024-02-29')), true);
    assert.equal(isLastDayOfMonth(parseDay('2024-02-28')), false);
  });

  it('rejects malformed text', () => {
    for (const bad of ['2024-1-01', '2024-13-01', '2024-00-10', '2024-04-31', '20240101', 'yesterday']) {
      assert.throws(() => parseDay(bad), RangeError, bad);
    }
    assert.throws(() => monthIndex('2024-13'), RangeError);
  });

  it('adds months clamped to the month end, as billing anchors do', () => {
    const plus = (day: string, months: number) => formatDay(addMonthsToDay(parseDay(day), months));
    assert.equal(plus('2024-01-31', 1), '2024-02-29');
    assert.equal(plus('2023-01-31', 1), '2023-02-28');
    assert.equal(plus('2024-02-29', 12), '2025-02-28');
    assert.equal(plus('2024-03-31', -1), '2024-02-29');
    assert.equal(plus('2019-11-15', 3), '2020-02-15');
  });

  it('reads timestamps on their UTC day', () => {
    assert.equal(formatDay(dayOf('2024-01-31T23:30:00-05:00')), '2024-02-01');
    assert.equal(formatDay(dayOf('2024-01-31T23:30:00Z')), '2024-01-31');
    assert.equal(formatDay(dayOf(new Date(Date.UTC(2024, 1, 29, 12)))), '2024-02-29');
    assert.throws(() => dayOf('not a time'), RangeError);
  });
});

describe('period: windows', () => {
  const m = monthIndex;
  it('finds the month, quarter, year and trailing twelve months around a month', () => {
    assert.deepEqual(windowContaining('quarter', m('2019-05')), {
      kind: 'quarter',
      label: '2019-Q2',
      startMonth: m('2019-04'),
      endMonth: m('2019-06'),
    });
    assert.deepEqual(windowContaining('year', m('2019-05')).startMonth, m('2019-01'));
    const t12m = windowContaining('t12m', m('2019-05'));
    assert.deepEqual([t12m.label, t12m.startMonth, t12m.endMonth], ['T12M-2019-05', m('2018-06'), m('2019-05')]);
  });

  it('lists the windows covering a range and parses their labels back', () => {
    const quarters = windowsCovering('quarter', m('2018-11'), m('2019-04'));
    assert.deepEqual(
      quarters.map((w) => w.label),
      ['2018-Q4', '2019-Q1', '2019-Q2'],
    );
    assert.equal(windowsCovering('t12m', m('2019-01'), m('2019-06')).length, 6);
    for (const kind of ['month', 'quarter', 'year', 't12m'] as const) {
      for (const w of windowsCovering(kind, m('2018-01'), m('2020-12'))) assert.deepEqual(parseWindow(w.label), w);
    }
  });
});
