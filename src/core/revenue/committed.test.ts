import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { committedArr } from './committed.ts';
import type { SubscriptionInput } from './subscriptions.ts';
import { period } from './testing.ts';
import { resolveSettings } from './types.ts';

function subscription(id: string, extra: Partial<SubscriptionInput> = {}): SubscriptionInput {
  return {
    id,
    accountId: id,
    status: 'active',
    currency: 'USD',
    billingInterval: 'year',
    intervalCount: 1,
    startedAt: '2025-01-01',
    trialStart: null,
    trialEnd: null,
    currentPeriodStart: '2025-01-01',
    currentPeriodEnd: '2026-01-01',
    cancelAt: null,
    canceledAt: null,
    endedAt: null,
    items: [
      {
        id: `si_${id}`,
        plan: 'pro',
        quantity: 1,
        unitAmountMinor: 120_000,
        currency: 'USD',
        billingInterval: 'year',
        intervalCount: 1,
      },
    ],
    discounts: [],
    ...extra,
  };
}

describe('committed ARR', () => {
  const settings = resolveSettings({ asOf: '2025-06-15', reportingCurrency: 'USD' });

  it('takes off cancellations already scheduled and adds signed future starts, listing both by date', () => {
    const result = committedArr(
      {
        subscriptions: [
          subscription('stays'),
          subscription('leaves', { cancelAt: '2026-01-01', canceledAt: '2025-05-20' }),
          subscription('starts', { startedAt: '2025-09-01', currentPeriodStart: '2025-09-01' }),
          subscription('trial', { status: 'trialing', trialStart: '2025-06-01', trialEnd: '2025-07-01' }),
        ],
        periods: [
          period('csv', '2025-01-01', '2025-04-01', 3_000, { subscriptionId: 'p1' }),
          period('csv', '2025-04-01', '2025-08-01', 4_000, { subscriptionId: 'p1' }),
          period('later', '2025-07-01', null, 2_000, { subscriptionId: 'p2' }),
        ],
      },
      settings,
    );
    // ARR on asOf: stays, leaves (10,000 a month each) and csv (4,000).
    assert.equal(result.arrMinor, 12 * 24_000);
    assert.deepEqual(
      result.scheduledChurn.map((c) => [c.date, c.accountId, c.mrrMinor]),
      [
        ['2025-08-01', 'csv', 4_000],
        ['2026-01-01', 'leaves', 10_000],
      ],
    );
    assert.deepEqual(
      result.futureStarts.map((c) => [c.date, c.accountId, c.arrMinor]),
      [
        ['2025-07-01', 'later', 24_000],
        ['2025-09-01', 'starts', 120_000],
      ],
    );
    assert.equal(result.committedArrMinor, 12 * 24_000 - 12 * 14_000 + 12 * 12_000);
  });

  it('counts merged accounts as one and a cancellation already past as no longer in ARR', () => {
    const result = committedArr(
      {
        subscriptions: [
          subscription('old', { status: 'canceled', canceledAt: '2025-03-01', endedAt: '2025-03-01' }),
          subscription('new', { startedAt: '2025-03-01', cancelAt: '2025-12-01' }),
        ],
        accountMap: new Map([['old', 'new']]),
      },
      settings,
    );
    assert.equal(result.arrMinor, 120_000);
    assert.deepEqual(
      result.scheduledChurn.map((c) => [c.date, c.accountId]),
      [['2025-12-01', 'new']],
    );
    assert.equal(result.committedArrMinor, 0);
  });
});
