// Webhooks over HTTP: endpoints, the delivery log, event types (TypeBox), for routes and the web app.
import { Type, type Static } from 'typebox';
import { Id, integerInput, MAX_OFFSET, Nullable, Obj } from './common.ts';

const Timestamp = Type.String({ format: 'date-time' });

export const Endpoint = Obj({
  id: Type.Integer(),
  url: Type.String(),
  description: Nullable(Type.String()),
  eventTypes: Type.Union([Type.Array(Type.String()), Type.Null()], { description: 'null: every event type' }),
  createdAt: Timestamp,
});
export type EndpointView = Static<typeof Endpoint>;

export const CreatedEndpoint = Obj({
  ...Endpoint.properties,
  secret: Type.String({ description: "the signing secret, 'whsec_' + base64: shown only in this answer" }),
});
export type CreatedEndpointView = Static<typeof CreatedEndpoint>;

export const EndpointInput = Obj({
  url: Type.String({ minLength: 1, maxLength: 2000 }),
  events: Type.Optional(Type.Array(Type.String({ maxLength: 100 }), { maxItems: 50 })),
  description: Type.Optional(Type.String({ maxLength: 500 })),
});
export type EndpointInputBody = Static<typeof EndpointInput>;

export const EventTypeInfo = Obj({ type: Type.String(), description: Type.String() });

export const EndpointList = Obj({ items: Type.Array(Endpoint), eventTypes: Type.Array(EventTypeInfo) });
export type EndpointListView = Static<typeof EndpointList>;

export const DeliveryState = Type.Enum(['pending', 'delivered', 'failed']);

export const Attempt = Obj({
  attemptedAt: Timestamp,
  status: Nullable(Type.Integer()),
  error: Nullable(Type.String()),
  durationMs: Type.Integer(),
});

export const Delivery = Obj({
  id: Type.Integer(),
  eventId: Type.Integer(),
  messageId: Type.String({ description: 'the webhook-id header, the same on every try and replay' }),
  eventType: Type.String(),
  endpointId: Type.Integer(),
  url: Type.String(),
  state: DeliveryState,
  attempts: Type.Integer(),
  lastStatus: Nullable(Type.Integer()),
  lastError: Nullable(Type.String()),
  nextAttemptAt: Type.Union([Timestamp, Type.Null()]),
  deliveredAt: Type.Union([Timestamp, Type.Null()]),
  createdAt: Timestamp,
  jobId: Nullable(Type.Integer()),
});

export const DeliveryWithLog = Obj({ ...Delivery.properties, log: Type.Array(Attempt) });

export const DeliveryQuery = Type.Object({
  endpointId: Type.Optional(Id),
  state: Type.Optional(DeliveryState),
  limit: Type.Optional(integerInput({ minimum: 1, maximum: 500, default: 50, description: 'deliveries per page' })),
  offset: Type.Optional(
    integerInput({ minimum: 0, maximum: MAX_OFFSET, default: 0, description: 'deliveries to skip' }),
  ),
});

export const DeliveryList = Obj({ items: Type.Array(DeliveryWithLog), total: Type.Integer() });
export type DeliveryListView = Static<typeof DeliveryList>;

export const TestResult = Obj({
  eventId: Type.Integer(),
  messageId: Type.String(),
  deliveryIds: Type.Array(Type.Integer()),
});
