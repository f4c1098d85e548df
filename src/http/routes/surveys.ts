// Survey insight: scores over time, answers with search, frequent terms, retention by NPS category, and one
// account's answers. Survey definitions and sending have their own routes.
import { IdParams } from '../../contract/common.ts';
import {
  AccountSurveyQuery,
  AccountSurveyResponses,
  SurveyMetrics,
  SurveyMetricsQuery,
  SurveyResponses,
  SurveyResponsesQuery,
  SurveyRetention,
  SurveyRetentionQuery,
  SurveyTerms,
  SurveyTermsQuery,
} from '../../contract/surveys.ts';
import { todayUtc } from '../../services/revenue.ts';
import { accountResponses, listResponses, surveyTerms } from '../../services/surveys/comments.ts';
import { surveyMetrics, surveyRetention } from '../../services/surveys/insight.ts';
import { HttpProblem } from '../problem.ts';
import { problems } from '../schemas.ts';
import type { App, RouteDeps } from '../types.ts';

export function surveyInsightRoutes(app: App, { ctx }: RouteDeps): void {
  const tags = ['surveys'];
  app.get(
    '/api/v1/surveys/metrics',
    {
      config: { access: 'read' },
      schema: {
        summary:
          'NPS, CSAT and CES by month, quarter or trailing 90 days, with 95% intervals, distributions, trend and ARR-weighted NPS; overall or by a dimension',
        tags,
        querystring: SurveyMetricsQuery,
        response: { 200: SurveyMetrics },
      },
    },
    (request) => {
      const q = request.query;
      return surveyMetrics({
        ctx,
        query: {
          asOf: q.asOf ?? todayUtc(),
          interval: q.interval ?? 'month',
          by: q.by,
          survey: q.survey,
          kinds: q.kind ? [q.kind] : undefined,
        },
      });
    },
  );

  app.get(
    '/api/v1/surveys/responses',
    {
      config: { access: 'read' },
      schema: {
        summary: 'Answers with their account and comment, latest first: search comments (any language), filter, page',
        tags,
        querystring: SurveyResponsesQuery,
        response: { 200: SurveyResponses },
      },
    },
    (request) => listResponses({ ctx, query: { ...request.query, asOf: request.query.asOf ?? todayUtc() } }),
  );

  app.get(
    '/api/v1/surveys/terms',
    {
      config: { access: 'read' },
      schema: {
        summary: 'The terms NPS comments use most per category (what detractors talk about), with examples',
        tags,
        querystring: SurveyTermsQuery,
        response: { 200: SurveyTerms },
      },
    },
    (request) => surveyTerms({ ctx, ...request.query, asOf: request.query.asOf ?? todayUtc() }),
  );

  app.get(
    '/api/v1/surveys/retention',
    {
      config: { access: 'read' },
      schema: {
        summary:
          'NRR, GRR, logo churn and expansion over the last 12 months by the NPS category of each account at their start',
        tags,
        querystring: SurveyRetentionQuery,
        response: { 200: SurveyRetention },
      },
    },
    (request) => surveyRetention({ ctx, asOf: request.query.asOf ?? todayUtc() }),
  );

  app.get(
    '/api/v1/accounts/:id/survey-responses',
    {
      config: { access: 'read' },
      schema: {
        summary: "An account's people's survey answers, latest first, and its NPS over the last 12 months",
        tags,
        params: IdParams,
        querystring: AccountSurveyQuery,
        response: { 200: AccountSurveyResponses, ...problems(404) },
      },
    },
    async (request) => {
      const { id } = request.params;
      const found = await accountResponses({ ctx, accountId: id, asOf: request.query.asOf ?? todayUtc() });
      if (!found) throw new HttpProblem(404, `There is no account with id ${id}.`);
      return found;
    },
  );
}
