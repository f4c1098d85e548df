// Renewal charts: the calendar as ARR bubbles by due day (coloured by forecast category), rates by count and by
// amount over time, and the forecast against what renewed.
import type { CalendarItem, ForecastAccuracy, RenewalForecast, RenewalRates } from '../../../src/contract/renewals.ts';
import type { ChartOption } from '../components/Chart.tsx';
import { formatMoney, formatPercent, toMajor } from '../lib/format.ts';

export type Category = CalendarItem['category'];
export const CATEGORY_LABELS: Record<Category, string> = {
  commit: 'Commit',
  likely: 'Likely',
  at_risk: 'At risk',
  lost: 'Lost',
};
export const CATEGORY_COLORS: Record<Category, string> = {
  commit: '#22a55b',
  likely: '#3b82f6',
  at_risk: '#f59e0b',
  lost: '#ef4444',
};
const CATEGORIES = Object.keys(CATEGORY_LABELS) as Category[];

/** One bubble per renewal at its due day; the area grows with the ARR at stake. */
export function calendarOption(items: readonly CalendarItem[], currency: string): ChartOption {
  const largest = Math.max(1, ...items.map((i) => toMajor(i.arrAtStakeMinor, currency)));
  const size = (major: number) => 8 + 40 * Math.sqrt(Math.max(0, major) / largest);
  const groups = CATEGORIES.map((c) => items.filter((i) => i.category === c));
  return {
    tooltip: {
      formatter: (p: { seriesIndex: number; dataIndex: number }) => {
        const i = groups[p.seriesIndex]?.[p.dataIndex];
        if (!i) return '';
        const arr = formatMoney(i.arrAtStakeMinor, currency);
        return `${i.accountName}<br/>${i.dueDate}: ${arr} ARR<br/>${i.owner ?? 'no owner'}`;
      },
    },
    legend: { top: 0, data: CATEGORIES.map((c) => CATEGORY_LABELS[c]) },
    grid: { left: 70, right: 20, top: 40, bottom: 40 },
    xAxis: { type: 'time' },
    yAxis: { type: 'value', name: `ARR at stake (${currency})` },
    // [due day, ARR in major units]: the ARR last, so the chart's summary sums it.
    series: CATEGORIES.map((c, k) => ({
      name: CATEGORY_LABELS[c],
      type: 'scatter',
      itemStyle: { color: CATEGORY_COLORS[c], opacity: 0.75 },
      symbolSize: (value: [string, number]) => size(value[1]),
      data: (groups[k] ?? []).map((i) => [i.dueDate, toMajor(i.arrAtStakeMinor, currency)]),
    })),
  };
}

/** Renewal rate by count, gross and net amount rates per period, as lines in %. */
export function ratesOption(rows: RenewalRates['rows']): ChartOption {
  const pct = (v: number | null) => (v === null ? null : Math.round(v * 1000) / 10);
  const line = (name: string, values: (number | null)[]) => ({ name, type: 'line', connectNulls: false, data: values });
  return {
    tooltip: { trigger: 'axis', valueFormatter: (v: number | null) => (v === null ? '—' : `${v}%`) },
    legend: { top: 0 },
    grid: { left: 50, right: 20, top: 40, bottom: 30 },
    xAxis: { type: 'category', data: rows.map((r) => r.period) },
    yAxis: { type: 'value', axisLabel: { formatter: '{value}%' } },
    series: [
      line(
        'By count',
        rows.map((r) => pct(r.renewalRate)),
      ),
      line(
        'By amount, gross',
        rows.map((r) => pct(r.grossAmountRate)),
      ),
      line(
        'By amount, net',
        rows.map((r) => pct(r.netAmountRate)),
      ),
    ],
  };
}

/** Closed periods: what renewed against the forecast made 90 and 30 days before; open periods: low–high and expected. */
export function forecastOption(forecast: RenewalForecast, accuracy: ForecastAccuracy, currency: string): ChartOption {
  const closed = accuracy.periods.slice(-6);
  const periods = [...closed.map((p) => p.period), ...forecast.periods.map((p) => p.period)];
  const major = (minor: number | null | undefined) =>
    minor === null || minor === undefined ? null : toMajor(minor, currency);
  const at = (p: ForecastAccuracy['periods'][number], h: number) => p.horizons.find((x) => x.horizonDays === h);
  const pad = (n: number) => Array.from({ length: n }, () => null);
  return {
    tooltip: { trigger: 'axis' },
    legend: { top: 0 },
    grid: { left: 70, right: 20, top: 40, bottom: 30 },
    xAxis: { type: 'category', data: periods },
    yAxis: { type: 'value', name: currency },
    series: [
      {
        name: 'Renewed',
        type: 'bar',
        data: [...closed.map((p) => major(p.renewedMinor)), ...forecast.periods.map((p) => major(p.renewedSoFarMinor))],
      },
      {
        name: 'Forecast 90 days before',
        type: 'line',
        data: [...closed.map((p) => major(at(p, 90)?.expectedMinor)), ...pad(forecast.periods.length)],
      },
      {
        name: 'Forecast 30 days before',
        type: 'line',
        data: [...closed.map((p) => major(at(p, 30)?.expectedMinor)), ...pad(forecast.periods.length)],
      },
      {
        name: 'Low',
        type: 'line',
        lineStyle: { type: 'dashed' },
        data: [...pad(closed.length), ...forecast.periods.map((p) => major(p.lowMinor))],
      },
      {
        name: 'Expected',
        type: 'line',
        data: [...pad(closed.length), ...forecast.periods.map((p) => major(p.expectedMinor))],
      },
      {
        name: 'High',
        type: 'line',
        lineStyle: { type: 'dashed' },
        data: [...pad(closed.length), ...forecast.periods.map((p) => major(p.highMinor))],
      },
    ],
  };
}

export const errorText = (error: number | null | undefined) =>
  error === null || error === undefined ? '—' : `${error > 0 ? '+' : ''}${formatPercent(error, 1)}`;
