import { mapCustomer, isDeletedCustomer } from './customers.ts';
import { Fields, type Reference } from './fields.ts';
import type { ChildPage, StripeInput } from './input.ts';
import { Lookups } from './lookups.ts';
import { planRow, type PriceTerms } from './prices.ts';
import type { AccountRow, PlanRow } from './rows.ts';

/** What mapping gathers across objects: accounts, plans, referenced customers and lookups. */
export class MapState {
  readonly lookups: Lookups;
  readonly accounts = new Map<string, AccountRow>();
  readonly plans = new Map<string, PlanRow>();
  readonly referencedCustomers = new Set<string>();
  private readonly linePages: Map<string, ChildPage[]>;
  private readonly itemPages: Map<string, ChildPage[]>;

  constructor(input: StripeInput) {
    this.lookups = Lookups.from(input);
    this.linePages = byParent(input.invoiceLinePages);
    this.itemPages = byParent(input.subscriptionItemPages);
  }

  /** The customer id of a reference; an expanded customer not listed in the input becomes an account itself. */
  customer(ref: Reference): string {
    this.referencedCustomers.add(ref.id);
    if (ref.expanded !== null && !this.accounts.has(ref.id) && !isDeletedCustomer(ref.expanded)) {
      this.accounts.set(ref.id, mapCustomer(ref.expanded));
    }
    return ref.id;
  }

  /** Records a price as a plan; a later sighting that knows the product's name improves an earlier one. */
  plan(terms: PriceTerms): void {
    const row = planRow(terms);
    const before = this.plans.get(row.external_id);
    if (before === undefined || (before.product === terms.productId && terms.productName !== null)) {
      this.plans.set(row.external_id, row);
    }
  }

  /** A list embedded in a top-level object, completed with its further pages when it says `has_more`. */
  fullList(parent: Fields, name: 'lines' | 'items'): Fields[] {
    const list = parent.list(name);
    if (!list.hasMore) return list.data;
    const pages = (name === 'lines' ? this.linePages : this.itemPages).get(parent.id) ?? [];
    if (!pages.some((page) => !page.hasMore)) {
      parent.fail(`${name}.has_more`, `the rest of the ${name} list as further list pages in the export`, true);
    }
    const merged = new Map<string, Fields>();
    for (const element of list.data) merged.set(element.id, element);
    for (const page of pages) {
      page.data.forEach((object, i) => {
        const element = new Fields(object, { file: page.file, objectId: parent.id }, `${name}.data[${i}]`);
        if (!merged.has(element.id)) merged.set(element.id, element);
      });
    }
    return [...merged.values()];
  }
}

function byParent(pages: readonly ChildPage[]): Map<string, ChildPage[]> {
  const map = new Map<string, ChildPage[]>();
  for (const page of pages) map.set(page.parentId, [...(map.get(page.parentId) ?? []), page]);
  return map;
}
