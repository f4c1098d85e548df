// Answers with their comments: a searchable list (the search runs in Tenure, with Intl.Segmenter, so Chinese
// comments are found by their words), the most frequent terms per NPS category, and one account's answers.
import { formatDay, parseDay } from '../../core/period.ts';
import { accountNps, type AccountNps } from '../../core/surveys/accounts.ts';
import { npsCategory, type NpsCategory, type SurveyKind } from '../../core/surveys/metrics.ts';
import { monthsBefore } from '../../core/surveys/series.ts';
import { commentMatcher, topTermsByCategory, type CategoryTerms } from '../../core/surveys/terms.ts';
import { accountExists, scoredAnswers, type StoredAnswer } from '../../store/survey-insight.ts';
import { db, type ServiceContext } from '../context.ts';

const CATEGORY_SCORES: Record<NpsCategory, [number, number]> = {
  promoter: [9, 10],
  passive: [7, 8],
  detractor: [0, 6],
};

export interface ResponsesQuery {
  asOf: string;
  /** First day counted (default: everything through asOf). */
  from?: string | undefined;
  kind?: SurveyKind | undefined;
  survey?: string | undefined;
  /** NPS answers of one category only. */
  category?: NpsCategory | undefined;
  accountId?: number | undefined;
  /** Words every comment returned must use. */
  q?: string | undefined;
  limit?: number | undefined;
  offset?: number | undefined;
}

export type ListedAnswer = StoredAnswer & { category: NpsCategory | null };

const withCategory = (a: StoredAnswer): ListedAnswer => ({
  ...a,
  category: a.kind === 'nps' ? npsCategory(a.score) : null,
});

/** Answers matching the query, latest first, one page of them with the total. */
export async function listResponses({
  ctx,
  query,
}: {
  ctx: ServiceContext;
  query: ResponsesQuery;
}): Promise<{ total: number; items: ListedAnswer[] }> {
  const kind = query.category ? 'nps' : query.kind;
  const range = query.category ? CATEGORY_SCORES[query.category] : undefined;
  const rows = await scoredAnswers(db(ctx), {
    kind,
    fromDay: query.from,
    toDay: query.asOf,
    survey: query.survey,
    accountId: query.accountId,
    minScore: range?.[0],
    maxScore: range?.[1],
    withComment: query.q !== undefined && query.q.trim() !== '',
  });
  const matches = query.q ? commentMatcher(query.q) : () => true;
  const found = rows.filter((r) => matches(r.comment)).reverse();
  const offset = query.offset ?? 0;
  return { total: found.length, items: found.slice(offset, offset + (query.limit ?? 50)).map(withCategory) };
}

export interface TermsReport {
  from: string;
  to: string;
  categories: CategoryTerms[];
}

/** The terms NPS comments of each category use most over the `days` days through asOf (default 365). */
export async function surveyTerms({
  ctx,
  asOf,
  days = 365,
  survey,
  limit = 15,
}: {
  ctx: ServiceContext;
  asOf: string;
  days?: number | undefined;
  survey?: string | undefined;
  limit?: number | undefined;
}): Promise<TermsReport> {
  const from = formatDay(parseDay(asOf) - days + 1);
  const rows = await scoredAnswers(db(ctx), { kind: 'nps', fromDay: from, toDay: asOf, survey, withComment: true });
  const commented = rows.map((r) => ({
    responseId: r.responseId,
    score: r.score,
    comment: r.comment ?? '',
    respondedAt: r.respondedAt,
    category: npsCategory(r.score),
  }));
  return { from, to: asOf, categories: topTermsByCategory(commented, limit) };
}

export interface AccountAnswers {
  accountId: number;
  /** The account's NPS over the 12 months through asOf (each person's latest answer); null without answers. */
  nps: (Omit<AccountNps, 'accountId'> & { from: string; to: string }) | null;
  /** Answers in all; `responses` holds the latest 200. */
  total: number;
  responses: ListedAnswer[];
}

/** Every answer of an account's people through asOf, latest first, and its NPS; null when no such account. */
export async function accountResponses({
  ctx,
  accountId,
  asOf,
}: {
  ctx: ServiceContext;
  accountId: number;
  asOf: string;
}): Promise<AccountAnswers | null> {
  if (!(await accountExists(db(ctx), accountId))) return null;
  const rows = await scoredAnswers(db(ctx), { accountId, toDay: asOf });
  const from = formatDay(parseDay(monthsBefore(asOf, 12)) + 1);
  const recent = rows.filter((r) => r.kind === 'nps' && r.respondedAt.slice(0, 10) >= from);
  const nps = accountNps(recent).get(accountId);
  return {
    accountId,
    nps: nps ? { ...withoutId(nps), from, to: asOf } : null,
    total: rows.length,
    responses: rows.reverse().slice(0, 200).map(withCategory),
  };
}

function withoutId(nps: AccountNps): Omit<AccountNps, 'accountId'> {
  const { responses, promoters, passives, detractors, fewAnswers, category } = nps;
  return {
    responses,
    promoters,
    passives,
    detractors,
    nps: nps.nps,
    ciLow: nps.ciLow,
    ciHigh: nps.ciHigh,
    fewAnswers,
    category,
  };
}
