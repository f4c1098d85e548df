import { dateFromUnix, type Fields } from './fields.ts';
import { readPrice } from './prices.ts';
import { STRIPE_SOURCE, type InvoiceLineRow, type InvoiceRow } from './rows.ts';
import type { MapState } from './state.ts';

export interface MappedInvoice {
  invoice: InvoiceRow;
  lines: InvoiceLineRow[];
}

/** Sums the `amount` of each element of an array field (discount amounts, taxes). */
function sumAmounts(parent: Fields, name: string, keep: (element: Fields) => boolean = () => true): number {
  return parent
    .objects(name)
    .filter(keep)
    .reduce((sum, element) => sum + element.int('amount'), 0);
}

/**
 * Discounts of an invoice or line: `discount_amounts` (line) / `total_discount_amounts` (invoice), else the
 * discount part of the pretax credits that newer API versions list as well (never both: they repeat each other).
 */
function discountOf(parent: Fields, amountsField: string, creditsField: string): number {
  if (parent.has(amountsField)) return sumAmounts(parent, amountsField);
  return sumAmounts(parent, creditsField, (credit) => credit.optStr('type') === 'discount');
}

/** Tax of a line: `taxes` (current API, `tax_behavior`) or `tax_amounts` (classic, `inclusive`). */
function lineTax(line: Fields): { total: number; inclusive: number } {
  const current = line.has('taxes');
  const taxes = line.objects(current ? 'taxes' : 'tax_amounts');
  let total = 0;
  let inclusive = 0;
  for (const tax of taxes) {
    const amount = tax.int('amount');
    total += amount;
    if (current ? tax.optStr('tax_behavior') === 'inclusive' : tax.bool('inclusive', false)) inclusive += amount;
  }
  return { total, inclusive };
}

/** Invoice tax: `total_taxes` (current API), else `tax` or `total_tax_amounts` (classic). */
function invoiceTax(invoice: Fields): number {
  if (invoice.has('total_taxes')) return sumAmounts(invoice, 'total_taxes');
  if (invoice.has('tax')) return invoice.int('tax');
  return sumAmounts(invoice, 'total_tax_amounts');
}

export function mapInvoice(invoice: Fields, state: MapState): MappedInvoice {
  const id = invoice.id;
  const customer = invoice.optRef('customer');
  if (customer === null) invoice.fail('customer', 'the id of the invoice customer', invoice.raw('customer'));
  const currency = invoice.currency('currency');
  const details = invoice.optObj('parent')?.optObj('subscription_details');
  const subscription = details?.optRef('subscription') ?? invoice.optRef('subscription');
  const lines = state.fullList(invoice, 'lines').map((line) => mapLine(line, id, currency, state));
  const row: InvoiceRow = {
    external_id: id,
    account: state.customer(customer),
    subscription_external_id: subscription?.id ?? null,
    number: invoice.optStr('number'),
    // Stripe leaves status empty only on invoices that were never finalized.
    status: invoice.optStr('status') ?? 'draft',
    currency,
    issued_at: invoice.optTimestamp('effective_at') ?? invoice.timestamp('created'),
    subtotal_minor: invoice.int('subtotal'),
    discount_minor: discountOf(invoice, 'total_discount_amounts', 'total_pretax_credit_amounts'),
    tax_minor: invoiceTax(invoice),
    total_minor: invoice.int('total'),
    attributes: {
      billing_reason: invoice.optStr('billing_reason'),
      amount_due: invoice.optInt('amount_due'),
      amount_paid: invoice.optInt('amount_paid'),
      metadata: invoice.metadata(),
      // An unpaid invoice's grace runs from its due date (send_invoice); one charged automatically is due when issued.
      ...(invoice.has('due_date') ? { due_date: invoice.timestamp('due_date') } : {}),
    },
    source: STRIPE_SOURCE,
  };
  return { invoice: row, lines };
}

/**
 * A line's amount is after discounts and before tax: Stripe's `amount` less its discount amounts, less any tax
 * included in the price (`inclusive` tax is part of `amount`; `exclusive` tax is added on top of it).
 */
function mapLine(line: Fields, invoiceId: string, currency: string, state: MapState): InvoiceLineRow {
  const lineId = line.id;
  const parent = line.optObj('parent');
  const item = parent?.optObj('subscription_item_details') ?? null;
  const invoiceItem = parent?.optObj('invoice_item_details') ?? null;
  const priceRef =
    line.optObj('pricing')?.optObj('price_details')?.optRef('price') ?? line.optRef('price') ?? line.optRef('plan');
  const price = priceRef === null ? null : state.lookups.resolve(priceRef, state.lookups.prices);
  const terms = price === null ? null : readPrice(price, state.lookups);
  if (terms !== null) state.plan(terms);
  if (line.has('currency') && line.currency('currency') !== currency) {
    line.fail('currency', `the invoice's currency ${currency.toLowerCase()}`, line.raw('currency'));
  }
  const period = line.obj('period');
  const start = period.int('start', 0);
  const end = period.int('end', 0);
  if (end < start) period.fail('end', `a time at or after period.start (${start})`, end);
  const proration =
    item?.bool('proration', false) ?? invoiceItem?.bool('proration', false) ?? line.bool('proration', false);
  const discount = discountOf(line, 'discount_amounts', 'pretax_credit_amounts');
  const tax = lineTax(line);
  return {
    // Old API versions named subscription lines by the subscription id, the same on every invoice.
    external_id: lineId.startsWith('sub_') ? `${invoiceId}:${lineId}` : lineId,
    invoice: invoiceId,
    subscription_external_id:
      item?.optStr('subscription') ?? invoiceItem?.optStr('subscription') ?? line.optRef('subscription')?.id ?? null,
    subscription_item_external_id: item?.optStr('subscription_item') ?? line.optStr('subscription_item'),
    plan: priceRef?.id ?? null,
    description: line.optStr('description'),
    quantity: line.optInt('quantity', 0),
    amount_minor: line.int('amount') - discount - tax.inclusive,
    discount_minor: discount,
    tax_minor: tax.total,
    currency,
    period_start: dateFromUnix(start),
    period_end: dateFromUnix(end),
    proration,
    // Recurring when the price says so; without the price, when the line bills a subscription item.
    recurring:
      terms !== null ? terms.interval !== null : item !== null || line.optStr('type') === 'subscription' || proration,
  };
}
