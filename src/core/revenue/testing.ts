// Small factories and read-outs for the revenue core's tests: each test builds its own records.
import { monthIndex, monthKey, type MonthIndex } from '../period.ts';
import { aggregateLedger, monthlyTotals } from './aggregate.ts';
import { computeLedger, type BillingRecords } from './index.ts';
import type { CustomerLedger, Ledger } from './ledger.ts';
import type { SubscriptionPeriodInput } from './normalize.ts';
import { MOVEMENT_KINDS, type AccountId, type MovementKind, type RevenueSettings } from './types.ts';

let nextId = 1;

/** A subscription period of `monthlyMinor` over ['YYYY-MM-DD', end), USD unless told. */
export function period(
  accountId: AccountId,
  startOn: string,
  endOn: string | null,
  monthlyMinor: number,
  extra: Partial<SubscriptionPeriodInput> = {},
): SubscriptionPeriodInput {
  const id = nextId++;
  return {
    id,
    accountId,
    subscriptionId: `sub_${id}`,
    startOn,
    endOn,
    monthlyAmountMinor: monthlyMinor,
    currency: 'USD',
    plan: null,
    quantity: null,
    ...extra,
  };
}

/** The ledger of some records read at `asOf`, in USD unless told. */
export function ledgerFor(records: BillingRecords, asOf: string, settings: Partial<RevenueSettings> = {}): Ledger {
  return computeLedger(records, { asOf, reportingCurrency: 'USD', ...settings });
}

export interface MonthSummary {
  mrr: number;
  customers: number;
  amount: Record<MovementKind, number>;
  count: Record<MovementKind, number>;
}

/** Overall totals of one month ('YYYY-MM'), from the aggregate; zeros outside it. */
export function totalsOf(ledger: Ledger, month: string): MonthSummary {
  const row = monthlyTotals(aggregateLedger(ledger)).find((r) => r.month === monthIndex(month));
  const zeros = Object.fromEntries(MOVEMENT_KINDS.map((k) => [k, 0])) as Record<MovementKind, number>;
  return {
    mrr: row?.mrrMinor ?? 0,
    customers: row?.payingCustomers ?? 0,
    amount: row?.movementMinor ?? zeros,
    count: row?.movementCount ?? { ...zeros },
  };
}

/** A customer's MRR in a month, read from its history spans (0 in a gap). */
export function mrrIn(customer: CustomerLedger, month: MonthIndex): number {
  return customer.history.find((s) => s.startMonth <= month && month < s.endMonth)?.mrrMinor ?? 0;
}

/** A customer's movements as compact 'YYYY-MM kind amount' strings, in order. */
export function movementLines(customer: CustomerLedger | undefined): string[] {
  return (customer?.movements ?? []).map((m) => `${monthKey(m.month)} ${m.kind} ${m.amountMinor}`);
}

export function customerOf(ledger: Ledger, accountId: AccountId): CustomerLedger | undefined {
  return ledger.customers.find((c) => c.accountId === accountId);
}
