// Survey metrics over time (overall, by survey, by any account dimension), tied to revenue: ARR-weighted NPS per
// window, and NRR/GRR/logo churn/expansion by the NPS category of each account 12 months earlier. Reads only.
import { formatDay, monthOfDay, parseDay } from '../../core/period.ts';
import { mrrInMonth } from '../../core/adoption/segments.ts';
import { signupCohorts, type Ledger } from '../../core/revenue/index.ts';
import {
  accountNps,
  arrWeightedNps,
  retentionByCategory,
  type RetentionByCategory,
} from '../../core/surveys/accounts.ts';
import { SURVEY_KINDS, type SurveyKind } from '../../core/surveys/metrics.ts';
import {
  inWindow,
  monthsBefore,
  periodWindows,
  scoreSeries,
  type PeriodWindow,
  type ScorePoint,
  type SeriesInterval,
} from '../../core/surveys/series.ts';
import { REVENUE_DIMENSIONS, type RevenueDimension } from '../../contract/segments.ts';
import { billingIntervals } from '../../store/account-links.ts';
import { scoredAnswers, type StoredAnswer } from '../../store/survey-insight.ts';
import { accountProfiles, currentPlan, profileValue } from '../account-directory.ts';
import { db, type ServiceContext } from '../context.ts';
import { UsageError } from '../errors.ts';
import { currentLedger } from '../revenue.ts';

export interface MetricsQuery {
  asOf: string;
  interval: SeriesInterval;
  by?: RevenueDimension | undefined;
  /** One survey's answers (by name). */
  survey?: string | undefined;
  /** Only these kinds (default all three). */
  kinds?: readonly SurveyKind[] | undefined;
}

export type MetricPoint = ScorePoint & {
  /** NPS only: Σ account NPS × ARR ÷ Σ ARR over the window's accounts paying at its end (see core/surveys/accounts.ts). */
  arrWeightedNps?: number | null;
};

export interface MetricSeries {
  kind: SurveyKind;
  /** The dimension's value ('(none)' for accounts without one); null without `by`. */
  group: string | null;
  points: MetricPoint[];
}

export function parseSurveyDimension(value: string): RevenueDimension {
  if (!(REVENUE_DIMENSIONS as readonly string[]).includes(value)) {
    throw new UsageError(`--by must be one of ${REVENUE_DIMENSIONS.join(', ')}, found "${value}"`);
  }
  return value as RevenueDimension;
}

/** Each account's value of a dimension (plan: its plan now or last; cohort: its first paid month). */
async function dimensionValues(
  ctx: ServiceContext,
  ledger: Ledger,
  by: RevenueDimension,
): Promise<Map<number, string>> {
  const out = new Map<number, string>();
  if (by === 'cohort') for (const [id, cohort] of signupCohorts(ledger)) out.set(Number(id), cohort);
  else if (by === 'plan') for (const c of ledger.customers) out.set(Number(c.accountId), currentPlan(c) ?? '(none)');
  else if (by === 'billing_interval') for (const [id, v] of await billingIntervals(ctx.store)) out.set(id, v);
  else for (const p of (await accountProfiles(ctx)).values()) out.set(p.id, profileValue(p, by) ?? '(none)');
  return out;
}

function arrOfAccounts(ledger: Ledger, day: string): (accountId: number) => number {
  const month = monthOfDay(parseDay(day));
  const customers = new Map(ledger.customers.map((c) => [Number(c.accountId), c]));
  return (id) => {
    const c = customers.get(id);
    return c ? mrrInMonth(c, month) * 12 : 0;
  };
}

function withArrWeighted(points: ScorePoint[], windows: PeriodWindow[], answers: StoredAnswer[], ledger: Ledger) {
  return points.map((p, i) => {
    const w = windows[i];
    if (!w) return p;
    const accounts = accountNps(inWindow(answers, w));
    return { ...p, arrWeightedNps: arrWeightedNps(accounts, arrOfAccounts(ledger, w.to)).nps };
  });
}

/** Scores of each kind by window, overall or per group of `by`; every answer in a window counts. */
export async function surveyMetrics({ ctx, query }: { ctx: ServiceContext; query: MetricsQuery }): Promise<{
  asOf: string;
  interval: SeriesInterval;
  by: RevenueDimension | null;
  series: MetricSeries[];
}> {
  const answers = await scoredAnswers(db(ctx), { toDay: query.asOf, survey: query.survey });
  const ledger = await currentLedger({ ctx, asOf: query.asOf });
  const groups = query.by ? await dimensionValues(ctx, ledger, query.by) : null;
  const series: MetricSeries[] = [];
  for (const kind of query.kinds ?? SURVEY_KINDS) {
    const own = answers.filter((a) => a.kind === kind);
    const first = own[0];
    if (!first) continue;
    const windows = periodWindows(query.interval, first.respondedAt.slice(0, 10), query.asOf);
    const byGroup = new Map<string | null, StoredAnswer[]>();
    for (const a of own) {
      const group = groups ? (groups.get(a.accountId) ?? '(none)') : null;
      const list = byGroup.get(group);
      if (list) list.push(a);
      else byGroup.set(group, [a]);
    }
    const ordered = [...byGroup.keys()].sort((a, b) => (a === null || b === null ? 0 : a.localeCompare(b)));
    for (const group of ordered) {
      const list = byGroup.get(group) ?? [];
      const points = scoreSeries(kind, list, windows);
      series.push({ kind, group, points: kind === 'nps' ? withArrWeighted(points, windows, list, ledger) : points });
    }
  }
  return { asOf: query.asOf, interval: query.interval, by: query.by ?? null, series };
}

export interface SurveyRetention {
  asOf: string;
  /** The day categories were measured (12 months before asOf) and the 12 months of answers behind them. */
  measuredAt: string;
  answersFrom: string;
  /** The months compared: MRR in `from` against MRR in `to`. */
  from: string;
  to: string;
  currency: string;
  categories: RetentionByCategory[];
}

/** NRR, GRR, logo churn and expansion over the last 12 months by each account's NPS category at their start. */
export async function surveyRetention({ ctx, asOf }: { ctx: ServiceContext; asOf: string }): Promise<SurveyRetention> {
  const measuredAt = monthsBefore(asOf, 12);
  const answersFrom = formatDay(parseDay(monthsBefore(measuredAt, 12)) + 1);
  const answers = await scoredAnswers(db(ctx), { kind: 'nps', fromDay: answersFrom, toDay: measuredAt });
  const categories = accountNps(answers);
  const ledger = await currentLedger({ ctx, asOf });
  const startMonth = monthOfDay(parseDay(measuredAt));
  const endMonth = monthOfDay(parseDay(asOf));
  const outcomes = ledger.customers.map((c) => ({
    category: categories.get(Number(c.accountId))?.category ?? null,
    startMrrMinor: mrrInMonth(c, startMonth),
    endMrrMinor: mrrInMonth(c, endMonth),
  }));
  return {
    asOf,
    measuredAt,
    answersFrom,
    from: measuredAt.slice(0, 7),
    to: asOf.slice(0, 7),
    currency: ctx.config.reportingCurrency,
    categories: retentionByCategory(outcomes),
  };
}
