import type { Progress } from '../../core/progress.ts';
import { InputError } from '../../core/errors.ts';
import { mapCustomer } from './customers.ts';
import { Fields } from './fields.ts';
import { objectCount, type SourcedObject, type StripeInput } from './input.ts';
import { mapInvoice } from './invoices.ts';
import type { StripeRows } from './rows.ts';
import { MapState } from './state.ts';
import { mapSubscription } from './subscriptions.ts';

/**
 * Maps and validates every Stripe object before anything is written: the first bad field throws an InputError
 * naming the file, the object id and the field. Customers come first so that listed customers win over expanded
 * copies; subscriptions before invoices so that invoice lines can resolve their prices by id.
 */
export function mapStripeInput(input: StripeInput, progress: Progress): StripeRows {
  const state = new MapState(input);
  const rows: StripeRows = {
    accounts: [],
    implicitAccounts: [],
    plans: [],
    subscriptions: [],
    items: [],
    discounts: [],
    invoices: [],
    lines: [],
  };
  progress.start(objectCount(input), 'Mapping Stripe objects');
  let done = 0;
  const each = (objects: readonly SourcedObject[], what: string, fn: (fields: Fields) => void) => {
    for (const object of objects) {
      fn(Fields.root(object.value, object.file, what));
      progress.update(++done);
    }
  };
  const unique = new UniqueKeys();
  each(input.customers, 'customer', (customer) => {
    state.accounts.set(customer.id, mapCustomer(customer));
  });
  each(input.subscriptions, 'subscription', (sub) => {
    const mapped = mapSubscription(sub, state);
    rows.subscriptions.push(mapped.subscription);
    for (const item of mapped.items) unique.check(sub, 'subscription item', item.external_id);
    for (const discount of mapped.discounts) unique.check(sub, 'discount', discount.external_id);
    rows.items.push(...mapped.items);
    rows.discounts.push(...mapped.discounts);
  });
  each(input.invoices, 'invoice', (invoice) => {
    const mapped = mapInvoice(invoice, state);
    rows.invoices.push(mapped.invoice);
    for (const line of mapped.lines) unique.check(invoice, 'invoice line', line.external_id);
    rows.lines.push(...mapped.lines);
  });
  progress.stop();

  rows.accounts = [...state.accounts.values()];
  rows.implicitAccounts = [...state.referencedCustomers].filter((id) => !state.accounts.has(id)).sort();
  rows.plans = [...state.plans.values()];
  return rows;
}

/** Child rows share one key space per table: an item, discount or line id met twice is refused. */
class UniqueKeys {
  private readonly owners = new Map<string, string>();

  check(parent: Fields, what: string, key: string): void {
    const name = `${what}\u0000${key}`;
    const owner = this.owners.get(name);
    if (owner !== undefined) {
      const where = owner === parent.id ? 'twice in this object' : `also in ${owner}`;
      throw new InputError(parent.location, undefined, `each ${what} once (${key} appears ${where})`);
    }
    this.owners.set(name, parent.id);
  }
}
