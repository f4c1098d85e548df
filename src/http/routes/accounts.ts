// Accounts: the searchable list and one account's file (profile, MRR history, movements with their records).
import { Type } from 'typebox';
import { parseFilters } from '../../services/account-directory.ts';
import { ACCOUNT_SORTS, listAccounts } from '../../services/accounts.ts';
import { explainCustomer } from '../../services/explain.ts';
import { memoized } from '../../services/report-cache.ts';
import { todayUtc } from '../../services/revenue.ts';
import { HttpProblem } from '../problem.ts';
import { FilterQuery, MovementKind, Nullable, PageQuery } from '../schemas.ts';
import type { App, RouteDeps } from '../types.ts';

const Status = Type.Enum(['active', 'churned', 'prospect']);
const AccountItem = Type.Object({
  id: Type.Integer(),
  externalId: Type.String(),
  name: Type.String(),
  industry: Nullable(Type.String()),
  sizeBand: Nullable(Type.String()),
  segment: Nullable(Type.String()),
  icpFit: Nullable(Type.Boolean()),
  ownerCsm: Nullable(Type.String()),
  employeeCount: Nullable(Type.Integer()),
  firstSeenOn: Nullable(Type.String()),
  plan: Nullable(Type.String()),
  mrrMinor: Type.Number(),
  currency: Type.String(),
  status: Status,
  customerSince: Nullable(Type.String()),
  churnedOn: Nullable(Type.String()),
});
const SourceRecord = Type.Object({
  ref: Type.String(),
  kind: Type.String(),
  description: Type.String(),
  fields: Type.Record(Type.String(), Type.Unknown()),
});

export function accountRoutes(app: App, { ctx }: RouteDeps): void {
  app.get(
    '/api/v1/accounts',
    {
      config: { access: 'read' },
      schema: {
        summary: 'Accounts with their current MRR, plan and status: search by name or id, filter, sort, page',
        tags: ['accounts'],
        querystring: Type.Object({
          q: Type.Optional(Type.String({ maxLength: 200 })),
          status: Type.Optional(Type.Union([Status, Type.Literal('all')])),
          sort: Type.Optional(Type.Enum(ACCOUNT_SORTS)),
          order: Type.Optional(Type.Union([Type.Literal('asc'), Type.Literal('desc')])),
          ...PageQuery,
          ...FilterQuery,
        }),
        response: { 200: Type.Object({ total: Type.Integer(), items: Type.Array(AccountItem) }) },
      },
    },
    async (request) => {
      const {
        q,
        status = 'all',
        sort = 'name',
        order = 'asc',
        limit = 50,
        offset = 0,
        asOf = todayUtc(),
      } = request.query;
      const filters = parseFilters(request.query);
      return memoized(ctx, `accounts|${JSON.stringify([asOf, q, status, sort, order, limit, offset, filters])}`, () =>
        listAccounts({
          ctx,
          asOf,
          q,
          status: status,
          sort: sort,
          order: order,
          filters,
          limit,
          offset,
        }),
      );
    },
  );

  app.get(
    '/api/v1/accounts/:id',
    {
      config: { access: 'read' },
      schema: {
        summary: "One account's file: profile, MRR history, and every movement with the billing records behind it",
        tags: ['accounts'],
        params: Type.Object({ id: Type.Integer({ minimum: 1 }) }),
        querystring: Type.Object({ asOf: FilterQuery.asOf }),
        response: {
          200: Type.Object({
            account: Type.Record(Type.String(), Type.Unknown(), {
              description: 'the account as stored, with its custom attributes under `attributes`',
            }),
            contacts: Type.Array(
              Type.Object({
                externalId: Type.String(),
                name: Nullable(Type.String()),
                email: Nullable(Type.String()),
                title: Nullable(Type.String()),
                role: Nullable(Type.String()),
              }),
            ),
            currency: Type.String(),
            history: Type.Array(
              Type.Object({
                from: Type.String(),
                to: Type.String(),
                mrrMinor: Type.Number(),
                plan: Nullable(Type.String()),
              }),
            ),
            movements: Type.Array(
              Type.Object({
                month: Type.String(),
                kind: MovementKind,
                amountMinor: Type.Number(),
                mrrBeforeMinor: Type.Number(),
                mrrAfterMinor: Type.Number(),
                plan: Nullable(Type.String()),
                before: Type.Array(SourceRecord),
                after: Type.Array(SourceRecord),
              }),
            ),
          }),
        },
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
