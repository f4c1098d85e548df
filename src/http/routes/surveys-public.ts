// Survey channels that face respondents: the hosted page `/s/:token` (no sign-in), the in-app endpoints for the
// customer's app (ingest key, CORS open: the prompt runs on the customer's origin), `/survey.js`, and the
// Formbricks receiver (its Standard Webhooks signature is the credential).
import { Type } from 'typebox';
import {
  AnswerRecorded,
  EligibleAnswer,
  EligibleQuery,
  FormbricksReceipt,
  FormbricksWebhook,
  InAppAnswer,
} from '../../contract/surveys-admin.ts';
import { receiveFormbricks, SignatureError, verifyFormbricks } from '../../services/surveys/formbricks.ts';
import { answerInApp, eligibleFor } from '../../services/surveys/in-app.ts';
import { answerLink, openLink } from '../../services/surveys/link.ts';
import { requestContext } from '../actor.ts';
import { HttpProblem } from '../problem.ts';
import { problems } from '../schemas.ts';
import { renderSurveyPage } from '../survey-page.ts';
import { SURVEY_JS } from '../survey-script.ts';
import type { App, RouteDeps } from '../types.ts';
import { orNotFound } from './surveys-admin.ts';

const TokenParams = Type.Object({ token: Type.String({ minLength: 1, maxLength: 2000 }) });
const FormBody = Type.Object(
  {
    score: Type.Optional(Type.String({ maxLength: 10 })),
    comment: Type.Optional(Type.String({ maxLength: 5000 })),
    action: Type.Optional(Type.String({ maxLength: 20 })),
  },
  { additionalProperties: true },
);
const CORS = {
  'access-control-allow-origin': '*',
  'access-control-allow-methods': 'GET, POST, OPTIONS',
  'access-control-allow-headers': 'authorization, content-type',
  'access-control-max-age': '600',
};

declare module 'fastify' {
  interface FastifyRequest {
    rawBody?: string;
  }
}

export function surveyPublicRoutes(app: App, deps: RouteDeps): void {
  void app.register((scope: App, _options, registered) => {
    const { ctx } = deps;
    // Form posts from the hosted page, and the raw text of JSON bodies (Formbricks signs the exact bytes).
    scope.addContentTypeParser(
      'application/x-www-form-urlencoded',
      { parseAs: 'string', bodyLimit: 64 * 1024 },
      (_r, body, done) => {
        done(null, Object.fromEntries(new URLSearchParams(String(body))));
      },
    );
    scope.removeContentTypeParser('application/json');
    scope.addContentTypeParser('application/json', { parseAs: 'string' }, (request, body, done) => {
      request.rawBody = String(body);
      try {
        done(null, JSON.parse(String(body)));
      } catch {
        done(new HttpProblem(400, 'The body is not valid JSON.'), undefined);
      }
    });
    scope.addHook('onSend', (request, reply, payload, done) => {
      if (request.url.startsWith('/v1/surveys/')) for (const [k, v] of Object.entries(CORS)) void reply.header(k, v);
      if (request.url.startsWith('/s/')) void reply.header('cache-control', 'no-store');
      done(null, payload);
    });

    scope.get(
      '/s/:token',
      { config: { access: 'public' }, schema: { hide: true, params: TokenParams } },
      async (request, reply) => {
        const view = await openLink({ ctx, token: request.params.token });
        const status = view.state === 'invalid' ? 404 : view.state === 'open' ? 200 : 410;
        return reply
          .code(status)
          .type('text/html; charset=utf-8')
          .send(renderSurveyPage(view, { action: request.url }));
      },
    );
    scope.post(
      '/s/:token',
      { config: { access: 'public' }, schema: { hide: true, params: TokenParams, body: FormBody } },
      async (request, reply) => {
        const body = request.body ?? {};
        const outcome = await answerLink({
          ctx,
          token: request.params.token,
          score: body.score,
          comment: body.comment,
          dismiss: body.action === 'dismiss',
        });
        const notice = outcome.result === 'unavailable' ? undefined : outcome.result;
        const status = outcome.result === 'choose_score' ? 422 : outcome.result === 'unavailable' ? 409 : 200;
        const html = renderSurveyPage(outcome, { action: request.url, ...(notice ? { notice } : {}) });
        return reply
          .code(outcome.state === 'invalid' ? 404 : status)
          .type('text/html; charset=utf-8')
          .send(html);
      },
    );

    scope.get('/survey.js', { config: { access: 'public' }, schema: { hide: true } }, (_request, reply) =>
      reply
        .type('application/javascript; charset=utf-8')
        .header('cache-control', 'public, max-age=300')
        .send(SURVEY_JS),
    );

    for (const url of ['/v1/surveys/eligible', '/v1/surveys/answer']) {
      scope.options(url, { config: { access: 'public' }, schema: { hide: true } }, (_request, reply) =>
        reply.code(204).send(),
      );
    }
    scope.get(
      '/v1/surveys/eligible',
      {
        config: { access: 'ingest' },
        // Hidden from the API document: an ingest-key GET the customer's app (or /survey.js) calls.
        schema: { hide: true, querystring: EligibleQuery, response: { 200: EligibleAnswer } },
      },
      (request) => eligibleFor({ ctx, userId: request.query.userId }),
    );
    scope.post(
      '/v1/surveys/answer',
      {
        config: { access: 'ingest' },
        schema: {
          summary: "In-app: record a user's answer (score, comment) or dismissal, keyed by its Segment userId",
          tags: ['ingest'],
          security: [{ apiKey: [] }],
          body: InAppAnswer,
          response: { 200: AnswerRecorded, ...problems(404) },
        },
      },
      (request) => orNotFound(answerInApp({ ctx: requestContext(ctx, request), body: request.body })),
    );

    scope.post(
      '/api/v1/surveys/formbricks',
      {
        config: { access: 'public' },
        schema: {
          summary: "Formbricks' responseFinished webhook (Standard Webhooks signature with TENURE_FORMBRICKS_SECRET)",
          tags: ['surveys'],
          security: [],
          body: FormbricksWebhook,
          response: { 200: FormbricksReceipt, ...problems(401, 404) },
        },
      },
      async (request) => {
        try {
          verifyFormbricks(ctx, request.rawBody ?? '', request.headers);
        } catch (error) {
          if (error instanceof SignatureError) throw new HttpProblem(401, error.message);
          throw error;
        }
        return orNotFound(receiveFormbricks({ ctx, body: request.body }));
      },
    );
    registered();
  });
}
