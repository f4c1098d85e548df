// Segment dimensions and filters, shared by the revenue, accounts and adoption contracts.
import { Type } from 'typebox';
import { DAY_EXPECTED, dayInput } from './common.ts';

/** Dimensions a report can be broken down by. */
export const DIMENSIONS = ['industry', 'size_band', 'segment', 'icp_fit', 'plan', 'owner_csm', 'cohort'] as const;
export type Dimension = (typeof DIMENSIONS)[number];
export const DimensionSchema = Type.Enum(DIMENSIONS, { description: `one of ${DIMENSIONS.join(', ')}` });
/** Revenue reports also break down by each account's billing interval (month, quarter, year…). */
export const REVENUE_DIMENSIONS = [...DIMENSIONS, 'billing_interval'] as const;
export type RevenueDimension = (typeof REVENUE_DIMENSIONS)[number];
export const RevenueDimensionSchema = Type.Enum(REVENUE_DIMENSIONS, {
  description: `one of ${REVENUE_DIMENSIONS.join(', ')}`,
});
/** How accounts count: each on its own, or child accounts under their top-most parent (parent_id). */
export const ROLLUPS = ['account', 'parent'] as const;
export type Rollup = (typeof ROLLUPS)[number];
export const RollupSchema = Type.Enum(ROLLUPS, {
  description: 'parent: child accounts count under their top-most parent (parent_id)',
});

/** Dimensions an account list or report can be filtered on (one value each). */
export const FILTER_DIMENSIONS = ['industry', 'size_band', 'segment', 'icp_fit', 'plan', 'owner_csm'] as const;
export type FilterDimension = (typeof FILTER_DIMENSIONS)[number];
/** One value per dimension; an account matches when it has every one. `icp_fit` is 'icp' or 'non-icp'. */
export type SegmentFilters = Partial<Record<FilterDimension, string>>;

const filterValue = (d: FilterDimension) =>
  Type.Optional(
    Type.String({ maxLength: 200, description: `only accounts whose ${d} is this value ('(none)' for none)` }),
  );

/** The as-of day of a read; default today (UTC). */
export const AsOf = Type.Optional(dayInput(`the as-of day: ${DAY_EXPECTED}; default today`));

/** Segment filters and the as-of day, accepted by every revenue, accounts and adoption query. */
export const FilterQuery = {
  asOf: AsOf,
  industry: filterValue('industry'),
  size_band: filterValue('size_band'),
  segment: filterValue('segment'),
  icp_fit: filterValue('icp_fit'),
  plan: filterValue('plan'),
  owner_csm: filterValue('owner_csm'),
};
export type FilterQuery = Partial<Record<'asOf' | FilterDimension, string>>;

/** The filters of an already-validated query (absent and empty values dropped). */
export function filtersOf(query: Partial<Record<FilterDimension, string | undefined>>): SegmentFilters {
  const filters: SegmentFilters = {};
  for (const d of FILTER_DIMENSIONS) {
    const value = query[d];
    if (value !== undefined && value !== '') filters[d] = value;
  }
  return filters;
}
