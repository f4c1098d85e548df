import type { Fields } from './fields.ts';
import type { Lookups } from './lookups.ts';
import { STRIPE_SOURCE, type PlanRow } from './rows.ts';

export const INTERVALS = ['day', 'week', 'month', 'year'] as const;

interface Tier {
  upTo: number | null;
  unit: number;
  flat: number;
}

/** What a price (or a classic plan object) says about money and billing cycle. */
export interface PriceTerms {
  id: string;
  currency: string;
  /** Null for a one-time price. */
  interval: string | null;
  intervalCount: number;
  metered: boolean;
  /** Per unit in minor units; null for a tiered price, whose amount depends on the quantity. */
  unitAmountMinor: number | null;
  tiers: { mode: 'graduated' | 'volume'; tiers: Tier[] } | null;
  productId: string | null;
  productName: string | null;
  nickname: string | null;
  lookupKey: string | null;
  billingScheme: string;
}

/**
 * Reads a `price` object, or a classic `plan` object (`amount`, `interval` at the top level).
 * Fractional unit amounts (`unit_amount_decimal`) are rounded to whole minor units.
 */
export function readPrice(price: Fields, lookups: Lookups): PriceTerms {
  const isPlan = price.optStr('object') === 'plan';
  const id = price.id;
  const cycle = isPlan ? (price.has('interval') ? price : null) : price.optObj('recurring');
  const billingScheme = price.optStr('billing_scheme') ?? 'per_unit';
  const amountField = isPlan ? 'amount' : 'unit_amount';
  const productRef = price.optRef('product');
  return {
    id,
    currency: price.currency('currency'),
    interval: cycle === null ? null : cycle.oneOf('interval', INTERVALS),
    intervalCount: cycle?.optInt('interval_count', 1) ?? 1,
    metered: cycle?.optStr('usage_type') === 'metered',
    ...amountsOf(price, amountField, billingScheme, price),
    productId: productRef?.id ?? null,
    productName: lookups.productName(productRef),
    nickname: price.optStr('nickname'),
    lookupKey: price.optStr('lookup_key'),
    billingScheme,
  };
}

/** A multi-currency price bills another currency at the amount its `currency_options` give for it. */
export function inCurrency(price: Fields, terms: PriceTerms, currency: string): PriceTerms {
  if (terms.currency === currency) return terms;
  const option = price.optObj('currency_options')?.optObj(currency.toLowerCase()) ?? null;
  if (option === null) {
    return price.fail(
      'currency',
      `${currency.toLowerCase()} (the subscription's currency), or an amount for it in currency_options`,
      price.raw('currency'),
    );
  }
  return { ...terms, currency, ...amountsOf(option, 'unit_amount', terms.billingScheme, price) };
}

function amountsOf(
  source: Fields,
  amountField: string,
  billingScheme: string,
  price: Fields,
): Pick<PriceTerms, 'unitAmountMinor' | 'tiers'> {
  if (billingScheme === 'tiered') {
    const mode = () => price.oneOf('tiers_mode', ['graduated', 'volume']);
    return { unitAmountMinor: null, tiers: source.has('tiers') ? { mode: mode(), tiers: readTiers(source) } : null };
  }
  const whole = source.optInt(amountField, 0);
  if (whole !== null) return { unitAmountMinor: whole, tiers: null };
  const decimal = source.optDecimal(`${amountField}_decimal`);
  if (decimal === null || Number(decimal) < 0) {
    const expected = `an amount in minor units (${amountField} or ${amountField}_decimal)`;
    return source.fail(amountField, expected, source.raw(amountField));
  }
  return { unitAmountMinor: Math.round(Number(decimal)), tiers: null };
}

function readTiers(price: Fields): Tier[] {
  return price.objects('tiers').map((tier) => ({
    upTo: tier.optInt('up_to', 1),
    unit: tier.optInt('unit_amount', 0) ?? Number(tier.optDecimal('unit_amount_decimal') ?? 0),
    flat: tier.optInt('flat_amount', 0) ?? Number(tier.optDecimal('flat_amount_decimal') ?? 0),
  }));
}

/**
 * The per-unit amount of a quantity on an item: the price's unit amount, or for a tiered price the tiers'
 * total for that quantity spread evenly over the units (rounded to minor units).
 */
export function unitAmountFor(terms: PriceTerms, quantity: number, item: Fields): number {
  if (terms.unitAmountMinor !== null) return terms.unitAmountMinor;
  if (terms.tiers === null) {
    return item.fail('price.tiers', 'the tiers of a tiered price (expand data.items.data.price.tiers)');
  }
  if (quantity === 0) return 0;
  return Math.round(tieredTotal(terms.tiers.mode, terms.tiers.tiers, quantity) / quantity);
}

/** Stripe's tier arithmetic: volume prices every unit at the tier the quantity falls in; graduated fills tiers in turn. */
export function tieredTotal(mode: 'graduated' | 'volume', tiers: readonly Tier[], quantity: number): number {
  if (mode === 'volume') {
    const tier = tiers.find((t) => t.upTo === null || quantity <= t.upTo) ?? tiers.at(-1);
    return tier === undefined ? 0 : quantity * tier.unit + tier.flat;
  }
  let total = 0;
  let below = 0;
  for (const tier of tiers) {
    if (quantity <= below) break;
    const top = tier.upTo === null ? quantity : Math.min(quantity, tier.upTo);
    total += (top - below) * tier.unit + tier.flat;
    below = top;
  }
  return total;
}

export function planRow(terms: PriceTerms): PlanRow {
  const attributes: Record<string, unknown> = { billing_scheme: terms.billingScheme };
  if (terms.lookupKey !== null) attributes.lookup_key = terms.lookupKey;
  if (terms.metered) attributes.usage_type = 'metered';
  if (terms.productId !== null) attributes.product_id = terms.productId;
  if (terms.tiers !== null) attributes.tiers_mode = terms.tiers.mode;
  return {
    external_id: terms.id,
    name: terms.nickname ?? terms.productName ?? terms.id,
    product: terms.productName ?? terms.productId,
    billing_interval: terms.interval,
    interval_count: terms.intervalCount,
    unit_amount_minor: terms.unitAmountMinor,
    currency: terms.currency,
    attributes,
    source: STRIPE_SOURCE,
  };
}
