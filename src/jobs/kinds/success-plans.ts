// Success plans: hourly, complete milestones whose usage signal arrived and report those that were missed.
import { EVALUATE_PLANS_JOB, evaluateSuccessPlans } from '../../services/handoff/success-plans.ts';
import { defineJob } from '../types.ts';

export const evaluateSuccessPlansJob = defineJob({
  kind: EVALUATE_PLANS_JOB,
  description:
    'success plans: make plans for new handoff files, complete milestones whose signal arrived, report missed ones',
  schedule: '23 * * * *',
  maxAttempts: 3,
  run: async (ctx, job) => {
    const r = await evaluateSuccessPlans({ ctx });
    await job.progress({
      done: 1,
      note: `${r.created} plan(s) made, ${r.completed} milestone(s) completed, ${r.missed} missed`,
    });
  },
});
