import { Fields, type Reference } from './fields.ts';
import type { SourcedObject, StripeInput } from './input.ts';

/**
 * Prices, products and coupons by id, for references that were not expanded. Filled from the export's lookup
 * lists (or the API) first, then from every expanded object met while mapping.
 */
export class Lookups {
  readonly prices = new Map<string, Fields>();
  readonly products = new Map<string, Fields>();
  readonly coupons = new Map<string, Fields>();

  static from(input: StripeInput): Lookups {
    const lookups = new Lookups();
    const fill = (map: Map<string, Fields>, objects: readonly SourcedObject[], what: string) => {
      for (const o of objects) {
        const fields = Fields.root(o.value, o.file, what);
        map.set(fields.id, fields);
      }
    };
    fill(lookups.prices, input.prices, 'price');
    fill(lookups.products, input.products, 'product');
    fill(lookups.coupons, input.coupons, 'coupon');
    return lookups;
  }

  /** The object behind a reference: the expanded one, else a known one by id; null when neither. */
  resolve(ref: Reference, map: Map<string, Fields>): Fields | null {
    if (ref.expanded !== null) {
      if (!map.has(ref.id)) map.set(ref.id, ref.expanded);
      return ref.expanded;
    }
    return map.get(ref.id) ?? null;
  }

  /** A product's name, when the product is expanded or listed; deleted products have none. */
  productName(ref: Reference | null): string | null {
    if (ref === null) return null;
    const product = this.resolve(ref, this.products);
    return product?.optStr('name') ?? null;
  }
}
