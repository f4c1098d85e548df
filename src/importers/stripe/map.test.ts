import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { silentProgress } from '../../core/progress.ts';
import { InputError } from '../../core/errors.ts';
import { ExportCollector } from './collect.ts';
import { emptyInput } from './input.ts';
import { mapStripeInput } from './map.ts';
import { tieredTotal } from './prices.ts';

type Obj = Record<string, unknown>;

const price = (fields: Obj = {}): Obj => ({
  id: 'price_x',
  object: 'price',
  currency: 'usd',
  product: 'prod_x',
  recurring: { interval: 'month', interval_count: 1, usage_type: 'licensed' },
  unit_amount: 1000,
  ...fields,
});

const sub = (items: Obj[], fields: Obj = {}): Obj => ({
  id: 'sub_x',
  object: 'subscription',
  customer: 'cus_x',
  status: 'active',
  currency: 'usd',
  start_date: 1735689600,
  items: { object: 'list', data: items, has_more: false, url: '/v1/subscription_items?subscription=sub_x' },
  ...fields,
});

const item = (id: string, itemPrice: Obj, fields: Obj = {}): Obj => ({
  id,
  object: 'subscription_item',
  price: itemPrice,
  quantity: 1,
  discounts: [],
  ...fields,
});

function map(...lists: Obj[]) {
  const collector = new ExportCollector(emptyInput('test.json'));
  for (const list of lists) collector.add(list, 'test.json');
  return mapStripeInput(collector.finish(), silentProgress);
}
const subscriptions = (...data: Obj[]): Obj => ({ object: 'list', data, has_more: false, url: '/v1/subscriptions' });

