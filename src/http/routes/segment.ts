// Segment's HTTP tracking API (https://segment.com/docs/connections/sources/catalog/libraries/server/http-api/):
// an app instrumented with Segment or @segment/analytics-node sets its host to Tenure and uses an ingest API key
// as its write key. Limits are Segment's: 500 KB a batch, 32 KB a message; beyond them 413.
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Type, type TSchema } from 'typebox';
import { MAX_BATCH_BYTES, MAX_EVENT_BYTES } from '../../ingest/batch.ts';
import { OverloadedError } from '../../ingest/gate.ts';
import { MESSAGE_TYPES } from '../../ingest/message.ts';
import { createIngestor, type IngestRequest } from '../../services/ingest.ts';
import { IngestResponse } from '../../contract/ingest.ts';
import { sendProblem } from '../problem.ts';
import { problems } from '../schemas.ts';
import type { App, RouteDeps } from '../types.ts';

const Message = Type.Record(Type.String(), Type.Unknown(), {
  description: 'A Segment message: type, messageId, userId or anonymousId, timestamp, event/properties/traits',
});

const BatchBody = Type.Object(
  {
    batch: Type.Array(Message),
    sentAt: Type.Optional(
      Type.Unknown({ description: 'when the client sent the batch, ISO 8601 (clock-skew correction of each message)' }),
    ),
    context: Type.Optional(Type.Record(Type.String(), Type.Unknown(), { description: "merged into each message's" })),
  },
  { additionalProperties: true },
);

type Fields = Record<string, unknown>;

/**
 * Batch-level fields apply to every message, whose own keys win: `context` is merged into each message's, and
 * `sentAt` is each message's unless it has its own. So a bad batch `sentAt` is reported on each message it spoils,
 * with the rest of the answer intact, rather than failing the request.
 */
function withBatchFields(messages: readonly unknown[], context: unknown, sentAt: unknown): readonly unknown[] {
  const hasContext = typeof context === 'object' && context !== null;
  if (!hasContext && (sentAt === undefined || sentAt === null)) return messages;
  return messages.map((m) => {
    if (typeof m !== 'object' || m === null || Array.isArray(m)) return m;
    const own = m as Fields;
    const merged: Fields = { ...own };
    // A message's own context that is not an object stays as it is, to be reported.
    const ownContext = own.context ?? {};
    if (hasContext && typeof ownContext === 'object' && !Array.isArray(ownContext)) {
      merged.context = { ...context, ...ownContext };
    }
    if (sentAt !== undefined && sentAt !== null && (own.sentAt === undefined || own.sentAt === null)) {
      merged.sentAt = sentAt;
    }
    return merged;
  });
}

export function segmentRoutes(app: App, { ctx }: RouteDeps): void {
  const ingestor = createIngestor({ ctx });
  app.addHook('onClose', () => ingestor.close());

  /** Ingests, answering 429 with Retry-After when too many batches are pending. */
  const ingest = async (request: FastifyRequest, reply: FastifyReply, input: IngestRequest) => {
    try {
      return { success: true as const, ...(await ingestor.ingest(input)) };
    } catch (error) {
      if (!(error instanceof OverloadedError)) throw error;
      void reply.header('retry-after', String(error.retryAfterSeconds));
      return sendProblem(reply, request, 429, error.message);
    }
  };
  const schema = <B extends TSchema>(summary: string, body: B) => ({
    summary,
    tags: ['ingest'],
    security: [{ apiKey: [] }],
    body,
    response: { 200: IngestResponse, ...problems(413, 429) },
  });

  app.post(
    '/v1/batch',
    {
      config: { access: 'ingest' },
      bodyLimit: MAX_BATCH_BYTES,
      schema: schema('Ingest a batch of Segment messages (at most 500 KB)', BatchBody),
    },
    async (request, reply) => {
      const receivedAt = new Date();
      const { batch, context, sentAt } = request.body;
      return ingest(request, reply, { messages: withBatchFields(batch, context, sentAt), receivedAt });
    },
  );

  for (const type of MESSAGE_TYPES) {
    app.post(
      `/v1/${type}`,
      {
        config: { access: 'ingest' },
        bodyLimit: MAX_EVENT_BYTES,
        schema: schema(`Ingest one Segment ${type} call (at most 32 KB)`, Message),
      },
      async (request, reply) => {
        const result = await ingest(request, reply, { messages: [{ ...request.body, type }], receivedAt: new Date() });
        // One message: a rejection is the answer (400, not retried by Segment clients).
        const rejected = 'rejected' in result ? result.rejected[0] : undefined;
        if (rejected)
          return sendProblem(reply, request, 400, rejected.reason, { errors: [{ message: rejected.reason }] });
        return result;
      },
    );
  }
}
