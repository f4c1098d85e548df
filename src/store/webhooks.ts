// Webhook endpoints, events, deliveries and the delivery log.
import type { Queryable } from './types.ts';

export interface EndpointRow {
  id: number;
  url: string;
  description: string | null;
  /** null: every event type. */
  eventTypes: string[] | null;
  secret: string;
  createdAt: string;
}

export type DeliveryState = 'pending' | 'delivered' | 'failed';

export interface DeliveryRow {
  id: number;
  eventId: number;
  messageId: string;
  eventType: string;
  endpointId: number;
  url: string;
  state: DeliveryState;
  attempts: number;
  lastStatus: number | null;
  lastError: string | null;
  nextAttemptAt: string | null;
  deliveredAt: string | null;
  createdAt: string;
  jobId: number | null;
}

export interface AttemptRow {
  deliveryId: number;
  attemptedAt: string;
  status: number | null;
  error: string | null;
  durationMs: number;
}

const iso = (v: unknown): string => (v instanceof Date ? v : new Date(String(v))).toISOString();
const isoOrNull = (v: unknown): string | null => (v === null || v === undefined ? null : iso(v));

const toEndpoint = (r: Record<string, unknown>): EndpointRow => ({
  id: Number(r.id),
  url: String(r.url),
  description: (r.description as string | null) ?? null,
  eventTypes: (r.event_types as string[] | null) ?? null,
  secret: String(r.secret),
  createdAt: iso(r.created_at),
});

export async function insertEndpoint(
  q: Queryable,
  e: { url: string; description: string | null; eventTypes: string[] | null; secret: string },
): Promise<EndpointRow> {
  const [row] = await q.query(
    `INSERT INTO webhook_endpoints (url, description, event_types, secret) VALUES ($1, $2, $3::jsonb, $4)
     RETURNING id, url, description, event_types, secret, created_at`,
    [e.url, e.description, e.eventTypes === null ? null : JSON.stringify(e.eventTypes), e.secret],
  );
  if (!row) throw new Error('insert returned no row');
  return toEndpoint(row);
}

export async function listEndpointRows(q: Queryable): Promise<EndpointRow[]> {
  const rows = await q.query(
    `SELECT id, url, description, event_types, secret, created_at FROM webhook_endpoints
     WHERE removed_at IS NULL ORDER BY id`,
  );
  return rows.map(toEndpoint);
}

/** Live endpoints that receive `type` (null: whatever their filter), optionally only some. */
export async function subscribedEndpoints(
  q: Queryable,
  type: string | null,
  only: readonly number[] | null,
): Promise<EndpointRow[]> {
  const rows = await q.query(
    `SELECT id, url, description, event_types, secret, created_at FROM webhook_endpoints
     WHERE removed_at IS NULL
       AND ($1::text IS NULL OR event_types IS NULL OR event_types @> jsonb_build_array($1::text))
       AND ($2::jsonb IS NULL OR id IN (SELECT (jsonb_array_elements_text($2::jsonb))::bigint))
     ORDER BY id`,
    [type, only === null ? null : JSON.stringify(only.map(String))],
  );
  return rows.map(toEndpoint);
}

export async function markEndpointRemoved(q: Queryable, id: number, at: Date): Promise<boolean> {
  const n = await q.execute(`UPDATE webhook_endpoints SET removed_at = $2 WHERE id = $1 AND removed_at IS NULL`, [
    id,
    at.toISOString(),
  ]);
  return n > 0;
}

export async function insertEvent(
  q: Queryable,
  e: { messageId: string; type: string; body: string; createdAt: Date },
): Promise<number> {
  const [row] = await q.query<{ id: number }>(
    `INSERT INTO webhook_events (message_id, type, body, created_at) VALUES ($1, $2, $3, $4) RETURNING id`,
    [e.messageId, e.type, e.body, e.createdAt.toISOString()],
  );
  if (!row) throw new Error('insert returned no row');
  return row.id;
}

export async function insertDelivery(
  q: Queryable,
  d: { eventId: number; endpointId: number; nextAttemptAt: Date },
): Promise<number> {
  const [row] = await q.query<{ id: number }>(
    `INSERT INTO webhook_deliveries (event_id, endpoint_id, next_attempt_at) VALUES ($1, $2, $3) RETURNING id`,
    [d.eventId, d.endpointId, d.nextAttemptAt.toISOString()],
  );
  if (!row) throw new Error('insert returned no row');
  return row.id;
}

