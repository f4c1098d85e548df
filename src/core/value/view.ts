// The report as text, laid out once: the HTML page and the PDF both draw this view, so they carry the same
// figures, formatted the same way.
import { monthLabel } from './build.ts';
import type { ValueReportModel } from './types.ts';

export interface ViewTable {
  heading: string;
  columns: string[];
  rows: string[][];
  /** Shown instead of rows when there are none, or under them. */
  note?: string;
}

export interface ReportView {
  company: string;
  brandColor: string;
  title: string;
  periodLine: string;
  kpis: { label: string; value: string }[];
  tables: ViewTable[];
  sources: string[];
}

const NUMBER = new Intl.NumberFormat('en-US', { maximumFractionDigits: 2 });

/** A figure as both renderings print it: "1,234.5"; "–" when there is none. */
export const figure = (n: number | null): string => (n === null ? '–' : NUMBER.format(n));
const pct = (n: number | null): string => (n === null ? '–' : `${n > 0 ? '+' : ''}${NUMBER.format(n)}%`);

function outcomeTable(m: ValueReportModel): ViewTable {
  return {
    heading: 'Outcomes promised and achieved',
    columns: ['Outcome', 'Baseline', 'Now', 'Target', 'Due', 'Progress', 'Measured from'],
    rows: m.outcomes.map((o) => [
      o.metric,
      figure(o.baseline),
      figure(o.now),
      figure(o.target),
      o.dueDate,
      o.progressPct === null ? o.status : `${NUMBER.format(o.progressPct)}% (${o.status})`,
      o.source,
    ]),
    ...(m.outcomes.length === 0 ? { note: 'No outcomes were recorded when your subscription began.' } : {}),
  };
}

function usageTable(m: ValueReportModel): ViewTable {
  const u = m.usage;
  return {
    heading: 'Usage growth',
    columns: ['Measure', 'Value'],
    rows: [
      [`Active users in ${monthLabel(m.period.from)}`, figure(u.activeUsersStart)],
      [`Active users in ${monthLabel(m.period.to)}`, figure(u.activeUsersEnd)],
      ['Active user growth', pct(u.activeUserGrowthPct)],
      ['Features used in the period', figure(u.featuresUsed)],
      [
        'Features adopted in the period',
        u.featuresAdopted.length === 0 ? '0' : `${figure(u.featuresAdopted.length)}: ${u.featuresAdopted.join(', ')}`,
      ],
      ['Success plan milestones completed', `${figure(u.milestonesCompleted)} of ${figure(u.milestonesTotal)}`],
    ],
    note: u.sources.join('. ') + '.',
  };
}

function valueTable(m: ValueReportModel): ViewTable {
  return {
    heading: 'Value delivered',
    columns: ['Value', 'Amount', 'How it is counted'],
    rows: m.valueMetrics.map((v) => [
      v.name,
      `${figure(v.value)} ${v.unit}`,
      `${figure(v.events)} ${v.feature} × ${figure(v.multiplier)} ${v.unit}`,
    ]),
    ...(m.valueMetrics.length === 0 ? { note: 'No value measures are defined yet.' } : {}),
  };
}

/** 1st, 2nd, 3rd, 4th … 11th, 12th, 13th … 21st: a percentile as people read it. */
function ordinal(n: number): string {
  const teen = n % 100 >= 11 && n % 100 <= 13;
  const suffix = teen ? 'th' : (({ 1: 'st', 2: 'nd', 3: 'rd' } as Record<number, string>)[n % 10] ?? 'th');
  return `${n}${suffix}`;
}

function peerTable(m: ValueReportModel): ViewTable {
  const p = m.peers;
  if (!p.shown) return { heading: 'Compared with similar customers', columns: [], rows: [], note: p.reason };
  return {
    heading: 'Compared with similar customers',
    columns: ['Measure', 'You', 'Lower quartile', 'Median', 'Upper quartile', 'Your percentile'],
    rows: p.rows.map((r) => [
      r.measure,
      figure(r.customer),
      figure(r.p25),
      figure(r.median),
      figure(r.p75),
      r.percentile === null ? '–' : ordinal(r.percentile),
    ]),
    note: p.source + '.',
  };
}

export function reportView(m: ValueReportModel): ReportView {
  const kpis = [
    { label: 'Active users', value: `${figure(m.usage.activeUsersStart)} → ${figure(m.usage.activeUsersEnd)}` },
    { label: 'Active user growth', value: pct(m.usage.activeUserGrowthPct) },
    { label: 'Features used', value: figure(m.usage.featuresUsed) },
    {
      label: 'Milestones completed',
      value: `${figure(m.usage.milestonesCompleted)} of ${figure(m.usage.milestonesTotal)}`,
    },
    ...m.valueMetrics.map((v) => ({ label: v.name, value: `${figure(v.value)} ${v.unit}` })),
  ];
  return {
    company: m.company.name,
    brandColor: m.company.brandColor,
    title: m.title,
    periodLine: `${m.period.label} (${m.period.firstDay} to ${m.period.lastDay})`,
    kpis,
    tables: [outcomeTable(m), usageTable(m), valueTable(m), peerTable(m)],
    sources: m.sources,
  };
}

/** Every figure the view prints (KPIs and table cells), for checking that two renderings agree. */
export function viewFigures(view: ReportView): string[] {
  const cells = view.tables.flatMap((t) => t.rows.flatMap((r) => r.slice(1)));
  return [...view.kpis.map((k) => k.value), ...cells].filter((c) => /\d/.test(c));
}
