// Ledgers and figures that read the billing records themselves: child accounts rolled up into their parents,
// and committed ARR (scheduled cancellations and future starts are days, not months of the ledger).
import { committedArr, resolveSettings, type Ledger, type ScheduledChange } from '../core/revenue/index.ts';
import type { CommittedArrResponse } from '../contract/committed-arr.ts';
import { ROLLUPS, type Rollup } from '../contract/segments.ts';
import { loadBillingRecords } from '../store/revenue.ts';
import type { ServiceContext } from './context.ts';
import { UsageError } from './errors.ts';
import { currentLedger, revenueSettings } from './revenue.ts';

export { ROLLUPS, type Rollup };

export function parseRollup(value: string | undefined): Rollup {
  if (value === undefined || value === '') return 'account';
  if (!(ROLLUPS as readonly string[]).includes(value)) {
    throw new UsageError(`--rollup must be one of ${ROLLUPS.join(', ')}, found "${value}"`);
  }
  return value as Rollup;
}

/**
 * The ledger a report reads: per account, or with every child account's billing records counted under its
 * top-most parent (parent_id); both cut from the in-memory engine (a read: nothing is written).
 */
export async function reportLedger({
  ctx,
  asOf,
  rollup = 'account',
}: {
  ctx: ServiceContext;
  asOf: string;
  rollup?: Rollup | undefined;
}): Promise<Ledger> {
  return currentLedger({ ctx, asOf, rollup: rollup === 'parent' });
}

/** Committed ARR on asOf with the scheduled churn and future starts by date, each naming its account. */
export async function committedArrReport({
  ctx,
  asOf,
  rollup = 'account',
}: {
  ctx: ServiceContext;
  asOf: string;
  rollup?: Rollup | undefined;
}): Promise<CommittedArrResponse> {
  const settings = resolveSettings(revenueSettings(ctx, asOf));
  const records = await loadBillingRecords(ctx.store, null, { rollup: rollup === 'parent' });
  const result = committedArr(records, settings);
  const ids = [...result.scheduledChurn, ...result.futureStarts].map((c) => Number(c.accountId));
  const rows = await ctx.store.query<{ id: number; name: string }>(
    `SELECT id, name FROM accounts WHERE id = ANY($1::bigint[])`,
    [ids],
  );
  const names = new Map(rows.map((r) => [r.id, r.name]));
  const named = (c: ScheduledChange) => ({ ...c, accountName: names.get(Number(c.accountId)) ?? String(c.accountId) });
  return {
    ...result,
    currency: ctx.config.reportingCurrency,
    scheduledChurn: result.scheduledChurn.map(named),
    futureStarts: result.futureStarts.map(named),
  };
}
