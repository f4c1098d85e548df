// Playbook evaluation: every 5 minutes (and at the runner's next look after a playbook is imported or resumed).
import { evaluatePlaybooks } from '../../services/playbooks/evaluate.ts';
import { EVALUATE_JOB, pruneRuns } from '../../services/playbooks/playbooks.ts';
import { defineJob } from '../types.ts';

export const evaluatePlaybooksJob = defineJob({
  kind: EVALUATE_JOB,
  description: 'evaluate active playbooks: create tasks for accounts that newly match, close those that recovered',
  schedule: '*/5 * * * *',
  maxAttempts: 3,
  run: async (ctx, job) => {
    const results = await evaluatePlaybooks({ ctx });
    await pruneRuns(ctx);
    const created = results.reduce((n, r) => n + r.created, 0);
    const closed = results.reduce((n, r) => n + r.closed, 0);
    const paused = results.filter((r) => r.outcome === 'paused').map((r) => r.playbook);
    await job.progress({
      done: results.length,
      note: `${created} task(s) created, ${closed} closed${paused.length ? `; paused: ${paused.join(', ')}` : ''}`,
    });
  },
});
