// ECharts options for adoption: levels by accounts and MRR, retention by level, feature usage rates by module,
// levels per segment group, and one account's active users (pure: data in, option out).
import type { AdoptionGroup, FeatureRate, LevelShare, RetentionLevel } from '../lib/adoption.ts';
import { LEVEL_LABELS, LEVELS } from '../lib/adoption.ts';
import { formatCount, formatDate, formatMoney, formatPercent } from '../lib/format.ts';
import { AXIS_STYLE, GRID, LEGEND, LEVEL_COLORS, PALETTE, TOOLTIP } from './theme.ts';

type Option = Record<string, unknown>;

/** Catalog names and groups are data: escaped before they go into a tooltip's HTML. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

function shareAxis(max?: number): Option {
  return {
    type: 'value',
    min: 0,
    ...(max === undefined ? {} : { max }),
    ...AXIS_STYLE,
    axisLabel: { ...AXIS_STYLE.axisLabel, formatter: (v: number) => formatPercent(v, 0) },
  };
}

const barLabel = {
  show: true,
  color: '#fff',
  fontSize: 11,
  formatter: (p: { value: number | null }) => (p.value !== null && p.value >= 0.07 ? formatPercent(p.value, 0) : ''),
};

/** Two 100% bars: the share of accounts and the share of MRR at each level. */
export function levelSharesOption(levels: readonly LevelShare[], currency: string): Option {
  const tooltip = (p: { seriesIndex: number; dataIndex: number }) => {
    const l = levels[p.seriesIndex];
    if (!l) return '';
    const head = `<b>${LEVEL_LABELS[l.level]} adoption</b><br/>`;
    return p.dataIndex === 0
      ? `${head}${formatCount(l.accounts)} accounts · ${formatPercent(l.accountShare)} of accounts`
      : `${head}${formatMoney(l.mrrMinor, currency)} MRR · ${formatPercent(l.mrrShare)} of MRR`;
  };
  return {
    grid: { ...GRID, top: 30 },
    legend: { ...LEGEND, data: levels.map((l) => LEVEL_LABELS[l.level]) },
    tooltip: { ...TOOLTIP, trigger: 'item', formatter: tooltip },
    xAxis: shareAxis(1),
    yAxis: { type: 'category', inverse: true, data: ['Accounts', 'MRR'], ...AXIS_STYLE, splitLine: { show: false } },
    series: levels.map((l) => ({
      name: LEVEL_LABELS[l.level],
      type: 'bar',
      stack: 'share',
      barWidth: 30,
      itemStyle: { color: LEVEL_COLORS[l.level] },
      label: barLabel,
      data: [l.accountShare, l.mrrShare],
    })),
  };
}

/** NRR, GRR, logo churn and renewal side by side for each adoption level (and all customers). */
export function retentionByLevelOption(levels: readonly RetentionLevel[]): Option {
  const shown = levels.filter((l) => l.customers > 0 || l.level !== 'unknown');
  const measures: [string, (l: RetentionLevel) => number | null, string | undefined][] = [
    ['NRR', (l) => l.nrr, PALETTE[0]],
    ['GRR', (l) => l.grr, PALETTE[1]],
    ['Renewal', (l) => l.renewalRate, PALETTE[6]],
    ['Logo churn', (l) => l.logoChurnRate, PALETTE[4]],
  ];
  return {
    grid: GRID,
    legend: LEGEND,
    tooltip: { ...TOOLTIP, valueFormatter: (v: number | null) => formatPercent(v) },
    xAxis: {
      type: 'category',
      data: shown.map((l) => `${LEVEL_LABELS[l.level]} (${formatCount(l.customers)})`),
      ...AXIS_STYLE,
      splitLine: { show: false },
    },
    yAxis: shareAxis(),
    series: measures.map(([name, value, color]) => ({
      name,
      type: 'bar',
      barMaxWidth: 22,
      itemStyle: { color },
      data: shown.map(value),
      ...(name === 'NRR'
        ? {
            markLine: {
              silent: true,
              symbol: 'none',
              lineStyle: { color: '#98a2b3', type: 'dashed' },
              label: { formatter: '100%', color: '#667085', fontSize: 10, position: 'insideEndTop' },
              data: [{ yAxis: 1 }],
            },
          }
        : {}),
    })),
  };
}

/** Features ordered by module, then by usage rate; one colour (and legend entry) per module. */
export function sortFeatures(features: readonly FeatureRate[]): FeatureRate[] {
  return [...features].sort(
    (a, b) =>
      a.module.localeCompare(b.module) || (b.usageRate ?? -1) - (a.usageRate ?? -1) || a.key.localeCompare(b.key),
  );
}

export function plansText(plans: readonly string[]): string {
  return plans.length === 0 ? 'every plan' : plans.join(', ');
}

