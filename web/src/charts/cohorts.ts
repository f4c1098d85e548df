// The cohort heatmap: one row per signup month, one column per month since, coloured by retention.
import { formatPercent } from '../lib/format.ts';
import type { CohortRow } from '../../../src/contract/revenue.ts';
import { AXIS_STYLE } from './theme.ts';

export type CohortMetric = 'logo' | 'revenue';

/** Revenue retention's colour bands: under 100% the cohort shrank (warm to cool), above it the cohort grew (greens). */
export const REVENUE_PIECES = [
  { lt: 0.5, color: '#fdba74' },
  { gte: 0.5, lt: 0.75, color: '#fde68a' },
  { gte: 0.75, lt: 0.9, color: '#c7d2fe' },
  { gte: 0.9, lt: 1, color: '#818cf8' },
  { gte: 1, lt: 1.1, color: '#86efac' },
  { gte: 1.1, lt: 1.25, color: '#22c55e' },
  { gte: 1.25, color: '#15803d' },
].map((piece) => ({ ...piece, label: pieceLabel(piece) }));

function pieceLabel(piece: { gte?: number; lt?: number }): string {
  const pct = (v: number) => formatPercent(v, 0);
  if (piece.gte === undefined) return `< ${pct(piece.lt ?? 0)}`;
  if (piece.lt === undefined) return `≥ ${pct(piece.gte)}`;
  return `${pct(piece.gte)}–${pct(piece.lt)}`;
}

/** A cell's value as a whole percentage without the sign (the chart says the cells are %), to fit small cells. */
export const cellLabel = (value: number): string =>
  // Below 100% never reads as 100, so the label agrees with the colour band.
  String(value < 1 ? Math.min(99, Math.round(value * 100)) : Math.round(value * 100));

/** Whether a value's colour is dark enough for white text (the logo scale darkens from about 55%). */
export function onDarkCell(metric: CohortMetric, value: number): boolean {
  if (metric === 'logo') return value >= 0.55;
  return value >= 1.1 || (value >= 0.9 && value < 1);
}

export function cohortHeatmapOption(rows: readonly CohortRow[], metric: CohortMetric): Record<string, unknown> {
  const width = Math.max(0, ...rows.map((r) => r.logoRetention.length));
  const data: [number, number, number][] = [];
  rows.forEach((row, y) => {
    const values = metric === 'logo' ? row.logoRetention : row.revenueRetention;
    values.forEach((value, x) => data.push([x, y, value]));
  });
  const visualMap =
    metric === 'logo'
      ? {
          type: 'continuous',
          min: 0,
          max: 1,
          calculable: false,
          itemHeight: 120,
          itemWidth: 10,
          text: ['100%', '0%'],
          inRange: { color: ['#fff4e6', '#fdba74', '#a5b4fc', '#4f46e5', '#312e81'] },
        }
      : { type: 'piecewise', pieces: REVENUE_PIECES, itemWidth: 12, itemHeight: 10, itemGap: 6 };
  return {
    grid: { left: 8, right: 8, top: 8, bottom: 64, containLabel: true },
    tooltip: {
      confine: true,
      formatter: (p: { value: [number, number, number] }) => {
        const row = rows[p.value[1]];
        if (!row) return '';
        const k = p.value[0];
        const extra =
          metric === 'logo'
            ? `${row.payingCustomers[k] ?? 0} of ${row.customers} customers paying`
            : `${formatPercent(p.value[2])} of the cohort's starting MRR`;
        return `Cohort ${row.cohort} · month ${k}<br/><b>${formatPercent(p.value[2])}</b> — ${extra}`;
      },
    },
    xAxis: {
      type: 'category',
      name: 'Months since first payment',
      nameLocation: 'middle',
      nameGap: 24,
      nameTextStyle: { color: '#667085', fontSize: 11 },
      data: Array.from({ length: width }, (_, k) => String(k)),
      ...AXIS_STYLE,
      splitArea: { show: false },
    },
    yAxis: {
      type: 'category',
      inverse: true,
      data: rows.map((r) => r.cohort),
      ...AXIS_STYLE,
      splitArea: { show: false },
    },
    visualMap: {
      ...visualMap,
      orient: 'horizontal',
      left: 'center',
      bottom: 0,
      textStyle: { color: '#667085', fontSize: 11 },
    },
    series: [
      {
        name: metric === 'logo' ? 'Logo retention' : 'Revenue retention',
        type: 'heatmap',
        data,
        progressive: 0,
        // Every cell shows its value (in %), white on the dark colours and dark on the light ones.
        label: {
          show: true,
          formatter: (p: { value: [number, number, number] }) =>
            `{${onDarkCell(metric, p.value[2]) ? 'light' : 'dark'}|${cellLabel(p.value[2])}}`,
          fontSize: 9,
          rich: { light: { color: '#ffffff', fontSize: 9 }, dark: { color: '#1b2130', fontSize: 9 } },
        },
        labelLayout: { hideOverlap: true },
        itemStyle: { borderColor: '#fff', borderWidth: 1 },
        emphasis: { itemStyle: { borderColor: '#1b2130', borderWidth: 1 } },
      },
    ],
  };
}
