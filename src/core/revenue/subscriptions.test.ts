import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { SubscriptionDiscountInput, SubscriptionInput, SubscriptionItemInput } from './subscriptions.ts';
import { customerOf, ledgerFor, movementLines } from './testing.ts';

function item(extra: Partial<SubscriptionItemInput> = {}): SubscriptionItemInput {
  return {
    id: 'si_1',
    plan: 'team',
    quantity: 5,
    unitAmountMinor: 2_000,
    currency: 'USD',
    billingInterval: 'month',
    intervalCount: 1,
    ...extra,
  };
}

function subscription(extra: Partial<SubscriptionInput> = {}): SubscriptionInput {
  return {
    id: 'sub_1',
    accountId: 'acme',
    status: 'active',
    currency: 'USD',
    billingInterval: 'month',
    intervalCount: 1,
    startedAt: '2024-01-01T00:00:00Z',
    trialStart: null,
    trialEnd: null,
    currentPeriodStart: '2024-06-01T00:00:00Z',
    currentPeriodEnd: '2024-07-01T00:00:00Z',
    cancelAt: null,
    canceledAt: null,
    endedAt: null,
    items: [item()],
    discounts: [],
    ...extra,
  };
}

const discount = (extra: Partial<SubscriptionDiscountInput>): SubscriptionDiscountInput => ({
  id: 'di_1',
  percentOff: null,
  amountOffMinor: null,
  currency: null,
  startsAt: '2024-03-01',
  endsAt: '2024-05-01',
  ...extra,
});

const lines = (s: SubscriptionInput, asOf = '2024-06-15', settings = {}) =>
  movementLines(customerOf(ledgerFor({ subscriptions: [s] }, asOf, settings), s.accountId));