export function featureUsageOption(features: readonly FeatureRate[]): Option {
  const sorted = sortFeatures(features);
  const modules = [...new Set(sorted.map((f) => f.module))];
  const tooltip = (p: { dataIndex: number }) => {
    const f = sorted[p.dataIndex];
    if (!f) return '';
    return [
      `<b>${escapeHtml(f.name)}</b> · ${escapeHtml(f.module)}`,
      `Usage rate <b>${formatPercent(f.usageRate)}</b>: ${formatCount(f.accountsUsing)} of ${formatCount(f.accountsIncluded)} accounts whose plan includes it`,
      `Included in ${escapeHtml(plansText(f.plans))}`,
      f.accountsUsingOutsidePlan > 0
        ? `${formatCount(f.accountsUsingOutsidePlan)} accounts use it outside their plan`
        : '',
    ]
      .filter(Boolean)
      .join('<br/>');
  };
  return {
    // The legend wraps (about four module names to a row in a half-width card): leave room for its rows.
    grid: { ...GRID, top: 10 + 22 * Math.ceil(modules.length / 4), right: 40 },
    legend: { ...LEGEND, data: modules },
    tooltip: { ...TOOLTIP, trigger: 'item', formatter: tooltip },
    xAxis: shareAxis(),
    yAxis: {
      type: 'category',
      inverse: true,
      data: sorted.map((f) => f.name),
      ...AXIS_STYLE,
      splitLine: { show: false },
    },
    // One series per module, each holding only its own features, stacked so every bar keeps its own row.
    series: modules.map((module, i) => ({
      name: module,
      type: 'bar',
      stack: 'rate',
      barMaxWidth: 14,
      itemStyle: { color: PALETTE[i % PALETTE.length], borderRadius: [0, 3, 3, 0] },
      label: {
        show: true,
        position: 'right',
        color: '#475467',
        fontSize: 10,
        formatter: (p: { value: number | null }) => (p.value === null ? '' : formatPercent(p.value, 0)),
      },
      data: sorted.map((f) => (f.module === module ? f.usageRate : null)),
    })),
  };
}

/** Each group's accounts split into low / mid / high, as shares of the group so groups of any size compare. */
export function segmentLevelsOption(groups: readonly AdoptionGroup[]): Option {
  const tooltip = (p: { seriesIndex: number; dataIndex: number }) => {
    const g = groups[p.dataIndex];
    const level = LEVELS[p.seriesIndex];
    if (!g || !level) return '';
    return `<b>${escapeHtml(g.group)}</b> · ${LEVEL_LABELS[level]}<br/>${formatCount(g[level])} of ${formatCount(g.accounts)} accounts (${formatPercent(g.accounts === 0 ? null : g[level] / g.accounts)})`;
  };
  return {
    grid: { ...GRID, top: 30 },
    legend: { ...LEGEND, data: LEVELS.map((l) => LEVEL_LABELS[l]) },
    tooltip: { ...TOOLTIP, trigger: 'item', formatter: tooltip },
    xAxis: shareAxis(1),
    yAxis: {
      type: 'category',
      inverse: true,
      data: groups.map((g) => g.group),
      ...AXIS_STYLE,
      splitLine: { show: false },
    },
    series: LEVELS.map((level) => ({
      name: LEVEL_LABELS[level],
      type: 'bar',
      stack: 'levels',
      barMaxWidth: 22,
      itemStyle: { color: LEVEL_COLORS[level] },
      label: barLabel,
      data: groups.map((g) => (g.accounts === 0 ? null : g[level] / g.accounts)),
    })),
  };
}

/** 'Nov 8' from '2026-11-08' (the year is in the card's subtitle). */
export const shortDay = (day: string) => formatDate(day).replace(/, \d{4}$/, '');

/** One account's active users per day (bars) or per week (line, with the licensed seats as a dashed line). */
export function activeUsersOption(
  values: readonly number[],
  days: readonly string[],
  grain: 'daily' | 'weekly',
  seats: number | null,
): Option {
  const seatLine =
    grain === 'weekly' && seats !== null
      ? {
          markLine: {
            silent: true,
            symbol: 'none',
            lineStyle: { color: PALETTE[4], type: 'dashed' },
            label: { formatter: `${seats} licensed seats`, color: PALETTE[4], fontSize: 10, position: 'insideEndTop' },
            data: [{ yAxis: seats }],
          },
        }
      : {};
  const name = grain === 'daily' ? 'Daily active users' : 'Weekly active users';
  return {
    grid: { ...GRID, top: 16 },
    tooltip: { ...TOOLTIP, valueFormatter: (v: number) => formatCount(v) },
    xAxis: {
      type: 'category',
      data: days.map(shortDay),
      ...AXIS_STYLE,
      splitLine: { show: false },
    },
    yAxis: {
      type: 'value',
      minInterval: 1,
      ...(seats !== null && grain === 'weekly' ? { max: (v: { max: number }) => Math.max(v.max, seats) } : {}),
      ...AXIS_STYLE,
    },
    series: [
      {
        name,
        type: grain === 'daily' ? 'bar' : 'line',
        data: values,
        itemStyle: { color: PALETTE[0] },
        ...(grain === 'daily'
          ? { barMaxWidth: 10 }
          : { symbol: 'circle', symbolSize: 6, lineStyle: { width: 2.5 }, areaStyle: { opacity: 0.12 } }),
        ...seatLine,
      },
    ],
  };
}
