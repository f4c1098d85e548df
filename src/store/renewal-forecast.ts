// SQL for the renewal forecast (migration 0016): owners' categories (append-only history), forecast snapshots,
// and the few facts about contracts, owners and NPS answers the calendar and the forecast need.
import type { ForecastCategory } from '../core/renewals/forecast.ts';
import type { Queryable } from './types.ts';

export interface CategoryRow {
  contractId: string;
  category: ForecastCategory | null;
  note: string | null;
  setByKind: string;
  setById: string | null;
  setByLabel: string;
  setAt: Date;
}

export async function insertCategory(tx: Queryable, row: CategoryRow): Promise<void> {
  await tx.execute(
    `INSERT INTO renewal_forecast_categories (contract_id, category, note, set_by_kind, set_by_id, set_by_label, set_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7)`,
    [row.contractId, row.category, row.note, row.setByKind, row.setById, row.setByLabel, row.setAt],
  );
}

/** Each contract's category in force at the end of `asOfDay` ('YYYY-MM-DD'), or now when null (cleared ones too). */
export async function categoriesAsOf(q: Queryable, asOfDay: string | null): Promise<Map<string, CategoryRow>> {
  const rows = await q.query<{
    contract_id: string;
    category: ForecastCategory | null;
    note: string | null;
    set_by_kind: string;
    set_by_id: string | null;
    set_by_label: string;
    set_at: Date | string;
  }>(
    `SELECT DISTINCT ON (contract_id) contract_id, category, note, set_by_kind, set_by_id, set_by_label, set_at
       FROM renewal_forecast_categories
      WHERE $1::date IS NULL OR set_at < ($1::date + 1)::timestamp AT TIME ZONE 'UTC'
      ORDER BY contract_id, set_at DESC, id DESC`,
    [asOfDay],
  );
  return new Map(
    rows.map((r) => [
      r.contract_id,
      {
        contractId: r.contract_id,
        category: r.category,
        note: r.note,
        setByKind: r.set_by_kind,
        setById: r.set_by_id,
        setByLabel: r.set_by_label,
        setAt: new Date(r.set_at),
      },
    ]),
  );
}

export interface SnapshotRow {
  contractId: string;
  horizonDays: 90 | 30;
  asOf: string;
  dueOn: string;
  category: ForecastCategory;
  categorySource: 'owner' | 'proposed' | 'decided';
  currency: string;
  dueArrMinor: number;
  probability: number;
  lowMinor: number;
  expectedMinor: number;
  highMinor: number;
  method: 'daily' | 'recomputed';
}

/** Adds snapshots; one already taken for a contract and horizon stays as it was. Returns how many were added. */
export async function insertSnapshots(tx: Queryable, rows: readonly SnapshotRow[]): Promise<number> {
  if (rows.length === 0) return 0;
  const inserted = await tx.query<{ id: number }>(
    `INSERT INTO renewal_forecast_snapshots (contract_id, horizon_days, as_of, due_on, category, category_source,
       currency, due_arr_minor, probability, low_minor, expected_minor, high_minor, method)
     SELECT r.contract_id, r.horizon_days, r.as_of, r.due_on, r.category, r.category_source, r.currency,
            r.due_arr_minor, r.probability, r.low_minor, r.expected_minor, r.high_minor, r.method
       FROM jsonb_to_recordset($1::jsonb) AS r(contract_id text, horizon_days int, as_of date, due_on date,
            category text, category_source text, currency text, due_arr_minor bigint, probability float8,
            low_minor bigint, expected_minor bigint, high_minor bigint, method text)
     ON CONFLICT (contract_id, horizon_days) DO NOTHING RETURNING id`,
    [
      JSON.stringify(
        rows.map((r) => ({
          contract_id: r.contractId,
          horizon_days: r.horizonDays,
          as_of: r.asOf,
          due_on: r.dueOn,
          category: r.category,
          category_source: r.categorySource,
          currency: r.currency,
          due_arr_minor: Math.round(r.dueArrMinor),
          probability: r.probability,
          low_minor: Math.round(r.lowMinor),
          expected_minor: Math.round(r.expectedMinor),
          high_minor: Math.round(r.highMinor),
          method: r.method,
        })),
      ),
    ],
  );
  return inserted.length;
}

