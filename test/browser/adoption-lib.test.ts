// The adoption pages' pure helpers, outside the browser: the as-of day from the URL, day series, tooltip
// escaping, and the chart options' data (one bar per feature, shares that add up).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { escapeHtml, featureUsageOption, levelSharesOption, shortDay } from '../../web/src/charts/adoption.ts';
import { adoptionAsOf, daysEnding, windowDays, type FeatureRate } from '../../web/src/lib/adoption.ts';

const DAY = 86_400_000;
const day = fc
  .integer({ min: Date.UTC(1990, 0, 1) / DAY, max: Date.UTC(2200, 0, 1) / DAY })
  .map((n) => new Date(n * DAY).toISOString().slice(0, 10));
const month = fc
  .record({ year: fc.integer({ min: 1990, max: 2200 }), month: fc.integer({ min: 1, max: 12 }) })
  .map(({ year, month }) => `${year}-${String(month).padStart(2, '0')}`);

describe('adoption URL state', () => {
  it('measures on the last day of the `to` month, never after the data as-of day', () => {
    fc.assert(
      fc.property(month, day, (to, asOf) => {
        const measured = adoptionAsOf(new URLSearchParams({ to }), { asOf });
        assert.ok(measured <= asOf);
        if (measured !== asOf) {
          assert.equal(measured.slice(0, 7), to, 'a day of the chosen month');
          const next = new Date(Date.parse(`${measured}T00:00:00Z`) + DAY).toISOString();
          assert.notEqual(next.slice(0, 7), to, 'its last day');
        } else assert.ok(to >= asOf.slice(0, 7), 'the as-of day only when the month is not over by then');
      }),
    );
    assert.equal(adoptionAsOf(new URLSearchParams({ to: '2024-02' }), { asOf: '2026-11-22' }), '2024-02-29');
    assert.equal(adoptionAsOf(new URLSearchParams({ to: 'soon' }), { asOf: '2026-11-22' }), '2026-11-22');
    assert.equal(adoptionAsOf(new URLSearchParams(), { asOf: '2026-11-22' }), '2026-11-22');
  });

  it('takes a window only from the offered ones', () => {
    assert.equal(windowDays(new URLSearchParams({ window: '90' })), 90);
    for (const bad of ['', '0', '31', 'thirty', '-7'])
      assert.equal(windowDays(new URLSearchParams({ window: bad })), undefined);
  });

  it('lists consecutive days ending on the given one, across month and year ends', () => {
    fc.assert(
      fc.property(day, fc.integer({ min: 1, max: 400 }), (last, length) => {
        const days = daysEnding(last, length);
        assert.equal(days.length, length);
        assert.equal(days.at(-1), last);
        for (let i = 1; i < days.length; i++) {
          assert.equal(Date.parse(`${days[i]}T00:00:00Z`) - Date.parse(`${days[i - 1]}T00:00:00Z`), DAY);
        }
      }),
    );
    assert.equal(shortDay('2026-11-08'), 'Nov 8');
  });
});

describe('adoption charts', () => {
  it('escapes catalog text for tooltips so it reads back unchanged', () => {
    fc.assert(
      fc.property(fc.string(), (text) => {
        const escaped = escapeHtml(text);
        assert.doesNotMatch(escaped, /[<>"']/);
        const decoded = escaped.replace(/&#(\d+);/g, (_, code: string) => String.fromCharCode(Number(code)));
        assert.equal(decoded, text);
      }),
    );
  });

  it('draws every feature once, in its module colour, with its usage rate', () => {
    const feature = fc.record({
      key: fc.string({ minLength: 1 }),
      module: fc.constantFrom('admin', 'reports', 'workspace'),
      usageRate: fc.option(fc.double({ min: 0, max: 1, noNaN: true }), { nil: null }),
    });
    fc.assert(
      fc.property(fc.uniqueArray(feature, { selector: (f) => f.key, maxLength: 30 }), (partial) => {
        const features: FeatureRate[] = partial.map((f) => ({
          ...f,
          name: f.key,
          accountsIncluded: 0,
          accountsUsing: 0,
          accountsUsingOutsidePlan: 0,
          users: 0,
          events: 0,
          plans: [],
        }));
        const option = featureUsageOption(features) as {
          yAxis: { data: string[] };
          series: { name: string; data: (number | null)[] }[];
        };
        assert.equal(option.yAxis.data.length, features.length);
        option.yAxis.data.forEach((name, i) => {
          const f = features.find((x) => x.name === name)!;
          const drawn = option.series.filter((s) => s.data[i] !== null);
          assert.ok(drawn.length <= 1, 'one bar per row');
          assert.equal(drawn[0]?.name ?? f.module, f.module);
          assert.equal(drawn[0]?.data[i] ?? null, f.usageRate);
        });
      }),
    );
  });

  it('stacks the level shares of accounts and of MRR to the whole', () => {
    const option = levelSharesOption(
      [
        { level: 'low', accounts: 1, mrrMinor: 100, accountShare: 0.25, mrrShare: 0.1 },
        { level: 'mid', accounts: 2, mrrMinor: 600, accountShare: 0.5, mrrShare: 0.6 },
        { level: 'high', accounts: 1, mrrMinor: 300, accountShare: 0.25, mrrShare: 0.3 },
      ],
      'USD',
    ) as { series: { data: number[] }[] };
    for (const bar of [0, 1]) {
      assert.ok(Math.abs(option.series.reduce((a, s) => a + (s.data[bar] ?? 0), 0) - 1) < 1e-9);
    }
  });
});
