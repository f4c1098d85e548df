// The dashboard's pure pieces behind a newcomer's first day: headline figures, counts, cohort heatmaps, the churn
// benchmarks and retention lines, and the contract in its own currency.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { cellLabel, cohortHeatmapOption, onDarkCell, REVENUE_PIECES } from '../../web/src/charts/cohorts.ts';
import { BENCHMARK_BADGES, BENCHMARK_LINES, churnRatesOption, retentionOption } from '../../web/src/charts/revenue.ts';
import { countOf, formatChange, formatMoney } from '../../web/src/lib/format.ts';
import type { CohortRow, MetricsRow } from '../../src/contract/revenue.ts';
import { contractTerms } from '../../web/src/lib/contract.ts';

type Option = Record<string, unknown> & { series: Record<string, unknown>[] };

describe('headline figures', () => {
  it('shows compact money with three significant digits: $1.98M, not $2M', () => {
    assert.equal(formatMoney(198_000_000, 'USD', true), '$1.98M');
    assert.equal(formatMoney(16_012_345, 'USD', true), '$160K');
    assert.equal(formatMoney(1_985_000, 'USD', true), '$19.9K');
    assert.equal(formatMoney(98_000, 'USD', true), '$980');
    assert.equal(formatMoney(123_456_789, 'EUR', true), '€1.23M');
  });

  it('never says "▲ 0.0%": a change that rounds to nothing is "no change"', () => {
    assert.equal(formatChange(100_020, 100_000), 'no change');
    assert.equal(formatChange(99_980, 100_000), 'no change');
    assert.equal(formatChange(102_500, 100_000), '▲ 2.5%');
    assert.equal(formatChange(97_000, 100_000), '▼ 3.0%');
    assert.equal(formatChange(5, 0), null);
    assert.equal(formatChange(null, 10), null);
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 10 ** 9 }), fc.integer({ min: 0, max: 10 ** 9 }), (before, now) => {
        const text = formatChange(now, before);
        assert.ok(text !== null);
        assert.doesNotMatch(text, /[▲▼] 0\.0%/);
      }),
    );
  });

  it('counts in the singular for one: "1 day", "30 days"', () => {
    assert.equal(countOf(1, 'day'), '1 day');
    assert.equal(countOf(0, 'day'), '0 days');
    assert.equal(countOf(30, 'day'), '30 days');
    assert.equal(countOf(1200, 'account'), '1,200 accounts');
  });
});

const cohort = (revenueRetention: number[], logoRetention: number[]): CohortRow =>
  ({
    cohort: '2024-01',
    customers: 10,
    startingMrrMinor: 100_000,
    logoRetention,
    revenueRetention,
    payingCustomers: logoRetention.map((r) => Math.round(r * 10)),
  }) as unknown as CohortRow;

describe('cohort heatmaps', () => {
  const rows = [cohort([1, 1.04, 1.32, 0.6], [1, 0.9, 0.8, 0.5]), cohort([1, 0.85], [1, 0.7])];

  it('labels every cell with its value in %', () => {
    for (const metric of ['logo', 'revenue'] as const) {
      const option = cohortHeatmapOption(rows, metric) as Option;
      const series = option.series[0] as {
        data: [number, number, number][];
        label: { show: boolean; formatter: (p: { value: [number, number, number] }) => string };
      };
      assert.equal(series.label.show, true);
      const labels = series.data.map((value) => series.label.formatter({ value }).replace(/^\{\w+\||\}$/g, ''));
      const values = rows.flatMap((r) => (metric === 'logo' ? r.logoRetention : r.revenueRetention));
      assert.deepEqual(labels, values.map(cellLabel));
    }
    assert.equal(cellLabel(1.32), '132');
    assert.equal(cellLabel(0.666), '67');
    assert.equal(cellLabel(0.998), '99');
    assert.equal(cellLabel(1), '100');
  });

  it('colours revenue retention above 100% apart from below it, up to any value', () => {
    const option = cohortHeatmapOption(rows, 'revenue') as {
      visualMap: { type: string; pieces: typeof REVENUE_PIECES };
    };
    assert.equal(option.visualMap.type, 'piecewise');
    const pieceOf = (v: number) =>
      REVENUE_PIECES.find((p) => (p.gte === undefined || v >= p.gte) && (p.lt === undefined || v < p.lt));
    fc.assert(
      fc.property(fc.double({ min: 0, max: 5, noNaN: true }), (v) => {
        const piece = pieceOf(v);
        assert.ok(piece, `a colour for ${v}`);
        const aboveHundred = piece.gte !== undefined && piece.gte >= 1;
        assert.equal(aboveHundred, v >= 1, `${v} in ${piece.label}`);
      }),
    );
    assert.equal(pieceOf(1.32)?.label, '≥ 125%');
    assert.notEqual(pieceOf(1.04)?.color, pieceOf(0.96)?.color);
    assert.equal(onDarkCell('revenue', 1.32), true);
    assert.equal(onDarkCell('revenue', 0.6), false);
  });
});

