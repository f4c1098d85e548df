// "Explain": one customer's MRR history and every movement with the billing records behind it.
import { formatMinor } from '../core/money.ts';
import { monthIndex, monthKey } from '../core/period.ts';
import type {
  AccountContact,
  AccountFile,
  ExplainedMovement,
  SourceRecord,
  StoredAccount,
} from '../contract/accounts.ts';
import type { Queryable } from '../store/types.ts';
import type { ServiceContext } from './context.ts';
import { UsageError } from './errors.ts';
import { currentLedger } from './revenue.ts';

export type { AccountContact, ExplainedMovement, SourceRecord };
export type Explanation = AccountFile;

/** A stored column as JSON: timestamps as ISO 8601, other objects as text. */
function fieldValue(value: unknown): string | number | boolean | null {
  if (value === null || value === undefined) return null;
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') return value;
  if (value instanceof Date) return value.toISOString();
  if (typeof value === 'bigint') return Number(value);
  return JSON.stringify(value) ?? null;
}

const SOURCE_QUERIES: Record<SourceRecord['kind'], { sql: string; key: 'id' | 'external_id' }> = {
  period: {
    key: 'id',
    sql: `SELECT id::text AS ref, subscription_external_id, start_on, end_on, monthly_amount_minor, currency, plan, quantity
          FROM subscription_periods WHERE id = ANY($1::bigint[])`,
  },
  subscription: {
    key: 'external_id',
    sql: `SELECT external_id AS ref, status, currency, billing_interval, interval_count, started_at, trial_end, cancel_at, canceled_at, ended_at
          FROM subscriptions WHERE external_id = ANY($1::text[])`,
  },
  item: {
    key: 'external_id',
    sql: `SELECT i.external_id AS ref, p.name AS plan, i.quantity, i.unit_amount_minor, i.currency, i.billing_interval, i.interval_count
          FROM subscription_items i LEFT JOIN plans p ON p.id = i.plan_id WHERE i.external_id = ANY($1::text[])`,
  },
  discount: {
    key: 'external_id',
    sql: `SELECT external_id AS ref, coupon_id, percent_off, amount_off_minor, currency, starts_at, ends_at
          FROM subscription_discounts WHERE external_id = ANY($1::text[])`,
  },
  line: {
    key: 'id',
    sql: `SELECT l.id::text AS ref, i.external_id AS invoice, l.external_id AS line, l.plan, l.amount_minor, l.currency,
                 l.period_start, l.period_end, l.proration, l.subscription_external_id
          FROM invoice_lines l JOIN invoices i ON i.id = l.invoice_id WHERE l.id = ANY($1::bigint[])`,
  },
};

function describe(kind: SourceRecord['kind'], f: Record<string, unknown>): string {
  const money = (minor: unknown, currency: unknown) =>
    `${formatMinor(Number(minor), String(currency))} ${String(currency)}`;
  const text = (v: unknown) =>
    typeof v === 'string' || typeof v === 'number' ? String(v) : v instanceof Date ? v.toISOString().slice(0, 10) : '…';
  switch (kind) {
    case 'period':
      return `subscription ${text(f.subscription_external_id)}: ${money(f.monthly_amount_minor, f.currency)}/month from ${text(f.start_on)} to ${f.end_on === null ? 'ongoing' : text(f.end_on)}`;
    case 'subscription':
      return `subscription ${text(f.ref)} (${text(f.status)}, every ${text(f.interval_count)} ${text(f.billing_interval)})`;
    case 'item':
      return `item ${text(f.ref)}: ${text(f.quantity)} × ${money(f.unit_amount_minor, f.currency)} per ${text(f.interval_count)} ${text(f.billing_interval)}${f.plan ? ` (${text(f.plan)})` : ''}`;
    case 'discount':
      return `discount ${text(f.ref)}: ${f.percent_off !== null ? `${text(f.percent_off)}% off` : `${money(f.amount_off_minor, f.currency)} off`}`;
    case 'line':
      return `invoice ${text(f.invoice)} line ${text(f.line)}: ${money(f.amount_minor, f.currency)} for ${text(f.period_start)} to ${text(f.period_end)}${f.proration ? ' (proration)' : ''}`;
  }
}

