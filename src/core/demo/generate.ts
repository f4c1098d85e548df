// generateDemo: a whole SaaS company, deterministic in (seed, accounts, endMonth, cutoff). Accounts arrive at a
// steadily rising rate over 36 months; each then lives the lifecycle its traits make likely.
import { dayOf, firstDayOfMonth, formatDay, lastDayOfMonth, monthIndex, monthKey, monthOfDay } from '../period.ts';
import { drawAccount, hazardsOf, ICP_THRESHOLD, type AccountDraw } from './accounts.ts';
import { CSMS } from './catalog.ts';
import { monthlyEurUsdRates } from './fx.ts';
import { simulateLifecycle, type Lifecycle } from './lifecycle.ts';
import { CompanyNames } from './names.ts';
import { createRandom, type Random } from './random.ts';
import type { DemoAccount, DemoCompany, DemoProfile } from './types.ts';

/** Months of history: the company's first customer arrives this many months before the end, inclusive. */
export const DEMO_MONTHS = 36;
/** New customers per month grow linearly to this many times the first month's. */
const GROWTH = 2.5;

export interface DemoOptions {
  seed: number;
  /** Customers ever (churned ones included). */
  accounts: number;
  /** 'YYYY-MM': the last month generated. */
  endMonth: string;
  /** 'YYYY-MM-DD' in endMonth: nothing happens after it (default: endMonth's last day). Pass today for a live demo. */
  cutoff?: string | undefined;
}

/**
 * Arrival month of each account, in account order: stratified draws from a density rising linearly from 1 to
 * GROWTH over the months, so arrivals are steady rather than clumped.
 */
function arrivalMonths(random: Random, count: number, first: number): number[] {
  const g = GROWTH - 1;
  const a = g / (2 * DEMO_MONTHS);
  const total = DEMO_MONTHS * (1 + g / 2);
  return Array.from({ length: count }, (_, i) => {
    const c = ((i + random.next()) / count) * total;
    const t = (-1 + Math.sqrt(1 + 4 * a * c)) / (2 * a); // solves t + a·t² = c, the CDF's inverse
    return first + Math.min(DEMO_MONTHS - 1, Math.floor(t));
  });
}

function accountRow(externalId: string, draw: AccountDraw, firstPaidDay: number): DemoAccount {
  return {
    external_id: externalId,
    name: draw.name,
    industry: draw.industry.name,
    employee_count: draw.employees,
    size_band: draw.band.label,
    segment: draw.band.segment,
    icp_fit: draw.fit >= ICP_THRESHOLD,
    owner_csm: draw.csm.name,
    parent_external_id: null,
    first_seen_on: formatDay(firstPaidDay - draw.trialDays),
    attributes: { country: draw.country.name, region: draw.country.region, acquisition_channel: draw.channel },
  };
}

function profileOf(externalId: string, draw: AccountDraw, lifecycle: Lifecycle): DemoProfile {
  return {
    external_id: externalId,
    fit: Math.round(draw.fit * 1000) / 1000,
    adoptionPropensity: Math.round(draw.adoptionPropensity * 1000) / 1000,
    adoptionLevel: draw.adoptionLevel,
    currency: draw.country.currency,
    anchorDay: draw.anchorDay,
    events: lifecycle.events,
    status: lifecycle.status,
  };
}

function checkOptions({ seed, accounts, cutoff }: DemoOptions, end: number): number {
  if (!Number.isInteger(seed) || seed < 0 || seed > 0xffffffff)
    throw new RangeError(`seed must be an integer 0..2^32-1`);
  if (!Number.isInteger(accounts) || accounts < 1) throw new RangeError(`accounts must be a positive integer`);
  if (cutoff === undefined) return lastDayOfMonth(end);
  const day = dayOf(cutoff);
  if (monthOfDay(day) !== end) throw new RangeError(`cutoff ${cutoff} must fall in the end month ${monthKey(end)}`);
  return day;
}

/** The demo company: accounts, their subscription periods, monthly FX rates, and each account's profile. */
export function generateDemo(options: DemoOptions): DemoCompany {
  const end = monthIndex(options.endMonth);
  const cutoffDay = checkOptions(options, end);
  const { seed } = options;
  const first = end - DEMO_MONTHS + 1;
  const names = new CompanyNames();
  const company: DemoCompany = {
    seed,
    firstMonth: monthKey(first),
    endMonth: monthKey(end),
    cutoff: formatDay(cutoffDay),
    accounts: [],
    periods: [],
    fxRates: monthlyEurUsdRates(createRandom(seed, 'fx'), first, end),
    profiles: [],
    csms: CSMS,
  };
  const arrivals = arrivalMonths(createRandom(seed, 'arrivals'), options.accounts, first);
  const width = Math.max(5, String(options.accounts).length);
  arrivals.forEach((startMonth, i) => {
    const number = String(i + 1).padStart(width, '0');
    const externalId = `acct_${number}`;
    // Whoever arrives in the cut-off month arrives on or before the cut-off day.
    const maxAnchorDay = startMonth === end ? Math.min(28, cutoffDay - firstDayOfMonth(end) + 1) : 28;
    const draw = drawAccount(createRandom(seed, 'account', i), names, maxAnchorDay);
    const lifecycle = simulateLifecycle(createRandom(seed, 'lifecycle', i), {
      accountId: externalId,
      subscriptionPrefix: `sub_${number}`,
      currency: draw.country.currency,
      startMonth,
      anchorDay: draw.anchorDay,
      endMonth: end,
      cutoffDay,
      plan: draw.plan,
      seats: draw.seats,
      billing: draw.billing,
      hazards: hazardsOf(draw),
    });
    company.accounts.push(accountRow(externalId, draw, firstDayOfMonth(startMonth) + draw.anchorDay - 1));
    company.periods.push(...lifecycle.periods);
    company.profiles.push(profileOf(externalId, draw, lifecycle));
  });
  return company;
}
