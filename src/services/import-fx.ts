import { parseFxRates, type FxRateRow } from '../importers/csv/fx.ts';
import { readCsv, type CsvInput } from '../importers/csv/read.ts';
import type { Queryable } from '../store/types.ts';
import type { UpsertCounts } from '../store/upsert.ts';
import type { ServiceContext } from './context.ts';
import { recordImportRun, type ImportSummary } from './imports.ts';

const CHUNK = 2000;

/**
 * Imports daily FX rates into `fx_rates`, keyed by (currency, quote, date); the quote defaults to the reporting
 * currency. A rate is updated only when its value changes. All or nothing, in one transaction.
 */
export async function importFx({ ctx, input }: { ctx: ServiceContext; input: CsvInput }): Promise<ImportSummary> {
  const startedAt = new Date();
  const table = await readCsv(input);
  const rates = parseFxRates(table, { defaultQuote: ctx.config.reportingCurrency });
  return ctx.store.transaction(async (tx) => {
    const counts = { created: 0, updated: 0, unchanged: 0 };
    ctx.progress.start(rates.length, 'fx rates');
    try {
      for (let i = 0; i < rates.length; i += CHUNK) {
        const written = await upsertRates(tx, rates.slice(i, i + CHUNK));
        counts.created += written.created;
        counts.updated += written.updated;
        counts.unchanged += written.unchanged;
        ctx.progress.update(Math.min(i + CHUNK, rates.length));
      }
    } finally {
      ctx.progress.stop();
    }
    const summary: ImportSummary = { kind: 'csv:fx', source: table.file, read: table.records.length, ...counts };
    await recordImportRun(tx, summary, startedAt, ctx);
    return summary;
  });
}

// fx_rates has no row_hash: the numeric rate itself tells unchanged from updated (0.90 equals 0.9).
export async function upsertRates(tx: Queryable, rates: readonly FxRateRow[], source = 'csv'): Promise<UpsertCounts> {
  const written = await tx.query<{ inserted: boolean }>(
    `INSERT INTO fx_rates (on_date, currency, quote, rate, source)
     SELECT on_date, currency, quote, rate, $2
     FROM jsonb_to_recordset($1::jsonb) AS x(on_date date, currency text, quote text, rate numeric)
     ON CONFLICT (currency, quote, on_date) DO UPDATE SET rate = excluded.rate, source = excluded.source
     WHERE fx_rates.rate IS DISTINCT FROM excluded.rate
     RETURNING (xmax = 0) AS inserted`,
    [JSON.stringify(rates), source],
  );
  const created = written.filter((r) => r.inserted).length;
  return { created, updated: written.length - created, unchanged: rates.length - written.length };
}
