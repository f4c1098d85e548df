import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { buildFxTable } from '../fx.ts';
import { monthIndex, parseDay } from '../period.ts';
import {
  intervalsFromInvoiceLines,
  monthlyAmountMinor,
  monthlyAmountOfService,
  type InvoiceLineInput,
} from './normalize.ts';
import type { SubscriptionInput } from './subscriptions.ts';
import { customerOf, ledgerFor, movementLines, period } from './testing.ts';
import { resolveSettings } from './types.ts';

const service = (amount: number, start: string, end: string) =>
  monthlyAmountOfService(amount, parseDay(start), parseDay(end));

let lineId = 1;
function line(
  accountId: string,
  start: string,
  end: string,
  amountMinor: number,
  extra: Partial<InvoiceLineInput> = {},
) {
  return {
    id: lineId++,
    accountId,
    subscriptionId: 'sub',
    plan: null,
    amountMinor,
    currency: 'USD',
    periodStart: start,
    periodEnd: end,
    recurring: true,
    proration: false,
    ...extra,
  };
}

describe('normalize: monthly amounts', () => {
  it('turns any billing interval into a month, half to even', () => {
    assert.equal(monthlyAmountMinor(120_000, 'year', 1), 10_000); // annual ÷ 12
    assert.equal(monthlyAmountMinor(30_000, 'month', 3), 10_000); // quarterly ÷ 3
    assert.equal(monthlyAmountMinor(100, 'month', 6), 17); // 16.67
    assert.equal(monthlyAmountMinor(1_000, 'week', 1), 4_333); // × 52/12 = 4,333.33
    assert.equal(monthlyAmountMinor(600, 'week', 2), 1_300); // 300 a week
    assert.equal(monthlyAmountMinor(100, 'day', 1), 3_042); // × 365/12 = 3,041.67
    assert.equal(monthlyAmountMinor(30, 'year', 1), 2); // 2.5 → 2
    assert.equal(monthlyAmountMinor(42, 'year', 1), 4); // 3.5 → 4
    assert.throws(() => monthlyAmountMinor(100, 'month', 0), RangeError);
  });

  it('reads the interval of a service period from its dates', () => {
    assert.equal(service(120_000, '2024-01-01', '2025-01-01'), 10_000);
    assert.equal(service(120_000, '2024-02-29', '2025-02-28'), 10_000); // a leap-day anniversary
    assert.equal(service(30_000, '2024-01-15', '2024-04-15'), 10_000);
    assert.equal(service(5_000, '2024-01-31', '2024-02-29'), 5_000); // anchored on the 31st
    assert.equal(service(5_000, '2024-02-29', '2024-03-31'), 5_000);
    assert.equal(service(5_000, '2023-02-01', '2023-03-01'), 5_000); // 28 days, but a calendar month
    assert.equal(service(5_000, '2024-01-30', '2024-02-29'), 5_000); // anchor drift
    assert.equal(service(1_000, '2024-01-03', '2024-01-10'), 4_333); // a week
    assert.equal(service(1_000, '2024-01-15', '2024-01-25'), 3_042); // ten days: 100 a day
  });
});

