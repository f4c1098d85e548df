// The daily churn-risk scoring: train on the history, score every paying account as of today.
import { nowOf } from '../../services/context.ts';
import { scoreChurnRisk } from '../../services/churn/risk.ts';
import { todayUtc } from '../../services/revenue.ts';
import { defineJob } from '../types.ts';

export const churnScoreJob = defineJob({
  kind: 'churn.score',
  description: 'train the churn model on the history and score every paying account (risk and reasons) as of today',
  schedule: '20 4 * * *',
  run: async (ctx, job) => {
    const summary = await scoreChurnRisk({ ctx, asOf: todayUtc(nowOf(ctx)) });
    await job.progress({
      done: summary.accounts,
      note: `accounts scored with ${summary.model} trained on ${summary.training_rows} month ends`,
    });
  },
});
