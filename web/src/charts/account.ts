// One customer's MRR month by month, from the spans of its history (months without a span are zero).
import { formatMajor, toMajor } from '../lib/format.ts';
import { addMonths } from '../lib/query.ts';
import type { AccountFile } from '../../../src/contract/accounts.ts';
import { AXIS_STYLE, GRID, PALETTE, TOOLTIP } from './theme.ts';

export function monthlyMrr(history: AccountFile['history'], lastMonth: string): { month: string; mrrMinor: number }[] {
  const first = history[0]?.from;
  if (!first) return [];
  const byMonth = new Map<string, number>();
  for (const span of history) {
    for (let m = span.from; m <= span.to; m = addMonths(m, 1)) byMonth.set(m, span.mrrMinor);
  }
  const lastSpan = history.reduce((max, s) => (s.to > max ? s.to : max), first);
  // One month past the last paid month shows the drop to zero of a churned customer.
  const end = lastSpan < lastMonth ? addMonths(lastSpan, 1) : lastSpan;
  const months: { month: string; mrrMinor: number }[] = [];
  for (let m = first; m <= end; m = addMonths(m, 1)) months.push({ month: m, mrrMinor: byMonth.get(m) ?? 0 });
  return months;
}

export function accountMrrOption(history: AccountFile['history'], currency: string, lastMonth: string) {
  const months = monthlyMrr(history, lastMonth);
  return {
    grid: { ...GRID, top: 16 },
    tooltip: { ...TOOLTIP, valueFormatter: (v: number) => formatMajor(v, currency) },
    xAxis: { type: 'category', data: months.map((m) => m.month), ...AXIS_STYLE, splitLine: { show: false } },
    yAxis: {
      type: 'value',
      ...AXIS_STYLE,
      axisLabel: { ...AXIS_STYLE.axisLabel, formatter: (v: number) => formatMajor(v, currency, true) },
    },
    series: [
      {
        name: 'MRR',
        type: 'line',
        step: 'end',
        symbol: 'none',
        itemStyle: { color: PALETTE[0] },
        lineStyle: { width: 2 },
        areaStyle: { opacity: 0.1 },
        data: months.map((m) => toMajor(m.mrrMinor, currency)),
      },
    ],
  };
}
