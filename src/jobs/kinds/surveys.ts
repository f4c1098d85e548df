// Survey email: one job per invitation, retried with backoff; the invitation keeps each failure's message.
import { deliverInvitation, SEND_ATTEMPTS, SEND_JOB } from '../../services/surveys/send.ts';
import { defineJob } from '../types.ts';

function invitationId(payload: unknown): number {
  const id = (payload as { invitationId?: unknown } | null)?.invitationId;
  if (typeof id !== 'number' || !Number.isSafeInteger(id)) throw new Error('payload.invitationId must be an integer');
  return id;
}

export const surveySendJob = defineJob({
  kind: SEND_JOB,
  description: 'email one survey invitation with its signed link',
  maxAttempts: SEND_ATTEMPTS,
  backoff: { baseMs: 60_000, factor: 3, maxMs: 3_600_000 },
  run: async (ctx, job) => {
    const outcome = await deliverInvitation(ctx, {
      invitationId: invitationId(job.payload),
      attempt: job.attempt,
      maxAttempts: job.maxAttempts,
    });
    await job.progress({ done: 1, total: 1, note: outcome });
  },
});
