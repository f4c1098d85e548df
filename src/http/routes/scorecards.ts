// CSM scorecards and expansion targets.
import {
  Book,
  BookQuery,
  ManagerInput,
  Scorecards,
  ScorecardQuery,
  Target,
  TargetInput,
  TargetList,
} from '../../contract/scorecards.ts';
import { todayUtc } from '../../services/revenue.ts';
import { ownerBook } from '../../services/scorecards/book.ts';
import { csmReport, listTargets, setTarget } from '../../services/scorecards/scorecards.ts';
import { setManager } from '../../services/playbooks/tasks.ts';
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
        response: { 200: Target, ...problems(400, 413, 415, 422) },
      },
    },
    (request) => setTarget({ ctx: requestContext(ctx, request), ...request.body }),
  );
  app.get(
    '/api/v1/scorecards/book',
    {
      config: { access: 'read' },
      schema: {
        summary: "An owner's book on a day: paying accounts with ARR, tier, health band and next renewal date",
        tags,
        querystring: BookQuery,
        response: { 200: Book, ...problems(400) },
      },
    },
    async (request) => {
      const asOf = request.query.asOf ?? todayUtc(ctx.now?.());
      const owner = request.query.owner ?? '';
      const items = await ownerBook(ctx, owner, asOf);
      return { currency: ctx.config.reportingCurrency, asOf, owner, items };
    },
  );
  app.put(
    '/api/v1/scorecards/managers',
    {
      config: { access: 'admin' },
      schema: {
        summary: "Set (or clear, with null) a user's manager: the team their scorecard rolls up into; audited",
        tags,
        body: ManagerInput,
        response: { 200: ManagerInput, ...problems(400, 413, 415, 422) },
      },
    },
    async (request) => {
      await setManager({ ctx: requestContext(ctx, request), ...request.body });
      return request.body;
    },
  );
}
