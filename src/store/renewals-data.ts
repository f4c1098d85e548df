// SQL for renewals from billing data: derived contracts, churn reasons, exclusion reasons, checkpoints sent, and
// the contracts API's reads.
import type { SubscriptionExtras } from '../core/renewals/derive.ts';
import type { Queryable } from './types.ts';
import type { UpsertSpec } from './upsert.ts';

/**
 * Contracts derived from billing (source 'billing'), keyed by contract_id. The exclusion reason and notice days
 * are not written: an exclusion set on a derived contract stays through every refresh.
 */
export const DERIVED_CONTRACTS: UpsertSpec = {
  table: 'contracts',
  key: ['contract_id'],
  columns: {
    contract_id: 'text',
    account_id: 'bigint',
    start_on: 'date',
    end_on: 'date',
    arr_minor: 'bigint',
    currency: 'text',
    auto_renew: 'boolean',
    subscription_external_id: 'text',
    source: 'text',
  },
  insertOnly: ['source'],
};

export const BILLING_SOURCE = 'billing';

/** What the store keeps of Stripe subscription objects beyond the revenue engine's inputs. */
export async function subscriptionExtras(q: Queryable): Promise<Map<string, SubscriptionExtras>> {
  const rows = await q.query<{ external_id: string; at_period_end: boolean | null; details: unknown }>(
    `SELECT external_id, (attributes->>'cancel_at_period_end')::boolean AS at_period_end,
            attributes->'cancellation_details' AS details
     FROM subscriptions`,
  );
  const text = (v: unknown) => (typeof v === 'string' && v.trim() !== '' ? v.trim() : null);
  return new Map(
    rows.map((r) => {
      const d = typeof r.details === 'object' && r.details !== null ? (r.details as Record<string, unknown>) : null;
      const cancellation = d && { reason: text(d.reason), feedback: text(d.feedback), comment: text(d.comment) };
      return [r.external_id, { cancelAtPeriodEnd: r.at_period_end === true, cancellation }];
    }),
  );
}

/** Imported contracts (any source but billing): account and days, for the precedence rule. */
export async function importedSpans(
  q: Queryable,
): Promise<{ accountId: number; startDate: string; endDate: string }[]> {
  const rows = await q.query<{ account_id: number; start_on: string; end_on: string }>(
    `SELECT account_id, start_on, end_on FROM contracts WHERE source <> $1`,
    [BILLING_SOURCE],
  );
  return rows.map((r) => ({ accountId: r.account_id, startDate: r.start_on, endDate: r.end_on }));
}

/** Deletes derived contracts not in `keep`, but those of the accounts `spared`; returns how many. */
export async function deleteDerivedExcept(
  tx: Queryable,
  keep: readonly string[],
  spared: readonly number[],
): Promise<number> {
  return tx.execute(
    `DELETE FROM contracts
     WHERE source = $1 AND NOT (contract_id = ANY($2::text[])) AND NOT (account_id = ANY($3::bigint[]))`,
    [BILLING_SOURCE, keep, spared],
  );
}

/** Imported contracts win: deletes derived contracts overlapping an imported one of the same account. */
export async function deleteDerivedUnderImported(tx: Queryable): Promise<number> {
  return tx.execute(
    `DELETE FROM contracts d USING contracts c
     WHERE d.source = $1 AND c.source <> $1 AND c.account_id = d.account_id
       AND c.start_on < d.end_on AND d.start_on < c.end_on`,
    [BILLING_SOURCE],
  );
}

// Churn reasons -------------------------------------------------------------------------------------------------

export type ChurnReasonSource = 'app' | 'csv' | 'stripe';

export interface ChurnReasonRow {
  contractId: string;
  reason: string;
  notes: string | null;
  source: ChurnReasonSource;
  updatedAt: string;
}

/** Sets a contract's churn reason; a Stripe one never replaces a reason set in the app or imported. */
export async function upsertChurnReason(
  tx: Queryable,
  row: { contractId: string; reason: string; notes: string | null; source: ChurnReasonSource; at: Date },
): Promise<boolean> {
  const n = await tx.execute(
    `INSERT INTO contract_churn_reasons (contract_id, reason, notes, source, updated_at) VALUES ($1, $2, $3, $4, $5)
     ON CONFLICT (contract_id) DO UPDATE SET reason = excluded.reason, notes = excluded.notes,
       source = excluded.source, updated_at = excluded.updated_at
     WHERE (excluded.source <> 'stripe' OR contract_churn_reasons.source = 'stripe')
       AND (contract_churn_reasons.reason, contract_churn_reasons.notes, contract_churn_reasons.source)
           IS DISTINCT FROM (excluded.reason, excluded.notes, excluded.source)`,
    [row.contractId, row.reason, row.notes, row.source, row.at.toISOString()],
  );
  return n > 0;
}

export async function deleteChurnReason(tx: Queryable, contractId: string): Promise<boolean> {
  return (await tx.execute(`DELETE FROM contract_churn_reasons WHERE contract_id = $1`, [contractId])) > 0;
}

// Exclusion reasons ---------------------------------------------------------------------------------------------

