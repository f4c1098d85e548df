// Every job kind Tenure runs: add a kind with one line here.
import { surveySendJob } from './kinds/surveys.ts';
import { healthScoreJob } from './kinds/health.ts';
import { pruneJobsJob, pruneUsageJob, refreshRevenueJob, resolvePendingUsageJob } from './kinds/upkeep.ts';
import { deriveContractsJob, renewalCheckpointsJob, renewalSnapshotJob } from './kinds/renewals.ts';
import { deliverWebhookJob, usageDecliningJob } from './kinds/webhooks.ts';
import { evaluatePlaybooksJob } from './kinds/playbooks.ts';
import { playbookEmailJob } from './kinds/playbook-email.ts';
import { churnScoreJob } from './kinds/churn.ts';
import { expansionScoreJob } from './kinds/expansion.ts';
import { evaluateSuccessPlansJob } from './kinds/success-plans.ts';
import { valueReportScheduleJob, valueReportSendJob } from './kinds/value-reports.ts';
import type { JobKind } from './types.ts';

export const JOB_KINDS: readonly JobKind[] = [
  deliverWebhookJob,
  refreshRevenueJob,
  resolvePendingUsageJob,
  pruneUsageJob,
  usageDecliningJob,
  pruneJobsJob,
  deriveContractsJob,
  renewalCheckpointsJob,
  renewalSnapshotJob,
  surveySendJob,
  evaluatePlaybooksJob,
  playbookEmailJob,
  healthScoreJob,
  churnScoreJob,
  expansionScoreJob,
  evaluateSuccessPlansJob,
  valueReportScheduleJob,
  valueReportSendJob,
];