describe('Stripe mapping details', () => {
  it('keeps paused collection, due dates, parents, and a cancellation at period end without cancel_at', () => {
    const paused = sub([item('si_x', price())], {
      pause_collection: { behavior: 'void', resumes_at: 1740787200 },
      cancel_at_period_end: true,
      current_period_end: 1738368000,
    });
    const customers = {
      object: 'list',
      data: [{ id: 'cus_x', object: 'customer', metadata: { parent_id: 'cus_group' } }],
      has_more: false,
      url: '/v1/customers',
    };
    const invoices = {
      object: 'list',
      url: '/v1/invoices',
      has_more: false,
      data: [
        {
          id: 'in_x',
          object: 'invoice',
          customer: 'cus_x',
          currency: 'usd',
          status: 'open',
          created: 1735689600,
          due_date: 1738281600,
          subtotal: 0,
          total: 0,
          lines: { object: 'list', data: [], has_more: false, url: '/v1/invoices/in_x/lines' },
        },
      ],
    };
    const rows = map(customers, subscriptions(paused), invoices);
    assert.deepEqual(rows.subscriptions[0]?.attributes.pause_collection, {
      behavior: 'void',
      resumes_at: '2025-03-01T00:00:00.000Z',
    });
    assert.equal(rows.subscriptions[0]?.cancel_at, '2025-02-01T00:00:00.000Z');
    assert.equal(rows.invoices[0]?.attributes.due_date, '2025-01-31T00:00:00.000Z');
    assert.equal(rows.accounts[0]?.parent_external_id, 'cus_group');
  });

  it('prices tiers the way Stripe does: volume at one tier, graduated tier by tier', () => {
    const tiers = [
      { upTo: 10, unit: 1000, flat: 0 },
      { upTo: null, unit: 800, flat: 500 },
    ];
    assert.equal(tieredTotal('volume', tiers, 12), 12 * 800 + 500);
    assert.equal(tieredTotal('graduated', tiers, 12), 10 * 1000 + 2 * 800 + 500);
    assert.equal(tieredTotal('graduated', tiers, 4), 4000);
  });

  it('maps metered, tiered and decimal-priced items, and item-level discounts', () => {
    const tiered = price({
      id: 'price_tiered',
      billing_scheme: 'tiered',
      tiers_mode: 'graduated',
      unit_amount: null,
      tiers: [
        { up_to: 10, unit_amount: 1000, flat_amount: null },
        { up_to: null, unit_amount: 500, flat_amount: null },
      ],
    });
    const metered = price({
      id: 'price_api',
      recurring: { interval: 'month', interval_count: 1, usage_type: 'metered' },
    });
    // The stripe client hands decimals over as Decimal objects rather than strings.
    const decimal = price({
      id: 'price_dec',
      unit_amount: null,
      unit_amount_decimal: { toFixed: () => '', isZero: () => false, toString: () => '1250.6' },
    });
    const discount = {
      id: 'di_item',
      object: 'discount',
      start: 1735689600,
      end: null,
      subscription: null,
      subscription_item: 'si_tiered',
      source: { type: 'coupon', coupon: { id: 'HALF', object: 'coupon', percent_off: 50, duration: 'forever' } },
    };
    const rows = map(
      subscriptions(
        sub([
          item('si_tiered', tiered, { quantity: 14, discounts: [discount] }),
          item('si_api', metered, { quantity: undefined }),
          item('si_dec', decimal),
        ]),
      ),
    );
    assert.deepEqual(
      rows.items.map((i) => [i.external_id, i.quantity, i.unit_amount_minor, i.metered]),
      [
        ['si_tiered', 14, Math.round((10 * 1000 + 4 * 500) / 14), false],
        ['si_api', 0, 1000, true],
        ['si_dec', 1, 1251, false],
      ],
    );
    assert.deepEqual(
      rows.discounts.map((d) => [d.external_id, d.subscription_item_external_id, d.percent_off]),
      [['di_item:sub_x', 'si_tiered', 50]],
    );
    assert.deepEqual(rows.implicitAccounts, ['cus_x']);
  });

  it('uses a coupon amount in the subscription currency, and refuses a discount given by id only', () => {
    const coupon = {
      id: 'TEN',
      object: 'coupon',
      amount_off: 1000,
      currency: 'usd',
      currency_options: { eur: { amount_off: 900 } },
    };
    const eur = sub([item('si_eur', price({ currency: 'eur' }))], {
      currency: 'eur',
      discounts: [{ id: 'di_eur', object: 'discount', start: 1735689600, subscription: 'sub_x', source: { coupon } }],
    });
    const [row] = map(subscriptions(eur)).discounts;
    assert.deepEqual([row?.external_id, row?.amount_off_minor, row?.currency], ['di_eur', 900, 'EUR']);

    const idOnly = sub([item('si_x', price())], { discounts: ['di_unexpanded'] });
    assert.throws(
      () => map(subscriptions(idOnly)),
      (error: unknown) =>
        error instanceof InputError && error.field === 'discounts[0]' && error.found === 'di_unexpanded',
    );
  });

  it('bills a multi-currency price at its currency_options amount, and refuses one without it', () => {
    const multi = price({ currency_options: { eur: { unit_amount: 900, unit_amount_decimal: '900' } } });
    const rows = map(subscriptions(sub([item('si_eur', multi)], { currency: 'eur' })));
    assert.deepEqual(
      rows.items.map((i) => [i.unit_amount_minor, i.currency]),
      [[900, 'EUR']],
    );
    assert.deepEqual(
      rows.plans.map((p) => [p.unit_amount_minor, p.currency]),
      [[1000, 'USD']],
    );
    assert.throws(
      () => map(subscriptions(sub([item('si_eur', price())], { currency: 'eur' }))),
      /object sub_x: field "items\.data\[0\]\.price\.currency" expected eur \(the subscription's currency\)/,
    );
  });

  it('needs the further pages of an embedded list that says has_more', () => {
    const long = sub([item('si_1', price())]);
    (long.items as Obj).has_more = true;
    assert.throws(() => map(subscriptions(long)), /field "items\.has_more" expected the rest of the items list/);
    const rest = {
      object: 'list',
      data: [item('si_2', price(), { subscription: 'sub_x' })],
      has_more: false,
      url: '/v1/subscription_items?subscription=sub_x',
    };
    assert.deepEqual(
      map(subscriptions(long), rest).items.map((i) => i.external_id),
      ['si_1', 'si_2'],
    );
  });

  it('refuses the same object twice with different contents, and unknown export keys', () => {
    const a = sub([item('si_1', price())]);
    const b = sub([item('si_1', price())], { status: 'canceled' });
    assert.throws(
      () => map(subscriptions(a), subscriptions(b)),
      /object sub_x: expected each subscription once, or identical copies/,
    );
    assert.equal(map(subscriptions(a), subscriptions(a)).subscriptions.length, 1);
    assert.throws(
      () => map({ subscription: subscriptions(a) }),
      /field "subscription" expected one of customers, subscriptions/,
    );
  });
});
