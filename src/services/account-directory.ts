// Account profiles for filtering and listing: who each account is (industry, size, ICP fit, owner) and, from the
// ledger, what it pays now. Segment filters narrow a ledger to the accounts matching every given value.
import type { CustomerLedger, Ledger } from '../core/revenue/index.ts';
import { FILTER_DIMENSIONS, type FilterDimension, type SegmentFilters } from '../contract/segments.ts';
import type { ServiceContext } from './context.ts';
import { UsageError } from './errors.ts';
import { memoized } from './report-cache.ts';

export { FILTER_DIMENSIONS, type FilterDimension, type SegmentFilters };

export type AccountProfile = {
  id: number;
  externalId: string;
  name: string;
  industry: string | null;
  sizeBand: string | null;
  segment: string | null;
  icpFit: boolean | null;
  ownerCsm: string | null;
  employeeCount: number | null;
  firstSeenOn: string | null;
};

export async function accountProfiles(ctx: ServiceContext): Promise<Map<number, AccountProfile>> {
  const load = async () => {
    const rows = await ctx.store.query<AccountProfile>(
      `SELECT id, external_id AS "externalId", name, industry, size_band AS "sizeBand", segment, icp_fit AS "icpFit",
              owner_csm AS "ownerCsm", employee_count AS "employeeCount", first_seen_on AS "firstSeenOn"
         FROM accounts`,
    );
    return new Map(rows.map((r) => [r.id, r]));
  };
  return memoized(ctx, 'account-profiles', load);
}

/** The plan a customer pays for now, or paid for last. */
export function currentPlan(customer: CustomerLedger): string | null {
  return customer.history.at(-1)?.plan ?? null;
}

export function profileValue(profile: AccountProfile | undefined, dimension: Exclude<FilterDimension, 'plan'>) {
  if (!profile) return null;
  switch (dimension) {
    case 'industry':
      return profile.industry;
    case 'size_band':
      return profile.sizeBand;
    case 'segment':
      return profile.segment;
    case 'owner_csm':
      return profile.ownerCsm;
    case 'icp_fit':
      return profile.icpFit === null ? null : profile.icpFit ? 'icp' : 'non-icp';
  }
}

export function parseFilters(input: Readonly<Record<string, unknown>>): SegmentFilters {
  const filters: SegmentFilters = {};
  for (const dimension of FILTER_DIMENSIONS) {
    const value = input[dimension];
    if (value === undefined || value === '') continue;
    if (typeof value !== 'string')
      throw new UsageError(`${dimension} must be one value, found ${JSON.stringify(value)}`);
    filters[dimension] = value;
  }
  return filters;
}

export function hasFilters(filters: SegmentFilters | undefined): filters is SegmentFilters {
  return filters !== undefined && Object.keys(filters).length > 0;
}

/** A predicate on account ids: true when the account matches every filter. */
export async function accountMatcher(
  ctx: ServiceContext,
  ledger: Ledger,
  filters: SegmentFilters,
): Promise<(accountId: number | string) => boolean> {
  const profiles = await accountProfiles(ctx);
  const plans = new Map(ledger.customers.map((c) => [c.accountId, currentPlan(c)]));
  const checks = Object.entries(filters) as [FilterDimension, string][];
  return (accountId) =>
    checks.every(([dimension, wanted]) => {
      const value =
        dimension === 'plan'
          ? (plans.get(accountId) ?? null)
          : profileValue(profiles.get(Number(accountId)), dimension);
      return (value ?? '(none)') === wanted;
    });
}

/** The ledger of the accounts matching the filters (the same ledger when there are none). */
export async function filterLedger(ctx: ServiceContext, ledger: Ledger, filters?: SegmentFilters): Promise<Ledger> {
  if (!hasFilters(filters)) return ledger;
  const matches = await accountMatcher(ctx, ledger, filters);
  return { ...ledger, customers: ledger.customers.filter((c) => matches(c.accountId)) };
}
