// The dashboard's pure helpers, outside the browser: CSV export, money and month formats, URL state, the
// account page's month-by-month MRR.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parse } from 'csv-parse/sync';
import fc from 'fast-check';
import { monthlyMrr } from '../../web/src/charts/account.ts';
import { toCsv } from '../../web/src/lib/csv.ts';
import { formatMoney, formatMonth, formatSignedMoney, minorDigits, toMajor } from '../../web/src/lib/format.ts';
import { addMonths, apiPath, withChanges } from '../../web/src/lib/query.ts';
import { matchPath } from '../../web/src/lib/paths.ts';

const month = fc
  .record({ year: fc.integer({ min: 1990, max: 2200 }), month: fc.integer({ min: 1, max: 12 }) })
  .map(({ year, month }) => `${year}-${String(month).padStart(2, '0')}`);

describe('CSV export', () => {
  it('reads back, through an RFC 4180 parser, as exactly the cells written', () => {
    const cell = fc.oneof(
      fc.string({ unit: 'grapheme' }),
      fc.constantFrom('a,b', '"quoted"', 'two\nlines', ' pad ', '\r\n'),
    );
    fc.assert(
      fc.property(fc.array(fc.array(cell, { minLength: 3, maxLength: 3 }), { maxLength: 20 }), (rows) => {
        const columns = [0, 1, 2].map((i) => ({ header: `col ${i}`, value: (row: string[]) => row[i] }));
        const read = parse(toCsv(columns, rows));
        // A text that could start a spreadsheet formula reads back behind a single quote (OWASP CSV injection).
        const escaped = (text: string) =>
          /^[=+\-@\t\r]/.test(text) && !/^-?\d+(\.\d+)?$/.test(text) ? `'${text}` : text;
        assert.deepEqual(read, [['col 0', 'col 1', 'col 2'], ...rows.map((row) => row.map(escaped))]);
      }),
    );
  });

  it('escapes formulas in text cells and keeps negative numbers numeric', () => {
    const csv = toCsv(
      [
        { header: 'name', value: (r: { name: string; mrr: number }) => r.name },
        { header: 'mrr', value: (r: { name: string; mrr: number }) => r.mrr },
      ],
      [
        { name: '=HYPERLINK("http://evil.test","x")', mrr: -12.5 },
        { name: '@SUM(A1:A9)', mrr: 30 },
        { name: '-2+3', mrr: -0.5 },
      ],
    );
    assert.deepEqual(parse(csv), [
      ['name', 'mrr'],
      ['\'=HYPERLINK("http://evil.test","x")', '-12.5'],
      ["'@SUM(A1:A9)", '30'],
      ["'-2+3", '-0.5'],
    ]);
  });

  it('writes null and undefined as empty cells and numbers as they are', () => {
    const csv = toCsv(
      [
        { header: 'a', value: (r: { a: number | null }) => r.a },
        { header: 'b', value: () => undefined },
      ],
      [{ a: 1.5 }, { a: null }],
    );
    assert.deepEqual(parse(csv), [
      ['a', 'b'],
      ['1.5', ''],
      ['', ''],
    ]);
  });
});

describe('money', () => {
  it('turns minor units into major units by the currency’s own digits', () => {
    assert.equal(minorDigits('USD'), 2);
    assert.equal(minorDigits('JPY'), 0);
    assert.equal(minorDigits('KWD'), 3);
    fc.assert(
      fc.property(fc.integer({ min: -1e12, max: 1e12 }), fc.constantFrom('USD', 'EUR', 'JPY', 'KWD'), (minor, ccy) => {
        const major = toMajor(minor, ccy);
        assert.equal(Math.round(major * 10 ** minorDigits(ccy)), minor);
        // The formatted text carries every minor digit: strip the symbol and separators and it is the amount.
        const digits = formatMoney(minor, ccy).replace(/[^\d-]/g, '');
        assert.equal(Number(digits), minor);
      }),
    );
  });

  it('signs movements and shows a dash for a missing figure', () => {
    fc.assert(
      fc.property(fc.integer({ min: -1e9, max: 1e9 }), (minor) => {
        const text = formatSignedMoney(minor, 'USD');
        assert.equal(text.startsWith('+'), minor > 0);
        assert.equal(text.startsWith('−'), minor < 0);
      }),
    );
    assert.equal(formatMoney(null, 'USD'), '—');
  });
});

describe('months and URL state', () => {
  it('adds months across years and back again', () => {
    fc.assert(
      fc.property(month, fc.integer({ min: -600, max: 600 }), (m, k) => {
        const moved = addMonths(m, k);
        assert.match(moved, /^\d{4}-(0[1-9]|1[0-2])$/);
        assert.equal(addMonths(moved, -k), m);
        assert.equal(Math.sign(moved.localeCompare(m)), Math.sign(k));
      }),
    );
    assert.equal(formatMonth('2024-12'), 'Dec 2024');
  });

  it('keeps the filters of the page query in API paths and drops emptied keys', () => {
    const query = new URLSearchParams('industry=Software&from=2024-01&offset=50&q=');
    assert.equal(
      apiPath('/api/v1/revenue/metrics', query, ['interval', 'from', 'industry', 'q'], { by: 'plan' }),
      '/api/v1/revenue/metrics?from=2024-01&industry=Software&by=plan',
    );
    assert.equal(
      withChanges(query, { industry: '', offset: null, plan: 'Growth' }).toString(),
      'from=2024-01&q=&plan=Growth',
    );
  });

  it('matches route patterns and decodes their parameters', () => {
    assert.deepEqual(matchPath('/accounts/:id', '/accounts/42'), { id: '42' });
    assert.deepEqual(matchPath('/accounts/:id', '/accounts/a%20b/'), { id: 'a b' });
    assert.equal(matchPath('/accounts/:id', '/accounts'), null);
    assert.equal(matchPath('/accounts/:id', '/movements/42'), null);
  });
});

describe('account MRR month by month', () => {
  const spans = fc
    .array(
      fc.record({
        gap: fc.nat(4),
        length: fc.integer({ min: 1, max: 18 }),
        mrrMinor: fc.integer({ min: 1, max: 1e7 }),
      }),
      {
        minLength: 1,
        maxLength: 6,
      },
    )
    .map((parts) => {
      let start = '2021-01';
      return parts.map(({ gap, length, mrrMinor }) => {
        const from = addMonths(start, gap);
        const to = addMonths(from, length - 1);
        start = addMonths(to, 1);
        return { from, to, mrrMinor, plan: null };
      });
    });

  it('covers every month from the first paid one, each span at its own amount, the gaps at zero', () => {
    fc.assert(
      fc.property(spans, fc.integer({ min: 0, max: 3 }), (history, after) => {
        const last = history.at(-1)!.to;
        const lastMonth = addMonths(last, after);
        const months = monthlyMrr(history, lastMonth);
        assert.equal(months[0]!.month, history[0]!.from);
        for (let i = 1; i < months.length; i++) assert.equal(months[i]!.month, addMonths(months[i - 1]!.month, 1));
        const expected = history.reduce((sum, s) => {
          let n = 0;
          for (let m = s.from; m <= s.to; m = addMonths(m, 1)) n++;
          return sum + n * s.mrrMinor;
        }, 0);
        assert.equal(
          months.reduce((sum, m) => sum + m.mrrMinor, 0),
          expected,
        );
        // A customer who stopped paying before the last month ends on a zero month; one still paying does not.
        assert.equal(months.at(-1)!.mrrMinor === 0, after > 0);
      }),
    );
    assert.deepEqual(monthlyMrr([], '2024-01'), []);
  });
});
