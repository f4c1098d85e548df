// Upkeep that used to ride on ingestion's flush and the server's start: usage retention, events waiting for an
// account, the revenue ledger for a new day, and old finished jobs.
import { pruneUsage, resolvePendingUsage } from '../../services/ingest.ts';
import { nowOf } from '../../services/context.ts';
import { refreshRevenue, todayUtc } from '../../services/revenue.ts';
import { pruneJobs } from '../../store/jobs.ts';
import { defineJob } from '../types.ts';

const DAY_MS = 24 * 60 * 60 * 1000;
/** Finished one-off jobs are kept this long for `tenure jobs list`. */
export const KEEP_FINISHED_JOBS_DAYS = 30;

export const pruneUsageJob = defineJob({
  kind: 'usage.prune',
  description: 'drop raw usage events older than TENURE_USAGE_RETENTION_DAYS (daily rollups stay)',
  schedule: '15 3 * * *',
  run: async (ctx, job) => {
    const { months } = await pruneUsage({ ctx, now: nowOf(ctx) });
    await job.progress({
      done: months.length,
      note: months.length ? `dropped ${months.join(', ')}` : 'nothing to drop',
    });
  },
});

export const resolvePendingUsageJob = defineJob({
  kind: 'usage.resolve-pending',
  description: 'give usage events waiting for an account the account imported since, and roll them up',
  schedule: '5 * * * *',
  run: async (ctx, job) => {
    const { events } = await resolvePendingUsage({ ctx });
    await job.progress({ done: events, note: 'events given their account' });
  },
});

export const REFRESH_REVENUE_JOB = 'revenue.refresh';

export const refreshRevenueJob = defineJob({
  kind: REFRESH_REVENUE_JOB,
  description:
    'bring the SQL copy of the revenue ledger up to date for today, raising ledger.changed (after imports, at start and after midnight)',
  schedule: '1 0 * * *',
  run: async (ctx) => {
    await refreshRevenue({ ctx, asOf: todayUtc(nowOf(ctx)) });
  },
});

export const pruneJobsJob = defineJob({
  kind: 'jobs.prune',
  description: `delete finished one-off jobs older than ${KEEP_FINISHED_JOBS_DAYS} days`,
  schedule: '30 3 * * *',
  run: async (ctx, job) => {
    const deleted = await pruneJobs(ctx.store, new Date(nowOf(ctx).getTime() - KEEP_FINISHED_JOBS_DAYS * DAY_MS));
    await job.progress({ done: deleted, note: 'finished jobs deleted' });
  },
});