describe('normalize: invoice lines', () => {
  const settings = resolveSettings({ asOf: '2024-12-31', reportingCurrency: 'USD' });
  const ctx = { settings, fx: null };

  it('carries no MRR for one-off lines, free lines or empty periods; tax never counts', () => {
    const lines = [
      line('a', '2024-01-01', '2024-02-01', 9_900, { taxMinor: 1_980 }),
      line('a', '2024-01-01', '2024-01-01', 5_000),
      line('a', '2024-01-10', '2024-01-10', 5_000, { recurring: false }),
      line('a', '2024-01-01', '2024-02-01', 25_000, { recurring: false }),
      line('a', '2024-01-01', '2024-02-01', 0),
    ];
    const intervals = intervalsFromInvoiceLines(lines, ctx);
    assert.deepEqual(
      intervals.map((iv) => [iv.valueMinor, iv.sources]),
      [[9_900, [`line:${lines[0]?.id}`]]],
    );
  });

  it('counts weekly lines once a month, at month end, and annual lines in each of their months', () => {
    const weekly = ['2024-01-01', '2024-01-08', '2024-01-15', '2024-01-22', '2024-01-29', '2024-02-05'].map((start) =>
      line('w', start, new Date(Date.parse(start) + 7 * 86_400_000).toISOString().slice(0, 10), 1_000),
    );
    const ledger = ledgerFor(
      { invoiceLines: [...weekly, line('y', '2024-03-01', '2025-03-01', 120_000)] },
      '2024-12-31',
    );
    assert.deepEqual(movementLines(customerOf(ledger, 'w')), ['2024-01 new 4333', '2024-02 churn -4333']);
    assert.deepEqual(movementLines(customerOf(ledger, 'y')), ['2024-03 new 10000']);
  });

  it('counts a proration from the month it takes effect, unless prorations are off', () => {
    const lines = [
      line('p', '2024-01-01', '2024-02-01', 3_100),
      line('p', '2024-02-01', '2024-03-01', 3_100),
      // Upgrade from 31.00 to 62.00 on 2024-02-15, as Stripe prorates it over 15 of February's 29 days:
      // credit the unused old plan (1,603.45) and charge the new one (3,206.90).
      line('p', '2024-02-15', '2024-03-01', -1_603, { proration: true }),
      line('p', '2024-02-15', '2024-03-01', 3_207, { proration: true }),
      line('p', '2024-03-01', '2024-04-01', 6_200),
      // Annual plan upgraded mid-term: 1,200.00 → 2,400.00 a year from 2024-07-01, 184 of 366 days left.
      line('a', '2024-01-01', '2025-01-01', 120_000),
      line('a', '2024-07-01', '2025-01-01', 60_328, { proration: true }),
    ];
    const withProrations = ledgerFor({ invoiceLines: lines }, '2024-12-31');
    // Stripe rounded each proration to the cent (scaled back, 31.01 too much): the upgrade lands on March's
    // 62.00, as one expansion of 31.00, not +31.01 then −0.01.
    assert.deepEqual(movementLines(customerOf(withProrations, 'p')), [
      '2024-01 new 3100',
      '2024-02 expansion 3100',
      '2024-04 churn -6200',
    ]);
    assert.deepEqual(movementLines(customerOf(withProrations, 'a')), ['2024-01 new 10000', '2024-07 expansion 10000']);
    const without = ledgerFor({ invoiceLines: lines }, '2024-12-31', { includeProrations: false });
    assert.deepEqual(movementLines(customerOf(without, 'p')), [
      '2024-01 new 3100',
      '2024-03 expansion 3100',
      '2024-04 churn -6200',
    ]);
  });

  it('converts foreign lines at the rate of their first day', () => {
    const fx = buildFxTable(
      [
        { day: '2024-01-01', currency: 'EUR', quote: 'USD', rate: 1.1 },
        { day: '2024-02-01', currency: 'EUR', quote: 'USD', rate: 1.2 },
      ],
      'USD',
    );
    const [january, february] = intervalsFromInvoiceLines(
      [
        line('e', '2024-01-01', '2024-02-01', 10_000, { currency: 'EUR' }),
        line('e', '2024-02-01', '2024-03-01', 10_000, { currency: 'EUR' }),
      ],
      { settings, fx },
    );
    assert.deepEqual([january?.valueMinor, february?.valueMinor], [11_000, 12_000]);
    assert.deepEqual([january?.startMonth, january?.endMonth], [monthIndex('2024-01'), monthIndex('2024-02')]);
  });
});

