// Renewal jobs: contracts derived from billing after each billing import, and the daily renewal checkpoints.
import { CHECKPOINTS_JOB, sendRenewalCheckpoints } from '../../services/renewals/checkpoints.ts';
import { deriveContracts, DERIVE_CONTRACTS_JOB } from '../../services/renewals/derive-contracts.ts';
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
