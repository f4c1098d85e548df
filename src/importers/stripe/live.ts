import Stripe from 'stripe';
import { UsageError } from '../../core/errors.ts';
import { isObject, type JsonObject } from './fields.ts';
import { emptyInput, type SourcedObject, type StripeInput } from './input.ts';

export const DEFAULT_API_BASE = 'https://api.stripe.com';

export interface LiveOptions {
  apiKey: string;
  /** Where the API lives, e.g. `http://127.0.0.1:12111` for a test server; Stripe's own by default. */
  apiBase?: string | undefined;
  /** Objects per list page (Stripe allows 1 to 100). */
  pageSize?: number | undefined;
}

/** A client of the official library, pointed at `apiBase` through its host, port and protocol options. */
export function stripeClient(options: LiveOptions): Stripe {
  const config: Stripe.StripeConfig = { telemetry: false, maxNetworkRetries: 2, appInfo: { name: 'tenure' } };
  if (options.apiBase !== undefined) {
    let url: URL;
    try {
      url = new URL(options.apiBase);
    } catch {
      throw new UsageError(`--api-base must be a URL like https://api.stripe.com, found "${options.apiBase}"`);
    }
    if (!['http:', 'https:'].includes(url.protocol) || url.pathname !== '/' || url.search !== '') {
      throw new UsageError(`--api-base must be an http(s) origin without a path, found "${options.apiBase}"`);
    }
    config.protocol = url.protocol === 'http:' ? 'http' : 'https';
    config.host = url.hostname;
    config.port = url.port === '' ? (config.protocol === 'http' ? 80 : 443) : Number(url.port);
  }
  return new Stripe(options.apiKey, config);
}

/** Every element of an auto-paginated list (autoPagingToArray caps at 10,000). */
async function all<T>(list: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const element of list) out.push(element);
  return out;
}

function json(value: object): JsonObject {
  if (!isObject(value)) throw new Error('internal: the Stripe client returned a non-object');
  return value;
}

/**
 * Fetches every customer, subscription (all statuses) and invoice, page by page, with the sub-objects the mapping
 * needs expanded. Stripe expands at most four levels deep, so product names and item-level coupons come from the
 * products and coupons lists instead, fetched only when something refers to them by id.
 */
export async function fetchStripeInput(client: Stripe, options: LiveOptions): Promise<StripeInput> {
  const source = options.apiBase ?? DEFAULT_API_BASE;
  const file = `Stripe API ${source}`;
  const limit = options.pageSize ?? 100;
  const input = emptyInput(source);
  const add = (list: SourcedObject[], value: object) => list.push({ file, value: json(value) });

  for await (const customer of client.customers.list({ limit })) add(input.customers, customer);

  const productIds = new Set<string>();
  const couponIds = new Set<string>();
  const subscriptions = client.subscriptions.list({
    limit,
    status: 'all',
    expand: ['data.discounts.source.coupon', 'data.items.data.discounts'],
  });
  for await (const subscription of subscriptions) {
    if (subscription.items.has_more) {
      const items = await all(
        client.subscriptionItems.list({ subscription: subscription.id, limit, expand: ['data.discounts'] }),
      );
      subscription.items = { ...subscription.items, data: items, has_more: false };
    }
    for (const item of subscription.items.data) {
      if (typeof item.price.product === 'string') productIds.add(item.price.product);
      for (const discount of item.discounts) {
        if (typeof discount !== 'string' && typeof discount.source.coupon === 'string') {
          couponIds.add(discount.source.coupon);
        }
      }
    }
    add(input.subscriptions, subscription);
  }

  for await (const invoice of client.invoices.list({ limit })) {
    if (invoice.lines.has_more) {
      const lines = await all(client.invoices.listLineItems(invoice.id, { limit }));
      invoice.lines = { ...invoice.lines, data: lines, has_more: false };
    }
    add(input.invoices, invoice);
  }

  if (productIds.size > 0) {
    for await (const product of client.products.list({ limit })) {
      if (productIds.has(product.id)) add(input.products, product);
    }
  }
  if (couponIds.size > 0) {
    for await (const coupon of client.coupons.list({ limit })) {
      if (couponIds.has(coupon.id)) add(input.coupons, coupon);
    }
  }
  return dedupe(input);
}

/** Fetches the input live; API failures (bad key, unreachable host) become one plain message naming the API. */
export async function fetchLive(options: LiveOptions): Promise<StripeInput> {
  try {
    return await fetchStripeInput(stripeClient(options), options);
  } catch (error) {
    if (error instanceof Stripe.errors.StripeError) {
      throw new Error(`Stripe API ${options.apiBase ?? DEFAULT_API_BASE}: ${error.message}`, { cause: error });
    }
    throw error;
  }
}

/** A list that changes while it is paged can show an object twice; the later copy is the fresher one. */
function dedupe(input: StripeInput): StripeInput {
  const unique = (list: SourcedObject[]) => [...new Map(list.map((o) => [String(o.value.id), o])).values()];
  return {
    ...input,
    customers: unique(input.customers),
    subscriptions: unique(input.subscriptions),
    invoices: unique(input.invoices),
  };
}
