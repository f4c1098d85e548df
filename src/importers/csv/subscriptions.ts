import { InputError } from '../../core/errors.ts';
import { csvRows, KeyLines, mapColumns, type ColumnSpecs } from './columns.ts';
import { requireRate, type RateCoverage } from './rates.ts';
import type { CsvTable } from './read.ts';

/** Subscription periods in the dbt mrr-playbook shape: a monthly amount over [start, end). */
export const SUBSCRIPTION_COLUMNS = {
  subscriptionId: { names: ['subscription_id'], required: true },
  customerId: { names: ['customer_id', 'account_id'], required: true },
  startDate: { names: ['start_date', 'start_on'], required: true },
  endDate: { names: ['end_date', 'end_on'] },
  monthlyAmount: { names: ['monthly_amount', 'mrr'], required: true },
  currency: { names: ['currency'] },
  plan: { names: ['plan'] },
  quantity: { names: ['quantity'] },
} as const satisfies ColumnSpecs<string>;

export interface SubscriptionPeriodRow {
  subscription_external_id: string;
  account_external_id: string;
  start_on: string;
  end_on: string | null;
  monthly_amount_minor: number;
  currency: string;
  plan: string | null;
  quantity: number | null;
}

/**
 * Validates a subscription-periods file whole. Besides each value, it refuses a key (subscription, start) used
 * twice, a subscription given to two customers, and overlapping periods of one subscription.
 */
export function parseSubscriptionPeriods(
  table: CsvTable,
  options: { defaultCurrency: string; rates?: RateCoverage | undefined },
): SubscriptionPeriodRow[] {
  const columns = mapColumns(table, SUBSCRIPTION_COLUMNS);
  const keys = new KeyLines();
  const owners = new Map<string, { customer: string; line: number }>();
  const periods: Located[] = [];
  for (const row of csvRows(table, columns)) {
    const subscription = row.required('subscriptionId');
    const customer = row.required('customerId');
    const start = row.date('startDate') ?? row.fail(row.columnName('startDate'), 'a date YYYY-MM-DD', '');
    const end = row.date('endDate');
    if (end !== null && end <= start) {
      row.fail(row.columnName('endDate'), `a date after ${row.columnName('startDate')} ${start} (or empty)`, end);
    }
    const currency = row.currency('currency', options.defaultCurrency);
    requireRate(row, options.rates, 'currency', currency, start);
    const amount = row.amount('monthlyAmount', currency) ?? row.fail(row.columnName('monthlyAmount'), 'an amount', '');
    const owner = owners.get(subscription);
    if (owner && owner.customer !== customer) {
      row.fail(
        row.columnName('customerId'),
        `the customer of this subscription on line ${owner.line} (${owner.customer})`,
        customer,
      );
    }
    owners.set(subscription, owner ?? { customer, line: row.line });
    const keyField = `${row.columnName('subscriptionId')}, ${row.columnName('startDate')}`;
    keys.claim(row, `${subscription}\u0000${start}`, keyField, `${subscription}, ${start}`);
    const period = {
      subscription_external_id: subscription,
      account_external_id: customer,
      start_on: start,
      end_on: end,
      monthly_amount_minor: amount,
      currency,
      plan: row.text('plan'),
      quantity: row.count('quantity'),
    };
    periods.push({ period, line: row.line });
  }
  refuseOverlaps(table.file, columns.header[columns.index.startDate ?? 0] ?? 'start_date', periods);
  return periods.map(({ period }) => period);
}

interface Located {
  period: SubscriptionPeriodRow;
  line: number;
}

function refuseOverlaps(file: string, startColumn: string, periods: readonly Located[]): void {
  const order = (a: Located, b: Located) =>
    compare(a.period.subscription_external_id, b.period.subscription_external_id) ||
    compare(a.period.start_on, b.period.start_on);
  let before: Located | undefined;
  for (const after of [...periods].sort(order)) {
    const [p, q] = [before?.period, after.period];
    if (before && p && p.subscription_external_id === q.subscription_external_id) {
      if (p.end_on === null || p.end_on > q.start_on) {
        const span = `${p.start_on} to ${p.end_on ?? 'no end'}`;
        const expected = `a start outside the period on line ${before.line} of subscription ${q.subscription_external_id} (${span})`;
        throw new InputError({ file, line: after.line }, startColumn, expected, q.start_on);
      }
    }
    before = after;
  }
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
