// Reads the billing records the revenue core needs, and keeps its results (spans and movements).
import type { FxRate } from '../core/fx.ts';
import { monthIndex, monthKey, type MonthIndex } from '../core/period.ts';
import type {
  BillingInterval,
  BillingRecords,
  CustomerLedger,
  InvoiceLineInput,
  Movement,
  MovementKind,
  SubscriptionInput,
  SubscriptionPeriodInput,
} from '../core/revenue/index.ts';
import { loadAccountMap } from './account-links.ts';
import { readAllRows } from './read.ts';
import { copyInvoiceLines, copyPeriods, type AccountRange } from './revenue-copy.ts';
import type { Queryable } from './types.ts';

const monthDate = (month: MonthIndex) => `${monthKey(month)}-01`;
const dateMonth = (date: string) => monthIndex(date.slice(0, 7));
const iso = (value: unknown) => (value instanceof Date ? value.toISOString() : null);

/** Which accounts a read covers: some ids, a range of ids [from, to), or all (null). */
export type AccountScope = readonly number[] | { from: number; to: number } | null;

/** `WHERE` fragment and params limiting a query to some accounts (all when `accountIds` is null). */
function scope(column: string, accountIds: AccountScope, params: unknown[] = []) {
  if (accountIds === null) return { where: 'TRUE', params };
  if (!Array.isArray(accountIds)) {
    const { from, to } = accountIds as { from: number; to: number };
    return {
      where: `${column} >= $${params.length + 1} AND ${column} < $${params.length + 2}`,
      params: [...params, from, to],
    };
  }
  return { where: `${column} = ANY($${params.length + 1}::bigint[])`, params: [...params, accountIds] };
}

/**
 * Every billing record of the given accounts (or all). Invoice lines are a subscription's history: a
 * subscription with recurring invoice lines counts from them (the core decides), one without from its items;
 * lines of no known subscription count on their own; subscription periods (CSV) always count. Merged accounts
 * count as the account they are merged into (`rollup`: and every account as its top-most parent): asked for
 * some accounts, the records of the accounts merged into them come too, and a merged-away account brings none.
 */
export async function loadBillingRecords(
  q: Queryable,
  accountIds: AccountScope,
  { rollup = false, fxRates }: { rollup?: boolean; fxRates?: FxRate[] } = {},
): Promise<BillingRecords> {
  const accountMap = await loadAccountMap(q, { rollup });
  let ids = accountIds;
  if (Array.isArray(ids) && accountMap.size > 0) {
    const roots = new Set((ids as readonly number[]).filter((id) => !accountMap.has(id)));
    ids = [...roots, ...[...accountMap].filter(([, to]) => roots.has(to)).map(([from]) => from)];
  }
  return { ...(await loadAccountRecords(q, ids, { fxRates })), accountMap };
}

/**
 * The billing records of the given accounts (or all) under their own account ids, without merges or parents
 * (the in-memory engine applies those when it cuts the ledger). A range or everything is a bulk read: COPY
 * where the store has it.
 */
export async function loadAccountRecords(
  q: Queryable,
  accountIds: AccountScope,
  { fxRates }: { fxRates?: FxRate[] | undefined } = {},
): Promise<BillingRecords> {
  const bulk: AccountRange | undefined = Array.isArray(accountIds)
    ? undefined
    : (accountIds as { from: number; to: number } | null);
  const [periods, subscriptions, invoiceLines, rates] = [
    (bulk !== undefined ? await copyPeriods(q, bulk) : null) ?? (await loadPeriods(q, accountIds)),
    await loadSubscriptions(q, accountIds),
    (bulk !== undefined ? await copyInvoiceLines(q, bulk) : null) ?? (await loadInvoiceLines(q, accountIds)),
    fxRates ?? (await loadFxRates(q)),
  ];
  return { periods, subscriptions, invoiceLines, fxRates: rates };
}

