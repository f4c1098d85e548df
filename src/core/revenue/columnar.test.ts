// The columnar intervals against the direct computation: cut at any day, they give the ledger computed from
// the records at that day; patched account by account, they equal columns loaded afresh.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import type { FxRate } from '../fx.ts';
import { formatDay, parseDay } from '../period.ts';
import { aggregateLedger, patchAggregate } from './aggregate.ts';
import { computeLedger, type BillingRecords } from './index.ts';
import { customerAt, FAR_AS_OF, IntervalColumns, ledgerAt, type Cut } from './columnar.ts';
import type { InvoiceLineInput, SubscriptionPeriodInput } from './normalize.ts';
import { normalizeContext, normalizeWithProblems, readsAsOf, recordsByAccount } from './records.ts';
import type { SubscriptionInput } from './subscriptions.ts';
import { resolveSettings, type AccountId, type MrrInterval, type RevenueSettings } from './types.ts';
import { ledgerOf, type Ledger } from './ledger.ts';

const BASE = parseDay('2022-01-01');
const day = (offset: number) => formatDay(BASE + offset);
const ACCOUNTS = [1, 2, 3, 4, 5];

const fxRates: FxRate[] = [];
for (let offset = -40; offset < 1300; offset += 13) {
  fxRates.push({
    day: day(offset),
    currency: 'EUR',
    quote: 'USD',
    rate: Number((1.1 + 0.1 * Math.sin(offset)).toFixed(6)),
  });
}

const periodArb = fc
  .record({
    account: fc.constantFrom(...ACCOUNTS),
    start: fc.integer({ min: 0, max: 900 }),
    length: fc.option(fc.integer({ min: 1, max: 500 }), { nil: null }),
    amount: fc.integer({ min: 0, max: 90_000 }),
    currency: fc.constantFrom('USD', 'EUR'),
    plan: fc.constantFrom('basic', 'pro', null),
  })
  .map((p): Omit<SubscriptionPeriodInput, 'id' | 'subscriptionId'> => ({
    accountId: p.account,
    startOn: day(p.start),
    endOn: p.length === null ? null : day(p.start + p.length),
    monthlyAmountMinor: p.amount,
    currency: p.currency,
    plan: p.plan,
    quantity: null,
  }));

const subscriptionArb = fc
  .record({
    account: fc.constantFrom(...ACCOUNTS),
    start: fc.integer({ min: 0, max: 900 }),
    end: fc.option(fc.integer({ min: 1, max: 600 }), { nil: null }),
    status: fc.constantFrom('active', 'past_due', 'unpaid', 'canceled', 'paused'),
    unpaidFrom: fc.integer({ min: 0, max: 400 }),
    // Stripe's hard cases: the due date of an unpaid invoice, paused collection.
    unpaidDue: fc.option(fc.integer({ min: 0, max: 500 }), { nil: null }),
    paused: fc.boolean(),
    interval: fc.constantFrom('month' as const, 'year' as const),
    unit: fc.integer({ min: 0, max: 100_000 }),
  })
  .map((s): Omit<SubscriptionInput, 'id'> => ({
    accountId: s.account,
    status: s.status,
    currency: 'USD',
    billingInterval: s.interval,
    intervalCount: 1,
    startedAt: day(s.start),
    trialStart: null,
    trialEnd: null,
    currentPeriodStart: day(s.start + s.unpaidFrom),
    currentPeriodEnd: null,
    cancelAt: null,
    canceledAt: s.end === null ? null : day(s.start + s.end - 3),
    endedAt: s.end === null ? null : day(s.start + s.end),
    unpaidDueAt: s.unpaidDue === null ? null : day(s.start + s.unpaidDue),
    pauseCollection: s.paused ? { behavior: 'void', resumesAt: null } : null,
    items: [
      {
        id: 'item',
        plan: 'seat',
        quantity: 1,
        unitAmountMinor: s.unit,
        currency: 'USD',
        billingInterval: s.interval,
        intervalCount: 1,
      },
    ],
    discounts: [],
  }));

