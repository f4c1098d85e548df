// health.score: every paying account scored for today (daily, and after imports and scorecard or sentiment changes).
import { scoreAccounts } from '../../services/health/score.ts';
import { HEALTH_SCORE_JOB } from '../../services/health/scorecards.ts';
import { defineJob } from '../types.ts';

export const healthScoreJob = defineJob({
  kind: HEALTH_SCORE_JOB,
  description: "score every paying account's health for today (one row per account and day), raising health.changed",
  schedule: '20 0 * * *',
  run: async (ctx, job) => {
    const result = await scoreAccounts({ ctx });
    await job.progress({ done: result.scored, note: `${result.changed} changed band on ${result.day}` });
  },
});