async function loadPeriods(q: Queryable, accountIds: AccountScope): Promise<SubscriptionPeriodInput[]> {
  const s = scope('account_id', accountIds);
  const rows = await readAllRows<{
    id: number;
    account_id: number;
    subscription_external_id: string;
    start_on: string;
    end_on: string | null;
    monthly_amount_minor: number;
    currency: string;
    plan: string | null;
    quantity: number | null;
  }>(
    q,
    `SELECT id, account_id, subscription_external_id, start_on, end_on, monthly_amount_minor, currency, plan, quantity
     FROM subscription_periods WHERE ${s.where}`,
    s.params,
    ['id'],
  );
  return rows.map((r) => ({
    id: r.id,
    accountId: r.account_id,
    subscriptionId: r.subscription_external_id,
    startOn: r.start_on,
    endOn: r.end_on,
    monthlyAmountMinor: r.monthly_amount_minor,
    currency: r.currency,
    plan: r.plan,
    quantity: r.quantity,
  }));
}

/** Per subscription, the due date of its oldest invoice still open or uncollectible after its last paid one. */
const UNPAID_DUE = `
  SELECT subscription_external_id,
         min(due) FILTER (WHERE status IN ('open', 'uncollectible') AND (last_paid IS NULL OR issued_at > last_paid))
           AS unpaid_due
  FROM (SELECT subscription_external_id, status, issued_at,
               COALESCE((attributes->>'due_date')::timestamptz, issued_at) AS due,
               max(issued_at) FILTER (WHERE status = 'paid') OVER (PARTITION BY subscription_external_id) AS last_paid
        FROM invoices WHERE subscription_external_id IS NOT NULL AND $SCOPE) x
  GROUP BY subscription_external_id`;

function pauseOf(value: unknown): SubscriptionInput['pauseCollection'] {
  if (typeof value !== 'object' || value === null) return null;
  const pause = value as { behavior?: unknown; resumes_at?: unknown };
  const resumesAt = typeof pause.resumes_at === 'string' ? pause.resumes_at : null;
  return { behavior: typeof pause.behavior === 'string' ? pause.behavior : 'void', resumesAt };
}

async function loadSubscriptions(q: Queryable, accountIds: AccountScope): Promise<SubscriptionInput[]> {
  const s = scope('s.account_id', accountIds);
  const rows = await q.query<Record<string, unknown> & { id: number; external_id: string }>(
    `SELECT s.id, s.external_id, s.account_id, s.status, s.currency, s.billing_interval, s.interval_count,
            s.started_at, s.trial_start, s.trial_end, s.current_period_start, s.current_period_end,
            s.cancel_at, s.canceled_at, s.ended_at, s.attributes->'pause_collection' AS pause_collection, u.unpaid_due,
            COALESCE((SELECT jsonb_agg(jsonb_build_object('id', i.external_id, 'plan', COALESCE(p.name, p.external_id),
                        'quantity', i.quantity, 'unitAmountMinor', i.unit_amount_minor, 'currency', i.currency,
                        'billingInterval', i.billing_interval, 'intervalCount', i.interval_count) ORDER BY i.id)
                      FROM subscription_items i LEFT JOIN plans p ON p.id = i.plan_id
                      WHERE i.subscription_id = s.id AND NOT i.metered), '[]'::jsonb) AS items,
            COALESCE((SELECT jsonb_agg(jsonb_build_object('id', d.external_id, 'percentOff', d.percent_off,
                        'amountOffMinor', d.amount_off_minor, 'currency', d.currency,
                        'startsAt', d.starts_at,
                        -- Stripe leaves a 'once' coupon without an end: it covers one billing period.
                        'endsAt', CASE WHEN d.ends_at IS NULL AND d.duration = 'once'
                                       THEN d.starts_at + make_interval(
                                         years => CASE s.billing_interval WHEN 'year' THEN s.interval_count ELSE 0 END,
                                         months => CASE s.billing_interval WHEN 'month' THEN s.interval_count ELSE 0 END,
                                         weeks => CASE s.billing_interval WHEN 'week' THEN s.interval_count ELSE 0 END,
                                         days => CASE s.billing_interval WHEN 'day' THEN s.interval_count ELSE 0 END)
                                       ELSE d.ends_at END) ORDER BY d.id)
                      FROM subscription_discounts d
                      WHERE d.subscription_id = s.id AND d.subscription_item_external_id IS NULL), '[]'::jsonb) AS discounts
     FROM subscriptions s LEFT JOIN (${UNPAID_DUE.replace('$SCOPE', s.where.replaceAll('s.account_id', 'account_id'))}) u
       ON u.subscription_external_id = s.external_id
     WHERE ${s.where} ORDER BY s.account_id, s.id`,
    s.params,
  );
  return rows.map((r) => ({
    id: r.external_id,
    accountId: r.account_id as number,
    status: r.status as string,
    currency: r.currency as string,
    billingInterval: r.billing_interval as BillingInterval,
    intervalCount: r.interval_count as number,
    startedAt: iso(r.started_at) ?? '',
    trialStart: iso(r.trial_start),
    trialEnd: iso(r.trial_end),
    currentPeriodStart: iso(r.current_period_start),
    currentPeriodEnd: iso(r.current_period_end),
    cancelAt: iso(r.cancel_at),
    canceledAt: iso(r.canceled_at),
    endedAt: iso(r.ended_at),
    unpaidDueAt: iso(r.unpaid_due),
    pauseCollection: pauseOf(r.pause_collection),
    items: r.items as SubscriptionInput['items'],
    discounts: (
      r.discounts as (Omit<SubscriptionInput['discounts'][number], 'percentOff'> & { percentOff: unknown })[]
    ).map((d) => ({ ...d, percentOff: d.percentOff === null ? null : Number(d.percentOff) })),
  }));
}

