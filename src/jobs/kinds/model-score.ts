// A model target's daily scoring as a job: train on the history, score every paying account as of today, and
// note how many were scored with which trainer.
import { nowOf, type ServiceContext } from '../../services/context.ts';
import type { ScoreOptions, ScoreSummary } from '../../services/model/score.ts';
import { todayUtc } from '../../services/revenue.ts';
import { defineJob, type JobKind } from '../types.ts';

export function modelScoreJob(job: {
  kind: string;
  description: string;
  schedule: string;
  score: (options: ScoreOptions) => Promise<ScoreSummary>;
}): JobKind {
  return defineJob({
    kind: job.kind,
    description: job.description,
    schedule: job.schedule,
    run: async (ctx: ServiceContext, running) => {
      const summary = await job.score({ ctx, asOf: todayUtc(nowOf(ctx)) });
      await running.progress({
        done: summary.accounts,
        note: `accounts scored with ${summary.model} trained on ${summary.training_rows} month ends`,
      });
    },
  });
}
