// Terms derived from Stripe subscriptions (pure): billing periods counted back from the current one, multi-year
// cycles, cancel_at_period_end and cancel_at, cancellation_details as churn reasons, co-termed add-ons, monthly plans
// apart, and the rule that imported contracts win.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  deriveFromBilling,
  isWholeYears,
  stripeChurnReason,
  withoutImported,
  type SubscriptionExtras,
} from '../src/core/renewals/derive.ts';
import { parseDay } from '../src/core/period.ts';
import { silentProgress } from '../src/core/progress.ts';
import { resolveSettings, type SubscriptionInput } from '../src/core/revenue/index.ts';
import { ExportCollector } from '../src/importers/stripe/collect.ts';
import { emptyInput } from '../src/importers/stripe/input.ts';
import { mapStripeInput } from '../src/importers/stripe/map.ts';

const settings = resolveSettings({ asOf: '2026-06-30', reportingCurrency: 'USD' });

function subscription(
  id: string,
  fields: Partial<SubscriptionInput> & { amount: number; interval?: 'month' | 'year'; count?: number },
): SubscriptionInput {
  const { amount, interval = 'year', count = 1, ...rest } = fields;
  return {
    id,
    accountId: 1,
    status: 'active',
    currency: 'USD',
    billingInterval: interval,
    intervalCount: count,
    startedAt: '2024-02-01T00:00:00Z',
    trialStart: null,
    trialEnd: null,
    currentPeriodStart: null,
    currentPeriodEnd: null,
    cancelAt: null,
    canceledAt: null,
    endedAt: null,
    items: [
      {
        id: `${id}_item`,
        plan: 'pro',
        quantity: 1,
        unitAmountMinor: amount,
        currency: 'USD',
        billingInterval: interval,
        intervalCount: count,
      },
    ],
    discounts: [],
    ...rest,
  };
}

const terms = (list: ReturnType<typeof deriveFromBilling>['contracts']) =>
  list.map((c) => [c.contractId, c.startDate, c.endDate, c.arrMinor, c.autoRenew]);