export async function listSnapshots(q: Queryable): Promise<SnapshotRow[]> {
  const rows = await q.query<{
    contract_id: string;
    horizon_days: number;
    as_of: string;
    due_on: string;
    category: ForecastCategory;
    category_source: SnapshotRow['categorySource'];
    currency: string;
    due_arr_minor: number | string;
    probability: number;
    low_minor: number | string;
    expected_minor: number | string;
    high_minor: number | string;
    method: SnapshotRow['method'];
  }>(
    `SELECT contract_id, horizon_days, as_of::text AS as_of, due_on::text AS due_on, category, category_source,
            currency, due_arr_minor, probability, low_minor, expected_minor, high_minor, method
       FROM renewal_forecast_snapshots ORDER BY due_on, contract_id, horizon_days`,
  );
  return rows.map((r) => ({
    contractId: r.contract_id,
    horizonDays: r.horizon_days === 30 ? 30 : 90,
    asOf: r.as_of,
    dueOn: r.due_on,
    category: r.category,
    categorySource: r.category_source,
    currency: r.currency,
    dueArrMinor: Number(r.due_arr_minor),
    probability: r.probability,
    lowMinor: Number(r.low_minor),
    expectedMinor: Number(r.expected_minor),
    highMinor: Number(r.high_minor),
    method: r.method,
  }));
}

/** Renewal terms of each contract (auto-renewal and notice), by contract id. */
export async function contractTerms(
  q: Queryable,
): Promise<Map<string, { autoRenew: boolean; noticeDays: number | null }>> {
  const rows = await q.query<{ contract_id: string; auto_renew: boolean; notice_days: number | null }>(
    `SELECT contract_id, auto_renew, notice_days FROM contracts`,
  );
  return new Map(rows.map((r) => [r.contract_id, { autoRenew: r.auto_renew, noticeDays: r.notice_days }]));
}

/** Every NPS answer with a score, per account, oldest first (days as 'YYYY-MM-DD', UTC). */
export async function npsAnswers(q: Queryable): Promise<Map<number, { day: string; score: number }[]>> {
  const rows = await q.query<{ account_id: number | string; day: string; score: number }>(
    `SELECT account_id, to_char(responded_at AT TIME ZONE 'UTC', 'YYYY-MM-DD') AS day, score
       FROM survey_responses WHERE kind = 'nps' AND NOT dismissed AND score IS NOT NULL
      ORDER BY account_id, responded_at, id`,
  );
  const byAccount = new Map<number, { day: string; score: number }[]>();
  for (const r of rows) {
    const id = Number(r.account_id);
    const list = byAccount.get(id) ?? [];
    list.push({ day: r.day, score: r.score });
    byAccount.set(id, list);
  }
  return byAccount;
}

/** Each stretch of ownership per account, oldest first (from migration 0008's history). */
export async function ownerStretches(
  q: Queryable,
): Promise<Map<number, { owner: string | null; from: Date; to: Date | null }[]>> {
  const rows = await q.query<{
    account_id: number | string;
    owner_name: string | null;
    valid_from: Date | string;
    valid_to: Date | string | null;
  }>(
    `SELECT account_id, owner_name, valid_from, valid_to FROM account_owner_history ORDER BY account_id, valid_from, id`,
  );
  const byAccount = new Map<number, { owner: string | null; from: Date; to: Date | null }[]>();
  for (const r of rows) {
    const id = Number(r.account_id);
    const list = byAccount.get(id) ?? [];
    list.push({
      owner: r.owner_name,
      from: new Date(r.valid_from),
      to: r.valid_to === null ? null : new Date(r.valid_to),
    });
    byAccount.set(id, list);
  }
  return byAccount;
}

/** The first contract end after `afterDay` per account, of the given accounts. */
export async function nextContractEnds(
  q: Queryable,
  afterDay: string,
  accountIds: readonly number[],
): Promise<Map<number, string>> {
  if (accountIds.length === 0) return new Map();
  const rows = await q.query<{ account_id: number | string; end_on: string }>(
    `SELECT account_id, min(end_on)::text AS end_on FROM contracts
      WHERE end_on > $1::date AND account_id = ANY($2::bigint[]) GROUP BY account_id`,
    [afterDay, accountIds],
  );
  return new Map(rows.map((r) => [Number(r.account_id), r.end_on]));
}
