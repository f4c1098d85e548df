// `tenure report nps|csat|ces --by DIM`: the same figures per period and group of an account dimension.
import type { SurveyKind } from '../../core/surveys/metrics.ts';
import type { ServiceContext } from '../../services/context.ts';
import { parseSurveyDimension, surveyMetrics, type MetricPoint } from '../../services/surveys/insight.ts';
import type { CesPeriod, CsatPeriod, NpsPeriod, SurveyReportQuery } from '../../services/surveys/reports.ts';

type Grouped<T> = T & { group: string };

/** Points per period and group (groups sorted within a period), from the kind's first answer through asOf's. */
async function groupPoints(ctx: ServiceContext, kind: SurveyKind, query: SurveyReportQuery, by: string) {
  const dimension = parseSurveyDimension(by);
  const { series } = await surveyMetrics({
    ctx,
    query: { asOf: query.asOf, interval: query.interval, by: dimension, survey: query.survey, kinds: [kind] },
  });
  const points: { group: string; point: MetricPoint }[] = series.flatMap((s) =>
    s.points.map((point) => ({ group: s.group ?? '(none)', point })),
  );
  // A stable sort: groups stay in their order within each period.
  return points.sort((a, b) => (a.point.period < b.point.period ? -1 : a.point.period > b.point.period ? 1 : 0));
}

export async function npsGroupRows(ctx: ServiceContext, query: SurveyReportQuery, by: string) {
  return (await groupPoints(ctx, 'nps', query, by)).map(({ group, point: p }): Grouped<NpsPeriod> => ({
    period: p.period,
    group,
    responses: p.responses,
    promoters: p.promoters ?? 0,
    passives: p.passives ?? 0,
    detractors: p.detractors ?? 0,
    nps: p.score,
    ciLow: p.ciLow,
    ciHigh: p.ciHigh,
    fewAnswers: p.fewAnswers,
  }));
}

export async function csatGroupRows(ctx: ServiceContext, query: SurveyReportQuery, by: string) {
  return (await groupPoints(ctx, 'csat', query, by)).map(({ group, point: p }): Grouped<CsatPeriod> => ({
    period: p.period,
    group,
    responses: p.responses,
    satisfied: p.satisfied ?? 0,
    csat: p.score,
  }));
}

export async function cesGroupRows(ctx: ServiceContext, query: SurveyReportQuery, by: string) {
  return (await groupPoints(ctx, 'ces', query, by)).map(({ group, point: p }): Grouped<CesPeriod> => ({
    period: p.period,
    group,
    responses: p.responses,
    mean: p.score,
  }));
}
