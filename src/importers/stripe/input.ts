import type { JsonObject } from './fields.ts';

/** One Stripe object and where it was read from (a file, or the API). */
export interface SourcedObject {
  file: string;
  value: JsonObject;
}

/**
 * A further page of a list embedded in a parent (an invoice's `lines`, a subscription's `items`),
 * for parents whose embedded list says `has_more`.
 */
export interface ChildPage {
  file: string;
  parentId: string;
  data: JsonObject[];
  hasMore: boolean;
}

export const TOP_KINDS = ['customers', 'subscriptions', 'invoices'] as const;
export const LOOKUP_KINDS = ['prices', 'products', 'coupons'] as const;
export type ObjectKind = (typeof TOP_KINDS)[number] | (typeof LOOKUP_KINDS)[number];

/** Stripe's `object` value for each kind of list this importer reads. */
export const OBJECT_NAMES: Readonly<Record<ObjectKind, string>> = {
  customers: 'customer',
  subscriptions: 'subscription',
  invoices: 'invoice',
  prices: 'price',
  products: 'product',
  coupons: 'coupon',
};

/** The Stripe objects of one import, from an export or from the API, before any mapping. */
export interface StripeInput {
  /** For the summary and the import log: the export path, or the API base. */
  source: string;
  customers: SourcedObject[];
  subscriptions: SourcedObject[];
  invoices: SourcedObject[];
  /** Lookups only: to name products and resolve ids that were not expanded. Not imported by themselves. */
  prices: SourcedObject[];
  products: SourcedObject[];
  coupons: SourcedObject[];
  invoiceLinePages: ChildPage[];
  subscriptionItemPages: ChildPage[];
}

export function emptyInput(source: string): StripeInput {
  return {
    source,
    customers: [],
    subscriptions: [],
    invoices: [],
    prices: [],
    products: [],
    coupons: [],
    invoiceLinePages: [],
    subscriptionItemPages: [],
  };
}

export function objectCount(input: StripeInput): number {
  return input.customers.length + input.subscriptions.length + input.invoices.length;
}
