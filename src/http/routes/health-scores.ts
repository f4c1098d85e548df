// Account health under /api/v1/health (/api/health is the liveness probe, routes/health.ts): scorecards, scores,
// one account's health, the summary, CSM sentiment and a rescoring on request.
import { IdParams } from '../../contract/common.ts';
import {
  AccountHealth,
  HealthSummary,
  HistoryQuery,
  RescoreResult,
  Scorecard,
  ScorecardList,
  ScorecardParams,
  ScoresPage,
  ScoresQuery,
  Sentiment,
  SentimentInput,
} from '../../contract/health-scores.ts';
import { accountHealth, healthSummary, listScores } from '../../services/health/read.ts';
import { listScorecards, queueRescore, removeScorecard, setScorecard } from '../../services/health/scorecards.ts';
import { clearSentiment, setSentiment } from '../../services/health/sentiment.ts';
import { requestContext } from '../actor.ts';
import { HttpProblem } from '../problem.ts';
import { NoContent, problems } from '../schemas.ts';
import type { App, RouteDeps } from '../types.ts';

const TAGS = ['health'];

async function accountExists(deps: RouteDeps, id: number): Promise<void> {
  const [row] = await deps.ctx.store.query(`SELECT 1 FROM accounts WHERE id = $1`, [id]);
  if (!row) throw new HttpProblem(404, `There is no account with id ${id}.`);
}

export function healthScoreRoutes(app: App, deps: RouteDeps): void {
  const { ctx, cache } = deps;
  app.get(
    '/api/v1/health/scorecards',
    {
      config: { access: 'read' },
      schema: {
        summary: 'Health scorecards (the default last), the signals they can measure, and how one is chosen',
        tags: TAGS,
        response: { 200: ScorecardList },
      },
    },
    async () => listScorecards({ ctx }),
  );
  app.post(
    '/api/v1/health/scorecards',
    {
      config: { access: 'admin' },
      schema: {
        summary: 'Add a scorecard (JSON); a bad one is refused with every problem named',
        tags: TAGS,
        body: Scorecard,
        response: { 201: Scorecard, ...problems(413, 415) },
      },
    },
    async (request, reply) => {
      const card = await setScorecard({ ctx: requestContext(ctx, request), input: request.body, create: true });
      return reply.code(201).send(card);
    },
  );
  app.put(
    '/api/v1/health/scorecards/:key',
    {
      config: { access: 'admin' },
      schema: {
        summary: 'Create or replace the scorecard with this key',
        tags: TAGS,
        params: ScorecardParams,
        body: Scorecard,
        response: { 200: Scorecard, ...problems(413, 415) },
      },
    },
    async (request) => {
      if (request.body.key !== request.params.key) {
        throw new HttpProblem(
          400,
          `The body's key "${request.body.key}" differs from the path's "${request.params.key}".`,
        );
      }
      return setScorecard({ ctx: requestContext(ctx, request), input: request.body });
    },
  );
  app.delete(
    '/api/v1/health/scorecards/:key',
    {
      config: { access: 'admin' },
      schema: {
        summary: 'Remove a scorecard (without a stored default, the built-in one applies)',
        tags: TAGS,
        params: ScorecardParams,
        response: { 204: NoContent, ...problems(404) },
      },
    },
    async (request, reply) => {
      if (!(await removeScorecard({ ctx: requestContext(ctx, request), key: request.params.key }))) {
        throw new HttpProblem(404, `There is no stored scorecard "${request.params.key}".`);
      }
      return reply.code(204).send(null);
    },
  );
  app.get(
    '/api/v1/health/scores',
    {
      config: { access: 'read' },
      schema: {
        summary:
          "Each account's health on the latest scored day: score, band, trend and the measures that are red or yellow",
        tags: TAGS,
        querystring: ScoresQuery,
        response: { 200: ScoresPage },
      },
    },
    async (request) => listScores({ ctx, query: request.query }),
  );
  app.get(
    '/api/v1/health/summary',
    {
      config: { access: 'read' },
      schema: {
        summary:
          'Accounts and ARR by band, band movement over 30 days, ARR at risk (red) and the accounts most at risk',
        tags: TAGS,
        response: { 200: HealthSummary },
      },
    },
    async () => healthSummary({ ctx }),
  );
  app.get(
    '/api/v1/health/accounts/:id',
    {
      config: { access: 'read' },
      schema: {
        summary: "One account's health: latest score with its measure grades, daily history and CSM sentiment",
        tags: TAGS,
        params: IdParams,
        querystring: HistoryQuery,
        response: { 200: AccountHealth, ...problems(404) },
      },
    },
    async (request) => {
      await accountExists(deps, request.params.id);
      return accountHealth({ ctx, accountId: request.params.id, days: request.query.days });
    },
  );
  app.put(
    '/api/v1/health/accounts/:id/sentiment',
    {
      config: { access: 'write' },
      schema: {
        summary: "Set the CSM's sentiment (red, yellow, green) until a day; the account is rescored soon after",
        tags: TAGS,
        params: IdParams,
        body: SentimentInput,
        response: { 200: Sentiment, ...problems(404, 413, 415) },
      },
    },
    async (request) => {
      await accountExists(deps, request.params.id);
      const { sentiment, until, note } = request.body;
      const saved = await setSentiment({
        ctx: requestContext(ctx, request),
        accountId: request.params.id,
        sentiment,
        until,
        note: note ?? null,
      });
      cache.clear();
      return saved;
    },
  );
  app.delete(
    '/api/v1/health/accounts/:id/sentiment',
    {
      config: { access: 'write' },
      schema: {
        summary: "Clear the CSM's sentiment",
        tags: TAGS,
        params: IdParams,
        response: { 204: NoContent, ...problems(404) },
      },
    },
    async (request, reply) => {
      if (!(await clearSentiment({ ctx: requestContext(ctx, request), accountId: request.params.id }))) {
        throw new HttpProblem(404, `Account ${request.params.id} has no sentiment set.`);
      }
      return reply.code(204).send(null);
    },
  );
  app.post(
    '/api/v1/health/rescore',
    {
      config: { access: 'write' },
      schema: {
        summary: 'Queue a rescoring of every account for today (the jobs runner does it within seconds)',
        tags: TAGS,
        response: { 202: RescoreResult },
      },
    },
    async (_request, reply) => reply.code(202).send({ jobId: await queueRescore(ctx) }),
  );
}