export async function setDeliveryJob(q: Queryable, id: number, jobId: number | null, nextAttemptAt: Date) {
  await q.execute(
    `UPDATE webhook_deliveries SET job_id = $2, state = 'pending', next_attempt_at = $3, delivered_at = NULL WHERE id = $1`,
    [id, jobId, nextAttemptAt.toISOString()],
  );
}

const DELIVERY_COLUMNS = `d.id, d.event_id, e.message_id, e.type, d.endpoint_id, w.url, d.state, d.attempts,
  d.last_status, d.last_error, d.next_attempt_at, d.delivered_at, d.created_at, d.job_id`;
const DELIVERY_FROM = `webhook_deliveries d JOIN webhook_events e ON e.id = d.event_id
  JOIN webhook_endpoints w ON w.id = d.endpoint_id`;

const toDelivery = (r: Record<string, unknown>): DeliveryRow => ({
  id: Number(r.id),
  eventId: Number(r.event_id),
  messageId: String(r.message_id),
  eventType: String(r.type),
  endpointId: Number(r.endpoint_id),
  url: String(r.url),
  state: r.state as DeliveryState,
  attempts: Number(r.attempts),
  lastStatus: r.last_status === null ? null : Number(r.last_status),
  lastError: (r.last_error as string | null) ?? null,
  nextAttemptAt: isoOrNull(r.next_attempt_at),
  deliveredAt: isoOrNull(r.delivered_at),
  createdAt: iso(r.created_at),
  jobId: r.job_id === null ? null : Number(r.job_id),
});

/** A delivery with what it takes to send it: the event's body and the endpoint's secret. */
export async function loadDelivery(
  q: Queryable,
  id: number,
): Promise<(DeliveryRow & { body: string; secret: string; endpointRemoved: boolean }) | null> {
  const [row] = await q.query(
    `SELECT ${DELIVERY_COLUMNS}, e.body, w.secret, w.removed_at IS NOT NULL AS removed FROM ${DELIVERY_FROM}
     WHERE d.id = $1`,
    [id],
  );
  if (!row) return null;
  return { ...toDelivery(row), body: String(row.body), secret: String(row.secret), endpointRemoved: !!row.removed };
}

export async function recordAttempt(
  q: Queryable,
  a: AttemptRow & { state: DeliveryState; nextAttemptAt: Date | null },
): Promise<void> {
  await q.execute(
    `INSERT INTO webhook_attempts (delivery_id, attempted_at, status, error, duration_ms) VALUES ($1, $2, $3, $4, $5)`,
    [a.deliveryId, a.attemptedAt, a.status, a.error, a.durationMs],
  );
  await q.execute(
    `UPDATE webhook_deliveries SET attempts = attempts + 1, last_status = $2, last_error = $3, state = $4,
            next_attempt_at = $5, delivered_at = CASE WHEN $4 = 'delivered' THEN $6::timestamptz END
     WHERE id = $1`,
    [a.deliveryId, a.status, a.error, a.state, a.nextAttemptAt?.toISOString() ?? null, a.attemptedAt],
  );
}

export async function listDeliveryRows(
  q: Queryable,
  o: {
    endpointId?: number | undefined;
    state?: DeliveryState | undefined;
    deliveryId?: number | undefined;
    limit: number;
    offset: number;
  },
): Promise<{ items: DeliveryRow[]; total: number }> {
  const where = `($1::bigint IS NULL OR d.endpoint_id = $1) AND ($2::text IS NULL OR d.state = $2)
    AND ($3::bigint IS NULL OR d.id = $3)`;
  const params = [o.endpointId ?? null, o.state ?? null, o.deliveryId ?? null];
  const rows = await q.query(
    `SELECT ${DELIVERY_COLUMNS} FROM ${DELIVERY_FROM} WHERE ${where} ORDER BY d.id DESC LIMIT $4 OFFSET $5`,
    [...params, o.limit, o.offset],
  );
  const [count] = await q.query<{ n: number }>(
    `SELECT count(*)::int AS n FROM ${DELIVERY_FROM} WHERE ${where}`,
    params,
  );
  return { items: rows.map(toDelivery), total: count?.n ?? 0 };
}

