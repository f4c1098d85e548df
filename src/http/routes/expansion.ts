// Expansion propensity over HTTP: candidates per CSM, one account's propensity, and the latest backtest.
import { IdParams } from '../../contract/common.ts';
import {
  AccountExpansionAnswer,
  CandidateList,
  CandidatesQuery,
  LatestExpansionBacktest,
} from '../../contract/expansion.ts';
import { lastExpansionBacktest } from '../../services/expansion/backtest.ts';
import { accountExpansion, listExpansionCandidates } from '../../services/expansion/candidates.ts';
import { HttpProblem } from '../problem.ts';
import { problems } from '../schemas.ts';
import type { App, RouteDeps } from '../types.ts';

const read = { access: 'read' as const };

export function expansionRoutes(app: App, { ctx }: RouteDeps): void {
  app.get(
    '/api/v1/expansion/candidates',
    {
      config: read,
      schema: {
        summary: "Each owner's likeliest expanders with the suggested move and the MRR it would add",
        tags: ['expansion'],
        querystring: CandidatesQuery,
        // 422: an owner the store cannot compare (a NUL character).
        response: { 200: CandidateList, ...problems(422) },
      },
    },
    async (request) =>
      listExpansionCandidates({ ctx, owner: request.query.owner ?? null, limit: request.query.limit ?? 10 }),
  );
  app.get(
    '/api/v1/expansion/backtest',
    {
      config: read,
      schema: {
        summary: 'The latest backtest of the expansion model against the seat-utilization baseline',
        tags: ['expansion'],
        response: { 200: LatestExpansionBacktest },
      },
    },
    async () => ({ backtest: await lastExpansionBacktest({ ctx }) }),
  );
  app.get(
    '/api/v1/expansion/accounts/:id',
    {
      config: read,
      schema: {
        summary: "One account's probability of expanding within the horizon, the reasons and the suggested move",
        tags: ['expansion', 'accounts'],
        params: IdParams,
        response: { 200: AccountExpansionAnswer, ...problems(404) },
      },
    },
    async (request) => {
      const { exists, propensity } = await accountExpansion({ ctx, accountId: request.params.id });
      if (!exists) throw new HttpProblem(404, `There is no account with id ${request.params.id}.`);
      return { propensity };
    },
  );
}