const lineArb = fc
  .record({
    account: fc.constantFrom(...ACCOUNTS),
    start: fc.integer({ min: 0, max: 900 }),
    length: fc.constantFrom(30, 31, 365, 14),
    amount: fc.integer({ min: -5_000, max: 200_000 }),
    proration: fc.boolean(),
    // Lines of a subscription object of the same account (its lifecycle applies) or of none.
    subscription: fc.integer({ min: 0, max: 4 }),
    status: fc.constantFrom('paid', 'paid', 'open', 'uncollectible', 'void', 'draft'),
    due: fc.option(fc.integer({ min: 0, max: 60 }), { nil: null }),
  })
  .map((l): Omit<InvoiceLineInput, 'id'> => ({
    accountId: l.account,
    subscriptionId: l.subscription === 4 ? `sub_line_${l.account}` : `sub_${l.account}_${l.subscription}`,
    plan: 'invoiced',
    amountMinor: l.amount,
    currency: 'EUR',
    periodStart: day(l.start),
    periodEnd: day(l.start + l.length),
    recurring: true,
    proration: l.proration,
    invoiceStatus: l.status,
    dueOn: l.due === null ? null : day(l.start + l.due),
  }));

const recordsArb = fc
  .record({
    periods: fc.array(periodArb, { maxLength: 12 }),
    subscriptions: fc.array(subscriptionArb, { maxLength: 4 }),
    lines: fc.array(lineArb, { maxLength: 6 }),
  })
  .map(({ periods, subscriptions, lines }): BillingRecords => ({
    periods: periods.map((p, i) => ({ ...p, id: i + 1, subscriptionId: `sub_p${i}` })),
    subscriptions: subscriptions.map((s, i) => ({ ...s, id: `sub_${s.accountId}_${i}` })),
    invoiceLines: lines.map((l, i) => ({ ...l, id: i + 1 })),
    fxRates,
  }));

const settingsArb = fc.record({
  record: fc.boolean(),
  cancellation: fc.boolean(),
  grace: fc.integer({ min: 0, max: 60 }),
  keep: fc.boolean(),
});
type Options = Omit<RevenueSettings, 'asOf' | 'reportingCurrency'>;
const optionsOf = (s: { record: boolean; cancellation: boolean; grace: number; keep: boolean }): Options => ({
  sameMonthNewAndChurn: s.record ? 'record' : 'ignore',
  churnRecognition: s.cancellation ? 'cancellation' : 'period_end',
  pastDueGraceDays: s.grace,
  pause: s.keep ? 'keep' : 'churn',
});

/** What the engine keeps: each account's intervals at FAR_AS_OF, and the records of those read per day. */
function load(
  columns: IntervalColumns,
  dayRecords: Map<AccountId, BillingRecords>,
  records: BillingRecords,
  options: Options,
) {
  const ctx = normalizeContext(fxRates, resolveSettings({ ...options, asOf: FAR_AS_OF, reportingCurrency: 'USD' }));
  const byAccount = recordsByAccount(records);
  for (const id of ACCOUNTS) {
    const own = byAccount.get(id) ?? {};
    columns.setAccount(id, normalizeWithProblems(own, ctx).intervals);
    if (readsAsOf(own)) dayRecords.set(id, own);
    else dayRecords.delete(id);
  }
}

function cutAt(columns: IntervalColumns, dayRecords: Map<AccountId, BillingRecords>, asOf: string, options: Options) {
  const settings = resolveSettings({ ...options, asOf, reportingCurrency: 'USD' });
  const ctx = normalizeContext(fxRates, settings);
  const cut: Cut = settings;
  const override = (id: AccountId): MrrInterval[] | undefined => {
    const own = dayRecords.get(id);
    return own ? normalizeWithProblems(own, ctx).intervals : undefined;
  };
  return ledgerAt(columns, cut, override, [...dayRecords.keys()]);
}

const sorted = (ledger: Ledger): Ledger => ({
  ...ledger,
  customers: [...ledger.customers].sort((a, b) => Number(a.accountId) - Number(b.accountId)),
});

