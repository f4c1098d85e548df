// Finance views: committed ARR with the scheduled changes behind it.
import { CommittedArrQuery, CommittedArrResponse } from '../../contract/committed-arr.ts';
import { memoized } from '../../services/report-cache.ts';
import { todayUtc } from '../../services/revenue.ts';
import { committedArrReport } from '../../services/revenue-views.ts';
import type { App, RouteDeps } from '../types.ts';

export function financeRoutes(app: App, { ctx }: RouteDeps): void {
  app.get(
    '/api/v1/revenue/committed-arr',
    {
      config: { access: 'read' },
      schema: {
        summary: 'Committed ARR: ARR less cancellations already scheduled, plus signed future starts, by date',
        tags: ['revenue'],
        querystring: CommittedArrQuery,
        response: { 200: CommittedArrResponse },
      },
    },
    (request) => {
      const { asOf = todayUtc(), rollup } = request.query;
      return memoized(ctx, `committed-arr|${asOf}|${rollup ?? 'account'}`, () =>
        committedArrReport({ ctx, asOf, rollup }),
      );
    },
  );
}
