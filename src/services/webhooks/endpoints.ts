// Service verbs for webhook endpoints and their delivery log: add, list, remove, test, list deliveries, replay.
import type { Queryable } from '../../store/types.ts';
import {
  insertEndpoint,
  listAttemptRows,
  listDeliveryRows,
  listEndpointRows,
  loadDelivery,
  markEndpointRemoved,
  type AttemptRow,
  type DeliveryRow,
  type DeliveryState,
  type EndpointRow,
} from '../../store/webhooks.ts';
import { nowOf, type ServiceContext } from '../context.ts';
import { UsageError } from '../errors.ts';
import { emitEvent, eventTypeNames, isEventType, scheduleDelivery, type EmittedEvent } from './events.ts';
import { newSecret } from './signing.ts';

export type Endpoint = Omit<EndpointRow, 'secret'>;
export type Delivery = DeliveryRow & { log: Omit<AttemptRow, 'deliveryId'>[] };

const publicEndpoint = (row: EndpointRow): Endpoint => ({
  id: row.id,
  url: row.url,
  description: row.description,
  eventTypes: row.eventTypes,
  createdAt: row.createdAt,
});

export function parseEndpointUrl(value: string): string {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new UsageError(`url must be an absolute http:// or https:// URL, found "${value}"`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new UsageError(`url must use http:// or https://, found "${value}"`);
  }
  return url.toString();
}

/** Event type names from a list like 'import.finished,ledger.changed'; empty or absent: all. */
export function parseEventTypes(value: string | readonly string[] | undefined | null): string[] | null {
  if (value === undefined || value === null) return null;
  const names = (typeof value === 'string' ? value.split(',') : value).map((v) => v.trim()).filter(Boolean);
  if (names.length === 0) return null;
  for (const name of names) {
    if (!isEventType(name)) {
      throw new UsageError(`events must be among ${eventTypeNames().join(', ')}, found "${name}"`);
    }
  }
  return [...new Set(names)];
}

/** Adds an endpoint; the secret is returned here only (the list does not show it). */
export async function addEndpoint({
  ctx,
  url,
  events,
  description = null,
}: {
  ctx: ServiceContext;
  url: string;
  events?: string | readonly string[] | undefined | null;
  description?: string | null | undefined;
}): Promise<Endpoint & { secret: string }> {
  const row = await insertEndpoint(ctx.store, {
    url: parseEndpointUrl(url),
    description: description?.trim() || null,
    eventTypes: parseEventTypes(events),
    secret: newSecret(),
  });
  return { ...publicEndpoint(row), secret: row.secret };
}

export async function listEndpoints({ ctx }: { ctx: ServiceContext }): Promise<Endpoint[]> {
  return (await listEndpointRows(ctx.store)).map(publicEndpoint);
}

/** Removes an endpoint: nothing more is sent to it; its delivery log stays. False when there is none. */
export async function removeEndpoint({ ctx, id }: { ctx: ServiceContext; id: number }): Promise<boolean> {
  return markEndpointRemoved(ctx.store, id, nowOf(ctx));
}

/** Queues a webhook.test event to one endpoint, or to every endpoint when `id` is absent. */
export async function sendTestEvent({
  ctx,
  id,
}: {
  ctx: ServiceContext;
  id?: number | undefined;
}): Promise<EmittedEvent> {
  const endpoints = await listEndpointRows(ctx.store);
  const targets = id === undefined ? endpoints : endpoints.filter((e) => e.id === id);
  if (targets.length === 0) {
    throw new UsageError(
      id === undefined ? 'there is no webhook endpoint to test' : `there is no webhook endpoint ${id}`,
    );
  }
  const emitted = await ctx.store.transaction((tx) =>
    emitEvent(
      ctx,
      'webhook.test',
      { message: 'A test event from Tenure.' },
      {
        tx,
        endpointIds: targets.map((t) => t.id),
      },
    ),
  );
  if (!emitted) throw new UsageError('there is no webhook endpoint to test');
  return emitted;
}

export async function listDeliveries({
  ctx,
  endpointId,
  state,
  limit = 50,
  offset = 0,
}: {
  ctx: ServiceContext;
  endpointId?: number | undefined;
  state?: DeliveryState | undefined;
  limit?: number;
  offset?: number;
}): Promise<{ items: Delivery[]; total: number }> {
  const page = await listDeliveryRows(ctx.store, { endpointId, state, limit, offset });
  const attempts = await listAttemptRows(
    ctx.store,
    page.items.map((d) => d.id),
  );
  return {
    total: page.total,
    items: page.items.map((d) => ({
      ...d,
      log: attempts
        .filter((a) => a.deliveryId === d.id)
        .map((a) => ({ attemptedAt: a.attemptedAt, status: a.status, error: a.error, durationMs: a.durationMs })),
    })),
  };
}

/** Sends a delivery again (delivered or failed), its tries starting from the first. Null when there is none. */
export async function replayDelivery({ ctx, id }: { ctx: ServiceContext; id: number }): Promise<DeliveryRow | null> {
  return ctx.store.transaction(async (tx: Queryable) => {
    const delivery = await loadDelivery(tx, id);
    if (!delivery) return null;
    if (delivery.endpointRemoved) throw new UsageError(`delivery ${id} went to an endpoint that was removed`);
    await scheduleDelivery(tx, id, nowOf(ctx));
    return (await listDeliveryRows(tx, { deliveryId: id, limit: 1, offset: 0 })).items[0] ?? null;
  });
}
