// The daily expansion scoring: train on the history, score every paying account as of today with its move.
import { nowOf } from '../../services/context.ts';
import { scoreExpansion } from '../../services/expansion/score.ts';
import { todayUtc } from '../../services/revenue.ts';
import { defineJob } from '../types.ts';

export const expansionScoreJob = defineJob({
  kind: 'expansion.score',
  description:
    'train the expansion model on the history and score every paying account (probability, reasons, suggested move) as of today',
  schedule: '40 4 * * *',
  run: async (ctx, job) => {
    const summary = await scoreExpansion({ ctx, asOf: todayUtc(nowOf(ctx)) });
    await job.progress({
      done: summary.accounts,
      note: `accounts scored with ${summary.model} trained on ${summary.training_rows} month ends`,
    });
  },
});