describe('columnar intervals', () => {
  it('cut at any day equal the ledger computed from the records at that day', () => {
    fc.assert(
      fc.property(recordsArb, settingsArb, fc.integer({ min: 0, max: 1300 }), (records, s, asOfOffset) => {
        const options = optionsOf(s);
        const columns = new IntervalColumns();
        const dayRecords = new Map<AccountId, BillingRecords>();
        load(columns, dayRecords, records, options);
        const asOf = day(asOfOffset);
        const direct = computeLedger(records, { ...options, asOf, reportingCurrency: 'USD' });
        assert.deepEqual(cutAt(columns, dayRecords, asOf, options), sorted(direct));
      }),
      { numRuns: 300 },
    );
  });

  it('patched per account equal columns loaded afresh, and days asked in turn do not disturb each other', () => {
    fc.assert(
      fc.property(recordsArb, recordsArb, settingsArb, (before, after, s) => {
        const options = optionsOf(s);
        const patched = new IntervalColumns();
        const patchedDays = new Map<AccountId, BillingRecords>();
        load(patched, patchedDays, before, options);
        const june = cutAt(patched, patchedDays, '2023-06-15', options);
        load(patched, patchedDays, after, options); // every account replaced in place, rows appended
        const fresh = new IntervalColumns();
        const freshDays = new Map<AccountId, BillingRecords>();
        load(fresh, freshDays, after, options);
        for (const asOf of ['2023-06-15', '2023-05-31', '2023-06-15', '2024-02-29']) {
          assert.deepEqual(cutAt(patched, patchedDays, asOf, options), cutAt(fresh, freshDays, asOf, options));
        }
        // The book's aggregate patched by the changed customers equals the changed book's aggregate.
        const later = cutAt(fresh, freshDays, '2023-06-15', options);
        if (later.firstMonth === june.firstMonth) {
          assert.deepEqual(
            patchAggregate(aggregateLedger(june), june.customers, later.customers),
            aggregateLedger(later),
          );
        }
        const again = new IntervalColumns();
        const againDays = new Map<AccountId, BillingRecords>();
        load(again, againDays, before, options);
        assert.deepEqual(cutAt(again, againDays, '2023-06-15', options), june);
      }),
      { numRuns: 150 },
    );
  });

  it('merged and rolled-up accounts, grouped at the cut, equal the ledger computed with the account map', () => {
    // Accounts 3-5 may count as 1 or 2 (merged into it, or children under it).
    const mapArb = fc
      .array(fc.option(fc.constantFrom(1, 2), { nil: null }), { minLength: 3, maxLength: 3 })
      .map((roots) => new Map(roots.flatMap((root, k) => (root === null ? [] : [[k + 3, root] as [number, number]]))));
    fc.assert(
      fc.property(recordsArb, settingsArb, mapArb, fc.integer({ min: 0, max: 1300 }), (records, s, map, asOfOffset) => {
        const options = optionsOf(s);
        const columns = new IntervalColumns();
        const dayRecords = new Map<AccountId, BillingRecords>();
        load(columns, dayRecords, records, options);
        const asOf = day(asOfOffset);
        const settings = resolveSettings({ ...options, asOf, reportingCurrency: 'USD' });
        const members = new Map<AccountId, AccountId[]>();
        for (const [from, to] of map)
          members.set(
            to,
            [...(members.get(to) ?? [to]), from].sort((a, b) => Number(a) - Number(b)),
          );
        const roots = [...new Set(ACCOUNTS.map((id) => map.get(id) ?? id))].sort((a, b) => a - b);
        const grouped = ledgerOf(
          roots.map((root) => customerAt(columns, root, settings, undefined, members.get(root))),
          settings.lastMonth,
        );
        // The store reads records ordered by account: the order a group's intervals keep.
        const byAccount = <R extends { accountId: AccountId }>(list: readonly R[] = []) =>
          [...list].sort((a, b) => Number(a.accountId) - Number(b.accountId));
        const direct = computeLedger(
          {
            periods: byAccount(records.periods),
            subscriptions: byAccount(records.subscriptions),
            invoiceLines: byAccount(records.invoiceLines),
            fxRates,
            accountMap: map,
          },
          { ...options, asOf, reportingCurrency: 'USD' },
        );
        assert.deepEqual(grouped, sorted(direct));
      }),
      { numRuns: 200 },
    );
  });

  it('keeps a large book compact when accounts are replaced again and again', () => {
    const columns = new IntervalColumns();
    const interval = (id: number, amount: number): MrrInterval => ({
      accountId: id,
      startMonth: 24_000,
      endMonth: 24_013,
      nativeMinor: amount,
      currency: 'USD',
      valueMinor: amount,
      plan: null,
      sources: [`period:${id}`],
      startDay: parseDay('2000-01-01'),
      endDay: parseDay('2001-02-01'),
    });
    for (let round = 0; round < 5; round++) {
      for (let id = 1; id <= 5_000; id++) columns.setAccount(id, [interval(id, round + 1)]);
    }
    columns.setAccount(7, []);
    assert.equal(columns.size, 4_999);
    assert.equal(columns.has(7), false);
    assert.equal(columns.intervalsAt(8, { asOfDay: parseDay('2000-06-01'), lastMonth: 24_005 })[0]?.nativeMinor, 5);
  });
});
