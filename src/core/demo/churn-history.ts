// The demo company as the churn model sees it, without a store: each account's history (attributes, usage,
// subscription periods) and its revenue ledger cut at any day, from the same generator `tenure demo` loads.
// Used to check that the demo's churners are predictable to a realistic degree, and by the benchmark.
import type { AccountHistory, SeatPeriod } from '../health/features.ts';
import { dayOf, lastDayOfMonth, formatDay, type MonthIndex } from '../period.ts';
import { computeLedger, type CustomerLedger, type SubscriptionPeriodInput } from '../revenue/index.ts';
import type { DemoCompany } from './types.ts';
import { demoAccountUsage } from './usage.ts';

export interface DemoChurnData {
  histories: AccountHistory[];
  /** Each customer's ledger cut at the last day of `month`. */
  cutAt: (month: MonthIndex) => Map<number, CustomerLedger>;
  ledgerAt: (day: string) => Map<number, CustomerLedger>;
}

/** Accounts are numbered 1.. in the company's order (as the loader's ids would be in an empty store). */
export function demoChurnData(company: DemoCompany, reportingCurrency = 'USD'): DemoChurnData {
  const numberOf = new Map(company.accounts.map((a, i) => [a.external_id, i + 1]));
  const periods: SubscriptionPeriodInput[] = company.periods.map((p, i) => ({
    id: i,
    accountId: numberOf.get(p.account_external_id) ?? 0,
    subscriptionId: p.subscription_external_id,
    startOn: p.start_on,
    endOn: p.end_on,
    monthlyAmountMinor: p.monthly_amount_minor,
    currency: p.currency,
    plan: p.plan,
    quantity: p.quantity,
  }));
  const periodsOf = new Map<number, SeatPeriod[]>();
  for (const p of company.periods) {
    const id = numberOf.get(p.account_external_id) ?? 0;
    const start = dayOf(p.start_on);
    const end = p.end_on === null ? null : dayOf(p.end_on);
    const list = periodsOf.get(id) ?? [];
    list.push({ startDay: start, endDay: end, quantity: p.quantity, annual: end !== null && end - start >= 360 });
    periodsOf.set(id, list);
  }
  const histories = company.accounts.map((a, i): AccountHistory => {
    const users = new Map<string, number>();
    const profile = company.profiles[i];
    const rows = profile ? demoAccountUsage(company.seed, profile, company.cutoff) : [];
    const usage = rows.map((r) => {
      let user = users.get(r.user_key);
      if (user === undefined) users.set(r.user_key, (user = users.size));
      return { day: dayOf(r.day), user, feature: r.feature, events: r.events };
    });
    return {
      accountId: i + 1,
      attributes: {
        segment: a.segment,
        sizeBand: a.size_band,
        industry: a.industry,
        region: a.attributes.region ?? null,
        channel: a.attributes.acquisition_channel ?? null,
        icpFit: a.icp_fit,
        employeeCount: a.employee_count,
      },
      usage,
      surveys: [],
      contracts: [],
      periods: periodsOf.get(i + 1) ?? [],
    };
  });
  const ledgerAt = (day: string) => {
    const ledger = computeLedger({ periods, fxRates: company.fxRates }, { asOf: day, reportingCurrency });
    return new Map(ledger.customers.map((c) => [Number(c.accountId), c]));
  };
  return { histories, cutAt: (month) => ledgerAt(formatDay(lastDayOfMonth(month))), ledgerAt };
}
