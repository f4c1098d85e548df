// One account's history for the health feature tests (churn and expansion features): subscription periods as a
// ledger, its usage, surveys, contracts and tickets, and fast-check arbitraries for each.
import fc from 'fast-check';
import { DEFAULT_ADOPTION_SETTINGS } from '../../src/core/adoption/settings.ts';
import type { AccountHistory, FeatureSettings, UsageRow } from '../../src/core/health/features.ts';
import type { TicketEvent } from '../../src/core/health/ticket-features.ts';
import { formatDay } from '../../src/core/period.ts';
import { computeLedger, type CustomerLedger, type SubscriptionPeriodInput } from '../../src/core/revenue/index.ts';

/** Features 'a' (every plan) and 'b' (Pro only), plans Basic and Pro, the segments given, tickets when asked. */
export function featureSettings(segment: string[], tickets?: boolean): FeatureSettings {
  return {
    catalog: [
      { key: 'a', name: 'A', module: 'm', event: 'A', propertyFilter: {}, plans: [], milestoneDays: null },
      { key: 'b', name: 'B', module: 'm', event: 'B', propertyFilter: {}, plans: ['Pro'], milestoneDays: null },
    ],
    adoption: DEFAULT_ADOPTION_SETTINGS,
    vocabulary: { plan: ['Basic', 'Pro'], segment, sizeBand: [], industry: [], region: [], channel: [] },
    ...(tickets === undefined ? {} : { tickets }),
  };
}

/** A subscription period of account 1: `months` of 30 days from `start` (null: open-ended). */
export interface Period {
  start: number;
  months: number | null;
  amount: number;
  plan: string;
  quantity: number;
}

export const endOf = (p: Period) => (p.months === null ? null : p.start + 30 * p.months);

export function ledgerOf(periods: readonly Period[], asOfDay: number): CustomerLedger {
  const records: SubscriptionPeriodInput[] = periods.map((p, i) => {
    const end = endOf(p);
    return {
      id: i,
      accountId: 1,
      subscriptionId: `s${i}`,
      startOn: formatDay(p.start),
      endOn: end === null ? null : formatDay(end),
      monthlyAmountMinor: p.amount,
      currency: 'USD',
      plan: p.plan,
      quantity: p.quantity,
    };
  });
  const ledger = computeLedger({ periods: records }, { asOf: formatDay(asOfDay), reportingCurrency: 'USD' });
  return ledger.customers[0] ?? { accountId: 1, history: [], movements: [] };
}

/** Account 1 (40 employees, an ICP fit): its usage sorted by day; periods annual where `annual` says so. */
export function accountHistory(parts: {
  segment: string | null;
  usage: readonly UsageRow[];
  surveys: AccountHistory['surveys'];
  contracts: AccountHistory['contracts'];
  periods: readonly Period[];
  annual: (p: Period) => boolean;
  tickets?: readonly TicketEvent[];
}): AccountHistory {
  return {
    accountId: 1,
    attributes: {
      segment: parts.segment,
      sizeBand: null,
      industry: null,
      region: null,
      channel: null,
      icpFit: true,
      employeeCount: 40,
    },
    usage: [...parts.usage].sort((a, b) => a.day - b.day),
    surveys: parts.surveys,
    contracts: parts.contracts,
    periods: parts.periods.map((p) => ({
      startDay: p.start,
      endDay: endOf(p),
      quantity: p.quantity,
      annual: parts.annual(p),
    })),
    ...(parts.tickets === undefined ? {} : { tickets: parts.tickets }),
  };
}

export const dayIn = (from: number, to: number) => fc.integer({ min: from, max: to });
export const usageRow = (from: number, to: number, maxUser: number) =>
  fc.record({
    day: dayIn(from, to),
    user: fc.integer({ min: 0, max: maxUser }),
    feature: fc.constantFrom('a', 'b', 'event:x'),
    events: fc.integer({ min: 1, max: 9 }),
  });
export const survey = (from: number, to: number, score: { min: number; max: number }) =>
  fc.record({
    kind: fc.constantFrom('nps' as const, 'csat' as const),
    score: fc.integer(score),
    day: dayIn(from, to),
  });
export const period = (from: number, to: number) =>
  fc.record({
    start: dayIn(from, to),
    months: fc.option(fc.constantFrom(1, 3, 12), { nil: null }),
    amount: fc.integer({ min: 100, max: 90_000 }),
    plan: fc.constantFrom('Basic', 'Pro'),
    quantity: fc.integer({ min: 1, max: 20 }),
  });
