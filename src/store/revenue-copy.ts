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

function* copyRows(text: string): Generator<string[]> {
  let at = 0;
  while (at < text.length) {
    let end = text.indexOf('\n', at);
    if (end < 0) end = text.length;
    yield text.slice(at, end).split('\t');
    at = end + 1;
  }
}

const num = (text: string | undefined) => Number(text);

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
  for (const f of copyRows(text)) {
    const quantity = field(f[8]);
    out.push({
      id: num(f[0]),
      accountId: num(f[1]),
      subscriptionId: field(f[2]) ?? '',
      startOn: f[3] ?? '',
      endOn: field(f[4]),
      monthlyAmountMinor: num(f[5]),
      currency: f[6] ?? '',
      plan: field(f[7]),
      quantity: quantity === null ? null : Number(quantity),
    });
  }
  return out;
}

export async function copyInvoiceLines(store: Queryable, range: AccountRange): Promise<InvoiceLineInput[] | null> {
  const copyOut = store.copyOut?.bind(store);
  if (!copyOut) return null;
  const text = await copyOut(
    `COPY (SELECT l.id, i.account_id, COALESCE(l.subscription_external_id, i.subscription_external_id),
                  l.plan, l.amount_minor, l.currency, l.period_start, l.period_end, l.recurring, l.proration
           FROM invoice_lines l JOIN invoices i ON i.id = l.invoice_id
           WHERE ${inRange('i.account_id', range)} AND i.status NOT IN ('void', 'draft', 'uncollectible')
           ORDER BY i.account_id, l.id) TO STDOUT`,
  );
  const out: InvoiceLineInput[] = [];
  for (const f of copyRows(text)) {
    out.push({
      id: num(f[0]),
      accountId: num(f[1]),
      subscriptionId: field(f[2]),
      plan: field(f[3]),
      amountMinor: num(f[4]),
      currency: f[5] ?? '',
      periodStart: f[6] ?? '',
      periodEnd: f[7] ?? '',
      recurring: f[8] === 't',
      proration: f[9] === 't',
    });
  }
  return out;
}
