import { buildFxTable, MissingFxRateError } from '../../core/fx.ts';
import type { Dimension } from '../../contract/segments.ts';
import {
  renewalOutcomes,
  renewalRates,
  renewalRatesBy,
  type GroupedRenewalRow,
  type RenewalInterval,
  type RenewalOutcome,
  type RenewalRow,
} from '../../core/renewals/renewals.ts';
import { dayOf, monthOfDay } from '../../core/period.ts';
import { signupCohorts } from '../../core/revenue/index.ts';
import { listContracts, listFxRates } from '../../store/contracts.ts';
import { ownerStretches } from '../../store/renewal-forecast.ts';
import { accountProfiles, profileValue } from '../account-directory.ts';
import { db, type ServiceContext } from '../context.ts';
import { UsageError } from '../errors.ts';
import { currentLedger } from '../revenue.ts';
import { ownerOn, planIn } from './signals.ts';

export interface RenewalReport {
  currency: string;
  asOf: string;
  interval: RenewalInterval;
  by: RenewalDimension | null;
  /** With `by`, each row carries its `group` ('(none)' for accounts without a value). */
  rows: (RenewalRow | GroupedRenewalRow)[];
}

/**
 * Dimensions renewals break down by: the account's attributes; owner_csm is the owner on the due day (from the
 * ownership history); plan the plan paid for in the month before the due day; cohort the first paid month.
 */
export const RENEWAL_DIMENSIONS = [
  'industry',
  'size_band',
  'segment',
  'icp_fit',
  'owner_csm',
  'plan',
  'cohort',
] as const;
export type RenewalDimension = (typeof RENEWAL_DIMENSIONS)[number];

/** A report dimension renewals can break down by, or a usage error naming the ones they can. */
export function renewalDimension(by: Dimension): RenewalDimension {
  const found = RENEWAL_DIMENSIONS.find((d) => d === by);
  if (found === undefined) {
    throw new UsageError(`renewals break down by ${RENEWAL_DIMENSIONS.join(', ')}; not yet by ${by}`);
  }
  return found;
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

/** The group of a renewal by a dimension: see RENEWAL_DIMENSIONS. */
async function renewalGrouping(
  ctx: ServiceContext,
  asOf: string,
  by: RenewalDimension,
): Promise<(accountId: number, outcome: RenewalOutcome) => string> {
  const profiles = await accountProfiles(ctx);
  if (by === 'owner_csm') {
    const owners = await ownerStretches(db(ctx));
    return (id, o) =>
      (owners.has(id) ? ownerOn(owners, id, o.dueDate) : profileValue(profiles.get(id), by)) ?? '(none)';
  }
  if (by === 'plan' || by === 'cohort') {
    const ledger = await currentLedger({ ctx, asOf });
    const customers = new Map(ledger.customers.map((c) => [Number(c.accountId), c]));
    const cohorts = signupCohorts(ledger);
    if (by === 'cohort') return (id) => cohorts.get(id) ?? cohorts.get(String(id)) ?? '(none)';
    return (id, o) => planIn(customers.get(id), monthOfDay(dayOf(o.dueDate)) - 1) ?? '(none)';
  }
  return (id) => profileValue(profiles.get(id), by) ?? '(none)';
}

/** Renewal rates by count and by amount per month, quarter or year (a renewal belongs to its due day's period). */
export async function renewalReport({
  ctx,
  asOf,
  interval,
  by,
}: {
  ctx: ServiceContext;
  asOf: string;
  interval: RenewalInterval;
  by?: RenewalDimension | undefined;
}): Promise<RenewalReport> {
  const outcomes = await renewalStatuses({ ctx, asOf });
  const head = { currency: ctx.config.reportingCurrency, asOf, interval, by: by ?? null };
  if (by === undefined) return { ...head, rows: renewalRates(outcomes, interval) };
  const groupOf = await renewalGrouping(ctx, asOf, by);
  return { ...head, rows: renewalRatesBy(outcomes, interval, groupOf) };
}
