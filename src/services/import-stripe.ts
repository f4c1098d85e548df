import { readStripeExport } from '../importers/stripe/export-file.ts';
import { objectCount, type StripeInput } from '../importers/stripe/input.ts';
import { fetchLive } from '../importers/stripe/live.ts';
import { mapStripeInput } from '../importers/stripe/map.ts';
import { writeStripeRows, type RemovedCounts, type StripeKind } from '../importers/stripe/write.ts';
import type { UpsertCounts } from '../store/upsert.ts';
import type { ServiceContext } from './context.ts';
import { UsageError } from './errors.ts';
import { addCounts, recordImportRun, zeroCounts, type ImportSummary } from './imports.ts';

export type StripeImportInput =
  | { file: string }
  | { live: { apiKey?: string | undefined; apiBase?: string | undefined; pageSize?: number | undefined } };

export interface StripeImportSummary extends ImportSummary {
  byKind: Record<StripeKind, UpsertCounts>;
  /** Items, discounts and invoice lines their imported parent no longer has, deleted. */
  removed: RemovedCounts;
}

/**
 * Imports Stripe customers, subscriptions and invoices from a JSON export or live from the API. Everything is
 * mapped and validated first; then all of it is written, with the import log, in one transaction.
 */
export async function importStripe({
  ctx,
  input,
}: {
  ctx: ServiceContext;
  input: StripeImportInput;
}): Promise<StripeImportSummary> {
  const startedAt = new Date();
  const objects = 'file' in input ? readStripeExport(input.file) : await fetchFromApi(ctx, input.live);
  const rows = mapStripeInput(objects, ctx.progress);
  return ctx.store.transaction(async (tx) => {
    const written = await writeStripeRows(tx, rows, ctx.progress);
    const summary: StripeImportSummary = {
      kind: 'stripe',
      source: objects.source,
      read: objectCount(objects),
      ...Object.values(written.byKind).reduce(addCounts, zeroCounts()),
      byKind: written.byKind,
      removed: written.removed,
    };
    await recordImportRun(tx, summary, startedAt, ctx);
    return summary;
  });
}

function fetchFromApi(
  ctx: ServiceContext,
  live: Extract<StripeImportInput, { live: unknown }>['live'],
): Promise<StripeInput> {
  const apiKey = live.apiKey ?? ctx.config.stripe.apiKey;
  if (apiKey === undefined || apiKey === '') {
    throw new UsageError('a live Stripe import needs an API key: set STRIPE_API_KEY or pass --api-key');
  }
  const apiBase = live.apiBase ?? ctx.config.stripe.apiBase;
  return fetchLive({ apiKey, apiBase: apiBase === '' ? undefined : apiBase, pageSize: live.pageSize });
}
