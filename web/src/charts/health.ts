// Health charts: accounts per band day by day (the distribution's movement), and one account's score history.
import type { AccountHealth, HealthSummary } from '../../../src/contract/health-scores.ts';
import { AXIS_STYLE, GRID, LEGEND, TOOLTIP } from './theme.ts';

export const BAND_COLORS = { red: '#ef4444', yellow: '#f59e0b', green: '#22a55b' } as const;
export const BAND_LABELS = { red: 'Red', yellow: 'Yellow', green: 'Green' } as const;

export function bandHistoryOption(history: HealthSummary['history']) {
  const bands = ['red', 'yellow', 'green'] as const;
  return {
    grid: { ...GRID },
    legend: { ...LEGEND, data: bands.map((b) => BAND_LABELS[b]) },
    tooltip: { ...TOOLTIP },
    xAxis: { type: 'category', data: history.map((h) => h.day), ...AXIS_STYLE, splitLine: { show: false } },
    yAxis: { type: 'value', minInterval: 1, ...AXIS_STYLE },
    series: bands.map((b) => ({
      name: BAND_LABELS[b],
      type: 'bar',
      stack: 'bands',
      itemStyle: { color: BAND_COLORS[b] },
      data: history.map((h) => h[b]),
    })),
  };
}

export function scoreHistoryOption(history: AccountHealth['history'], bands = { red: 40, green: 70 }) {
  return {
    grid: { ...GRID, top: 16 },
    tooltip: { ...TOOLTIP },
    xAxis: { type: 'category', data: history.map((h) => h.day), ...AXIS_STYLE, splitLine: { show: false } },
    yAxis: { type: 'value', min: 0, max: 100, ...AXIS_STYLE },
    series: [
      {
        name: 'Health score',
        type: 'line',
        symbol: 'circle',
        symbolSize: 5,
        lineStyle: { width: 2, color: '#4f46e5' },
        itemStyle: { color: '#4f46e5' },
        data: history.map((h) => h.score),
        markArea: {
          silent: true,
          data: [
            [{ yAxis: 0, itemStyle: { color: 'rgba(239,68,68,0.07)' } }, { yAxis: bands.red }],
            [{ yAxis: bands.red, itemStyle: { color: 'rgba(245,158,11,0.07)' } }, { yAxis: bands.green }],
            [{ yAxis: bands.green, itemStyle: { color: 'rgba(34,165,91,0.07)' } }, { yAxis: 100 }],
          ],
        },
      },
    ],
  };
}