async function resolveSources(q: Queryable, refs: Iterable<string>): Promise<Map<string, SourceRecord>> {
  const byKind = new Map<SourceRecord['kind'], string[]>();
  for (const ref of refs) {
    const [kind, id] = [ref.slice(0, ref.indexOf(':')), ref.slice(ref.indexOf(':') + 1)];
    if (!(kind in SOURCE_QUERIES)) continue;
    const list = byKind.get(kind as SourceRecord['kind']) ?? [];
    list.push(id);
    byKind.set(kind as SourceRecord['kind'], list);
  }
  const resolved = new Map<string, SourceRecord>();
  for (const [kind, ids] of byKind) {
    const { sql, key } = SOURCE_QUERIES[kind];
    const rows = await q.query(sql, [key === 'id' ? ids.map(Number).filter(Number.isSafeInteger) : ids]);
    for (const fields of rows) {
      const ref = `${kind}:${String(fields.ref)}`;
      const values = Object.fromEntries(Object.entries(fields).map(([k, v]) => [k, fieldValue(v)]));
      resolved.set(ref, { ref, kind, description: describe(kind, fields), fields: values });
    }
  }
  return resolved;
}

const ACCOUNT_COLUMNS =
  'id, external_id, name, industry, size_band, segment, icp_fit, owner_csm, first_seen_on, employee_count, attributes';
/** The contacts an account file lists, at most. */
const MAX_CONTACTS = 200;
const MAX_LISTED = 20;

/**
 * The account with this external id, else the one named so (any case), else the one whose name contains it.
 * Several matches are listed in a UsageError, so a person picks one by its id.
 */
async function findCustomer(ctx: ServiceContext, customer: string): Promise<StoredAccount> {
  const query = (where: string) =>
    ctx.store.query<StoredAccount>(
      `SELECT ${ACCOUNT_COLUMNS} FROM accounts WHERE ${where} ORDER BY name, external_id LIMIT ${MAX_LISTED + 1}`,
      [customer],
    );
  const [byId] = await query('external_id = $1');
  if (byId) return byId;
  const named = await query('lower(name) = lower($1)');
  const matches = named.length > 0 ? named : await query('position(lower($1) IN lower(name)) > 0');
  const [only] = matches;
  if (only && matches.length === 1) return only;
  if (!only) throw new UsageError(`no account with id "${customer}", nor one whose name contains it`);
  const count = matches.length > MAX_LISTED ? `more than ${MAX_LISTED}` : String(matches.length);
  const list = matches
    .slice(0, MAX_LISTED)
    .map((a) => `  ${a.external_id}  ${a.name}`)
    .join('\n');
  throw new UsageError(`"${customer}" matches ${count} accounts; name one by its id:\n${list}`);
}

/** Explains one customer, by external id or name; `month` ('YYYY-MM') keeps that month's movements only. */
export async function explainCustomer({
  ctx,
  asOf,
  customer,
  month,
}: {
  ctx: ServiceContext;
  asOf: string;
  customer: string;
  month?: string | undefined;
}): Promise<Explanation> {
  if (month !== undefined && !/^\d{4}-(0[1-9]|1[0-2])$/.test(month)) {
    throw new UsageError(`--month must be a month YYYY-MM, found "${month}"`);
  }
  const account = await findCustomer(ctx, customer);
  // Just this customer: cut from a server's engine, or read alone by a one-shot command.
  const ledger = await currentLedger({ ctx, asOf, accountIds: [account.id] });
  const ledgerOfCustomer = ledger.customers.find((c) => Number(c.accountId) === account.id);
  const movements = (ledgerOfCustomer?.movements ?? []).filter(
    (m) => month === undefined || m.month === monthIndex(month),
  );
  const sources = await resolveSources(
    ctx.store,
    movements.flatMap((m) => [...m.sourcesBefore, ...m.sourcesAfter]),
  );
  const records = (refs: readonly string[]) =>
    refs.map(
      (ref) =>
        sources.get(ref) ?? { ref, kind: 'period' as const, description: `${ref} (no longer stored)`, fields: {} },
    );
  const contacts = await ctx.store.query<AccountContact>(
    `SELECT external_id AS "externalId", name, email, title, role FROM contacts WHERE account_id = $1
     ORDER BY name NULLS LAST, email, external_id LIMIT ${MAX_CONTACTS}`,
    [account.id],
  );
  return {
    account,
    contacts,
    currency: ctx.config.reportingCurrency,
    history: (ledgerOfCustomer?.history ?? []).map((s) => ({
      from: monthKey(s.startMonth),
      to: monthKey(s.endMonth - 1),
      mrrMinor: s.mrrMinor,
      plan: s.plan,
    })),
    movements: movements.map((m) => ({
      month: monthKey(m.month),
      kind: m.kind,
      amountMinor: m.amountMinor,
      mrrBeforeMinor: m.mrrBeforeMinor,
      mrrAfterMinor: m.mrrAfterMinor,
      plan: m.plan,
      before: records(m.sourcesBefore),
      after: records(m.sourcesAfter),
    })),
  };
}
