// Renewal jobs: contracts derived from billing after each billing import, the daily renewal checkpoints, and the
// daily forecast snapshot (each renewal's forecast 90 and 30 days before its due day, for accuracy).
import { CHECKPOINTS_JOB, sendRenewalCheckpoints } from '../../services/renewals/checkpoints.ts';
import { deriveContracts, DERIVE_CONTRACTS_JOB } from '../../services/renewals/derive-contracts.ts';
import { nowOf } from '../../services/context.ts';
import { takeForecastSnapshots } from '../../services/renewals/forecast.ts';
import { todayUtc } from '../../services/revenue.ts';
import { defineJob } from '../types.ts';

export const deriveContractsJob = defineJob({
  kind: DERIVE_CONTRACTS_JOB,
  description: 'derive contracts from subscriptions billed yearly or longer (after billing imports)',
  run: async (ctx, job) => {
    const s = await deriveContracts({ ctx });
    await job.progress({
      done: s.terms,
      note:
        `${s.created} new, ${s.updated} updated, ${s.removed} removed, ${s.coveredByImported} covered by imported contracts` +
        (s.accountsLeftOut > 0
          ? `, ${s.accountsLeftOut} accounts left out (unusable billing records: tenure status)`
          : ''),
    });
  },
});

export const renewalCheckpointsJob = defineJob({
  kind: CHECKPOINTS_JOB,
  description: 'send renewal.due at 180, 90 and 30 days before each contract ends, and renewal.closed once decided',
  schedule: '30 6 * * *',
  run: async (ctx, job) => {
    const sent = await sendRenewalCheckpoints({ ctx });
    await job.progress({
      done: sent.due + sent.closed,
      note: `${sent.due} renewal.due, ${sent.closed} renewal.closed`,
    });
  },
});

export const renewalSnapshotJob = defineJob({
  kind: 'renewals.forecast-snapshot',
  description: 'record the renewal forecast of renewals due in 90 and 30 days (and rebuild missing past ones)',
  schedule: '20 0 * * *',
  run: async (ctx, job) => {
    const { taken, days } = await takeForecastSnapshots({ ctx, today: todayUtc(nowOf(ctx)) });
    await job.progress({ done: taken, note: `forecast snapshots taken (${days} as-of days)` });
  },
});
