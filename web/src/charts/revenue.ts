// ECharts options for the revenue overview, built from the API's metrics rows (pure: data in, option out).
import { formatMajor, formatPercent, toMajor } from '../lib/format.ts';
import type { MetricsRow, MovementKind } from '../../../src/contract/revenue.ts';
import { AXIS_STYLE, GRID, KIND_COLORS, KIND_LABELS, LEGEND, PALETTE, TOOLTIP } from './theme.ts';

type Option = Record<string, unknown>;

const labels = (rows: readonly MetricsRow[]) => rows.map((r) => r.period.label);

function moneyAxis(currency: string): Option {
  return {
    type: 'value',
    ...AXIS_STYLE,
    axisLabel: { ...AXIS_STYLE.axisLabel, formatter: (v: number) => formatMajor(v, currency, true) },
  };
}

function percentAxis(extra: Option = {}): Option {
  return {
    type: 'value',
    scale: true,
    ...AXIS_STYLE,
    axisLabel: { ...AXIS_STYLE.axisLabel, formatter: (v: number) => formatPercent(v, 0) },
    ...extra,
  };
}

function moneyTooltip(currency: string): Option {
  return { ...TOOLTIP, valueFormatter: (v: number) => formatMajor(v, currency) };
}

const major = toMajor;

export function mrrTrendOption(rows: readonly MetricsRow[], currency: string, measure: 'mrr' | 'arr'): Option {
  const values = rows.map((r) => major(measure === 'mrr' ? r.mrrMinor : r.arrMinor, currency));
  return {
    color: [PALETTE[0]],
    grid: GRID,
    tooltip: moneyTooltip(currency),
    legend: { ...LEGEND, data: [measure.toUpperCase()] },
    xAxis: { type: 'category', data: labels(rows), ...AXIS_STYLE, splitLine: { show: false } },
    yAxis: moneyAxis(currency),
    series: [
      {
        name: measure.toUpperCase(),
        type: 'line',
        data: values,
        smooth: 0.2,
        symbol: 'none',
        lineStyle: { width: 2.5 },
        areaStyle: { opacity: 0.12 },
      },
    ],
  };
}

const MOVEMENT_FIELDS: [MovementKind, keyof MetricsRow][] = [
  ['new', 'newMrrMinor'],
  ['expansion', 'expansionMrrMinor'],
  ['reactivation', 'reactivationMrrMinor'],
  ['contraction', 'contractionMrrMinor'],
  ['churn', 'churnMrrMinor'],
  ['fx', 'fxMinor'],
];

/** Gains stack above zero, losses below; the line is the net change. */
export function movementsOption(rows: readonly MetricsRow[], currency: string): Option {
  const series: Option[] = MOVEMENT_FIELDS.map(([kind, field]) => ({
    name: KIND_LABELS[kind],
    type: 'bar',
    stack: 'movements',
    stackStrategy: 'samesign',
    itemStyle: { color: KIND_COLORS[kind] },
    barMaxWidth: 28,
    data: rows.map((r) => major(r[field] as number, currency)),
  }));
  series.push({
    name: 'Net change',
    type: 'line',
    symbol: 'circle',
    symbolSize: 5,
    itemStyle: { color: '#1b2130' },
    lineStyle: { width: 1.5 },
    data: rows.map((r) =>
      major(
        MOVEMENT_FIELDS.reduce((sum, [, f]) => sum + (r[f] as number), 0),
        currency,
      ),
    ),
  });
  return {
    grid: GRID,
    tooltip: moneyTooltip(currency),
    legend: LEGEND,
    xAxis: { type: 'category', data: labels(rows), ...AXIS_STYLE, splitLine: { show: false } },
    yAxis: moneyAxis(currency),
    series,
  };
}

// The benchmarks of David Skok and Drift (the API names them in each row's `benchmarks`). Each goal's label sits
// in the right margin beside its dashed line, so no label crosses a plotted line.
export const BENCHMARK_LINES = [
  { id: 'logoChurn', name: 'Logo churn', short: 'logo < 5%', color: PALETTE[0], goal: 0.05, dy: 0 },
  { id: 'mrrChurn', name: 'Gross MRR churn', short: 'MRR < 1%', color: PALETTE[4], goal: 0.01, dy: -6 },
  { id: 'netMrrChurn', name: 'Net MRR churn', short: 'net < 0', color: PALETTE[2], goal: 0, dy: 6 },
] as const;

/** What each ✓/✗ badge checks, in a few words. */
export const BENCHMARK_BADGES: Record<string, string> = {
  logoChurn: 'Logo churn < 5%/mo',
  mrrChurn: 'MRR churn < 1%/mo',
  netMrrChurn: 'Net MRR churn < 0',
  expansionOffsetsChurn: 'Expansion ≥ churn',
};