describe('subscriptions (Stripe shape)', () => {
  it('is quantity × unit price, each item normalized to a month', () => {
    const s = subscription({
      items: [
        item(),
        item({ id: 'si_2', plan: 'addon', quantity: 1, unitAmountMinor: 120_000, billingInterval: 'year' }),
        item({ id: 'si_3', plan: 'support', quantity: 2, unitAmountMinor: 1_000, billingInterval: 'week' }),
      ],
    });
    // 5 × 20.00 + 1,200.00 ÷ 12 + 2 × 10.00 × 52/12 = 100 + 100 + 86.67
    assert.deepEqual(lines(s), ['2024-01 new 28667']);
    const ledger = ledgerFor({ subscriptions: [s] }, '2024-06-15');
    assert.equal(customerOf(ledger, 'acme')?.history[0]?.plan, 'team');
    assert.deepEqual(customerOf(ledger, 'acme')?.movements[0]?.sourcesAfter, [
      'subscription:sub_1',
      'item:si_1',
      'item:si_2',
      'item:si_3',
    ]);
  });

  it('reads a discount starting as contraction and ending as expansion', () => {
    const percent = subscription({ discounts: [discount({ percentOff: 25 })] });
    assert.deepEqual(lines(percent), ['2024-01 new 10000', '2024-03 contraction -2500', '2024-05 expansion 2500']);
    const amountOff = subscription({
      billingInterval: 'year',
      items: [item({ billingInterval: 'year', unitAmountMinor: 24_000 })], // 5 × 240.00 a year = 100.00 a month
      discounts: [discount({ amountOffMinor: 12_000, currency: 'USD', endsAt: null })], // 120.00 off a year
    });
    assert.deepEqual(lines(amountOff), ['2024-01 new 10000', '2024-03 contraction -1000']);
    const wrongCurrency = subscription({ discounts: [discount({ amountOffMinor: 500, currency: 'EUR' })] });
    assert.deepEqual(lines(wrongCurrency), ['2024-01 new 10000']);
    const more = subscription({ discounts: [discount({ amountOffMinor: 50_000, currency: 'USD' })] });
    assert.deepEqual(lines(more), ['2024-01 new 10000', '2024-03 churn -10000', '2024-05 reactivation 10000']);
  });

  it('carries no MRR during a trial, and none at all for a free plan', () => {
    const trial = subscription({ trialStart: '2024-01-01', trialEnd: '2024-02-14T00:00:00Z' });
    assert.deepEqual(lines(trial), ['2024-02 new 10000']);
    assert.deepEqual(lines(subscription({ status: 'trialing', trialEnd: '2024-07-01' })), []);
    assert.deepEqual(lines(subscription({ items: [item({ plan: 'free', unitAmountMinor: 0 })] })), []);
    assert.deepEqual(lines(subscription({ status: 'incomplete' })), []);
  });

  it('churns at the end of service by default, at cancellation when asked', () => {
    const canceled = subscription({
      status: 'active',
      canceledAt: '2024-03-10T09:00:00Z',
      cancelAt: '2024-04-01T00:00:00Z',
    });
    assert.deepEqual(lines(canceled), ['2024-01 new 10000', '2024-04 churn -10000']);
    assert.deepEqual(lines(canceled, '2024-06-15', { churnRecognition: 'cancellation' }), [
      '2024-01 new 10000',
      '2024-03 churn -10000',
    ]);
    // Scheduled to end after asOf: not churn yet.
    assert.deepEqual(lines(canceled, '2024-03-20'), ['2024-01 new 10000']);
    const ended = subscription({ status: 'canceled', endedAt: '2024-05-01', canceledAt: '2024-04-20' });
    assert.deepEqual(lines(ended), ['2024-01 new 10000', '2024-05 churn -10000']);
  });

  it('keeps a past-due subscription for the grace days after the due date, then churns it', () => {
    // Without an unpaid invoice, due on its current period start (2024-06-01): counts through 2024-07-01.
    const pastDue = subscription({ status: 'past_due' });
    assert.deepEqual(lines(pastDue, '2024-06-20'), ['2024-01 new 10000']);
    assert.deepEqual(lines(pastDue, '2024-07-05'), ['2024-01 new 10000', '2024-07 churn -10000']);
    // The unpaid invoice's due date, not the period start, starts the grace: due 2024-05-20, 7 days.
    const invoiced = subscription({ status: 'past_due', unpaidDueAt: '2024-05-20' });
    assert.deepEqual(lines(invoiced, '2024-05-27', { pastDueGraceDays: 7 }), ['2024-01 new 10000']);
    assert.deepEqual(lines(invoiced, '2024-05-28', { pastDueGraceDays: 7 }), [
      '2024-01 new 10000',
      '2024-05 churn -10000',
    ]);
    // An open invoice churns an active (send_invoice) subscription too, once its grace is over.
    const open = subscription({ unpaidDueAt: '2024-03-10' });
    assert.deepEqual(lines(open, '2024-06-20', { pastDueGraceDays: 30 }), [
      '2024-01 new 10000',
      '2024-04 churn -10000',
    ]);
    assert.deepEqual(lines(pastDue, '2024-06-20', { pastDueGraceDays: 7 }), [
      '2024-01 new 10000',
      '2024-06 churn -10000',
    ]);
  });

  it('stops a subscription whose collection is paused under pause churn, keeps it under keep', () => {
    const paused = subscription({ pauseCollection: { behavior: 'void', resumesAt: null } });
    assert.deepEqual(lines(paused, '2024-08-15'), ['2024-01 new 10000', '2024-06 churn -10000']);
    assert.deepEqual(lines(paused, '2024-08-15', { pause: 'keep' }), ['2024-01 new 10000']);
    // Under keep, the invoice the pause left unpaid (mark_uncollectible) does not churn it either.
    const uncollectible = subscription({
      status: 'past_due',
      unpaidDueAt: '2024-06-01',
      pauseCollection: { behavior: 'mark_uncollectible', resumesAt: '2024-09-01' },
    });
    assert.deepEqual(lines(uncollectible, '2024-08-15', { pause: 'keep' }), ['2024-01 new 10000']);
  });

  it('refuses items in another currency than their subscription', () => {
    assert.throws(() => lines(subscription({ items: [item({ currency: 'EUR' })] })), /item si_1 is in EUR, not USD/);
  });
});
