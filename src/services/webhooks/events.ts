// Event types Tenure sends, and emitEvent: the one call any module makes to send one. An event becomes rows
// (the event, a delivery per subscribed endpoint, a delivery job each) in the caller's transaction when it
// passes one, so an event is sent if and only if the change that raised it is committed.
import { randomBytes } from 'node:crypto';
import { insertJob, requeueByKey } from '../../store/jobs.ts';
import type { Queryable } from '../../store/types.ts';
import {
  insertDelivery,
  insertEvent,
  insertEventBatch,
  setDeliveryJob,
  subscribedEndpoints,
} from '../../store/webhooks.ts';
import { nowOf, type ServiceContext } from '../context.ts';

/** What emitting needs: somewhere to write (a store or a transaction) and, optionally, the clock. */
export type EmitContext = { store: Queryable; now?: ServiceContext['now'] };

/** Every event type with what it means: add a line here to add one (payload shapes are in the README). */
export const EVENT_TYPES = {
  'import.finished': 'an import (CSV, Stripe, usage events) finished and was committed',
  'ledger.changed': "an account's revenue ledger changed after its billing records changed (one event per account)",
  'survey.response':
    'a person answered a survey (link, email, in-app or Formbricks; not imports): score, NPS category, account',
  'usage.declining': "an account's active users newly fell by the decline rate or more (checked daily)",
  'renewal.due': "a contract's renewal is 180, 90 or 30 days away and not yet renewed (checked daily; once each)",
  'renewal.closed': 'a renewal became renewed or churned (once per contract)',
  'task.created': 'a task was created for a CSM (by a playbook or by hand)',
  'task.completed': 'a task was completed',
  'playbook.webhook': "a playbook's webhook step ran for an account",
  'health.changed': "an account's health band changed (red, yellow, green) when it was rescored",
  'milestone.missed': 'a success plan milestone passed its due day incomplete (once per milestone)',
  'value_report.sent': 'a value report was emailed to a customer contact (before a renewal or a review, or on request)',
  'webhook.test': 'a test event, sent on request to one endpoint or all, whatever events they take',
} as const;

export type EventType = keyof typeof EVENT_TYPES;
export const eventTypeNames = (): string[] => Object.keys(EVENT_TYPES);
export const isEventType = (name: string): name is EventType => Object.hasOwn(EVENT_TYPES, name);

/** The job kind that delivers one webhook, and its retry policy: 8 tries over about a day. */
export const DELIVER_JOB = 'webhook.deliver';
export const DELIVERY_ATTEMPTS = 8;
/** Waits of 80 s, 4 min, 12 min, 36 min, 1 h 48 min, 5 h 24 min, 16 h 12 min: about 24 hours in all. */
export const DELIVERY_BACKOFF = { baseMs: 80_000, factor: 3 } as const;

export interface EmittedEvent {
  eventId: number;
  messageId: string;
  deliveryIds: number[];
  /** The delivery jobs queued, one per delivery. */
  jobIds: number[];
}

/** A message id for the webhook-id header: 'msg_' and 20 random bytes in base32-like hex. */
const newMessageId = () => `msg_${randomBytes(16).toString('hex')}`;

/**
 * Sends event `type` with `data` to every endpoint subscribed to it (or only `endpointIds`). Returns null when
 * no endpoint receives it (nothing is stored). Pass `tx` to write inside the caller's transaction.
 */
export async function emitEvent(
  ctx: EmitContext,
  type: EventType,
  data: Record<string, unknown>,
  options: { tx?: Queryable; endpointIds?: readonly number[] } = {},
): Promise<EmittedEvent | null> {
  const q = options.tx ?? ctx.store;
  // A test goes to the endpoints asked for whatever events they take; every other type only where subscribed.
  const filter = type === 'webhook.test' && options.endpointIds ? null : type;
  const endpoints = await subscribedEndpoints(q, filter, options.endpointIds ?? null);
  if (endpoints.length === 0) return null;
  const now = nowOf(ctx);
  const messageId = newMessageId();
  const body = JSON.stringify({ type, timestamp: now.toISOString(), data });
  const eventId = await insertEvent(q, { messageId, type, body, createdAt: now });
  const deliveryIds: number[] = [];
  const jobIds: number[] = [];
  for (const endpoint of endpoints) {
    const id = await insertDelivery(q, { eventId, endpointId: endpoint.id, nextAttemptAt: now });
    const jobId = await scheduleDelivery(q, id, now);
    deliveryIds.push(id);
    if (jobId !== null) jobIds.push(jobId);
  }
  return { eventId, messageId, deliveryIds, jobIds };
}

/** Sends many events of one type at once (e.g. one per account); returns how many were stored (0: no receiver). */
export async function emitEvents(
  ctx: EmitContext,
  type: EventType,
  data: readonly Record<string, unknown>[],
  options: { tx?: Queryable } = {},
): Promise<number> {
  const q = options.tx ?? ctx.store;
  const endpoints = data.length === 0 ? [] : await subscribedEndpoints(q, type, null);
  if (endpoints.length === 0) return 0;
  const now = nowOf(ctx);
  const timestamp = now.toISOString();
  return insertEventBatch(q, {
    type,
    events: data.map((d) => ({ messageId: newMessageId(), body: JSON.stringify({ type, timestamp, data: d }) })),
    createdAt: now,
    endpointIds: endpoints.map((e) => e.id),
    job: { kind: DELIVER_JOB, maxAttempts: DELIVERY_ATTEMPTS },
  });
}

/** Queues a delivery job for a delivery (a new event, or a replay): its tries start again from the first. */
export async function scheduleDelivery(q: Queryable, deliveryId: number, now: Date): Promise<number | null> {
  const uniqueKey = `delivery:${deliveryId}`;
  const jobId =
    (await insertJob(q, {
      kind: DELIVER_JOB,
      payload: { deliveryId },
      runAt: now,
      maxAttempts: DELIVERY_ATTEMPTS,
      uniqueKey,
    })) ?? (await requeueByKey(q, uniqueKey, now));
  await setDeliveryJob(q, deliveryId, jobId, now);
  return jobId;
}