describe('normalize: what the subscription and the invoice status say about its lines', () => {
  const lifecycle = (extra: Partial<SubscriptionInput> = {}): SubscriptionInput => ({
    id: 'sub',
    accountId: 'x',
    status: 'active',
    currency: 'USD',
    billingInterval: 'month',
    intervalCount: 1,
    startedAt: '2025-01-01',
    trialStart: null,
    trialEnd: null,
    currentPeriodStart: null,
    currentPeriodEnd: null,
    cancelAt: null,
    canceledAt: null,
    endedAt: null,
    items: [],
    discounts: [],
    ...extra,
  });

  it('cuts an invoiced subscription at its cancellation under churnRecognition cancellation', () => {
    const records = {
      subscriptions: [lifecycle({ status: 'canceled', canceledAt: '2025-03-10', endedAt: '2025-03-10' })],
      invoiceLines: [line('x', '2025-01-01', '2026-01-01', 120_000)],
    };
    const lines = (settings = {}) => movementLines(customerOf(ledgerFor(records, '2026-06-30', settings), 'x'));
    assert.deepEqual(lines(), ['2025-01 new 10000', '2026-01 churn -10000']);
    assert.deepEqual(lines({ churnRecognition: 'cancellation' }), ['2025-01 new 10000', '2025-03 churn -10000']);
  });

  it('counts an unpaid invoice through the grace days after its due date, then churns until a payment', () => {
    const invoiceLines = [
      line('u', '2025-01-01', '2025-02-01', 5_000),
      line('u', '2025-02-01', '2025-03-01', 5_000),
      // March open from its due day 2025-03-01, April uncollectible: the run stops at March's grace end.
      line('u', '2025-03-01', '2025-04-01', 5_000, { invoiceStatus: 'open', dueOn: '2025-03-01' }),
      line('u', '2025-04-01', '2025-05-01', 5_000, { invoiceStatus: 'uncollectible', dueOn: '2025-04-01' }),
      // Paid again from June.
      line('u', '2025-06-01', '2025-07-01', 5_000),
    ];
    const lines = (asOf: string) =>
      movementLines(customerOf(ledgerFor({ invoiceLines }, asOf, { pastDueGraceDays: 7 }), 'u'));
    assert.deepEqual(lines('2025-03-08'), ['2025-01 new 5000']); // the 7th day after the due date
    assert.deepEqual(lines('2025-03-09'), ['2025-01 new 5000', '2025-03 churn -5000']);
    assert.deepEqual(lines('2025-06-30'), ['2025-01 new 5000', '2025-03 churn -5000', '2025-06 reactivation 5000']);
    // With 45 days of grace March counts (through 2025-04-15), April does not.
    const long = ledgerFor({ invoiceLines }, '2025-05-31', { pastDueGraceDays: 45 });
    assert.deepEqual(movementLines(customerOf(long, 'u')), ['2025-01 new 5000', '2025-04 churn -5000']);
  });

  it('leaves void invoices of a paused subscription out under pause churn, counts them under keep', () => {
    const invoiceLines = [
      line('p', '2025-01-01', '2025-02-01', 5_000),
      line('p', '2025-02-01', '2025-03-01', 5_000, { invoiceStatus: 'void' }),
      line('p', '2025-03-01', '2025-04-01', 5_000, { invoiceStatus: 'void' }),
      line('p', '2025-04-01', '2025-05-01', 5_000),
      // A void invoice reissued for the same period counts once, under either setting.
      line('p', '2025-05-01', '2025-06-01', 5_000, { invoiceStatus: 'void' }),
      line('p', '2025-05-01', '2025-06-01', 5_000),
    ];
    const lines = (pause: 'churn' | 'keep') =>
      movementLines(customerOf(ledgerFor({ invoiceLines }, '2025-05-31', { pause }), 'p'));
    assert.deepEqual(lines('churn'), ['2025-01 new 5000', '2025-02 churn -5000', '2025-04 reactivation 5000']);
    assert.deepEqual(lines('keep'), ['2025-01 new 5000']);
    // Paused now (no later invoice yet): kept only when the subscription says its collection is paused.
    const pausedNow = invoiceLines.slice(0, 3);
    const ledger = (paused: boolean) =>
      ledgerFor(
        {
          invoiceLines: pausedNow,
          subscriptions: [lifecycle({ pauseCollection: paused ? { behavior: 'void', resumesAt: null } : null })],
        },
        '2025-03-31',
        { pause: 'keep' },
      );
    assert.deepEqual(movementLines(customerOf(ledger(true), 'p')), ['2025-01 new 5000']);
    assert.deepEqual(movementLines(customerOf(ledger(false), 'p')), ['2025-01 new 5000', '2025-02 churn -5000']);
  });
});

describe('normalize: subscription periods', () => {
  it('gives free plans no MRR and needs a rate for foreign currencies', () => {
    const ledger = ledgerFor({ periods: [period('free', '2024-01-01', null, 0, { plan: 'free' })] }, '2024-06-30');
    assert.equal(ledger.customers.length, 0);
    assert.throws(
      () => ledgerFor({ periods: [period('eur', '2024-01-01', null, 100, { currency: 'EUR' })] }, '2024-06-30'),
      /no EUR→USD rate on or before 2024-01-01/,
    );
  });
});
