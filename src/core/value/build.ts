// The value report's model from an account's records for a period. Definitions (README, "Value reports"):
// - outcome "now": the promised metric measured from usage when its name (less a trailing "per day|week|month") is a
//   value metric's name or a catalog feature's key or name: the period's total, or its average per day, week or
//   month; otherwise the latest value recorded by hand on or before the period's last day.
// - progress: (now − baseline) / (target − baseline); achieved when now has reached the target.
// - active users: distinct people with any event in the period's first and last month; features used: catalog
//   features with an event in the period; adopted: first ever used within the period.
// - value metric: events of its feature in the period × its multiplier.
// - similar customers: same segment, size band and plan; percentile = share below this customer, ties half.
import { addMonthsToDay, formatDay, lastDayOfMonth, monthIndex, monthKey, parseDay } from '../period.ts';
import type {
  OutcomeRow,
  PeerMeasures,
  PeerRow,
  ValueMetricRow,
  ValuePeriod,
  ValueReportInput,
  ValueReportModel,
} from './types.ts';

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
export const MAX_PERIOD_MONTHS = 36;

const round = (n: number, places: number) => {
  const f = 10 ** places;
  return Math.round(n * f) / f;
};

/** A month as people read it: "Jul 2026". */
export const monthLabel = (key: string) => {
  const m = monthIndex(key);
  return `${MONTHS[m % 12] ?? ''} ${Math.floor(m / 12)}`;
};

/** The last full calendar quarter before `asOf`'s. */
export function lastFullQuarter(asOf: string): ValuePeriod {
  const month = monthIndex(asOf.slice(0, 7));
  const start = month - (month % 3) - 3;
  return { from: monthKey(start), to: monthKey(start + 2) };
}

/** Checks a period given at the edges; throws RangeError naming what is wrong. */
export function checkPeriod(period: ValuePeriod, asOf: string): ValuePeriod {
  const from = monthIndex(period.from);
  const to = monthIndex(period.to);
  // Each message starts with the field at fault (from, to), as the API and the CLI name them.
  if (from > to)
    throw new RangeError(`from ${period.from} is after to ${period.to}: the period's start is after its end`);
  if (to - from + 1 > MAX_PERIOD_MONTHS)
    throw new RangeError(
      `from ${period.from} to ${period.to}: a period of at most ${MAX_PERIOD_MONTHS} months, found ${to - from + 1}`,
    );
  if (from > monthIndex(asOf.slice(0, 7)))
    throw new RangeError(`from ${period.from}: the period starts after this month`);
  return period;
}

/** The period's first and last day (the last no later than asOf) and how many months it spans. */
export function periodDays(period: ValuePeriod, asOf: string) {
  const firstDay = `${period.from}-01`;
  const end = Math.min(lastDayOfMonth(monthIndex(period.to)), parseDay(asOf));
  return { firstDay, lastDay: formatDay(end), months: monthIndex(period.to) - monthIndex(period.from) + 1 };
}

/** How outcome and metric names compare: case and spacing aside. */
export const norm = (s: string) => s.trim().toLowerCase().replace(/\s+/g, ' ');
const RATE = /\s*(?:per|\/|a|each)\s*(day|week|month)$/;

function measureOutcome(
  input: ValueReportInput,
  metric: string,
  days: number,
  months: number,
  values: ValueMetricRow[],
) {
  const wanted = norm(metric);
  const rate = RATE.exec(wanted);
  const base = rate ? wanted.slice(0, rate.index) : wanted;
  const valueMetric = values.find((v) => norm(v.name) === base);
  const feature = input.catalog.find((f) => norm(f.key) === base || norm(f.name) === base);
  let total: number;
  let what: string;
  if (valueMetric) [total, what] = [valueMetric.value, `value metric "${valueMetric.name}"`];
  else if (feature) {
    total = input.featureUsage.find((u) => u.key === feature.key)?.events ?? 0;
    what = `events of the feature "${feature.name}"`;
  } else return null;
  const per = rate?.[1];
  const divisor = per === 'day' ? days : per === 'week' ? days / 7 : per === 'month' ? months : 1;
  const how = per ? `, average per ${per}` : ', total';
  return { now: round(total / divisor, 2), source: `Product usage: ${what} in the period${how}` };
}

function outcomeRows(input: ValueReportInput, lastDay: string, days: number, months: number, values: ValueMetricRow[]) {
  return input.outcomes.map((o): OutcomeRow => {
    const measured = measureOutcome(input, o.metric, days, months, values);
    const reading = input.readings
      .filter((r) => norm(r.metric) === norm(o.metric) && r.recordedOn <= lastDay)
      .sort((a, b) => (a.recordedOn < b.recordedOn ? 1 : -1))[0];
    const now = measured?.now ?? reading?.value ?? null;
    const source = measured
      ? measured.source
      : reading
        ? `Recorded by your success manager on ${reading.recordedOn}`
        : 'No measurement yet';
    const span = o.target - o.baseline;
    const progressPct = now === null ? null : span === 0 ? 100 : round(((now - o.baseline) / span) * 100, 1);
    const reached = now !== null && (span >= 0 ? now >= o.target : now <= o.target);
    const status = now === null ? 'not measured' : reached ? 'achieved' : 'in progress';
    return {
      metric: o.metric,
      baseline: o.baseline,
      now,
      target: o.target,
      dueDate: o.due_date,
      progressPct,
      status,
      source,
    };
  });
}

