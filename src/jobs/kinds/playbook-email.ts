// Playbook email: one job per queued email, retried with backoff; the row keeps each failure's message.
import { PLAYBOOK_EMAIL_ATTEMPTS, PLAYBOOK_EMAIL_JOB, sendPlaybookEmail } from '../../services/playbooks/email.ts';
import { defineJob } from '../types.ts';

function emailId(payload: unknown): number {
  const id = (payload as { emailId?: unknown } | null)?.emailId;
  if (typeof id !== 'number' || !Number.isSafeInteger(id)) throw new Error('payload.emailId must be an integer');
  return id;
}

export const playbookEmailJob = defineJob({
  kind: PLAYBOOK_EMAIL_JOB,
  description: "send one email queued by a playbook's email step",
  maxAttempts: PLAYBOOK_EMAIL_ATTEMPTS,
  backoff: { baseMs: 60_000, factor: 3, maxMs: 3_600_000 },
  run: async (ctx, job) => {
    const outcome = await sendPlaybookEmail(ctx, {
      emailId: emailId(job.payload),
      attempt: job.attempt,
      maxAttempts: job.maxAttempts,
    });
    await job.progress({ done: 1, total: 1, note: outcome });
  },
});