export async function listAttemptRows(q: Queryable, deliveryIds: readonly number[]): Promise<AttemptRow[]> {
  if (deliveryIds.length === 0) return [];
  const rows = await q.query(
    `SELECT delivery_id, attempted_at, status, error, duration_ms FROM webhook_attempts
     WHERE delivery_id IN (SELECT (jsonb_array_elements_text($1::jsonb))::bigint) ORDER BY delivery_id, id`,
    [JSON.stringify(deliveryIds.map(String))],
  );
  return rows.map((r) => ({
    deliveryId: Number(r.delivery_id),
    attemptedAt: iso(r.attempted_at),
    status: r.status === null ? null : Number(r.status),
    error: (r.error as string | null) ?? null,
    durationMs: Number(r.duration_ms),
  }));
}

/** Accounts flagged declining by the last daily check. */
export async function declineFlags(q: Queryable): Promise<Set<number>> {
  const rows = await q.query<{ account_id: number }>(`SELECT account_id FROM usage_declining_flags`);
  return new Set(rows.map((r) => r.account_id));
}

export async function setDeclineFlags(q: Queryable, accountIds: readonly number[], on: string): Promise<void> {
  const ids = JSON.stringify(accountIds.map(String));
  await q.execute(
    `DELETE FROM usage_declining_flags WHERE account_id NOT IN (SELECT (jsonb_array_elements_text($1::jsonb))::bigint)`,
    [ids],
  );
  await q.execute(
    `INSERT INTO usage_declining_flags (account_id, flagged_on)
     SELECT (jsonb_array_elements_text($1::jsonb))::bigint, $2::date ON CONFLICT (account_id) DO NOTHING`,
    [ids, on],
  );
}

export async function accountNames(
  q: Queryable,
  ids: readonly number[],
): Promise<Map<number, { externalId: string; name: string }>> {
  if (ids.length === 0) return new Map();
  const rows = await q.query<{ id: number; external_id: string; name: string | null }>(
    `SELECT id, external_id, name FROM accounts WHERE id IN (SELECT (jsonb_array_elements_text($1::jsonb))::bigint)`,
    [JSON.stringify(ids.map(String))],
  );
  return new Map(rows.map((r) => [r.id, { externalId: r.external_id, name: r.name ?? r.external_id }]));
}

/**
 * Many events of one type at once, each with a delivery to every endpoint given and a delivery job each: two
 * statements whatever the count (a revenue refresh can raise one event per account).
 */
export async function insertEventBatch(
  q: Queryable,
  o: {
    type: string;
    events: readonly { messageId: string; body: string }[];
    createdAt: Date;
    endpointIds: readonly number[];
    job: { kind: string; maxAttempts: number };
  },
): Promise<number> {
  const at = o.createdAt.toISOString();
  const deliveries = await q.query<{ id: number }>(
    `WITH ev AS (
       INSERT INTO webhook_events (message_id, type, body, created_at)
       SELECT x.message_id, $2, x.body, $3 FROM jsonb_to_recordset($1::jsonb) AS x(message_id text, body text)
       RETURNING id)
     INSERT INTO webhook_deliveries (event_id, endpoint_id, next_attempt_at)
     SELECT ev.id, ep.id, $3 FROM ev CROSS JOIN (SELECT (jsonb_array_elements_text($4::jsonb))::bigint AS id) ep
     RETURNING id`,
    [
      JSON.stringify(o.events.map((e) => ({ message_id: e.messageId, body: e.body }))),
      o.type,
      at,
      JSON.stringify(o.endpointIds.map(String)),
    ],
  );
  if (deliveries.length === 0) return 0;
  await q.execute(
    `WITH jb AS (
       INSERT INTO jobs (kind, payload, run_at, max_attempts, unique_key)
       SELECT $2, jsonb_build_object('deliveryId', d.id), $3, $4, 'delivery:' || d.id
       FROM (SELECT (jsonb_array_elements_text($1::jsonb))::bigint AS id) d
       RETURNING id, (payload->>'deliveryId')::bigint AS delivery_id)
     UPDATE webhook_deliveries w SET job_id = jb.id FROM jb WHERE w.id = jb.delivery_id`,
    [JSON.stringify(deliveries.map((d) => String(d.id))), o.job.kind, at, o.job.maxAttempts],
  );
  return o.events.length;
}
