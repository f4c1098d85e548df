// Sends one delivery: a signed POST with a timeout, logged with its answer. A non-2xx answer, a timeout or a
// refused connection throws, so the jobs runner tries again after its backoff; the last failure marks it failed.
import { backoffDelay } from '../../jobs/types.ts';
import { loadDelivery, recordAttempt } from '../../store/webhooks.ts';
import { nowOf, type ServiceContext } from '../context.ts';
import { DELIVERY_BACKOFF } from './events.ts';
import { signedHeaders } from './signing.ts';

export class DeliveryFailed extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'DeliveryFailed';
  }
}

function describeError(error: unknown, timeoutMs: number): string {
  if (error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError')) {
    return `no answer within ${timeoutMs} ms`;
  }
  const cause = error instanceof Error && error.cause instanceof Error ? `: ${error.cause.message}` : '';
  return `${error instanceof Error ? error.message : String(error)}${cause}`;
}

/** Makes try `attempt` of `maxAttempts` of a delivery; resolves when the receiver answered 2xx. */
export async function deliverWebhook(
  ctx: ServiceContext,
  o: { deliveryId: number; attempt: number; maxAttempts: number; signal?: AbortSignal },
): Promise<{ status: number } | { skipped: string }> {
  const delivery = await loadDelivery(ctx.store, o.deliveryId);
  if (!delivery) return { skipped: 'the delivery no longer exists' };
  if (delivery.state === 'delivered') return { skipped: 'already delivered' };
  const attemptedAt = nowOf(ctx);
  if (delivery.endpointRemoved) {
    const error = 'the endpoint was removed';
    await recordAttempt(ctx.store, {
      deliveryId: delivery.id,
      attemptedAt: attemptedAt.toISOString(),
      status: null,
      error,
      durationMs: 0,
      state: 'failed',
      nextAttemptAt: null,
    });
    return { skipped: error };
  }
  const timeoutMs = ctx.config.webhooks.timeoutMs;
  const timestamp = Math.floor(attemptedAt.getTime() / 1000);
  const started = performance.now();
  let status: number | null = null;
  let error: string | null = null;
  try {
    const signals = [AbortSignal.timeout(timeoutMs), ...(o.signal ? [o.signal] : [])];
    const response = await fetch(delivery.url, {
      method: 'POST',
      headers: signedHeaders(delivery.secret, delivery.messageId, timestamp, delivery.body),
      body: delivery.body,
      redirect: 'manual',
      signal: AbortSignal.any(signals),
    });
    status = response.status;
    await response.body?.cancel().catch(() => undefined);
    if (status < 200 || status >= 300) error = `the receiver answered ${status}`;
  } catch (e) {
    error = describeError(e, timeoutMs);
  }
  const durationMs = Math.round(performance.now() - started);
  const last = o.attempt >= o.maxAttempts;
  const next =
    error === null || last ? null : new Date(attemptedAt.getTime() + backoffDelay(DELIVERY_BACKOFF, o.attempt));
  await recordAttempt(ctx.store, {
    deliveryId: delivery.id,
    attemptedAt: attemptedAt.toISOString(),
    status,
    error,
    durationMs,
    state: error === null ? 'delivered' : last ? 'failed' : 'pending',
    nextAttemptAt: next,
  });
  if (error !== null) throw new DeliveryFailed(error);
  return { status: status ?? 0 };
}
