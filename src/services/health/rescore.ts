// Rescoring after a change to an account's data (an import, ingested usage, a survey answer, imported tickets), not
// only daily: one health.score and one churn.score job wait at a time (the unique key), so a burst of changes
// rescores once. Both run a little later: after the revenue refresh an import queues, and out of the way of a batch
// still arriving. Churn scoring retrains the model, so it waits longer.
import type { Queryable } from '../../store/types.ts';
import { enqueueJob } from '../jobs/jobs.ts';

export const HEALTH_RESCORE_DELAY_MS = 10 * 60_000;
export const CHURN_RESCORE_DELAY_MS = 30 * 60_000;
export const RESCORE_KINDS = ['health.score', 'churn.score'] as const;

/** Queues health and churn rescoring (inside `q`, the caller's transaction when it has one), once per kind. */
export async function queueRescoring(q: Queryable, now: () => Date): Promise<void> {
  const at = now().getTime();
  await enqueueJob(
    { store: q, now },
    { kind: 'health.score', uniqueKey: 'health.score', runAt: new Date(at + HEALTH_RESCORE_DELAY_MS) },
  );
  await enqueueJob(
    { store: q, now },
    { kind: 'churn.score', uniqueKey: 'churn.score', runAt: new Date(at + CHURN_RESCORE_DELAY_MS) },
  );
}
