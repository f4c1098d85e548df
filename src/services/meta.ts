// What the dashboard needs to draw its pickers: the month range, the currency and each dimension's values.
import type { Meta } from '../contract/meta.ts';
import { monthKey } from '../core/period.ts';
import {
  accountProfiles,
  currentPlan,
  FILTER_DIMENSIONS,
  profileValue,
  type FilterDimension,
} from './account-directory.ts';
import type { ServiceContext } from './context.ts';
import { currentLedger } from './revenue.ts';

export type DashboardMeta = Meta;

export async function dashboardMeta({ ctx, asOf }: { ctx: ServiceContext; asOf: string }): Promise<DashboardMeta> {
  const ledger = await currentLedger({ ctx, asOf });
  const profiles = await accountProfiles(ctx);
  const values = Object.fromEntries(FILTER_DIMENSIONS.map((d) => [d, new Set<string>()])) as Record<
    FilterDimension,
    Set<string>
  >;
  for (const profile of profiles.values()) {
    for (const d of FILTER_DIMENSIONS) {
      if (d === 'plan') continue;
      values[d].add(profileValue(profile, d) ?? '(none)');
    }
  }
  let active = 0;
  for (const customer of ledger.customers) {
    values.plan.add(currentPlan(customer) ?? '(none)');
    if ((customer.history.at(-1)?.endMonth ?? 0) > ledger.lastMonth) active++;
  }
  const collator = new Intl.Collator('en', { numeric: true });
  return {
    reportingCurrency: ctx.config.reportingCurrency,
    asOf,
    firstMonth: ledger.firstMonth <= ledger.lastMonth ? monthKey(ledger.firstMonth) : null,
    lastMonth: monthKey(ledger.lastMonth),
    dimensions: Object.fromEntries(FILTER_DIMENSIONS.map((d) => [d, [...values[d]].sort(collator.compare)])) as Record<
      FilterDimension,
      string[]
    >,
    counts: { accounts: profiles.size, customers: ledger.customers.length, activeCustomers: active },
  };
}
