// Renewals: rates by count and amount, the calendar, the forecast and its accuracy, the nine factors, the owner's
// forecast category per renewal, and one account's renewals.
import { IdParams } from '../../contract/common.ts';
import {
  AccountRenewals,
  CalendarQuery,
  CategoryInput,
  CategoryResult,
  ContractParams,
  ForecastAccuracy,
  ForecastQuery,
  RenewalCalendar,
  RenewalFactors,
  RenewalForecast,
  RenewalRates,
  RenewalRatesQuery,
} from '../../contract/renewals.ts';
import { AsOf } from '../../contract/segments.ts';
import { accountRenewals, renewalCalendar } from '../../services/renewals/calendar.ts';
import { renewalFactorReport } from '../../services/renewals/factors.ts';
import {
  contractExists,
  forecastAccuracy,
  renewalForecast,
  setForecastCategory,
} from '../../services/renewals/forecast.ts';
import { renewalDimension, renewalReport } from '../../services/renewals/report.ts';
import { todayUtc } from '../../services/revenue.ts';
import { requestContext } from '../actor.ts';
import { HttpProblem } from '../problem.ts';
import { problems } from '../schemas.ts';
import type { App, RouteDeps } from '../types.ts';
import { Type } from 'typebox';
import { withTierOf } from '../../services/tiers-of.ts';

const tags = ['renewals'];
const read = { access: 'read' as const };

export function renewalRoutes(app: App, { ctx }: RouteDeps): void {
  app.get(
    '/api/v1/renewals',
    {
      config: read,
      schema: {
        summary: 'Renewal rate by count and by amount (gross, net) per month, quarter or year, optionally by group',
        tags,
        querystring: RenewalRatesQuery,
        response: { 200: RenewalRates, ...problems(400) },
      },
    },
    async (request) => {
      const { interval = 'quarter', by, asOf = todayUtc() } = request.query;
      const report = await renewalReport({
        ctx,
        asOf,
        interval,
        by: by === undefined ? undefined : renewalDimension(by),
      });
      return { ...report, rows: report.rows.map((r) => ({ ...r })) };
    },
  );
  app.get(
    '/api/v1/renewals/calendar',
    {
      config: read,
      schema: {
        summary: 'Renewals due in the next days with ARR at stake, owner, adoption, NPS and forecast category',
        tags,
        querystring: CalendarQuery,
        response: { 200: RenewalCalendar, ...problems(400) },
      },
    },
    async (request) => {
      const calendar = await renewalCalendar({
        ctx,
        asOf: request.query.asOf ?? todayUtc(),
        days: request.query.days ?? 90,
      });
      return { ...calendar, items: await withTierOf(ctx, calendar.items, (i) => i.accountId) };
    },
  );
  app.get(
    '/api/v1/renewals/forecast',
    {
      config: read,
      schema: {
        summary:
          'Renewed amount per period: low (commit only), expected (by category probability), high (all but lost)',
        tags,
        querystring: ForecastQuery,
        response: { 200: RenewalForecast, ...problems(400) },
      },
    },
    (request) =>
      renewalForecast({ ctx, asOf: request.query.asOf ?? todayUtc(), interval: request.query.interval ?? 'quarter' }),
  );
  app.get(
    '/api/v1/renewals/accuracy',
    {
      config: read,
      schema: {
        summary: 'For each closed period, the forecast made 90 and 30 days before the due days against what renewed',
        tags,
        querystring: ForecastQuery,
        response: { 200: ForecastAccuracy, ...problems(400) },
      },
    },
    (request) =>
      forecastAccuracy({ ctx, asOf: request.query.asOf ?? todayUtc(), interval: request.query.interval ?? 'quarter' }),
  );
  app.get(
    '/api/v1/renewals/factors',
    {
      config: read,
      schema: {
        summary: 'The nine factors: renewal rate by count and amount per group, 95% interval and lift, ranked',
        tags,
        querystring: Type.Object({ asOf: AsOf }),
        response: { 200: RenewalFactors, ...problems(400) },
      },
    },
    (request) => renewalFactorReport({ ctx, asOf: request.query.asOf ?? todayUtc() }),
  );
  app.put(
    '/api/v1/renewals/:contractId/forecast-category',
    {
      config: { access: 'write' },
      schema: {
        summary: "Set a renewal's forecast category (null: back to the one proposed from signals); audited",
        tags,
        params: ContractParams,
        body: CategoryInput,
        response: { 200: CategoryResult, ...problems(404, 413, 415) },
      },
    },
    async (request) => {
      const { contractId } = request.params;
      if (!(await contractExists(ctx, contractId))) {
        throw new HttpProblem(404, `There is no contract with contract_id "${contractId}".`);
      }
      return setForecastCategory({ ctx: requestContext(ctx, request), contractId, input: request.body });
    },
  );
  app.get(
    '/api/v1/accounts/:id/renewals',
    {
      config: read,
      schema: {
        summary: "One account's contracts with their renewal outcomes, and its next renewal",
        tags,
        params: IdParams,
        querystring: Type.Object({ asOf: AsOf }),
        response: { 200: AccountRenewals, ...problems(400, 404) },
      },
    },
    async (request) => {
      const [row] = await ctx.store.query(`SELECT 1 FROM accounts WHERE id = $1`, [request.params.id]);
      if (!row) throw new HttpProblem(404, `There is no account with id ${request.params.id}.`);
      return accountRenewals({ ctx, accountId: request.params.id, asOf: request.query.asOf ?? todayUtc() });
    },
  );
}
