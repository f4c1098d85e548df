import { buildFxTable, MissingFxRateError } from '../../core/fx.ts';
import {
  renewalOutcomes,
  renewalRates,
  type RenewalInterval,
  type RenewalOutcome,
  type RenewalRow,
} from '../../core/renewals/renewals.ts';
import { listContracts, listFxRates } from '../../store/contracts.ts';
import { db, type ServiceContext } from '../context.ts';
import { UsageError } from '../errors.ts';

export interface RenewalReport {
  currency: string;
  asOf: string;
  interval: RenewalInterval;
  rows: RenewalRow[];
}

/** Each stored contract's renewal outcome as of a day, amounts in the reporting currency at the due day. */
export async function renewalStatuses({ ctx, asOf }: { ctx: ServiceContext; asOf: string }): Promise<RenewalOutcome[]> {
  const q = db(ctx);
  const contracts = await listContracts(q);
  const rates = await listFxRates(q);
  const fx = buildFxTable(rates, ctx.config.reportingCurrency);
  try {
    return renewalOutcomes(contracts, fx, ctx.config.renewals, asOf);
  } catch (error) {
    if (error instanceof MissingFxRateError) {
      throw new UsageError(`renewals need FX rates: ${error.message} (import them with tenure import fx FILE)`);
    }
    throw error;
  }
}

/** Renewal rates by count and by amount per month, quarter or year (a renewal belongs to its due day's period). */
export async function renewalReport({
  ctx,
  asOf,
  interval,
}: {
  ctx: ServiceContext;
  asOf: string;
  interval: RenewalInterval;
}): Promise<RenewalReport> {
  const outcomes = await renewalStatuses({ ctx, asOf });
  return { currency: ctx.config.reportingCurrency, asOf, interval, rows: renewalRates(outcomes, interval) };
}
