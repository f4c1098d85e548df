// The cohort heatmap: one row per signup month, one column per month since, coloured by retention.
import { formatPercent } from '../lib/format.ts';
import type { CohortRow } from '../../../src/contract/revenue.ts';
import { AXIS_STYLE } from './theme.ts';

export type CohortMetric = 'logo' | 'revenue';

export function cohortHeatmapOption(rows: readonly CohortRow[], metric: CohortMetric): Record<string, unknown> {
  const width = Math.max(0, ...rows.map((r) => r.logoRetention.length));
  const data: [number, number, number][] = [];
  rows.forEach((row, y) => {
    const values = metric === 'logo' ? row.logoRetention : row.revenueRetention;
    values.forEach((value, x) => data.push([x, y, value]));
  });
  const max = metric === 'logo' ? 1 : Math.max(1, Math.min(1.5, ...data.map((d) => d[2])));
  return {
    grid: { left: 8, right: 8, top: 8, bottom: 56, containLabel: true },
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
      min: 0,
      max,
      calculable: false,
      orient: 'horizontal',
      left: 'center',
      bottom: 0,
      itemHeight: 120,
      itemWidth: 10,
      text: [formatPercent(max, 0), '0%'],
      textStyle: { color: '#667085', fontSize: 11 },
      inRange: { color: ['#fff4e6', '#fdba74', '#a5b4fc', '#4f46e5', '#312e81'] },
    },
    series: [
      {
        name: metric === 'logo' ? 'Logo retention' : 'Revenue retention',
        type: 'heatmap',
        data,
        progressive: 0,
        itemStyle: { borderColor: '#fff', borderWidth: 1 },
        emphasis: { itemStyle: { borderColor: '#1b2130', borderWidth: 1 } },
      },
    ],
  };
}