export async function listExclusionReasons(q: Queryable): Promise<string[]> {
  const rows = await q.query<{ reason: string }>(`SELECT reason FROM renewal_exclusion_reasons ORDER BY reason`);
  return rows.map((r) => r.reason);
}

export async function insertExclusionReason(tx: Queryable, reason: string): Promise<boolean> {
  return (
    (await tx.execute(`INSERT INTO renewal_exclusion_reasons (reason) VALUES ($1) ON CONFLICT DO NOTHING`, [reason])) >
    0
  );
}

export async function deleteExclusionReason(tx: Queryable, reason: string): Promise<boolean> {
  return (await tx.execute(`DELETE FROM renewal_exclusion_reasons WHERE reason = $1`, [reason])) > 0;
}

// Contracts API -------------------------------------------------------------------------------------------------

export interface ContractRecord {
  id: number;
  contractId: string;
  accountId: number;
  accountExternalId: string;
  accountName: string;
  startDate: string;
  endDate: string;
  arrMinor: number;
  currency: string;
  autoRenew: boolean;
  noticeDays: number | null;
  exclusionReason: string | null;
  source: string;
  subscriptionId: string | null;
  churnReason: { reason: string; notes: string | null; source: ChurnReasonSource; updatedAt: string } | null;
}

export interface ContractFilter {
  accountId?: number | undefined;
  endingFrom?: string | undefined;
  /** Exclusive. */
  endingBefore?: string | undefined;
  contractId?: string | undefined;
  id?: number | undefined;
  limit: number;
  offset: number;
}

export async function queryContracts(
  q: Queryable,
  f: ContractFilter,
): Promise<{ items: ContractRecord[]; total: number }> {
  const where: string[] = [];
  const params: unknown[] = [];
  const add = (sql: string, value: unknown) => {
    params.push(value);
    where.push(sql.replace('?', `$${params.length}`));
  };
  if (f.accountId !== undefined) add('c.account_id = ?', f.accountId);
  if (f.endingFrom !== undefined) add('c.end_on >= ?::date', f.endingFrom);
  if (f.endingBefore !== undefined) add('c.end_on < ?::date', f.endingBefore);
  if (f.contractId !== undefined) add('c.contract_id = ?', f.contractId);
  if (f.id !== undefined) add('c.id = ?', f.id);
  const clause = where.length ? `WHERE ${where.join(' AND ')}` : '';
  const [count] = await q.query<{ n: number }>(`SELECT count(*)::int AS n FROM contracts c ${clause}`, params);
  const rows = await q.query<{
    id: number;
    contract_id: string;
    account_id: number;
    external_id: string;
    name: string;
    start_on: string;
    end_on: string;
    arr_minor: number;
    currency: string;
    auto_renew: boolean;
    notice_days: number | null;
    exclusion_reason: string | null;
    source: string;
    subscription_external_id: string | null;
    reason: string | null;
    notes: string | null;
    reason_source: ChurnReasonSource | null;
    reason_at: Date | string | null;
  }>(
    `SELECT c.id, c.contract_id, c.account_id, a.external_id, a.name, c.start_on, c.end_on, c.arr_minor,
            trim(c.currency) AS currency, c.auto_renew, c.notice_days, c.exclusion_reason, c.source,
            c.subscription_external_id, r.reason, r.notes, r.source AS reason_source, r.updated_at AS reason_at
     FROM contracts c JOIN accounts a ON a.id = c.account_id
     LEFT JOIN contract_churn_reasons r ON r.contract_id = c.contract_id
     ${clause} ORDER BY c.end_on, c.account_id, c.contract_id LIMIT ${f.limit} OFFSET ${f.offset}`,
    params,
  );
  return {
    total: count?.n ?? 0,
    items: rows.map((r) => ({
      id: r.id,
      contractId: r.contract_id,
      accountId: r.account_id,
      accountExternalId: r.external_id,
      accountName: r.name,
      startDate: r.start_on,
      endDate: r.end_on,
      arrMinor: r.arr_minor,
      currency: r.currency,
      autoRenew: r.auto_renew,
      noticeDays: r.notice_days,
      exclusionReason: r.exclusion_reason,
      source: r.source,
      subscriptionId: r.subscription_external_id,
      churnReason:
        r.reason === null || r.reason_source === null
          ? null
          : {
              reason: r.reason,
              notes: r.notes,
              source: r.reason_source,
              updatedAt: new Date(r.reason_at ?? 0).toISOString(),
            },
    })),
  };
}

// Checkpoints ---------------------------------------------------------------------------------------------------

/** Records a checkpoint as sent; false when it was sent before (nothing written). */
export async function claimCheckpoint(
  tx: Queryable,
  c: { contractId: string; kind: 'due' | 'closed'; days: number; dueOn: string; at: Date },
): Promise<boolean> {
  const n = await tx.execute(
    `INSERT INTO renewal_checkpoints (contract_id, kind, days, due_on, sent_at) VALUES ($1, $2, $3, $4, $5)
     ON CONFLICT DO NOTHING`,
    [c.contractId, c.kind, c.days, c.dueOn, c.at.toISOString()],
  );
  return n > 0;
}