const metricsRow = (i: number): MetricsRow =>
  ({
    period: { label: `2024-${String(i + 1).padStart(2, '0')}` },
    nrr: 1 + i / 100,
    grr: 0.95,
    nrr12m: 1.05,
    grr12m: 0.9,
    benchmarks: BENCHMARK_LINES.map((b) => ({ id: b.id, target: b.name, value: 0.02, status: 'pass' })),
  }) as unknown as MetricsRow;

describe('churn rates and retention charts', () => {
  const rows = [0, 1, 2].map(metricsRow);

  it('puts each benchmark label in the right margin, beside its line, not across the plot', () => {
    const option = churnRatesOption(rows) as Option & { grid: { right: number } };
    assert.ok(option.grid.right >= 56, 'a margin for the labels');
    const labels = option.series.map(
      (s) => (s.markLine as { label: { position: string; formatter: string; offset: [number, number] } }).label,
    );
    assert.deepEqual(
      labels.map((l) => l.position),
      ['end', 'end', 'end'],
    );
    assert.deepEqual(
      labels.map((l) => l.formatter),
      ['logo < 5%', 'MRR < 1%', 'net < 0'],
    );
    // The 1% and 0% labels are nudged apart (up and down).
    assert.ok(labels[1]!.offset[1] < 0 && labels[2]!.offset[1] > 0);
    for (const id of ['logoChurn', 'mrrChurn', 'netMrrChurn', 'expansionOffsetsChurn']) {
      assert.ok(BENCHMARK_BADGES[id], `a badge text for ${id}`);
    }
  });

  it('draws NRR and NRR (12m) apart by colour, weight and points, not by dashing alone', () => {
    const option = retentionOption(rows) as Option;
    const byName = new Map(option.series.map((s) => [s.name as string, s]));
    const nrr = byName.get('NRR') as { itemStyle: { color: string }; lineStyle: { width: number }; symbol: string };
    const trailing = byName.get('NRR (12m)') as typeof nrr;
    assert.ok(nrr && trailing);
    assert.notEqual(nrr.itemStyle.color, trailing.itemStyle.color);
    assert.ok(trailing.lineStyle.width >= 2 * nrr.lineStyle.width);
    assert.notEqual(nrr.symbol, trailing.symbol);
  });
});

describe('the contract in its own currency', () => {
  const record = (kind: string, fields: Record<string, unknown>, description = kind) => ({
    ref: '1',
    kind,
    description,
    fields,
  });
  const file = (after: ReturnType<typeof record>[], mrrAfterMinor = 5000) =>
    ({
      account: {},
      currency: 'USD',
      history: [],
      movements: [
        { month: '2024-01', kind: 'new', mrrAfterMinor: 1000, after: [record('period', { currency: 'EUR' })] },
        { month: '2024-06', kind: 'expansion', mrrAfterMinor, after },
      ],
    }) as unknown as Parameters<typeof contractTerms>[0];

  it('sums the periods in force after the latest movement per currency, and lists other records in words', () => {
    const terms = contractTerms(
      file([
        record('period', { monthly_amount_minor: 120_000, currency: 'EUR' }),
        record('period', { monthly_amount_minor: 30_000, currency: 'EUR' }),
        record('subscription', {}),
        record('line', {}, 'invoice line: ¥12,000 JPY for Jan 2024'),
      ]),
    );
    assert.deepEqual(terms, ['€1,500.00 EUR a month', 'invoice line: ¥12,000 JPY for Jan 2024']);
  });

  it('says nothing for an account that no longer pays', () => {
    assert.deepEqual(contractTerms(file([record('period', { monthly_amount_minor: 1, currency: 'EUR' })], 0)), []);
  });
});