describe('contracts derived from Stripe subscriptions', () => {
  it('counts yearly terms back from the current period; cancel at period end stops auto-renewal', () => {
    const extras = new Map<string, SubscriptionExtras>([
      [
        'sub_a',
        {
          cancelAtPeriodEnd: true,
          cancellation: { reason: 'cancellation_requested', feedback: 'too_expensive', comment: 'Budget cut' },
        },
      ],
    ]);
    const { contracts, monthlyPlans } = deriveFromBilling(
      {
        subscriptions: [
          subscription('sub_a', {
            amount: 1_200_000, // 12,000.00 a year: MRR 1,000.00, ARR 12,000.00
            currentPeriodStart: '2026-02-01T00:00:00Z',
            currentPeriodEnd: '2027-02-01T00:00:00Z',
            cancelAt: '2027-02-01T00:00:00Z', // what the importer stores for cancel_at_period_end
            canceledAt: '2026-05-03T10:00:00Z',
          }),
        ],
      },
      settings,
      extras,
    );
    assert.deepEqual(terms(contracts), [
      ['billing:sub_a:2024-02-01', '2024-02-01', '2025-02-01', 1_200_000, true],
      ['billing:sub_a:2025-02-01', '2025-02-01', '2026-02-01', 1_200_000, true],
      ['billing:sub_a:2026-02-01', '2026-02-01', '2027-02-01', 1_200_000, false],
    ]);
    assert.deepEqual(contracts.at(-1)?.churnReason, { reason: 'too expensive', notes: 'Budget cut' });
    assert.equal(contracts[0]?.churnReason, null);
    assert.deepEqual(monthlyPlans, []);
  });

  it('makes a three-year cycle one term, and cuts the term a cancel_at falls in', () => {
    const { contracts } = deriveFromBilling(
      {
        subscriptions: [
          subscription('sub_3y', {
            amount: 5_400_000, // 54,000.00 per 3 years: MRR 1,500.00, ARR 18,000.00
            count: 3,
            startedAt: '2023-06-15T00:00:00Z',
            currentPeriodStart: '2023-06-15T00:00:00Z',
            currentPeriodEnd: '2026-06-15T00:00:00Z',
          }),
          subscription('sub_cut', {
            accountId: 2,
            amount: 600_000,
            startedAt: '2025-02-01T00:00:00Z',
            currentPeriodStart: '2026-02-01T00:00:00Z',
            currentPeriodEnd: '2027-02-01T00:00:00Z',
            cancelAt: '2026-08-01T00:00:00Z',
          }),
        ],
      },
      settings,
    );
    assert.deepEqual(terms(contracts), [
      ['billing:sub_3y:2023-06-15', '2023-06-15', '2026-06-15', 1_800_000, true],
      ['billing:sub_cut:2025-02-01', '2025-02-01', '2026-02-01', 600_000, true],
      ['billing:sub_cut:2026-02-01', '2026-02-01', '2026-08-01', 600_000, false],
    ]);
  });

  it('makes a co-termed add-on (short first period up to the anchor) a term due with the main one', () => {
    const { contracts } = deriveFromBilling(
      {
        subscriptions: [
          subscription('sub_main', {
            amount: 1_200_000,
            currentPeriodStart: '2026-02-01T00:00:00Z',
            currentPeriodEnd: '2027-02-01T00:00:00Z',
          }),
          subscription('sub_addon', {
            amount: 240_000,
            startedAt: '2026-08-01T00:00:00Z',
            currentPeriodStart: '2026-08-01T00:00:00Z',
            currentPeriodEnd: '2027-02-01T00:00:00Z',
          }),
        ],
      },
      resolveSettings({ asOf: '2026-09-01', reportingCurrency: 'USD' }),
    );
    assert.deepEqual(
      contracts.filter((c) => c.endDate === '2027-02-01').map((c) => [c.subscriptionId, c.startDate, c.arrMinor]),
      [
        ['sub_main', '2026-02-01', 1_200_000],
        ['sub_addon', '2026-08-01', 240_000],
      ],
    );
  });

  it('keeps monthly plans apart, with their paid service', () => {
    const { contracts, monthlyPlans } = deriveFromBilling(
      { subscriptions: [subscription('sub_m', { amount: 9_900, interval: 'month' })] },
      settings,
    );
    assert.deepEqual(contracts, []);
    assert.deepEqual(monthlyPlans, [
      {
        accountId: 1,
        subscriptionId: 'sub_m',
        stretches: [{ start: parseDay('2024-02-01'), end: null, valueMinor: 9_900 }],
      },
    ]);
  });

  it('reads whole-year terms within a few days, and Stripe feedback before its reason', () => {
    assert.equal(isWholeYears(parseDay('2025-01-31'), parseDay('2026-01-31')), true);
    assert.equal(isWholeYears(parseDay('2024-02-29'), parseDay('2027-02-28')), true);
    assert.equal(isWholeYears(parseDay('2025-01-01'), parseDay('2026-02-01')), false);
    assert.equal(isWholeYears(parseDay('2025-01-01'), parseDay('2025-12-01')), false);
    assert.deepEqual(stripeChurnReason({ reason: 'payment_failed', feedback: null, comment: null }), {
      reason: 'payment failed',
      notes: null,
    });
    assert.equal(stripeChurnReason({ reason: null, feedback: null, comment: null }), null);
  });

  it('lets an imported contract of the same account win over derived ones sharing a day with it', () => {
    const derived = [
      { accountId: 1, startDate: '2025-01-01', endDate: '2026-01-01', id: 'a' },
      { accountId: 1, startDate: '2026-01-01', endDate: '2027-01-01', id: 'b' },
      { accountId: 2, startDate: '2025-01-01', endDate: '2026-01-01', id: 'c' },
    ];
    const imported = [{ accountId: 1, startDate: '2025-06-01', endDate: '2026-01-01' }];
    // 'b' starts on the imported one's exclusive end: no day shared. Account 2 has no imported contract.
    assert.deepEqual(
      withoutImported(derived, imported).map((d) => d.id),
      ['b', 'c'],
    );
  });
});

describe("Stripe's cancellation_details", () => {
  it('are kept with the subscription when they say anything', () => {
    const list = (data: Record<string, unknown>[]) => ({
      object: 'list',
      data,
      has_more: false,
      url: '/v1/subscriptions',
    });
    const sub = (id: string, details: Record<string, unknown>) => ({
      id,
      object: 'subscription',
      customer: 'cus_x',
      status: 'canceled',
      currency: 'usd',
      start_date: 1735689600,
      canceled_at: 1767225600,
      ended_at: 1767225600,
      cancellation_details: details,
      items: {
        object: 'list',
        has_more: false,
        url: '/v1/subscription_items',
        data: [
          {
            id: `si_${id}`,
            object: 'subscription_item',
            quantity: 1,
            discounts: [],
            price: {
              id: 'price_y',
              object: 'price',
              currency: 'usd',
              product: 'prod_y',
              recurring: { interval: 'year', interval_count: 1, usage_type: 'licensed' },
              unit_amount: 120000,
            },
          },
        ],
      },
    });
    const collector = new ExportCollector(emptyInput('test.json'));
    collector.add(
      list([
        sub('sub_said', {
          reason: 'cancellation_requested',
          feedback: 'switched_service',
          comment: 'Moved to a rival',
        }),
        sub('sub_silent', { reason: null, feedback: null, comment: null }),
      ]),
      'test.json',
    );
    const rows = mapStripeInput(collector.finish(), silentProgress);
    const [said, silent] = rows.subscriptions;
    assert.deepEqual(said?.attributes.cancellation_details, {
      reason: 'cancellation_requested',
      feedback: 'switched_service',
      comment: 'Moved to a rival',
    });
    assert.equal(silent?.attributes.cancellation_details, undefined);
  });
});