async function loadInvoiceLines(q: Queryable, accountIds: AccountScope): Promise<InvoiceLineInput[]> {
  const s = scope('i.account_id', accountIds);
  const rows = await q.query<{
    id: number;
    account_id: number;
    subscription_external_id: string | null;
    plan: string | null;
    amount_minor: number;
    currency: string;
    period_start: string;
    period_end: string;
    recurring: boolean;
    proration: boolean;
    status: string;
    due_on: string;
  }>(
    `SELECT l.id, i.account_id, COALESCE(l.subscription_external_id, i.subscription_external_id) AS subscription_external_id,
            l.plan, l.amount_minor, l.currency, l.period_start, l.period_end, l.recurring, l.proration, i.status,
            to_char(COALESCE((i.attributes->>'due_date')::timestamptz, i.issued_at) AT TIME ZONE 'UTC', 'YYYY-MM-DD') AS due_on
     FROM invoice_lines l JOIN invoices i ON i.id = l.invoice_id
     WHERE ${s.where} AND i.status <> 'draft' ORDER BY i.account_id, l.id`,
    s.params,
  );
  return rows.map((r) => ({
    id: r.id,
    accountId: r.account_id,
    subscriptionId: r.subscription_external_id,
    plan: r.plan,
    amountMinor: r.amount_minor,
    currency: r.currency,
    periodStart: r.period_start,
    periodEnd: r.period_end,
    recurring: r.recurring,
    proration: r.proration,
    invoiceStatus: r.status,
    dueOn: r.due_on,
  }));
}

export async function loadFxRates(q: Queryable): Promise<FxRate[]> {
  const rows = await q.query<{ on_date: string; currency: string; quote: string; rate: number }>(
    `SELECT on_date, currency, quote, rate FROM fx_rates`,
  );
  return rows.map((r) => ({ day: r.on_date, currency: r.currency, quote: r.quote, rate: r.rate }));
}

/** Every account id, ascending. */
export async function listAccountIds(q: Queryable): Promise<number[]> {
  const rows = await readAllRows<{ id: number }>(q, `SELECT id FROM accounts`, [], ['id'], 500_000);
  return rows.map((r) => r.id);
}