function valueMetricRows(input: ValueReportInput, firstDay: string, lastDay: string): ValueMetricRow[] {
  return input.valueMetrics.map((m) => {
    const events = input.featureUsage.find((u) => u.key === m.feature)?.events ?? 0;
    const name = input.catalog.find((f) => f.key === m.feature)?.name ?? m.feature;
    return {
      name: m.name,
      feature: name,
      events,
      multiplier: m.multiplier,
      unit: m.unit,
      value: round(events * m.multiplier, 2),
      source: `Product usage: events of the feature "${name}", ${firstDay} to ${lastDay}, × ${m.multiplier} ${m.unit}`,
    };
  });
}

/** Linear-interpolated quantile of sorted values (q in 0..1). */
export function quantile(sorted: readonly number[], q: number): number {
  if (sorted.length === 0) return 0;
  const at = (sorted.length - 1) * q;
  const lo = Math.floor(at);
  const hi = Math.ceil(at);
  return (sorted[lo] ?? 0) + ((sorted[hi] ?? 0) - (sorted[lo] ?? 0)) * (at - lo);
}

/** The share of `others` below `value`, ties counted half, in whole percent. */
export function percentileRank(others: readonly number[], value: number): number {
  if (others.length === 0) return 0;
  const below = others.filter((o) => o < value).length;
  const ties = others.filter((o) => o === value).length;
  return Math.round(((below + ties / 2) / others.length) * 100);
}

function peerRow(measure: string, customer: number | null, values: number[]): PeerRow {
  const sorted = [...values].sort((a, b) => a - b);
  return {
    measure,
    customer,
    p25: round(quantile(sorted, 0.25), 1),
    median: round(quantile(sorted, 0.5), 1),
    p75: round(quantile(sorted, 0.75), 1),
    percentile: customer === null ? null : percentileRank(sorted, customer),
  };
}

function peerSection(input: ValueReportInput, mine: PeerMeasures): ValueReportModel['peers'] {
  const { segment, sizeBand, plan } = input.account;
  const group = `segment ${segment ?? '(none)'}, size ${sizeBand ?? '(none)'}, plan ${plan ?? '(none)'}`;
  const count = input.peers.length;
  if (count < input.minPeers)
    return { shown: false, group, count, reason: 'Not enough similar customers to compare with yet.' };
  const growth = input.peers.flatMap((p) => (p.activeUserGrowthPct === null ? [] : [p.activeUserGrowthPct]));
  const rows = [
    peerRow(
      'Active users at the end of the period',
      mine.activeUsersEnd,
      input.peers.map((p) => p.activeUsersEnd),
    ),
    peerRow(
      'Features used in the period',
      mine.featuresUsed,
      input.peers.map((p) => p.featuresUsed),
    ),
  ];
  if (growth.length >= input.minPeers) rows.push(peerRow('Active user growth (%)', mine.activeUserGrowthPct, growth));
  const source = `${count} other customers with the same segment, size band and plan, measured the same way over the same period; names are never shown`;
  return { shown: true, group, count, rows, source };
}

export function buildValueReport(input: ValueReportInput): ValueReportModel {
  const { firstDay, lastDay, months } = periodDays(input.period, input.asOf);
  const days = parseDay(lastDay) - parseDay(firstDay) + 1;
  const start = input.activeUsersByMonth[0]?.users ?? 0;
  const end = input.activeUsersByMonth.at(-1)?.users ?? 0;
  const growth = start === 0 ? null : round(((end - start) / start) * 100, 1);
  const names = new Map(input.catalog.map((f) => [f.key, f.name]));
  const used = input.featureUsage.filter((u) => u.events > 0);
  const adopted = input.featureUsage
    .filter((u) => u.firstUsedOn !== null && u.firstUsedOn >= firstDay && u.firstUsedOn <= lastDay)
    .map((u) => names.get(u.key) ?? u.key)
    .sort();
  const values = valueMetricRows(input, firstDay, lastDay);
  const usageSource = `Product usage: daily event totals per person and feature, ${firstDay} to ${lastDay}`;
  const label =
    input.period.from === input.period.to
      ? monthLabel(input.period.from)
      : `${monthLabel(input.period.from)} – ${monthLabel(input.period.to)}`;
  return {
    title: `Value report: ${input.account.name}`,
    company: input.company,
    account: { externalId: input.account.externalId, name: input.account.name },
    period: { ...input.period, firstDay, lastDay, label },
    asOf: input.asOf,
    outcomes: outcomeRows(input, lastDay, days, months, values),
    usage: {
      activeUsersStart: start,
      activeUsersEnd: end,
      activeUserGrowthPct: growth,
      featuresUsed: used.length,
      featuresAdopted: adopted,
      milestonesCompleted: input.milestones.filter((m) => m.completedOn !== null && m.completedOn <= lastDay).length,
      milestonesTotal: input.milestones.length,
      sources: [usageSource, 'Success plan milestones and the days they were completed'],
    },
    valueMetrics: values,
    peers: peerSection(input, { activeUsersEnd: end, featuresUsed: used.length, activeUserGrowthPct: growth }),
    sources: [
      `Period: ${firstDay} to ${lastDay} (UTC), report made on ${input.asOf}`,
      'Promised outcomes: the goals agreed with you when your subscription began',
      usageSource,
      'Success plan: milestones and the days they were completed',
      'Value metrics: definitions set by your provider, applied to the usage above',
    ],
  };
}

/** The day `days` after `day` ('YYYY-MM-DD'); months after, for cadences. */
export const addMonthsText = (day: string, months: number) => formatDay(addMonthsToDay(parseDay(day), months));
