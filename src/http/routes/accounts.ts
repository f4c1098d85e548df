// Accounts: the searchable list and one account's file (profile, MRR history, movements with their records).
import { AccountFile, AccountFileQuery, AccountsPage, AccountsQuery } from '../../contract/accounts.ts';
import { IdParams } from '../../contract/common.ts';
import { filtersOf } from '../../contract/segments.ts';
import { listAccounts } from '../../services/accounts.ts';
import { explainCustomer } from '../../services/explain.ts';
import { memoized } from '../../services/report-cache.ts';
import { withNextRenewals } from '../../services/renewals/calendar.ts';
import { todayUtc } from '../../services/revenue.ts';
import { withTiers } from '../../services/tiers-of.ts';
import { HttpProblem } from '../problem.ts';
import { problems } from '../schemas.ts';
import type { App, RouteDeps } from '../types.ts';

export function accountRoutes(app: App, { ctx }: RouteDeps): void {
  app.get(
    '/api/v1/accounts',
    {
      config: { access: 'read' },
      schema: {
        summary: 'Accounts with their current MRR, plan and status: search by name or id, filter, sort, page',
        tags: ['accounts'],
        querystring: AccountsQuery,
        response: { 200: AccountsPage },
      },
    },
    async (request) => {
      const { q, status = 'all', sort = 'name', order = 'asc', limit = 50, offset = 0 } = request.query;
      const asOf = request.query.asOf ?? todayUtc();
      const filters = filtersOf(request.query);
      const page = await memoized(
        ctx,
        `accounts|${JSON.stringify([asOf, q, status, sort, order, limit, offset, filters])}`,
        () => listAccounts({ ctx, asOf, q, status, sort, order, filters, limit, offset }),
      );
      return withTiers(ctx, await withNextRenewals(ctx, page, asOf));
    },
  );

  app.get(
    '/api/v1/accounts/:id',
    {
      config: { access: 'read' },
      schema: {
        summary: "One account's file: profile, MRR history, and every movement with the billing records behind it",
        tags: ['accounts'],
        params: IdParams,
        querystring: AccountFileQuery,
        response: { 200: AccountFile, ...problems(404) },
      },
    },
    async (request) => {
      const [row] = await ctx.store.query<{ external_id: string }>(`SELECT external_id FROM accounts WHERE id = $1`, [
        request.params.id,
      ]);
      if (!row) throw new HttpProblem(404, `There is no account with id ${request.params.id}.`);
      return explainCustomer({ ctx, asOf: request.query.asOf ?? todayUtc(), customer: row.external_id });
    },
  );
}
