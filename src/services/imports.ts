import path from 'node:path';
import type { Queryable } from '../store/types.ts';
import type { UpsertCounts } from '../store/upsert.ts';
import { audit } from './audit.ts';
import type { ServiceContext } from './context.ts';
import { queueRescoring } from './health/rescore.ts';
import { enqueueJob } from './jobs/jobs.ts';
import { emitEvent } from './webhooks/events.ts';

export interface ImportSummary extends UpsertCounts {
  kind: string;
  source: string;
  /** Data rows (or API objects) read from the input. */
  read: number;
  /** Per record kind, for imports that write several (e.g. Stripe: customers, subscriptions, invoices). */
  byKind?: Record<string, UpsertCounts>;
}

export function addCounts(a: UpsertCounts, b: UpsertCounts): UpsertCounts {
  return { created: a.created + b.created, updated: a.updated + b.updated, unchanged: a.unchanged + b.unchanged };
}

export const zeroCounts = (): UpsertCounts => ({ created: 0, updated: 0, unchanged: 0 });

/**
 * Keeps a log of imports and an audit row naming who ran it, in the same transaction as the data they wrote; with it the import.finished event and,
 * for billing data, a revenue refresh job (so ledger.changed follows without waiting for a page view).
 */
/** Imports that hold no billing records: the revenue ledger needs no refresh after them. */
export { HEALTH_RESCORE_DELAY_MS } from './health/rescore.ts';

const NOT_BILLING = new Set(['events', 'csv:responses', 'csv:contracts', 'csv:churn-reasons', 'csv:tickets']);

export async function recordImportRun(
  tx: Queryable,
  summary: ImportSummary,
  startedAt: Date,
  ctx: Pick<ServiceContext, 'actor' | 'now'>,
): Promise<void> {
  await tx.execute(
    `INSERT INTO import_runs (kind, source, started_at, finished_at, rows_read, created, updated, unchanged)
     VALUES ($1, $2, $3, now(), $4, $5, $6, $7)`,
    [
      summary.kind,
      summary.source,
      startedAt.toISOString(),
      summary.read,
      summary.created,
      summary.updated,
      summary.unchanged,
    ],
  );
  const { kind, source, read, created, updated, unchanged } = summary;
  await audit(tx, ctx, `import.${kind}`, source, { read, created, updated, unchanged });
  await emitEvent({ store: tx, now: ctx.now }, 'import.finished', {
    kind,
    source: path.basename(summary.source),
    read,
    created,
    updated,
    unchanged,
    startedAt: startedAt.toISOString(),
  });
  // Usage events and survey answers are no billing data: the revenue ledger does not change with them.
  if (!NOT_BILLING.has(kind) && created + updated > 0) {
    await enqueueJob({ store: tx, now: ctx.now }, { kind: 'revenue.refresh', uniqueKey: 'revenue.refresh' });
    await enqueueJob({ store: tx, now: ctx.now }, { kind: 'contracts.derive', uniqueKey: 'contracts.derive' });
  }
  // Every import may move health scores and churn risk (usage, billing, answers, contracts, tickets): rescore a
  // little later, once for a series of imports, after the revenue refresh (src/services/health/rescore.ts).
  if (created + updated > 0) await queueRescoring(tx, ctx.now);
}