/** The earliest day any billing record starts ('YYYY-MM-DD'), or null without records. */
export async function firstBilledDay(q: Queryable): Promise<string | null> {
  const [row] = await q.query<{ day: string | null }>(
    `SELECT least((SELECT min(start_on) FROM subscription_periods),
                  (SELECT min(started_at AT TIME ZONE 'UTC')::date FROM subscriptions),
                  (SELECT min(period_start) FROM invoice_lines)) AS day`,
  );
  return row?.day ?? null;
}

const DROP_INDEXES = [
  `ALTER TABLE revenue_spans DROP CONSTRAINT revenue_spans_pkey`,
  `ALTER TABLE revenue_movements DROP CONSTRAINT revenue_movements_pkey`,
  `DROP INDEX revenue_movements_month_idx`,
];
const CREATE_INDEXES = [
  `ALTER TABLE revenue_spans ADD CONSTRAINT revenue_spans_pkey PRIMARY KEY (account_id, start_month)`,
  `ALTER TABLE revenue_movements ADD CONSTRAINT revenue_movements_pkey PRIMARY KEY (account_id, seq)`,
  `CREATE INDEX revenue_movements_month_idx ON revenue_movements (month, kind)`,
];

/**
 * Starts replacing stored ledger rows: of some accounts (deleted now), or of all (`null`: the tables are
 * emptied and their indexes dropped, to be built once by `endLedgerRewrite`).
 */
export async function beginLedgerRewrite(tx: Queryable, accountIds: readonly number[] | null): Promise<void> {
  if (accountIds === null) {
    await tx.execute(`TRUNCATE revenue_spans, revenue_movements`);
    for (const sql of DROP_INDEXES) await tx.execute(sql);
    return;
  }
  const s = scope('account_id', accountIds);
  await tx.execute(`DELETE FROM revenue_spans WHERE ${s.where}`, s.params);
  await tx.execute(`DELETE FROM revenue_movements WHERE ${s.where}`, s.params);
}

/** Ends a rewrite of all accounts: builds the indexes dropped by `beginLedgerRewrite(tx, null)`. */
export async function endLedgerRewrite(tx: Queryable): Promise<void> {
  for (const sql of CREATE_INDEXES) await tx.execute(sql);
}

/** Writes customers' spans and movements (after `beginLedgerRewrite`); returns the movements written. */
export async function appendLedger(tx: Queryable, customers: readonly CustomerLedger[]): Promise<number> {
  const spans = {
    account: [] as number[],
    start: [] as string[],
    end: [] as string[],
    mrr: [] as number[],
    plan: [] as (string | null)[],
  };
  const moves = {
    account: [] as number[],
    seq: [] as number[],
    month: [] as string[],
    kind: [] as string[],
    amount: [] as number[],
    before: [] as number[],
    after: [] as number[],
    plan: [] as (string | null)[],
    sourcesBefore: [] as string[],
    sourcesAfter: [] as string[],
  };
  let written = 0;
  const flush = async () => {
    if (spans.account.length > 0) {
      await tx.execute(
        `INSERT INTO revenue_spans (account_id, start_month, end_month, mrr_minor, plan)
         SELECT * FROM unnest($1::bigint[], $2::date[], $3::date[], $4::bigint[], $5::text[])`,
        [spans.account, spans.start, spans.end, spans.mrr, spans.plan],
      );
    }
    if (moves.account.length > 0) {
      await tx.execute(
        `INSERT INTO revenue_movements (account_id, seq, month, kind, amount_minor, mrr_before_minor, mrr_after_minor,
                                        plan, sources_before, sources_after)
         SELECT a, s, m, k, amt, b, af, p, sb::jsonb, sa::jsonb
         FROM unnest($1::bigint[], $2::int[], $3::date[], $4::text[], $5::bigint[], $6::bigint[], $7::bigint[],
                     $8::text[], $9::text[], $10::text[]) AS x(a, s, m, k, amt, b, af, p, sb, sa)`,
        [
          moves.account,
          moves.seq,
          moves.month,
          moves.kind,
          moves.amount,
          moves.before,
          moves.after,
          moves.plan,
          moves.sourcesBefore,
          moves.sourcesAfter,
        ],
      );
    }
    written += moves.account.length;
    for (const list of [...Object.values(spans), ...Object.values(moves)]) list.length = 0;
  };
  for (const customer of customers) {
    const id = Number(customer.accountId);
    for (const span of customer.history) {
      spans.account.push(id);
      spans.start.push(monthDate(span.startMonth));
      spans.end.push(monthDate(span.endMonth));
      spans.mrr.push(span.mrrMinor);
      spans.plan.push(span.plan);
    }
    customer.movements.forEach((m, seq) => {
      moves.account.push(id);
      moves.seq.push(seq);
      moves.month.push(monthDate(m.month));
      moves.kind.push(m.kind);
      moves.amount.push(m.amountMinor);
      moves.before.push(m.mrrBeforeMinor);
      moves.after.push(m.mrrAfterMinor);
      moves.plan.push(m.plan);
      moves.sourcesBefore.push(JSON.stringify(m.sourcesBefore));
      moves.sourcesAfter.push(JSON.stringify(m.sourcesAfter));
    });
    if (moves.account.length >= 20_000) await flush();
  }
  await flush();
  return written;
}

