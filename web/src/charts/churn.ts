// ECharts options for the churn model: the reliability diagram (predicted against observed churn) and the churn
// rate per risk decile (pure: data in, option out).
import { formatCount, formatPercent } from '../lib/format.ts';
import { AXIS_STYLE, GRID, LEGEND, PALETTE, TOOLTIP } from './theme.ts';

interface Bin {
  low: number;
  high: number;
  count: number;
  meanPredicted: number;
  observedRate: number;
}
interface Decile {
  decile: number;
  count: number;
  rate: number;
  lift: number;
}
type Option = Record<string, unknown>;

const percentAxis = (name: string, max?: number): Option => ({
  type: 'value',
  name,
  nameLocation: 'middle',
  nameGap: 32,
  min: 0,
  ...(max === undefined ? {} : { max }),
  ...AXIS_STYLE,
  axisLabel: { ...AXIS_STYLE.axisLabel, formatter: (v: number) => formatPercent(v, 0) },
});

/** Observed churn rate against mean predicted probability per bin, one line per scorer, with the diagonal. */
export function reliabilityOption(series: readonly { name: string; bins: readonly Bin[] }[]): Option {
  const top = Math.min(
    1,
    Math.max(0.1, ...series.flatMap((s) => s.bins.flatMap((b) => [b.meanPredicted, b.observedRate]))) * 1.1,
  );
  return {
    grid: { ...GRID, left: 24, bottom: 24 },
    legend: LEGEND,
    tooltip: {
      ...TOOLTIP,
      trigger: 'item',
      formatter: (p: { seriesName: string; data: [number, number, number] }) =>
        `<b>${p.seriesName}</b><br/>predicted ${formatPercent(p.data[0])} · observed ${formatPercent(p.data[1])}<br/>${formatCount(p.data[2])} predictions`,
    },
    xAxis: percentAxis('Predicted probability', top),
    yAxis: percentAxis('Observed churn rate', top),
    series: [
      {
        name: 'Perfect calibration',
        type: 'line',
        data: [
          [0, 0, 0],
          [top, top, 0],
        ],
        symbol: 'none',
        lineStyle: { type: 'dashed', color: '#94a3b8' },
      },
      ...series.map((s, i) => ({
        name: s.name,
        type: 'line',
        data: s.bins.map((b) => [b.meanPredicted, b.observedRate, b.count]),
        color: PALETTE[i % PALETTE.length],
        symbolSize: 7,
      })),
    ],
  };
}

/** Churn rate of each risk decile (1 = riskiest tenth), with the lift over the overall rate in the tooltip. */
export function decilesOption(deciles: readonly Decile[]): Option {
  return {
    grid: GRID,
    tooltip: {
      ...TOOLTIP,
      trigger: 'axis',
      formatter: (params: { dataIndex: number }[]) => {
        const d = deciles[params[0]?.dataIndex ?? 0];
        return d
          ? `<b>Decile ${d.decile}</b><br/>churn rate ${formatPercent(d.rate)} · lift ${d.lift.toFixed(2)}×<br/>${formatCount(d.count)} predictions`
          : '';
      },
    },
    xAxis: { type: 'category', data: deciles.map((d) => String(d.decile)), ...AXIS_STYLE },
    yAxis: percentAxis(''),
    series: [{ name: 'Churn rate', type: 'bar', data: deciles.map((d) => d.rate), color: '#ef4444' }],
  };
}
