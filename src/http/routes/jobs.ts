// Jobs and webhooks for admins: list jobs and retry one; webhook endpoints, their delivery log, test and replay.
import { IdParams } from '../../contract/common.ts';
import { Job, JobList, JobListQuery } from '../../contract/jobs.ts';
import {
  CreatedEndpoint,
  DeliveryList,
  DeliveryQuery,
  DeliveryWithLog,
  EndpointInput,
  EndpointList,
  TestResult,
} from '../../contract/webhooks.ts';
import { jobView, listJobs, retryJob } from '../../services/jobs/jobs.ts';
import {
  addEndpoint,
  listDeliveries,
  listEndpoints,
  removeEndpoint,
  replayDelivery,
  sendTestEvent,
} from '../../services/webhooks/endpoints.ts';
import { EVENT_TYPES } from '../../services/webhooks/events.ts';
import { HttpProblem } from '../problem.ts';
import { NoContent, problems } from '../schemas.ts';
import type { App, RouteDeps } from '../types.ts';

const admin = { access: 'admin' as const };

export function jobRoutes(app: App, { ctx }: RouteDeps): void {
  app.get(
    '/api/v1/jobs',
    {
      config: admin,
      schema: {
        summary: 'Background jobs: state, attempts, next run, progress and last error (running and dead first)',
        tags: ['jobs'],
        querystring: JobListQuery,
        response: { 200: JobList },
      },
    },
    async (request) => {
      const page = await listJobs({ ctx, ...request.query });
      return { items: page.items.map(jobView), total: page.total, timezone: ctx.config.jobs.timezone };
    },
  );
  app.post(
    '/api/v1/jobs/:id/retry',
    {
      config: admin,
      schema: {
        summary: 'Run a job again now, from its first attempt',
        tags: ['jobs'],
        params: IdParams,
        response: { 200: Job },
      },
    },
    async (request) => jobView(await retryJob({ ctx, id: request.params.id })),
  );
}

export function webhookRoutes(app: App, { ctx }: RouteDeps): void {
  app.get(
    '/api/v1/webhooks',
    {
      config: admin,
      schema: {
        summary: 'Webhook endpoints (never their secrets) and the event types they can receive',
        tags: ['webhooks'],
        response: { 200: EndpointList },
      },
    },
    async () => ({
      items: await listEndpoints({ ctx }),
      eventTypes: Object.entries(EVENT_TYPES).map(([type, description]) => ({ type, description })),
    }),
  );
  app.post(
    '/api/v1/webhooks',
    {
      config: admin,
      schema: {
        summary: 'Add an endpoint; the answer holds its signing secret, shown only here',
        tags: ['webhooks'],
        body: EndpointInput,
        response: { 201: CreatedEndpoint, ...problems(413, 415) },
      },
    },
    async (request, reply) => {
      const { url, events, description } = request.body;
      const created = await addEndpoint({ ctx, url, events: events ?? null, description });
      return reply.code(201).send(created);
    },
  );
  app.delete(
    '/api/v1/webhooks/:id',
    {
      config: admin,
      schema: {
        summary: 'Remove an endpoint (its delivery log stays)',
        tags: ['webhooks'],
        params: IdParams,
        response: { 204: NoContent, ...problems(404) },
      },
    },
    async (request, reply) => {
      if (!(await removeEndpoint({ ctx, id: request.params.id }))) {
        throw new HttpProblem(404, `There is no webhook endpoint ${request.params.id}.`);
      }
      return reply.code(204).send(null);
    },
  );
  app.post(
    '/api/v1/webhooks/:id/test',
    {
      config: admin,
      schema: {
        summary: 'Queue a webhook.test event to this endpoint (delivered by the jobs runner within seconds)',
        tags: ['webhooks'],
        params: IdParams,
        response: { 202: TestResult },
      },
    },
    async (request, reply) => {
      const sent = await sendTestEvent({ ctx, id: request.params.id });
      return reply.code(202).send({ eventId: sent.eventId, messageId: sent.messageId, deliveryIds: sent.deliveryIds });
    },
  );
  app.get(
    '/api/v1/webhooks/deliveries',
    {
      config: admin,
      schema: {
        summary: 'The delivery log: each delivery with its tries and the status codes answered, newest first',
        tags: ['webhooks'],
        querystring: DeliveryQuery,
        response: { 200: DeliveryList },
      },
    },
    (request) => listDeliveries({ ctx, ...request.query }),
  );
  app.post(
    '/api/v1/webhooks/deliveries/:id/replay',
    {
      config: admin,
      schema: {
        summary: 'Send a delivery again (same webhook-id), its tries starting from the first',
        tags: ['webhooks'],
        params: IdParams,
        response: { 200: DeliveryWithLog, ...problems(404) },
      },
    },
    async (request) => {
      const row = await replayDelivery({ ctx, id: request.params.id });
      if (!row) throw new HttpProblem(404, `There is no webhook delivery ${request.params.id}.`);
      const [withLog] = (await listDeliveries({ ctx, endpointId: row.endpointId, limit: 500 })).items.filter(
        (d) => d.id === row.id,
      );
      return withLog ?? { ...row, log: [] };
    },
  );
}