/** The stored ledger of every account (or some), as the core's CustomerLedger objects, by account id. */
export async function loadLedgerCustomers(
  q: Queryable,
  accountIds: readonly number[] | null,
): Promise<CustomerLedger[]> {
  const s = scope('account_id', accountIds);
  const spans = await readAllRows<{
    account_id: number;
    start_month: string;
    end_month: string;
    mrr_minor: number;
    plan: string | null;
  }>(q, `SELECT account_id, start_month, end_month, mrr_minor, plan FROM revenue_spans WHERE ${s.where}`, s.params, [
    'account_id',
    'start_month',
  ]);
  const moves = await readAllRows<{
    account_id: number;
    month: string;
    kind: MovementKind;
    amount_minor: number;
    mrr_before_minor: number;
    mrr_after_minor: number;
    plan: string | null;
    sources_before: string[];
    sources_after: string[];
  }>(
    q,
    `SELECT account_id, seq, month, kind, amount_minor, mrr_before_minor, mrr_after_minor, plan, sources_before, sources_after
     FROM revenue_movements WHERE ${s.where}`,
    s.params,
    ['account_id', 'seq'],
  );
  const byAccount = new Map<number, CustomerLedger>();
  const customer = (id: number) => {
    let c = byAccount.get(id);
    if (!c) byAccount.set(id, (c = { accountId: id, history: [], movements: [] }));
    return c;
  };
  for (const r of spans) {
    customer(r.account_id).history.push({
      startMonth: dateMonth(r.start_month),
      endMonth: dateMonth(r.end_month),
      mrrMinor: r.mrr_minor,
      plan: r.plan,
    });
  }
  for (const r of moves) {
    const movement: Movement = {
      accountId: r.account_id,
      month: dateMonth(r.month),
      kind: r.kind,
      amountMinor: r.amount_minor,
      mrrBeforeMinor: r.mrr_before_minor,
      mrrAfterMinor: r.mrr_after_minor,
      plan: r.plan,
      sourcesBefore: r.sources_before,
      sourcesAfter: r.sources_after,
    };
    customer(r.account_id).movements.push(movement);
  }
  return [...byAccount.values()];
}

/** The first day each currency has a rate into (or from) `reportingCurrency`, by currency. */
export async function fxFirstDays(q: Queryable, reportingCurrency: string): Promise<Map<string, string>> {
  const rows = await q.query<{ currency: string; first: string }>(
    `SELECT CASE WHEN quote = $1 THEN currency ELSE quote END AS currency, min(on_date) AS first
       FROM fx_rates WHERE (quote = $1) <> (currency = $1) GROUP BY 1`,
    [reportingCurrency],
  );
  return new Map(rows.map((r) => [r.currency.trim(), r.first]));
}
