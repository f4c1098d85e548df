// Adoption: per account, by segment, by feature, against retention; one account's usage; the feature catalog.
// Not cached: usage arrives continuously through ingest and does not move the report cache's data version.
import { Type } from 'typebox';
import { parseFilters } from '../../services/account-directory.ts';
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
import { DIMENSIONS } from '../../services/revenue-reports.ts';
import { HttpProblem } from '../problem.ts';
import { FilterQuery, Nullable, Open } from '../schemas.ts';
import type { App, RouteDeps } from '../types.ts';

const WindowDays = Type.Optional(
  Type.Integer({ minimum: 1, maximum: 366, description: 'days in the window ending asOf (default 30)' }),
);
const Level = Nullable(Type.Enum(['low', 'mid', 'high']));
const AdoptionQuery = Type.Object({ windowDays: WindowDays, ...FilterQuery });

const AccountAdoption = Open({
  id: Type.Integer(),
  externalId: Type.String(),
  name: Type.String(),
  plan: Nullable(Type.String()),
  mrrMinor: Type.Number(),
  level: Level,
  featureUsageRate: Nullable(Type.Number()),
  featuresUsed: Type.Integer(),
  featuresIncluded: Type.Integer(),
  licensedSeats: Nullable(Type.Integer()),
  activeUsers: Type.Integer(),
  seatUtilization: Nullable(Type.Number()),
  dau: Type.Number(),
  wau: Type.Number(),
  mau: Type.Number(),
  stickiness: Nullable(Type.Number()),
  timeToFirstValueDays: Nullable(Type.Integer()),
  weeklyActiveUsers: Type.Array(Type.Integer()),
  trend: Open({ declining: Type.Boolean(), change: Nullable(Type.Number()) }),
  expansion: Open({
    signal: Type.Boolean(),
    seatsNearLimit: Type.Boolean(),
    outOfPlanFeatures: Type.Array(Type.String()),
  }),
});

const Feature = Type.Object({
  key: Type.String(),
  name: Type.String(),
  module: Type.String(),
  event: Type.String(),
  propertyFilter: Type.Record(Type.String(), Type.Union([Type.String(), Type.Number(), Type.Boolean()])),
  plans: Type.Array(Type.String(), { description: 'plans that include it; empty: every plan' }),
  milestoneDays: Nullable(Type.Integer()),
});

function query(q: { asOf?: string | undefined; windowDays?: number | undefined } & Record<string, unknown>) {
  return { asOf: q.asOf ?? todayUtc(), windowDays: q.windowDays, filters: parseFilters(q) };
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
        response: { 200: Type.Object({ asOf: Type.String(), settings: Open({}), rows: Type.Array(AccountAdoption) }) },
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
        querystring: Type.Object({
          by: Type.Optional(Type.Enum(DIMENSIONS, { description: 'the dimension to group by (default industry)' })),
          windowDays: WindowDays,
          ...FilterQuery,
        }),
        response: {
          200: Type.Object({
            asOf: Type.String(),
            by: Type.String(),
            groups: Type.Array(
              Open({
                group: Type.String(),
                accounts: Type.Integer(),
                low: Type.Integer(),
                mid: Type.Integer(),
                high: Type.Integer(),
                featureUsageRate: Nullable(Type.Number()),
                seatUtilization: Nullable(Type.Number()),
              }),
            ),
          }),
        },
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
        querystring: Type.Object({
          by: Type.Optional(Type.Enum(DIMENSIONS, { description: 'the dimension to group by (default industry)' })),
          windowDays: WindowDays,
          ...FilterQuery,
        }),
        response: {
          200: Open({
            asOf: Type.String(),
            windowDays: Type.Integer(),
            settings: Open({}),
            by: Type.String(),
            summary: Open({ accounts: Type.Integer() }),
            mrrMinor: Type.Number(),
            levels: Type.Array(
              Open({
                level: Type.String(),
                accounts: Type.Integer(),
                mrrMinor: Type.Number(),
                accountShare: Nullable(Type.Number()),
                mrrShare: Nullable(Type.Number()),
              }),
            ),
            groups: Type.Array(Open({ group: Type.String(), accounts: Type.Integer() })),
            features: Type.Array(
              Open({ key: Type.String(), usageRate: Nullable(Type.Number()), plans: Type.Array(Type.String()) }),
            ),
            declining: Type.Array(AccountAdoption),
            expansion: Type.Array(AccountAdoption),
          }),
        },
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
        response: {
          200: Open({
            measuredAt: Type.String(),
            from: Type.String(),
            to: Type.String(),
            levels: Type.Array(
              Open({
                level: Type.String(),
                customers: Type.Integer(),
                nrr: Nullable(Type.Number()),
                grr: Nullable(Type.Number()),
                logoChurnRate: Nullable(Type.Number()),
                renewalRate: Nullable(Type.Number()),
              }),
            ),
          }),
        },
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
        response: {
          200: Open({
            accounts: Type.Integer(),
            features: Type.Array(
              Open({
                key: Type.String(),
                module: Type.String(),
                accountsIncluded: Type.Integer(),
                accountsUsing: Type.Integer(),
                usageRate: Nullable(Type.Number()),
                accountsUsingOutsidePlan: Type.Integer(),
              }),
            ),
          }),
        },
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
        params: Type.Object({ id: Type.Integer({ minimum: 1 }) }),
        querystring: Type.Object({ asOf: FilterQuery.asOf, windowDays: WindowDays }),
        response: {
          200: Type.Object({
            account: AccountAdoption,
            paying: Type.Boolean(),
            features: Type.Array(
              Open({
                key: Type.String(),
                included: Type.Boolean(),
                used: Type.Boolean(),
                firstUsed: Nullable(Type.String()),
              }),
            ),
            uncataloged: Type.Array(
              Type.Object({ event: Type.String(), users: Type.Integer(), events: Type.Integer() }),
            ),
            dailyActiveUsers: Type.Array(Type.Integer(), {
              description: 'users active each day of the weekly series, oldest first (the last is asOf)',
            }),
          }),
        },
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
        response: { 200: Type.Object({ items: Type.Array(Feature) }) },
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
        response: {
          200: Type.Object({
            items: Type.Array(
              Type.Object({
                event: Type.String(),
                events: Type.Integer(),
                accounts: Type.Integer(),
                users: Type.Integer(),
                lastSeen: Type.String(),
              }),
            ),
          }),
        },
      },
    },
    async () => ({ items: await reviewFeatures({ ctx }) }),
  );
}
