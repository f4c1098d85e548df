// Revenue reports: metrics by window (optionally by segment), movements, cohorts, and the dashboard's metadata.
import { Meta, MetaQuery } from '../../contract/meta.ts';
import {
  CohortsQuery,
  CohortsResponse,
  MetricsQuery,
  MetricsResponse,
  MovementsPage,
  MovementsQuery,
} from '../../contract/revenue.ts';
import { filtersOf } from '../../contract/segments.ts';
import { monthKey } from '../../core/period.ts';
import { listMovements } from '../../services/accounts.ts';
import { dashboardMeta } from '../../services/meta.ts';
import { memoized } from '../../services/report-cache.ts';
import { todayUtc } from '../../services/revenue.ts';
import { cohortReport, revenueMetrics } from '../../services/revenue-reports.ts';
import type { App, RouteDeps } from '../types.ts';

export function revenueRoutes(app: App, { ctx }: RouteDeps): void {
  const memo = <T>(key: string, compute: () => Promise<T>) => memoized(ctx, key, compute);

  app.get(
    '/api/v1/meta',
    {
      config: { access: 'read' },
      schema: {
        summary: 'Reporting currency, month range and the values of every segment dimension (for pickers)',
        tags: ['revenue'],
        querystring: MetaQuery,
        response: { 200: Meta },
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
        querystring: MetricsQuery,
        response: { 200: MetricsResponse },
      },
    },
    (request) => {
      const { interval = 'month', from, to, by, rollup, asOf = todayUtc() } = request.query;
      const filters = filtersOf(request.query);
      return memo(`metrics|${JSON.stringify([asOf, interval, from, to, by, filters, rollup])}`, async () => {
        const rows = await revenueMetrics({ ctx, query: { asOf, interval, from, to, by, filters, rollup } });
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
        querystring: MovementsQuery,
        response: { 200: MovementsPage },
      },
    },
    (request) => {
      const { from, to, kind, limit = 100, offset = 0, asOf = todayUtc() } = request.query;
      const filters = filtersOf(request.query);
      return memo(`movements|${JSON.stringify([asOf, from, to, kind, limit, offset, filters])}`, () =>
        listMovements({ ctx, asOf, from, to, kind, filters, limit, offset }),
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
        querystring: CohortsQuery,
        response: { 200: CohortsResponse },
      },
    },
    (request) => {
      const { by, group, rollup, asOf = todayUtc() } = request.query;
      const filters = filtersOf(request.query);
      return memo(`cohorts|${JSON.stringify([asOf, by, group, filters, rollup])}`, async () => {
        const rows = await cohortReport({ ctx, asOf, by, group, filters, rollup });
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
