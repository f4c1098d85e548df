import type { InvoiceLineFields } from '../../store/tables.ts';
import { csvRows, KeyLines, mapColumns, type ColumnSpecs, type CsvRow } from './columns.ts';
import { requireRate, type RateCoverage } from './rates.ts';
import type { CsvTable } from './read.ts';

export const INVOICE_LINE_COLUMNS = {
  invoiceId: { names: ['invoice_id'], required: true },
  customerId: { names: ['customer_id', 'account_id'], required: true },
  lineId: { names: ['line_id', 'invoice_line_id'] },
  issuedAt: { names: ['issued_at', 'invoice_date', 'issued_on'], required: true },
  periodStart: { names: ['period_start'], required: true },
  periodEnd: { names: ['period_end'], required: true },
  amount: { names: ['amount'], required: true },
  currency: { names: ['currency'], required: true },
  discount: { names: ['discount'] },
  tax: { names: ['tax'] },
  quantity: { names: ['quantity'] },
  plan: { names: ['plan'] },
  subscriptionId: { names: ['subscription_id'] },
  subscriptionItemId: { names: ['subscription_item_id'] },
  description: { names: ['description'] },
  proration: { names: ['proration'] },
  recurring: { names: ['recurring'] },
  status: { names: ['status'] },
  number: { names: ['number', 'invoice_number'] },
} as const satisfies ColumnSpecs<string>;

type Field = keyof typeof INVOICE_LINE_COLUMNS;

export const INVOICE_STATUSES = ['draft', 'open', 'paid', 'void', 'uncollectible'] as const;

export interface InvoiceRow {
  external_id: string;
  account_external_id: string;
  subscription_external_id: string | null;
  number: string | null;
  status: string;
  currency: string;
  issued_at: string;
  subtotal_minor: number;
  discount_minor: number;
  tax_minor: number;
  total_minor: number;
}

export type InvoiceLineRow = InvoiceLineFields & { invoice_external_id: string };

interface Grouped {
  invoice: InvoiceRow;
  /** The invoice's first line in the file. */
  line: number;
  lines: number;
  /** Subscriptions its lines name; the invoice gets one only when there is exactly one. */
  subscriptions: Set<string>;
}

/** Invoice fields every line of one invoice repeats, and must repeat identically. */
const SHARED: readonly (readonly [Field, keyof InvoiceRow])[] = [
  ['customerId', 'account_external_id'],
  ['issuedAt', 'issued_at'],
  ['currency', 'currency'],
  ['status', 'status'],
  ['number', 'number'],
];

/**
 * Validates an invoice-lines file whole and groups it into invoices, whose totals come from their lines:
 * subtotal = Σ(amount + discount), discount = Σ discount, tax = Σ tax, total = Σ(amount + tax).
 */
export function parseInvoiceLines(
  table: CsvTable,
  options: { rates?: RateCoverage | undefined } = {},
): { invoices: InvoiceRow[]; lines: InvoiceLineRow[] } {
  const columns = mapColumns(table, INVOICE_LINE_COLUMNS);
  const keys = new KeyLines();
  const invoices = new Map<string, Grouped>();
  const lines: InvoiceLineRow[] = [];
  for (const row of csvRows(table, columns)) {
    const line = parseLine(row);
    if (line.recurring) requireRate(row, options.rates, 'currency', line.currency, line.period_start);
    const shared = parseShared(row, line.invoice_external_id);
    const group = invoices.get(line.invoice_external_id) ?? {
      invoice: shared,
      line: row.line,
      lines: 0,
      subscriptions: new Set(),
    };
    invoices.set(line.invoice_external_id, group);
    for (const [field, key] of SHARED) {
      if (group.invoice[key] !== shared[key]) {
        const expected = `the value on line ${group.line} of invoice ${line.invoice_external_id} (${String(group.invoice[key])})`;
        row.fail(row.columnName(field), expected, row.text(field) ?? '');
      }
    }
    group.lines += 1;
    if (line.subscription_external_id !== null) group.subscriptions.add(line.subscription_external_id);
    line.external_id ||= `${line.invoice_external_id}#${group.lines}`;
    keys.claim(row, line.external_id, row.columnName('lineId'), line.external_id);
    addToTotals(group.invoice, line, row);
    lines.push(line);
  }
  for (const { invoice, subscriptions } of invoices.values()) {
    const [only] = subscriptions;
    invoice.subscription_external_id = subscriptions.size === 1 ? (only ?? null) : null;
  }
  return { invoices: [...invoices.values()].map((e) => e.invoice), lines };
}

function parseLine(row: CsvRow<Field>): InvoiceLineRow {
  const currency = row.currency('currency');
  const start = row.date('periodStart') ?? row.fail(row.columnName('periodStart'), 'a date YYYY-MM-DD', '');
  const end = row.date('periodEnd') ?? row.fail(row.columnName('periodEnd'), 'a date YYYY-MM-DD', '');
  if (end < start) {
    row.fail(row.columnName('periodEnd'), `a date on or after ${row.columnName('periodStart')} ${start}`, end);
  }
  return {
    external_id: row.text('lineId') ?? '',
    invoice_external_id: row.required('invoiceId'),
    subscription_external_id: row.text('subscriptionId'),
    subscription_item_external_id: row.text('subscriptionItemId'),
    plan: row.text('plan'),
    description: row.text('description'),
    quantity: row.count('quantity'),
    amount_minor: row.amount('amount', currency) ?? row.fail(row.columnName('amount'), 'an amount', ''),
    discount_minor: row.amount('discount', currency) ?? 0,
    tax_minor: row.amount('tax', currency) ?? 0,
    currency,
    period_start: start,
    period_end: end,
    proration: row.boolean('proration') ?? false,
    recurring: row.boolean('recurring') ?? true,
  };
}

function parseShared(row: CsvRow<Field>, invoiceId: string): InvoiceRow {
  const status = (row.text('status') ?? 'paid').toLowerCase();
  if (!(INVOICE_STATUSES as readonly string[]).includes(status)) {
    row.fail(
      row.columnName('status'),
      `one of ${INVOICE_STATUSES.join(', ')} (or empty for paid)`,
      row.text('status') ?? '',
    );
  }
  return {
    external_id: invoiceId,
    account_external_id: row.required('customerId'),
    subscription_external_id: null,
    number: row.text('number'),
    status,
    currency: row.currency('currency'),
    issued_at:
      row.timestamp('issuedAt') ??
      row.fail(row.columnName('issuedAt'), 'a date YYYY-MM-DD or an ISO 8601 timestamp', ''),
    subtotal_minor: 0,
    discount_minor: 0,
    tax_minor: 0,
    total_minor: 0,
  };
}

function addToTotals(invoice: InvoiceRow, line: InvoiceLineRow, row: CsvRow<Field>): void {
  invoice.subtotal_minor += line.amount_minor + line.discount_minor;
  invoice.discount_minor += line.discount_minor;
  invoice.tax_minor += line.tax_minor;
  invoice.total_minor += line.amount_minor + line.tax_minor;
  if (!Number.isSafeInteger(invoice.subtotal_minor) || !Number.isSafeInteger(invoice.total_minor)) {
    row.fail(row.columnName('amount'), 'invoice totals within 2^53 minor units', String(invoice.total_minor));
  }
}
