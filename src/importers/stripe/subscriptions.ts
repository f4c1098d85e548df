import { readDiscounts } from './discounts.ts';
import type { Fields } from './fields.ts';
import { inCurrency, readPrice, unitAmountFor, type PriceTerms } from './prices.ts';
import { STRIPE_SOURCE, type DiscountRow, type ItemRow, type SubscriptionRow } from './rows.ts';
import type { MapState } from './state.ts';

export interface MappedSubscription {
  subscription: SubscriptionRow;
  items: ItemRow[];
  discounts: DiscountRow[];
}

interface MappedItem {
  row: ItemRow;
  periodStart: string | null;
  periodEnd: string | null;
}

/**
 * A subscription with its items and discounts. Its billing cycle is its first licensed item's; the current period
 * is on the subscription in classic API versions and on each item in current ones.
 */
export function mapSubscription(sub: Fields, state: MapState): MappedSubscription {
  const id = sub.id;
  const account = state.customer(sub.ref('customer'));
  const currency = sub.currency('currency');
  const elements = state.fullList(sub, 'items');
  if (elements.length === 0) sub.fail('items.data', 'at least one subscription item', []);
  const items = elements.map((item) => mapItem(item, id, currency, state));
  const cycle = items.find((i) => !i.row.metered) ?? items[0];
  const discounts = readDiscounts(sub, state.lookups, { subscriptionId: id, currency, itemId: null });
  elements.forEach((item) => {
    discounts.push(...readDiscounts(item, state.lookups, { subscriptionId: id, currency, itemId: item.id }));
  });
  const starts = items.map((i) => i.periodStart).filter((t) => t !== null);
  const ends = items.map((i) => i.periodEnd).filter((t) => t !== null);
  const periodEnd = sub.optTimestamp('current_period_end') ?? ends.sort().at(-1) ?? null;
  // Older API versions leave cancel_at empty on a cancellation at period end: it ends with the current period.
  const atPeriodEnd = sub.bool('cancel_at_period_end', false) && sub.optTimestamp('ended_at') === null;
  return {
    subscription: {
      external_id: id,
      account,
      status: sub.str('status'),
      currency,
      billing_interval: cycle?.row.billing_interval ?? 'month',
      interval_count: cycle?.row.interval_count ?? 1,
      started_at: sub.has('start_date') ? sub.timestamp('start_date') : sub.timestamp('created'),
      trial_start: sub.optTimestamp('trial_start'),
      trial_end: sub.optTimestamp('trial_end'),
      current_period_start: sub.optTimestamp('current_period_start') ?? starts.sort()[0] ?? null,
      current_period_end: periodEnd,
      cancel_at: sub.optTimestamp('cancel_at') ?? (atPeriodEnd ? periodEnd : null),
      canceled_at: sub.optTimestamp('canceled_at'),
      ended_at: sub.optTimestamp('ended_at'),
      attributes: {
        cancel_at_period_end: sub.bool('cancel_at_period_end', false),
        ...cancellationDetails(sub),
        collection_method: sub.optStr('collection_method'),
        metadata: sub.metadata(),
        ...pauseCollection(sub),
      },
      source: STRIPE_SOURCE,
    },
    items: items.map((i) => i.row),
    discounts,
  };
}

/** Stripe `cancellation_details` (reason, customer feedback and comment), when it says anything. */
function cancellationDetails(sub: Fields): {
  cancellation_details?: { reason: string | null; feedback: string | null; comment: string | null };
} {
  const details = sub.optObj('cancellation_details');
  if (details === null) return {};
  const [reason, feedback, comment] = [details.optStr('reason'), details.optStr('feedback'), details.optStr('comment')];
  if (reason === null && feedback === null && comment === null) return {};
  return { cancellation_details: { reason, feedback, comment } };
}

/** Stripe `pause_collection` while collection is paused: how its invoices are treated and when it resumes. */
function pauseCollection(sub: Fields): { pause_collection?: { behavior: string; resumes_at: string | null } } {
  const pause = sub.optObj('pause_collection');
  if (pause === null) return {};
  return { pause_collection: { behavior: pause.str('behavior'), resumes_at: pause.optTimestamp('resumes_at') } };
}

function mapItem(item: Fields, subscriptionId: string, currency: string, state: MapState): MappedItem {
  const { fields, terms, field } = itemPrice(item, state);
  if (terms.interval === null) {
    item.fail(`${field}.recurring`, 'a recurring price on a subscription item', null);
  }
  state.plan(terms);
  const local = inCurrency(fields, terms, currency);
  // Metered items carry no quantity: usage is billed after the fact.
  const quantity = item.optInt('quantity', 0) ?? (terms.metered ? 0 : 1);
  return {
    row: {
      external_id: item.id,
      subscription: subscriptionId,
      plan: terms.id,
      quantity,
      unit_amount_minor: unitAmountFor(local, quantity, item),
      currency,
      billing_interval: terms.interval,
      interval_count: terms.intervalCount,
      metered: terms.metered,
    },
    periodStart: item.optTimestamp('current_period_start'),
    periodEnd: item.optTimestamp('current_period_end'),
  };
}

/** An item's `price` object, or its classic `plan` object; an id alone resolves through the prices list. */
function itemPrice(item: Fields, state: MapState): { fields: Fields; terms: PriceTerms; field: string } {
  const field = item.has('price') ? 'price' : 'plan';
  const ref = item.optRef(field);
  if (ref === null) return item.fail('price', 'the price of the subscription item', null);
  const price = state.lookups.resolve(ref, state.lookups.prices);
  if (price === null) return item.fail(field, 'an expanded price, or the price in the export prices list', ref.id);
  return { fields: price, terms: readPrice(price, state.lookups), field };
}
