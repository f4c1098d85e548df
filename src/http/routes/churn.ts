// The churn model over HTTP: accounts most at risk, one account's risk, and the latest backtest.
import { AccountRiskAnswer, LatestBacktest, RiskList, RiskQuery } from '../../contract/churn.ts';
import { IdParams } from '../../contract/common.ts';
import { lastBacktest } from '../../services/churn/backtest.ts';
import { accountChurnRisk, listChurnRisk } from '../../services/churn/risk.ts';
import { HttpProblem } from '../problem.ts';
import { problems } from '../schemas.ts';
import type { App, RouteDeps } from '../types.ts';

const read = { access: 'read' as const };

export function churnRoutes(app: App, { ctx }: RouteDeps): void {
  app.get(
    '/api/v1/health/risk',
    {
      config: read,
      schema: {
        summary: 'Accounts most at risk of churning within the horizon first, with ARR and the reasons in words',
        tags: ['health'],
        querystring: RiskQuery,
        response: { 200: RiskList },
      },
    },
    async (request) => {
      const { total, accounts } = await listChurnRisk({
        ctx,
        limit: request.query.limit ?? 50,
        offset: request.query.offset ?? 0,
      });
      return { total, items: accounts };
    },
  );
  app.get(
    '/api/v1/health/backtest',
    {
      config: read,
      schema: {
        summary: 'The latest backtest of the churn model, scorecards and baselines: metrics, deciles, reliability bins',
        tags: ['health'],
        response: { 200: LatestBacktest },
      },
    },
    async () => ({ backtest: await lastBacktest({ ctx }) }),
  );
  app.get(
    '/api/v1/accounts/:id/risk',
    {
      config: read,
      schema: {
        summary: "One account's churn and contraction risk within the horizon, with the reasons in words",
        tags: ['accounts', 'health'],
        params: IdParams,
        response: { 200: AccountRiskAnswer, ...problems(404) },
      },
    },
    async (request) => {
      const { exists, risk } = await accountChurnRisk({ ctx, accountId: request.params.id });
      if (!exists) throw new HttpProblem(404, `There is no account with id ${request.params.id}.`);
      return { risk };
    },
  );
}
