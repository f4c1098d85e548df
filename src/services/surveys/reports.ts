// Survey reports: NPS and CSAT by month or quarter through the as-of day; every answer in a period counts, a
// dismissal never.
import { formatDay, parseDay } from '../../core/period.ts';
import {
  cesOf,
  csatOf,
  npsOf,
  periodOf,
  scoresByPeriod,
  type CesResult,
  type CsatResult,
  type NpsResult,
  type SurveyInterval,
  type SurveyKind,
} from '../../core/surveys/metrics.ts';
import { answersOfKind } from '../../store/surveys.ts';
import { db, type ServiceContext } from '../context.ts';

export interface SurveyReportQuery {
  interval: SurveyInterval;
  /** The last day counted, YYYY-MM-DD (UTC). */
  asOf: string;
  /** Only this survey's answers (by name); every survey of the kind when absent. */
  survey?: string | undefined;
}

export type NpsPeriod = NpsResult & { period: string };
export type CsatPeriod = CsatResult & { period: string };
export type CesPeriod = CesResult & { period: string };

async function scoresOf(ctx: ServiceContext, kind: SurveyKind, query: SurveyReportQuery) {
  const before = `${formatDay(parseDay(query.asOf) + 1)}T00:00:00.000Z`;
  const answers = await answersOfKind(db(ctx), kind, before, query.survey);
  return scoresByPeriod(answers, query.interval, periodOf(query.asOf, query.interval));
}

/** NPS by period, from the first period with an answer through the as-of day's. */
export async function npsReport(ctx: ServiceContext, query: SurveyReportQuery): Promise<NpsPeriod[]> {
  return (await scoresOf(ctx, 'nps', query)).map(({ period, scores }) => ({ period, ...npsOf(scores) }));
}

/** CSAT (share answering 4 or 5) by period. */
export async function csatReport(ctx: ServiceContext, query: SurveyReportQuery): Promise<CsatPeriod[]> {
  return (await scoresOf(ctx, 'csat', query)).map(({ period, scores }) => ({ period, ...csatOf(scores) }));
}

/** CES (mean effort score, 1–7) by period. */
export async function cesReport(ctx: ServiceContext, query: SurveyReportQuery): Promise<CesPeriod[]> {
  return (await scoresOf(ctx, 'ces', query)).map(({ period, scores }) => ({ period, ...cesOf(scores) }));
}
