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

// The goals of seed 001 (the API names them in each row's `benchmarks`); labels spread along the lines.
const BENCHMARK_LINES = [
  { id: 'logoChurn', name: 'Logo churn', color: PALETTE[0], goal: 0.05, at: 'insideEndTop' },
  { id: 'mrrChurn', name: 'Gross MRR churn', color: PALETTE[4], goal: 0.01, at: 'insideMiddleTop' },
  { id: 'netMrrChurn', name: 'Net MRR churn', color: PALETTE[2], goal: 0, at: 'insideStartBottom' },
] as const;

/** The three churn rates per month (a quarter's or year's rate spread over its months, as the benchmarks are). */
export function churnRatesOption(rows: readonly MetricsRow[]): Option {
  const series = BENCHMARK_LINES.map((line) => {
    const target = rows
      .find((r) => r.benchmarks.some((b) => b.id === line.id))
      ?.benchmarks.find((b) => b.id === line.id);
    return {
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
        label: {
          formatter: target?.target ?? line.name,
          color: line.color,
          fontSize: 10,
          position: line.at,
        },
        data: [{ yAxis: line.goal }],
      },
    };
  });
  return {
    grid: GRID,
    tooltip: { ...TOOLTIP, valueFormatter: (v: number | null) => formatPercent(v, 2) },
    legend: LEGEND,
    xAxis: { type: 'category', data: labels(rows), ...AXIS_STYLE, splitLine: { show: false } },
    yAxis: percentAxis(),
    series,
  };
}

export function retentionOption(rows: readonly MetricsRow[]): Option {
  const line = (name: string, data: (number | null)[], color: string | undefined, dashed = false) => ({
    name,
    type: 'line',
    symbol: 'none',
    connectNulls: false,
    itemStyle: { color },
    lineStyle: { width: 2, type: dashed ? 'dashed' : 'solid' },
    data,
  });
  return {
    grid: GRID,
    tooltip: { ...TOOLTIP, valueFormatter: (v: number | null) => formatPercent(v, 1) },
    legend: LEGEND,
    xAxis: { type: 'category', data: labels(rows), ...AXIS_STYLE, splitLine: { show: false } },
    yAxis: percentAxis(),
    series: [
      line(
        'NRR',
        rows.map((r) => r.nrr),
        PALETTE[0],
      ),
      line(
        'GRR',
        rows.map((r) => r.grr),
        PALETTE[1],
      ),
      line(
        'NRR (trailing 12m)',
        rows.map((r) => r.nrr12m),
        PALETTE[0],
        true,
      ),
      line(
        'GRR (trailing 12m)',
        rows.map((r) => r.grr12m),
        PALETTE[1],
        true,
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
