// Webhooks over HTTP: endpoints, the delivery log, event types (TypeBox), for routes and the web app.
import { Type, type Static } from 'typebox';

const Timestamp = Type.String({ format: 'date-time' });
const Nullable = <T extends ReturnType<typeof Type.String> | ReturnType<typeof Type.Integer>>(t: T) =>
  Type.Union([t, Type.Null()]);

export const Endpoint = Type.Object(
  {
    id: Type.Integer(),
    url: Type.String(),
    description: Nullable(Type.String()),
    eventTypes: Type.Union([Type.Array(Type.String()), Type.Null()], { description: 'null: every event type' }),
    createdAt: Timestamp,
  },
  { additionalProperties: false },
);
export type EndpointView = Static<typeof Endpoint>;

export const CreatedEndpoint = Type.Object(
  {
    ...Endpoint.properties,
    secret: Type.String({ description: "the signing secret, 'whsec_' + base64: shown only in this answer" }),
  },
  { additionalProperties: false },
);

export const EndpointInput = Type.Object(
  {
    url: Type.String({ minLength: 1, maxLength: 2000 }),
    events: Type.Optional(Type.Array(Type.String({ maxLength: 100 }), { maxItems: 50 })),
    description: Type.Optional(Type.String({ maxLength: 500 })),
  },
  { additionalProperties: false },
);

export const EventTypeInfo = Type.Object(
  { type: Type.String(), description: Type.String() },
  { additionalProperties: false },
);

export const EndpointList = Type.Object(
  { items: Type.Array(Endpoint), eventTypes: Type.Array(EventTypeInfo) },
  { additionalProperties: false },
);
export type EndpointListView = Static<typeof EndpointList>;

export const DeliveryState = Type.Enum(['pending', 'delivered', 'failed']);

export const Attempt = Type.Object(
  {
    attemptedAt: Timestamp,
    status: Nullable(Type.Integer()),
    error: Nullable(Type.String()),
    durationMs: Type.Integer(),
  },
  { additionalProperties: false },
);

export const Delivery = Type.Object(
  {
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
  },
  { additionalProperties: false },
);

export const DeliveryWithLog = Type.Object(
  { ...Delivery.properties, log: Type.Array(Attempt) },
  { additionalProperties: false },
);

export const DeliveryQuery = Type.Object({
  endpointId: Type.Optional(Type.Integer({ minimum: 1, maximum: Number.MAX_SAFE_INTEGER })),
  state: Type.Optional(DeliveryState),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500, default: 50 })),
  offset: Type.Optional(Type.Integer({ minimum: 0, default: 0 })),
});

export const DeliveryList = Type.Object(
  { items: Type.Array(DeliveryWithLog), total: Type.Integer() },
  { additionalProperties: false },
);
export type DeliveryListView = Static<typeof DeliveryList>;

export const TestResult = Type.Object(
  { eventId: Type.Integer(), messageId: Type.String(), deliveryIds: Type.Array(Type.Integer()) },
  { additionalProperties: false },
);
