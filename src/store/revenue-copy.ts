// Bulk reads of the billing records through COPY (text format): `COPY … TO STDOUT` on a server, PGlite's
// `TO '/dev/blob'` on the embedded store. Rows are parsed column by column, without a row object per
// value from the driver. Stores without COPY (test doubles) fall back to the row queries.
import type { InvoiceLineInput, SubscriptionPeriodInput } from '../core/revenue/index.ts';
import type { Queryable } from './types.ts';

/** Unescapes a COPY text field (`\N` is null); most fields have no backslash at all. */
function field(text: string | undefined): string | null {
  if (text === undefined || text === '\\N') return null;
  if (!text.includes('\\')) return text;
  return text.replace(/\\(.)/g, (_, c: string) =>
    c === 't' ? '\t' : c === 'n' ? '\n' : c === 'r' ? '\r' : c === 'b' ? '\b' : c === 'f' ? '\f' : c,
  );
}

/**
 * Calls `row` once per line of COPY text with the offsets of its fields: field k is text.slice(starts[k],
 * ends[k]). One pass with indexOf, no array per line (a million rows make a million arrays otherwise).
 */
function eachRow(text: string, columns: number, row: (starts: Int32Array, ends: Int32Array) => void): void {
  const starts = new Int32Array(columns);
  const ends = new Int32Array(columns);
  let at = 0;
  while (at < text.length) {
    let lineEnd = text.indexOf('\n', at);
    if (lineEnd < 0) lineEnd = text.length;
    for (let k = 0; k < columns; k++) {
      starts[k] = at;
      let tab = k === columns - 1 ? lineEnd : text.indexOf('\t', at);
      if (tab < 0 || tab > lineEnd) tab = lineEnd;
      ends[k] = tab;
      at = tab + 1;
    }
    row(starts, ends);
    at = lineEnd + 1;
  }
}

/** A whole number written in decimal digits (optionally negative), read without a substring. */
function intAt(text: string, start: number, end: number): number {
  let i = start;
  const negative = text.charCodeAt(i) === 45;
  if (negative) i++;
  let value = 0;
  for (; i < end; i++) value = value * 10 + (text.charCodeAt(i) - 48);
  return negative ? -value : value;
}

/** Account id bounds [from, to) of one bulk read; null reads every account. */
export type AccountRange = { from: number; to: number } | null;

const inRange = (column: string, range: AccountRange) =>
  range === null ? 'TRUE' : `${column} >= ${Math.trunc(range.from)} AND ${column} < ${Math.trunc(range.to)}`;

export async function copyPeriods(store: Queryable, range: AccountRange): Promise<SubscriptionPeriodInput[] | null> {
  const copyOut = store.copyOut?.bind(store);
  if (!copyOut) return null;
  const text = await copyOut(
    `COPY (SELECT id, account_id, subscription_external_id, start_on, end_on, monthly_amount_minor, currency, plan, quantity
           FROM subscription_periods WHERE ${inRange('account_id', range)} ORDER BY account_id, id) TO STDOUT`,
  );
  const out: SubscriptionPeriodInput[] = [];
  eachRow(text, 9, (st, en) => {
    const f = (k: number) => field(text.slice(st[k], en[k]));
    const quantity = f(8);
    out.push({
      id: intAt(text, st[0] ?? 0, en[0] ?? 0),
      accountId: intAt(text, st[1] ?? 0, en[1] ?? 0),
      subscriptionId: f(2) ?? '',
      startOn: text.slice(st[3], en[3]),
      endOn: f(4),
      monthlyAmountMinor: intAt(text, st[5] ?? 0, en[5] ?? 0),
      currency: text.slice(st[6], en[6]),
      plan: f(7),
      quantity: quantity === null ? null : Number(quantity),
    });
  });
  return out;
}

export async function copyInvoiceLines(store: Queryable, range: AccountRange): Promise<InvoiceLineInput[] | null> {
  const copyOut = store.copyOut?.bind(store);
  if (!copyOut) return null;
  const text = await copyOut(
    `COPY (SELECT l.id, i.account_id, COALESCE(l.subscription_external_id, i.subscription_external_id),
                  l.plan, l.amount_minor, l.currency, l.period_start, l.period_end, l.recurring, l.proration, i.status,
                  to_char(COALESCE((i.attributes->>'due_date')::timestamptz, i.issued_at) AT TIME ZONE 'UTC', 'YYYY-MM-DD')
           FROM invoice_lines l JOIN invoices i ON i.id = l.invoice_id
           WHERE ${inRange('i.account_id', range)} AND i.status <> 'draft'
           ORDER BY i.account_id, l.id) TO STDOUT`,
  );
  const out: InvoiceLineInput[] = [];
  eachRow(text, 12, (st, en) => {
    const f = (k: number) => field(text.slice(st[k], en[k]));
    out.push({
      id: intAt(text, st[0] ?? 0, en[0] ?? 0),
      accountId: intAt(text, st[1] ?? 0, en[1] ?? 0),
      subscriptionId: f(2),
      plan: f(3),
      amountMinor: intAt(text, st[4] ?? 0, en[4] ?? 0),
      currency: text.slice(st[5], en[5]),
      periodStart: text.slice(st[6], en[6]),
      periodEnd: text.slice(st[7], en[7]),
      recurring: text.charCodeAt(st[8] ?? 0) === 116,
      proration: text.charCodeAt(st[9] ?? 0) === 116,
      invoiceStatus: text.slice(st[10], en[10]),
      dueOn: f(11),
    });
  });
  return out;
}
