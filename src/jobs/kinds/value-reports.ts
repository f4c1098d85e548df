// Value reports by email: a daily schedule queues a send per upcoming renewal or business review and recipient;
// each send is its own job, retried with backoff, its failures kept on the row.
import { scheduleValueReports, VALUE_SCHEDULE_JOB } from '../../services/value/schedule.ts';
import { sendValueReport, VALUE_SEND_ATTEMPTS, VALUE_SEND_JOB } from '../../services/value/send.ts';
import { defineJob } from '../types.ts';

export const valueReportScheduleJob = defineJob({
  kind: VALUE_SCHEDULE_JOB,
  description: 'value reports: queue an email for each renewal and business review coming up',
  schedule: '40 6 * * *',
  maxAttempts: 3,
  run: async (ctx, job) => {
    const r = await scheduleValueReports({ ctx });
    await job.progress({
      done: 1,
      note: `${r.queued} report email(s) queued, ${r.skipped} occasion(s) without a recipient`,
    });
  },
});

function sendId(payload: unknown): number {
  const id = (payload as { sendId?: unknown } | null)?.sendId;
  if (typeof id !== 'number' || !Number.isSafeInteger(id)) throw new Error('payload.sendId must be an integer');
  return id;
}

export const valueReportSendJob = defineJob({
  kind: VALUE_SEND_JOB,
  description: 'value reports: email one report (PDF attached, with a share link)',
  maxAttempts: VALUE_SEND_ATTEMPTS,
  backoff: { baseMs: 60_000, factor: 3, maxMs: 3_600_000 },
  run: async (ctx, job) => {
    const outcome = await sendValueReport(ctx, {
      sendId: sendId(job.payload),
      attempt: job.attempt,
      maxAttempts: job.maxAttempts,
    });
    await job.progress({ done: 1, total: 1, note: outcome });
  },
});
