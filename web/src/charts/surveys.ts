// ECharts options for surveys: a score over time with its 95% confidence band, the 0–10 distribution, NPS by
// segment, and retention by NPS category (pure: data in, option out).
import type { RetentionByCategory, ScorePoint } from '../../../src/contract/surveys.ts';
import { formatCount, formatPercent } from '../lib/format.ts';
import { AXIS_STYLE, GRID, LEGEND, PALETTE, TOOLTIP } from './theme.ts';
import { escapeHtml } from './adoption.ts';

type Option = Record<string, unknown>;
export type SurveyKind = 'nps' | 'csat' | 'ces';

export const KIND_TEXT: Record<SurveyKind, { name: string; unit: string; min: number; max: number; digits: number }> = {
  nps: { name: 'NPS', unit: '', min: -100, max: 100, digits: 0 },
  csat: { name: 'CSAT', unit: '%', min: 0, max: 100, digits: 0 },
  ces: { name: 'CES', unit: '', min: 1, max: 7, digits: 2 },
};

export const scoreText = (kind: SurveyKind, value: number | null | undefined) =>
  value === null || value === undefined ? '—' : `${value.toFixed(kind === 'ces' ? 2 : 1)}${KIND_TEXT[kind].unit}`;

/**
 * The score per window as a line, over a band from the interval's low to its high: the band is two stacked
 * series (the low, invisible, then high − low, filled); `stackStrategy: 'all'` stacks across zero for NPS.
 */
export function scoreTrendOption(kind: SurveyKind, points: readonly ScorePoint[]): Option {
  const { name, min, max } = KIND_TEXT[kind];
  const low = points.map((p) => p.ciLow);
  const width = points.map((p) => (p.ciLow === null || p.ciHigh === null ? null : p.ciHigh - p.ciLow));
  const tooltip = (params: { dataIndex: number }[]) => {
    const p = points[params[0]?.dataIndex ?? -1];
    if (!p) return '';
    const ci = p.ciLow === null ? '' : `<br/>95% interval ${scoreText(kind, p.ciLow)} to ${scoreText(kind, p.ciHigh)}`;
    const few = p.fewAnswers && p.responses > 0 ? '<br/><i>under 30 answers: uncertain</i>' : '';
    return `<b>${escapeHtml(p.period)}</b><br/>${name} ${scoreText(kind, p.score)} · ${formatCount(p.responses)} answers${ci}${few}`;
  };
  const band = { type: 'line', stack: 'ci', stackStrategy: 'all', symbol: 'none', lineStyle: { opacity: 0 } };
  return {
    grid: GRID,
    legend: { ...LEGEND, data: [name, '95% interval'] },
    tooltip: { ...TOOLTIP, trigger: 'axis', formatter: tooltip },
    xAxis: { type: 'category', data: points.map((p) => p.period), ...AXIS_STYLE, splitLine: { show: false } },
    yAxis: { type: 'value', min, max, ...AXIS_STYLE },
    series: [
      { ...band, name: 'interval low', data: low },
      { ...band, name: '95% interval', data: width, areaStyle: { color: PALETTE[0], opacity: 0.15 } },
      {
        name,
        type: 'line',
        data: points.map((p) => p.score),
        connectNulls: false,
        itemStyle: { color: PALETTE[0] },
        lineStyle: { width: 2 },
      },
    ],
  };
}

const CATEGORY_COLOR = (score: number) => (score >= 9 ? '#12b76a' : score >= 7 ? '#98a2b3' : '#f04438');

/** Answers per score 0–10 (or 1–5, 1–7), coloured by NPS category for NPS. */
export function distributionOption(kind: SurveyKind, counts: readonly number[]): Option {
  const first = KIND_TEXT[kind].min < 1 ? 0 : 1;
  return {
    grid: { ...GRID, top: 16 },
    tooltip: { ...TOOLTIP, valueFormatter: (v: number) => `${formatCount(v)} answers` },
    xAxis: {
      type: 'category',
      data: counts.map((_, i) => String(i + first)),
      ...AXIS_STYLE,
      splitLine: { show: false },
    },
    yAxis: { type: 'value', ...AXIS_STYLE },
    series: [
      {
        name: 'Answers',
        type: 'bar',
        barMaxWidth: 28,
        itemStyle: {
          color: (p: { dataIndex: number }) => (kind === 'nps' ? CATEGORY_COLOR(p.dataIndex + first) : PALETTE[0]),
        },
        data: [...counts],
      },
    ],
  };
}

export interface GroupScore {
  group: string;
  point: ScorePoint;
}

/** NPS per group, with its interval in the tooltip. */
export function npsByGroupOption(groups: readonly GroupScore[]): Option {
  const tooltip = (p: { dataIndex: number }) => {
    const g = groups[p.dataIndex];
    if (!g) return '';
    return `<b>${escapeHtml(g.group)}</b><br/>NPS ${scoreText('nps', g.point.score)} · ${formatCount(g.point.responses)} answers<br/>95% interval ${scoreText('nps', g.point.ciLow)} to ${scoreText('nps', g.point.ciHigh)}`;
  };
  return {
    grid: GRID,
    tooltip: { ...TOOLTIP, trigger: 'item', formatter: tooltip },
    xAxis: { type: 'value', min: -100, max: 100, ...AXIS_STYLE },
    yAxis: {
      type: 'category',
      inverse: true,
      data: groups.map((g) => g.group),
      ...AXIS_STYLE,
      splitLine: { show: false },
    },
    series: [
      {
        name: 'NPS',
        type: 'bar',
        barMaxWidth: 18,
        itemStyle: { color: (p: { value: number | null }) => ((p.value ?? 0) >= 0 ? PALETTE[0] : PALETTE[4]) },
        data: groups.map((g) => g.point.score),
      },
    ],
  };
}

export const CATEGORY_LABELS: Record<RetentionByCategory['category'], string> = {
  promoter: 'Promoter accounts',
  passive: 'Passive accounts',
  detractor: 'Detractor accounts',
  unsurveyed: 'No answer',
  all: 'All accounts',
};

/** NRR, GRR, expansion and logo churn side by side for each NPS category of account. */
export function retentionByCategoryOption(rows: readonly RetentionByCategory[]): Option {
  const shown = rows.filter((r) => r.accounts > 0);
  const measures: [string, (r: RetentionByCategory) => number | null, string | undefined][] = [
    ['NRR', (r) => r.nrr, PALETTE[0]],
    ['GRR', (r) => r.grr, PALETTE[1]],
    ['Expansion', (r) => r.expansionRate, PALETTE[6]],
    ['Logo churn', (r) => r.logoChurnRate, PALETTE[4]],
  ];
  return {
    grid: GRID,
    legend: LEGEND,
    tooltip: { ...TOOLTIP, valueFormatter: (v: number | null) => formatPercent(v) },
    xAxis: {
      type: 'category',
      data: shown.map((r) => `${CATEGORY_LABELS[r.category]} (${formatCount(r.accounts)})`),
      ...AXIS_STYLE,
      splitLine: { show: false },
    },
    yAxis: {
      type: 'value',
      min: 0,
      ...AXIS_STYLE,
      axisLabel: { ...AXIS_STYLE.axisLabel, formatter: (v: number) => formatPercent(v, 0) },
    },
    series: measures.map(([name, value, color]) => ({
      name,
      type: 'bar',
      barMaxWidth: 22,
      itemStyle: { color },
      data: shown.map(value),
    })),
  };
}
