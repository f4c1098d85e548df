// The nine factors behind renewal, over the closed renewals (renewed or churned) as of a day. Usage-based factors
// are measured on the last day of the month before each due month (so one measurement serves a month of renewals).
import type { RenewalFactors } from '../../contract/renewals.ts';
import { dayOf, firstDayOfMonth, formatDay, monthOfDay } from '../../core/period.ts';
import { bandOf, renewalFactors, type FactorKey, type FactorSample } from '../../core/renewals/factors.ts';
import { accountProfiles, profileValue } from '../account-directory.ts';
import type { ServiceContext } from '../context.ts';
import { currentLedger } from '../revenue.ts';
import { outcomesOn } from './evaluate.ts';
import { measureAccounts, measureBase, type AccountMeasure, type MeasureBase } from './signals.ts';

/** What would fill each factor when Tenure has no data for it. */
export const FACTOR_NEEDS: Record<FactorKey, string> = {
  icp_fit: 'needs each account’s ICP fit: the icp_fit column of the accounts file (tenure import accounts)',
  industry: 'needs each account’s industry: the industry column of the accounts file',
  size_band: 'needs each account’s size band: the size_band column of the accounts file',
  onboarding:
    'needs product usage (tenure import events or the Segment-compatible endpoint) in the first months, and a feature catalog marking 90-day onboarding milestones',
  cost_of_use: 'needs product usage and seat counts (subscription quantities) before the due day',
  switching_cost:
    'needs catalog features for integrations or API use (module, key or event naming integration, api, webhook or sync) and their usage',
  expectations:
    'needs the outcomes promised at the sale and whether they were achieved, recorded by the success-plan workflow (not in Tenure yet)',
  continuous_value: 'needs product usage in the six months before each due day',
  value_visible: 'needs the value reports delivered to each customer (not in Tenure yet)',
};

const pct = (v: number) => `${Math.round(v * 100)}%`;

function onboardingGroup(m: AccountMeasure | undefined, base: MeasureBase): string | null {
  if (!m) return null;
  if (base.hasMilestones90) {
    const ms = m.milestones90;
    if (!ms || ms.total === 0 || !ms.due) return null;
    if (ms.reached === ms.total) return 'every 90-day milestone reached';
    return ms.reached > 0 ? 'some 90-day milestones reached' : 'no 90-day milestone reached';
  }
  return m.level === null ? null : `${m.level} adoption`;
}

function groupsFor(m: AccountMeasure | undefined, base: MeasureBase): Partial<Record<FactorKey, string | null>> {
  const bands = [
    [0.7, `${pct(0.7)} of seats or more active`],
    [0.3, `${pct(0.3)}–${pct(0.7)} of seats active`],
  ] as const;
  const trend = [
    [0.1, 'active users growing (+10% or more)'],
    [-0.1, 'active users steady'],
  ] as const;
  return {
    onboarding: onboardingGroup(m, base),
    cost_of_use:
      m?.seatUtilization === null || m === undefined
        ? null
        : bandOf(m.seatUtilization, bands, `under ${pct(0.3)} of seats active`),
    switching_cost:
      m?.usesIntegrations === null || m === undefined
        ? null
        : m.usesIntegrations
          ? 'uses integrations or API'
          : 'no integrations or API',
    continuous_value:
      m?.usageChange === null || m === undefined
        ? null
        : bandOf(m.usageChange, trend, 'active users declining (−10% or more)'),
  };
}

export async function renewalFactorReport({
  ctx,
  asOf,
}: {
  ctx: ServiceContext;
  asOf: string;
}): Promise<RenewalFactors> {
  const closed = (await outcomesOn(ctx, asOf)).filter((o) => o.status === 'renewed' || o.status === 'churned');
  const profiles = await accountProfiles(ctx);
  const base = await measureBase(ctx, await currentLedger({ ctx, asOf }));
  const byDay = new Map<string, number[]>();
  for (const o of closed) {
    const day = formatDay(firstDayOfMonth(monthOfDay(dayOf(o.dueDate))) - 1);
    byDay.set(day, [...(byDay.get(day) ?? []), o.accountId]);
  }
  const measures = new Map<string, Map<number, AccountMeasure>>();
  for (const [day, ids] of byDay) measures.set(day, await measureAccounts(ctx, base, day, ids));
  const samples = closed.map((o): FactorSample => {
    const day = formatDay(firstDayOfMonth(monthOfDay(dayOf(o.dueDate))) - 1);
    const p = profiles.get(o.accountId);
    return {
      renewed: o.status === 'renewed',
      dueArrMinor: o.dueArrMinor,
      renewedArrMinor: o.renewedArrMinor,
      groups: {
        icp_fit: profileValue(p, 'icp_fit'),
        industry: profileValue(p, 'industry'),
        size_band: profileValue(p, 'size_band'),
        ...groupsFor(measures.get(day)?.get(o.accountId), base),
      },
    };
  });
  return {
    currency: ctx.config.reportingCurrency,
    asOf,
    closedRenewals: closed.length,
    factors: renewalFactors(samples, FACTOR_NEEDS),
  };
}
