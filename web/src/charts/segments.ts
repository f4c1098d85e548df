// Segment charts: one metric across a dimension's groups (latest period), and its trend per group.
import { formatMajor, formatPercent, toMajor } from '../lib/format.ts';
import type { MetricsRow } from '../../../src/contract/revenue.ts';
import { AXIS_STYLE, GRID, LEGEND, PALETTE, TOOLTIP } from './theme.ts';

export interface SegmentMetric {
  id: string;
  label: string;
  kind: 'money' | 'rate' | 'count';
  value: (row: MetricsRow) => number | null;
}

export const SEGMENT_METRICS: readonly SegmentMetric[] = [
  { id: 'mrr', label: 'MRR', kind: 'money', value: (r) => r.mrrMinor },
  { id: 'arr', label: 'ARR', kind: 'money', value: (r) => r.arrMinor },
  { id: 'customers', label: 'Customers', kind: 'count', value: (r) => r.payingCustomers },
  { id: 'arpa', label: 'ARPA', kind: 'money', value: (r) => r.arpaMinor },
  { id: 'nrr', label: 'NRR', kind: 'rate', value: (r) => r.nrr },
  { id: 'grr', label: 'GRR', kind: 'rate', value: (r) => r.grr },
  { id: 'nrr12m', label: 'NRR 12m', kind: 'rate', value: (r) => r.nrr12m },
  { id: 'grr12m', label: 'GRR 12m', kind: 'rate', value: (r) => r.grr12m },
  { id: 'logoChurn', label: 'Logo churn', kind: 'rate', value: (r) => r.logoChurnRate },
  { id: 'grossChurn', label: 'Gross MRR churn', kind: 'rate', value: (r) => r.grossMrrChurnRate },
  { id: 'netChurn', label: 'Net MRR churn', kind: 'rate', value: (r) => r.netMrrChurnRate },
  { id: 'expansion', label: 'Expansion rate', kind: 'rate', value: (r) => r.expansionMrrRate },
  { id: 'new', label: 'New MRR', kind: 'money', value: (r) => r.newMrrMinor },
  { id: 'churn', label: 'Churned MRR', kind: 'money', value: (r) => r.churnMrrMinor },
];

/** A metric's value as plotted: money in major units, rates as fractions, counts as they are. */
export function plotted(metric: SegmentMetric, row: MetricsRow, currency: string): number | null {
  const v = metric.value(row);
  if (v === null) return null;
  return metric.kind === 'money' ? toMajor(v, currency) : v;
}

export function formatPlotted(metric: SegmentMetric, value: number | null, currency: string): string {
  if (value === null) return '—';
  if (metric.kind === 'money') return formatMajor(value, currency);
  return metric.kind === 'rate' ? formatPercent(value) : value.toLocaleString('en-US');
}

function valueAxis(metric: SegmentMetric, currency: string): Record<string, unknown> {
  const formatter =
    metric.kind === 'money'
      ? (v: number) => formatMajor(v, currency, true)
      : metric.kind === 'rate'
        ? (v: number) => formatPercent(v, 0)
        : (v: number) => v.toLocaleString('en-US');
  return {
    type: 'value',
    scale: metric.kind === 'rate',
    ...AXIS_STYLE,
    axisLabel: { ...AXIS_STYLE.axisLabel, formatter },
  };
}

/** Horizontal bars, largest first, for the latest row of each group. */
export function segmentBarsOption(latest: readonly MetricsRow[], metric: SegmentMetric, currency: string) {
  const sorted = [...latest].sort(
    (a, b) => (plotted(metric, b, currency) ?? -Infinity) - (plotted(metric, a, currency) ?? -Infinity),
  );
  return {
    grid: { ...GRID, top: 8 },
    tooltip: { ...TOOLTIP, valueFormatter: (v: number | null) => formatPlotted(metric, v, currency) },
    yAxis: {
      type: 'category',
      inverse: true,
      data: sorted.map((r) => r.group ?? ''),
      ...AXIS_STYLE,
      splitLine: { show: false },
    },
    xAxis: valueAxis(metric, currency),
    series: [
      {
        name: metric.label,
        type: 'bar',
        barMaxWidth: 22,
        itemStyle: { color: PALETTE[0], borderRadius: [0, 4, 4, 0] },
        data: sorted.map((r) => plotted(metric, r, currency)),
      },
    ],
  };
}

/** One line per group over the periods. */
export function segmentTrendOption(rows: readonly MetricsRow[], metric: SegmentMetric, currency: string) {
  const periods = [...new Set(rows.map((r) => r.period.label))];
  const groups = [...new Set(rows.map((r) => r.group ?? ''))];
  const byKey = new Map(rows.map((r) => [`${r.group ?? ''}|${r.period.label}`, r]));
  return {
    color: PALETTE,
    // A plain legend wraps; leave room for its rows (about five names to a row).
    grid: { ...GRID, top: 14 + 22 * Math.ceil(groups.length / 5) },
    tooltip: { ...TOOLTIP, valueFormatter: (v: number | null) => formatPlotted(metric, v, currency) },
    legend: { ...LEGEND, right: 0 },
    xAxis: { type: 'category', data: periods, ...AXIS_STYLE, splitLine: { show: false } },
    yAxis: valueAxis(metric, currency),
    series: groups.map((group) => ({
      name: group,
      type: 'line',
      symbol: 'none',
      lineStyle: { width: 2 },
      data: periods.map((p) => {
        const row = byKey.get(`${group}|${p}`);
        return row ? plotted(metric, row, currency) : null;
      }),
    })),
  };
}
