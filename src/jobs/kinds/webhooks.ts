// Webhook jobs: each delivery, and the daily check that raises usage.declining.
import { deliverWebhook } from '../../services/webhooks/deliver.ts';
import { DELIVER_JOB, DELIVERY_ATTEMPTS, DELIVERY_BACKOFF } from '../../services/webhooks/events.ts';
import { emitNewlyDeclining } from '../../services/webhooks/declining.ts';
import { defineJob } from '../types.ts';

function deliveryId(payload: unknown): number {
  const id = (payload as { deliveryId?: unknown } | null)?.deliveryId;
  if (typeof id !== 'number' || !Number.isSafeInteger(id)) throw new Error('payload.deliveryId must be an integer');
  return id;
}

export const deliverWebhookJob = defineJob({
  kind: DELIVER_JOB,
  description: 'send one signed webhook delivery',
  maxAttempts: DELIVERY_ATTEMPTS,
  backoff: DELIVERY_BACKOFF,
  run: async (ctx, job) => {
    await deliverWebhook(ctx, {
      deliveryId: deliveryId(job.payload),
      attempt: job.attempt,
      maxAttempts: job.maxAttempts,
      signal: job.signal,
    });
  },
});

export const usageDecliningJob = defineJob({
  kind: 'usage.declining',
  description: 'raise usage.declining for accounts newly flagged declining',
  schedule: '0 6 * * *',
  run: async (ctx, job) => {
    const found = await emitNewlyDeclining({ ctx });
    await job.progress({ done: found.new, note: `newly declining (${found.declining} declining in all)` });
  },
});
