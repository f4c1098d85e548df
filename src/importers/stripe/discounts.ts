import type { Fields, Reference } from './fields.ts';
import type { Lookups } from './lookups.ts';
import type { DiscountRow } from './rows.ts';

interface Owner {
  subscriptionId: string;
  currency: string;
  /** Set for an item-level discount. */
  itemId: string | null;
}

/**
 * The discounts on a subscription or item: `discounts` (ids, or expanded Discount objects) and the classic single
 * `discount` object. An id that no expanded object explains cannot be mapped and is refused.
 */
export function readDiscounts(owner: Fields, lookups: Lookups, who: Owner): DiscountRow[] {
  const expanded = new Map<string, Fields>();
  const classic = owner.optObj('discount');
  if (classic !== null) expanded.set(discountId(classic, who), classic);
  const refs: Reference[] = owner.refs('discounts');
  refs.forEach((ref, i) => {
    if (ref.expanded !== null) expanded.set(ref.id, ref.expanded);
    else if (!expanded.has(ref.id)) {
      owner.fail(`discounts[${i}]`, 'an expanded discount object (list with expand data.discounts)', ref.id);
    }
  });
  return [...expanded.values()].map((discount) => mapDiscount(discount, lookups, who));
}

/** Classic discounts from before discount ids existed are named by subscription and coupon. */
function discountId(discount: Fields, who: Owner): string {
  return discount.optStr('id') ?? `${who.subscriptionId}:${couponRef(discount).id}`;
}

/**
 * A discount's id is its key when it belongs to this subscription; a customer-wide or item discount can show on
 * several subscriptions, so it is keyed per subscription.
 */
function externalId(discount: Fields, couponId: string, who: Owner): string {
  const id = discount.optStr('id');
  if (id === null) return `${who.subscriptionId}:${couponId}`;
  return discount.optStr('subscription') === who.subscriptionId ? id : `${id}:${who.subscriptionId}`;
}

function couponRef(discount: Fields): Reference {
  const source = discount.optObj('source');
  const ref = source?.optRef('coupon') ?? discount.optRef('coupon');
  return ref ?? discount.fail('source.coupon', 'the coupon of the discount', null);
}

function mapDiscount(discount: Fields, lookups: Lookups, who: Owner): DiscountRow {
  const ref = couponRef(discount);
  const coupon = lookups.resolve(ref, lookups.coupons);
  if (coupon === null) {
    return discount.fail('source.coupon', 'an expanded coupon, or the coupon in the export coupons list', ref.id);
  }
  const percentOff = coupon.optNumber('percent_off');
  let amountOff = coupon.optInt('amount_off', 0);
  let currency = amountOff === null ? null : coupon.currency('currency');
  // An amount-off coupon in another currency applies through its per-currency amount.
  if (amountOff !== null && currency !== who.currency) {
    const option = coupon.optObj('currency_options')?.optObj(who.currency.toLowerCase()) ?? null;
    if (option === null) {
      return coupon.fail(
        'currency',
        `${who.currency} (the subscription's currency) or an amount in currency_options`,
        currency,
      );
    }
    amountOff = option.int('amount_off', 0);
    currency = who.currency;
  }
  if ((percentOff === null) === (amountOff === null)) {
    coupon.fail('percent_off', 'exactly one of percent_off and amount_off', percentOff);
  }
  if (percentOff !== null && (percentOff < 0 || percentOff > 100)) {
    coupon.fail('percent_off', 'a percentage from 0 to 100', percentOff);
  }
  return {
    external_id: externalId(discount, ref.id, who),
    subscription: who.subscriptionId,
    subscription_item_external_id: who.itemId,
    coupon_id: ref.id,
    percent_off: percentOff,
    amount_off_minor: amountOff,
    currency,
    duration: coupon.optStr('duration'),
    starts_at: discount.timestamp('start'),
    ends_at: discount.optTimestamp('end'),
  };
}