/** The three churn rates per month (a quarter's or year's rate spread over its months, as the benchmarks are). */
export function churnRatesOption(rows: readonly MetricsRow[]): Option {
  const series = BENCHMARK_LINES.map((line) => ({
    name: line.name,
    type: 'line',
    symbol: 'circle',
    symbolSize: 4,
    itemStyle: { color: line.color },
    data: rows.map((r) => r.benchmarks.find((b) => b.id === line.id)?.value ?? null),
    markLine: {
      silent: true,
      symbol: 'none',
      lineStyle: { color: line.color, type: 'dashed', opacity: 0.7 },
      // The 1% and 0% lines lie close together: their labels are nudged apart.
      label: {
        formatter: line.short,
        color: line.color,
        fontSize: 10,
        position: 'end',
        distance: 4,
        offset: [0, line.dy],
      },
      data: [{ yAxis: line.goal }],
    },
  }));
  return {
    grid: { ...GRID, right: 64 },
    tooltip: { ...TOOLTIP, valueFormatter: (v: number | null) => formatPercent(v, 2) },
    legend: LEGEND,
    xAxis: { type: 'category', data: labels(rows), ...AXIS_STYLE, splitLine: { show: false } },
    yAxis: percentAxis(),
    series,
  };
}

/**
 * NRR and GRR of each period as thin lines with dots; over the trailing 12 months as thick smooth lines in a
 * deeper shade with a light area, so the two read apart by weight, shade and shape, not by dashing alone.
 */
export function retentionOption(rows: readonly MetricsRow[]): Option {
  const period = (name: string, data: (number | null)[], color: string | undefined) => ({
    name,
    type: 'line',
    symbol: 'circle',
    symbolSize: 4,
    connectNulls: false,
    itemStyle: { color },
    lineStyle: { width: 1.25, opacity: 0.85 },
    data,
  });
  const trailing = (name: string, data: (number | null)[], color: string) => ({
    name,
    type: 'line',
    symbol: 'none',
    smooth: 0.3,
    connectNulls: false,
    itemStyle: { color },
    lineStyle: { width: 3.5, type: [10, 4] },
    data,
  });
  return {
    grid: GRID,
    tooltip: { ...TOOLTIP, valueFormatter: (v: number | null) => formatPercent(v, 1) },
    legend: LEGEND,
    xAxis: { type: 'category', data: labels(rows), ...AXIS_STYLE, splitLine: { show: false } },
    yAxis: percentAxis(),
    series: [
      period(
        'NRR',
        rows.map((r) => r.nrr),
        PALETTE[1],
      ),
      period(
        'GRR',
        rows.map((r) => r.grr),
        PALETTE[3],
      ),
      trailing(
        'NRR (12m)',
        rows.map((r) => r.nrr12m),
        '#312e81',
      ),
      trailing(
        'GRR (12m)',
        rows.map((r) => r.grr12m),
        '#b45309',
      ),
    ],
  };
}

/** Gross new MRR: expansion stacked on new business, month by month. */
export function expansionOnNewOption(rows: readonly MetricsRow[], currency: string): Option {
  const bar = (kind: MovementKind, data: number[]) => ({
    name: KIND_LABELS[kind],
    type: 'bar',
    stack: 'gross-new',
    barMaxWidth: 28,
    itemStyle: { color: KIND_COLORS[kind] },
    data,
  });
  return {
    grid: GRID,
    tooltip: moneyTooltip(currency),
    legend: LEGEND,
    xAxis: { type: 'category', data: labels(rows), ...AXIS_STYLE, splitLine: { show: false } },
    yAxis: moneyAxis(currency),
    series: [
      bar(
        'new',
        rows.map((r) => major(r.newMrrMinor, currency)),
      ),
      bar(
        'expansion',
        rows.map((r) => major(r.expansionMrrMinor, currency)),
      ),
    ],
  };
}

export function existingShareOption(rows: readonly MetricsRow[]): Option {
  return {
    grid: GRID,
    tooltip: { ...TOOLTIP, valueFormatter: (v: number | null) => formatPercent(v, 1) },
    legend: LEGEND,
    xAxis: { type: 'category', data: labels(rows), ...AXIS_STYLE, splitLine: { show: false } },
    yAxis: percentAxis({ scale: false, min: 0, max: 1 }),
    series: [
      {
        name: 'Existing customers',
        type: 'line',
        stack: 'share',
        symbol: 'none',
        itemStyle: { color: PALETTE[0] },
        areaStyle: { opacity: 0.5 },
        data: rows.map((r) => r.existingCustomerMrrShare),
      },
      {
        name: 'New business',
        type: 'line',
        stack: 'share',
        symbol: 'none',
        itemStyle: { color: PALETTE[2] },
        areaStyle: { opacity: 0.35 },
        data: rows.map((r) => r.newCustomerMrrShare),
      },
    ],
  };
}
