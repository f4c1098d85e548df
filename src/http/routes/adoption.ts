// Adoption: per account, by segment, by feature, against retention; one account's usage; the feature catalog.
// Not cached: usage arrives continuously through ingest and does not move the report cache's data version.
import {
  AccountUsage,
  AccountUsageQuery,
  AdoptionGroupQuery,
  AdoptionOverview,
  AdoptionQuery,
  AdoptionReport,
  AdoptionRetention,
  AdoptionSegments,
  FeatureAdoption,
  FeatureList,
  FeatureReview,
} from '../../contract/adoption.ts';
import { IdParams } from '../../contract/common.ts';
import { filtersOf, type FilterQuery } from '../../contract/segments.ts';
import {
  accountUsage,
  adoptionBySegment,
  adoptionReport,
  adoptionVsRetention,
  featureAdoption,
} from '../../services/adoption.ts';
import { adoptionOverview } from '../../services/adoption-overview.ts';
import { listFeatures, reviewFeatures } from '../../services/features.ts';
import { todayUtc } from '../../services/revenue.ts';
import { HttpProblem } from '../problem.ts';
import { problems } from '../schemas.ts';
import type { App, RouteDeps } from '../types.ts';

function query(q: FilterQuery & { windowDays?: number | undefined }) {
  return { asOf: q.asOf ?? todayUtc(), windowDays: q.windowDays, filters: filtersOf(q) };
}

export function adoptionRoutes(app: App, { ctx }: RouteDeps): void {
  const tags = ['adoption'];
  app.get(
    '/api/v1/adoption/accounts',
    {
      config: { access: 'read' },
      schema: {
        summary:
          'Adoption of every paying account: active users, seats, feature usage rate, level, decline and expansion flags',
        tags,
        querystring: AdoptionQuery,
        response: { 200: AdoptionReport },
      },
    },
    (request) => adoptionReport({ ctx, ...query(request.query) }),
  );

  app.get(
    '/api/v1/adoption/segments',
    {
      config: { access: 'read' },
      schema: {
        summary: 'Adoption by segment: low / mid / high counts, mean feature usage rate, seat utilization, flags',
        tags,
        querystring: AdoptionGroupQuery,
        response: { 200: AdoptionSegments },
      },
    },
    (request) => adoptionBySegment({ ctx, ...query(request.query), by: request.query.by ?? 'industry' }),
  );

  app.get(
    '/api/v1/adoption/overview',
    {
      config: { access: 'read' },
      schema: {
        summary:
          "The dashboard's adoption page in one read: levels with their MRR, groups of a dimension, feature usage rates, accounts flagged for decline or expansion",
        tags,
        querystring: AdoptionGroupQuery,
        response: { 200: AdoptionOverview },
      },
    },
    (request) => adoptionOverview({ ctx, ...query(request.query), by: request.query.by ?? 'industry' }),
  );

  app.get(
    '/api/v1/adoption/retention',
    {
      config: { access: 'read' },
      schema: {
        summary:
          'NRR, GRR, logo churn and renewal over the last 12 months by the adoption level measured at their start',
        tags,
        querystring: AdoptionQuery,
        response: { 200: AdoptionRetention },
      },
    },
    (request) => adoptionVsRetention({ ctx, ...query(request.query) }),
  );

  app.get(
    '/api/v1/adoption/features',
    {
      config: { access: 'read' },
      schema: {
        summary: 'Usage rate by feature: of the paying accounts whose plan includes it, the share that used it',
        tags,
        querystring: AdoptionQuery,
        response: { 200: FeatureAdoption },
      },
    },
    (request) => featureAdoption({ ctx, ...query(request.query) }),
  );

  app.get(
    '/api/v1/accounts/:id/usage',
    {
      config: { access: 'read' },
      schema: {
        summary:
          "One account's usage: trend, features used and not used, seat utilization, decline and expansion flags",
        tags,
        params: IdParams,
        querystring: AccountUsageQuery,
        response: { 200: AccountUsage, ...problems(404) },
      },
    },
    async (request) => {
      const id = request.params.id;
      const [row] = await ctx.store.query(`SELECT 1 FROM accounts WHERE id = $1`, [id]);
      if (!row) throw new HttpProblem(404, `There is no account with id ${id}.`);
      const { asOf, windowDays } = query(request.query);
      return accountUsage({ ctx, accountId: id, asOf, windowDays });
    },
  );

  app.get(
    '/api/v1/features',
    {
      config: { access: 'read' },
      schema: {
        summary: 'The feature catalog (import with tenure features import FILE)',
        tags,
        response: { 200: FeatureList },
      },
    },
    async () => ({ items: (await listFeatures({ ctx })).map((f) => ({ ...f, plans: [...f.plans] })) }),
  );

  app.get(
    '/api/v1/features/review',
    {
      config: { access: 'read' },
      schema: {
        summary: 'Events seen in usage that no feature of the catalog matches, most used first',
        tags,
        response: { 200: FeatureReview },
      },
    },
    async () => ({ items: await reviewFeatures({ ctx }) }),
  );
}
