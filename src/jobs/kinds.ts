// Every job kind Tenure runs: add a kind with one line here.
import { pruneJobsJob, pruneUsageJob, refreshRevenueJob, resolvePendingUsageJob } from './kinds/upkeep.ts';
import { deliverWebhookJob, usageDecliningJob } from './kinds/webhooks.ts';
import { churnScoreJob } from './kinds/churn.ts';
import type { JobKind } from './types.ts';

export const JOB_KINDS: readonly JobKind[] = [
  deliverWebhookJob,
  refreshRevenueJob,
  resolvePendingUsageJob,
  pruneUsageJob,
  usageDecliningJob,
  pruneJobsJob,
  churnScoreJob,
];
