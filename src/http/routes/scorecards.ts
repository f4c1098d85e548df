// CSM scorecards and expansion targets.
import { Scorecards, ScorecardQuery, Target, TargetInput, TargetList } from '../../contract/scorecards.ts';
import { todayUtc } from '../../services/revenue.ts';
import { csmReport, listTargets, setTarget } from '../../services/scorecards/scorecards.ts';
import { requestContext } from '../actor.ts';
import { problems } from '../schemas.ts';
import type { App, RouteDeps } from '../types.ts';

const tags = ['scorecards'];

export function scorecardRoutes(app: App, { ctx }: RouteDeps): void {
  app.get(
    '/api/v1/scorecards',
    {
      config: { access: 'read' },
      schema: {
        summary:
          "CSM scorecards per owner and period: the book at the period's end, trailing-12-month NRR/GRR of the customers held at the window's start, movements and target attainment",
        tags,
        querystring: ScorecardQuery,
        response: { 200: Scorecards, ...problems(400) },
      },
    },
    (request) =>
      csmReport(ctx, {
        interval: request.query.interval ?? 'quarter',
        asOf: request.query.asOf ?? todayUtc(ctx.now?.()),
        periods: request.query.periods,
        owners: request.query.owner === undefined ? null : [request.query.owner],
      }),
  );
  app.get(
    '/api/v1/targets',
    {
      config: { access: 'read' },
      schema: { summary: 'Expansion targets per owner and quarter', tags, response: { 200: TargetList } },
    },
    async () => ({ items: await listTargets(ctx) }),
  );
  app.put(
    '/api/v1/targets',
    {
      config: { access: 'write' },
      schema: {
        summary: "Set an owner's expansion target for a quarter (minor units); audited",
        tags,
        body: TargetInput,
        response: { 200: Target, ...problems(400, 413, 415) },
      },
    },
    (request) => setTarget({ ctx: requestContext(ctx, request), ...request.body }),
  );
}
