// Revenue reports: metrics by window (optionally by segment), movements, cohorts, and the dashboard's metadata.
import { Type } from 'typebox';
import { monthKey } from '../../core/period.ts';
import { FILTER_DIMENSIONS, parseFilters } from '../../services/account-directory.ts';
import { listMovements } from '../../services/accounts.ts';
import { dashboardMeta } from '../../services/meta.ts';
import { memoized } from '../../services/report-cache.ts';
import { todayUtc } from '../../services/revenue.ts';
import { cohortReport, REVENUE_DIMENSIONS, revenueMetrics } from '../../services/revenue-reports.ts';
import { ROLLUPS } from '../../services/revenue-views.ts';
import { FilterQuery, MovementKind, Nullable, Open, OptionalMonth, PageQuery, Period } from '../schemas.ts';
import type { App, RouteDeps } from '../types.ts';

const Interval = Type.Enum(['month', 'quarter', 'year', 't12m']);
const DimensionSchema = Type.Enum(REVENUE_DIMENSIONS);
const RollupSchema = Type.Optional(
  Type.Enum(ROLLUPS, { description: 'parent: child accounts count under their top-most parent (parent_id)' }),
);

export function revenueRoutes(app: App, { ctx }: RouteDeps): void {
  const memo = <T>(key: string, compute: () => Promise<T>) => memoized(ctx, key, compute);

  app.get(
    '/api/v1/meta',
    {
      config: { access: 'read' },
      schema: {
        summary: 'Reporting currency, month range and the values of every segment dimension (for pickers)',
        tags: ['revenue'],
        querystring: Type.Object({ asOf: FilterQuery.asOf }),
        response: {
          200: Type.Object({
            reportingCurrency: Type.String(),
            asOf: Type.String(),
            firstMonth: Nullable(Type.String()),
            lastMonth: Type.String(),
            dimensions: Type.Object(
              Object.fromEntries(FILTER_DIMENSIONS.map((d) => [d, Type.Array(Type.String())])) as Record<
                (typeof FILTER_DIMENSIONS)[number],
                ReturnType<typeof Type.Array<ReturnType<typeof Type.String>>>
              >,
            ),
            counts: Type.Object({
              accounts: Type.Integer(),
              customers: Type.Integer(),
              activeCustomers: Type.Integer(),
            }),
          }),
        },
      },
    },
    (request) => {
      const asOf = request.query.asOf ?? todayUtc();
      return memo(`meta|${asOf}`, () => dashboardMeta({ ctx, asOf }));
    },
  );

  app.get(
    '/api/v1/revenue/metrics',
    {
      config: { access: 'read' },
      schema: {
        summary:
          'Every revenue metric per window (MRR, movements, churn rates, NRR, GRR, benchmarks), optionally by segment',
        tags: ['revenue'],
        querystring: Type.Object({
          interval: Type.Optional(Interval),
          from: OptionalMonth,
          to: OptionalMonth,
          by: Type.Optional(DimensionSchema),
          rollup: RollupSchema,
          ...FilterQuery,
        }),
        response: {
          200: Type.Object({
            currency: Type.String(),
            asOf: Type.String(),
            rows: Type.Array(
              Open({
                period: Period,
                group: Type.Optional(Type.String()),
                mrrMinor: Type.Number(),
                nrr: Nullable(Type.Number()),
                grr: Nullable(Type.Number()),
                nrr12m: Nullable(Type.Number()),
                grr12m: Nullable(Type.Number()),
              }),
            ),
          }),
        },
      },
    },
    (request) => {
      const { interval = 'month', from, to, by, rollup, asOf = todayUtc() } = request.query;
      const filters = parseFilters(request.query);
      return memo(`metrics|${JSON.stringify([asOf, interval, from, to, by, filters, rollup])}`, async () => {
        const rows = await revenueMetrics({
          ctx,
          query: { asOf, interval: interval, from, to, by: by, filters, rollup },
        });
        return {
          currency: ctx.config.reportingCurrency,
          asOf,
          rows: rows.map(({ window, ...row }) => ({
            period: { label: window.label, start: monthKey(window.startMonth), end: monthKey(window.endMonth) },
            ...row,
          })),
        };
      });
    },
  );

  app.get(
    '/api/v1/revenue/movements',
    {
      config: { access: 'read' },
      schema: {
        summary:
          'MRR movements by month and kind, each naming its account (drill down to the records with /accounts/:id)',
        tags: ['revenue'],
        querystring: Type.Object({
          from: OptionalMonth,
          to: OptionalMonth,
          kind: Type.Optional(MovementKind),
          ...PageQuery,
          ...FilterQuery,
        }),
        response: {
          200: Type.Object({
            total: Type.Integer(),
            items: Type.Array(
              Type.Object({
                accountId: Type.Integer(),
                accountName: Type.String(),
                month: Type.String(),
                kind: MovementKind,
                amountMinor: Type.Number(),
                mrrBeforeMinor: Type.Number(),
                mrrAfterMinor: Type.Number(),
                plan: Nullable(Type.String()),
              }),
            ),
          }),
        },
      },
    },
    (request) => {
      const { from, to, kind, limit = 100, offset = 0, asOf = todayUtc() } = request.query;
      const filters = parseFilters(request.query);
      return memo(`movements|${JSON.stringify([asOf, from, to, kind, limit, offset, filters])}`, () =>
        listMovements({ ctx, asOf, from, to, kind: kind, filters, limit, offset }),
      );
    },
  );

  app.get(
    '/api/v1/revenue/cohorts',
    {
      config: { access: 'read' },
      schema: {
        summary: 'Logo and revenue retention by signup cohort (columns: months since the first paid month)',
        tags: ['revenue'],
        querystring: Type.Object({
          by: Type.Optional(DimensionSchema),
          group: Type.Optional(Type.String()),
          rollup: RollupSchema,
          ...FilterQuery,
        }),
        response: {
          200: Type.Object({
            rows: Type.Array(
              Type.Object({
                cohort: Type.String(),
                cohortMonth: Type.String({ description: 'the first paid month, YYYY-MM' }),
                customers: Type.Integer(),
                startingMrrMinor: Type.Number(),
                payingCustomers: Type.Array(Type.Integer()),
                mrrMinor: Type.Array(Type.Number()),
                logoRetention: Type.Array(Type.Number()),
                revenueRetention: Type.Array(Type.Number()),
              }),
            ),
          }),
        },
      },
    },
    (request) => {
      const { by, group, rollup, asOf = todayUtc() } = request.query;
      const filters = parseFilters(request.query);
      return memo(`cohorts|${JSON.stringify([asOf, by, group, filters, rollup])}`, async () => {
        const rows = await cohortReport({ ctx, asOf, by: by, group, filters, rollup });
        return {
          rows: rows.map(({ label, cohortMonth, ...row }) => ({
            cohort: label,
            cohortMonth: monthKey(cohortMonth),
            ...row,
          })),
        };
      });
    },
  );
}
