// Survey definitions and sending over HTTP: list, create, read, change, close, send, and each survey's invitations.
// (Metrics, responses and terms are served under /api/v1/surveys/… by the survey report routes.)
import { IdParams } from '../../contract/common.ts';
import {
  InvitationPage,
  InvitationQuery,
  SendInput,
  SendResult,
  Survey,
  SurveyInput,
  SurveyList,
  SurveyPatch,
} from '../../contract/surveys-admin.ts';
import {
  closeSurvey,
  createSurvey,
  getSurvey,
  listSurveys,
  SurveyNotFound,
  updateSurvey,
} from '../../services/surveys/definitions.ts';
import { listInvitations } from '../../services/surveys/invitations.ts';
import { sendSurvey } from '../../services/surveys/send.ts';
import { requestContext } from '../actor.ts';
import { HttpProblem } from '../problem.ts';
import { problems } from '../schemas.ts';
import type { App, RouteDeps } from '../types.ts';

/** A missing survey answers 404; every other error goes its usual way. */
export async function orNotFound<T>(work: Promise<T>): Promise<T> {
  try {
    return await work;
  } catch (error) {
    if (error instanceof SurveyNotFound) throw new HttpProblem(404, error.message);
    throw error;
  }
}

const tags = ['surveys'];

export function surveyAdminRoutes(app: App, { ctx }: RouteDeps): void {
  app.get(
    '/api/v1/surveys',
    {
      config: { access: 'read' },
      schema: {
        summary: 'Survey definitions, each with its summary: eligible, sent, answered, dismissed, response rate',
        tags,
        response: { 200: SurveyList },
      },
    },
    async () => ({ items: await listSurveys({ ctx }) }),
  );
  app.post(
    '/api/v1/surveys',
    {
      config: { access: 'write' },
      schema: {
        summary:
          'Define a survey: NPS (optional "why?"), CSAT or CES; question, language, audience, throttling, sampling, wave',
        tags,
        body: SurveyInput,
        response: { 201: Survey },
      },
    },
    async (request, reply) =>
      reply.code(201).send(await createSurvey({ ctx: requestContext(ctx, request), input: request.body })),
  );
  app.get(
    '/api/v1/surveys/:id',
    {
      config: { access: 'read' },
      schema: {
        summary: 'One survey definition with its summary',
        tags,
        params: IdParams,
        response: { 200: Survey, ...problems(404) },
      },
    },
    (request) => orNotFound(getSurvey({ ctx, id: request.params.id })),
  );
  app.patch(
    '/api/v1/surveys/:id',
    {
      config: { access: 'write' },
      schema: {
        summary: 'Change a survey (fields given only); status open or closed',
        tags,
        params: IdParams,
        body: SurveyPatch,
        response: { 200: Survey, ...problems(404) },
      },
    },
    (request) =>
      orNotFound(updateSurvey({ ctx: requestContext(ctx, request), id: request.params.id, patch: request.body })),
  );
  app.post(
    '/api/v1/surveys/:id/close',
    {
      config: { access: 'write' },
      schema: {
        summary: 'Close a survey: no one is asked any more (open links say so)',
        tags,
        params: IdParams,
        response: { 200: Survey, ...problems(404) },
      },
    },
    (request) => orNotFound(closeSurvey({ ctx: requestContext(ctx, request), id: request.params.id })),
  );
  app.post(
    '/api/v1/surveys/:id/send',
    {
      config: { access: 'write' },
      schema: {
        summary: 'Invite the eligible people of the audience now: by email (jobs send it) or as signed links',
        tags,
        params: IdParams,
        body: SendInput,
        response: { 200: SendResult, ...problems(404) },
      },
    },
    (request) =>
      orNotFound(sendSurvey({ ctx: requestContext(ctx, request), id: request.params.id, input: request.body ?? {} })),
  );
  app.get(
    '/api/v1/surveys/:id/invitations',
    {
      config: { access: 'read' },
      schema: {
        summary: "A survey's invitations, newest first: channel, state (failed ones with their error), answer",
        tags,
        params: IdParams,
        querystring: InvitationQuery,
        response: { 200: InvitationPage, ...problems(404) },
      },
    },
    (request) => orNotFound(listInvitations({ ctx, id: request.params.id, query: request.query })),
  );
}
