// SQL of the churn model: the signals it reads (accounts, daily usage, survey answers, contracts, subscription
// periods) and what it writes (each account's risk; its backtests are in backtests.ts).
import type { Queryable } from './types.ts';

export type AccountRow = {
  id: number;
  industry: string | null;
  employee_count: number | null;
  size_band: string | null;
  segment: string | null;
  icp_fit: boolean | null;
  region: string | null;
  channel: string | null;
};

export async function loadChurnAccounts(q: Queryable): Promise<AccountRow[]> {
  const rows = await q.query<Omit<AccountRow, 'id' | 'employee_count'> & { id: unknown; employee_count: unknown }>(
    `SELECT id, industry, employee_count, size_band, segment, icp_fit,
            attributes->>'region' AS region, attributes->>'acquisition_channel' AS channel
     FROM accounts ORDER BY id`,
  );
  return rows.map((r) => ({
    ...r,
    id: Number(r.id),
    employee_count: r.employee_count === null ? null : Number(r.employee_count),
  }));
}

export interface UsageRowData {
  account: number;
  day: number;
  user: string;
  feature: string;
  events: number;
}

/** Daily usage rollups from `fromDay` (days since 1970-01-01) on, by account then day: COPY where the store has it. */
export async function loadUsageSince(q: Queryable, fromDay: number, row: (r: UsageRowData) => void): Promise<void> {
  const select = `SELECT account_id, day - DATE '1970-01-01', user_key, feature, events FROM usage_daily
                  WHERE day >= DATE '1970-01-01' + ${Math.trunc(fromDay)} ORDER BY account_id, day`;
  if (q.copyOut) {
    const text = await q.copyOut(`COPY (${select}) TO STDOUT`);
    let start = 0;
    while (start < text.length) {
      let end = text.indexOf('\n', start);
      if (end === -1) end = text.length;
      const f = text.slice(start, end).split('\t');
      start = end + 1;
      if (f.length < 5) continue;
      row({
        account: Number(f[0]),
        day: Number(f[1]),
        user: unescape(f[2] ?? ''),
        feature: unescape(f[3] ?? ''),
        events: Number(f[4]),
      });
    }
    return;
  }
  const rows = await q.query<{ a: unknown; d: unknown; u: string; f: string; e: unknown }>(
    `SELECT account_id AS a, day - DATE '1970-01-01' AS d, user_key AS u, feature AS f, events AS e FROM usage_daily
     WHERE day >= DATE '1970-01-01' + $1::int ORDER BY account_id, day`,
    [Math.trunc(fromDay)],
  );
  for (const r of rows) row({ account: Number(r.a), day: Number(r.d), user: r.u, feature: r.f, events: Number(r.e) });
}

/** COPY text escapes: backslash sequences for backslash, tab, newline and carriage return. */
function unescape(field: string): string {
  if (!field.includes('\\')) return field;
  return field.replace(/\\(.)/g, (_, c: string) => (c === 't' ? '\t' : c === 'n' ? '\n' : c === 'r' ? '\r' : c));
}

export type SurveyRow = {
  account_id: number;
  kind: 'nps' | 'csat';
  score: number;
  day: number;
};

/** NPS and CSAT answers (not dismissals), each on its UTC day. */
export async function loadSurveyAnswers(q: Queryable): Promise<SurveyRow[]> {
  const rows = await q.query<{ account_id: unknown; kind: 'nps' | 'csat'; score: unknown; day: unknown }>(
    `SELECT account_id, kind, score, (responded_at AT TIME ZONE 'UTC')::date - DATE '1970-01-01' AS day
     FROM survey_responses WHERE NOT dismissed AND score IS NOT NULL AND kind IN ('nps', 'csat')`,
  );
  return rows.map((r) => ({ ...r, account_id: Number(r.account_id), score: Number(r.score), day: Number(r.day) }));
}

export async function loadContractTerms(q: Queryable): Promise<{ account_id: number; start: number; end: number }[]> {
  const rows = await q.query<{ account_id: unknown; start: unknown; end: unknown }>(
    `SELECT account_id, start_on - DATE '1970-01-01' AS start, end_on - DATE '1970-01-01' AS "end"
     FROM contracts WHERE exclusion_reason IS NULL`,
  );
  return rows.map((r) => ({ account_id: Number(r.account_id), start: Number(r.start), end: Number(r.end) }));
}

export async function loadSeatPeriods(
  q: Queryable,
): Promise<{ account_id: number; start: number; end: number | null; quantity: number | null }[]> {
  const rows = await q.query<{ account_id: unknown; start: unknown; end: unknown; quantity: unknown }>(
    `SELECT account_id, start_on - DATE '1970-01-01' AS start, end_on - DATE '1970-01-01' AS "end", quantity
     FROM subscription_periods WHERE monthly_amount_minor > 0`,
  );
  return rows.map((r) => ({
    account_id: Number(r.account_id),
    start: Number(r.start),
    end: r.end === null ? null : Number(r.end),
    quantity: r.quantity === null ? null : Number(r.quantity),
  }));
}

export type RiskRow = {
  account_id: number;
  as_of: string;
  horizon_days: number;
  churn_probability: number;
  contraction_probability: number | null;
  reasons: string[];
  model: string;
  trained_at: string;
};

/** Replaces every account's risk with a new scoring (one statement per batch of 5,000). */
export async function replaceRisk(tx: Queryable, rows: readonly RiskRow[]): Promise<void> {
  await tx.execute(`DELETE FROM churn_risk`);
  for (let i = 0; i < rows.length; i += 5000) {
    const batch = rows.slice(i, i + 5000);
    await tx.execute(
      `INSERT INTO churn_risk (account_id, as_of, horizon_days, churn_probability, contraction_probability, reasons,
                               model, trained_at)
       SELECT a, d, h, p, c, r, m, t FROM json_to_recordset($1::json)
         AS x(a bigint, d date, h int, p double precision, c double precision, r jsonb, m text, t timestamptz)`,
      [
        JSON.stringify(
          batch.map((r) => ({
            a: r.account_id,
            d: r.as_of,
            h: r.horizon_days,
            p: r.churn_probability,
            c: r.contraction_probability,
            r: r.reasons,
            m: r.model,
            t: r.trained_at,
          })),
        ),
      ],
    );
  }
}

export type StoredRisk = RiskRow & { name: string };

type RawRisk = Omit<StoredRisk, 'account_id' | 'horizon_days' | 'churn_probability' | 'contraction_probability'> & {
  account_id: unknown;
  horizon_days: unknown;
  churn_probability: unknown;
  contraction_probability: unknown;
};

const RISK_COLUMNS = `r.account_id, a.name, to_char(r.as_of, 'YYYY-MM-DD') AS as_of, r.horizon_days, r.churn_probability,
  r.contraction_probability, r.reasons, r.model, r.trained_at`;

export async function listRisk(q: Queryable, limit: number, offset: number): Promise<StoredRisk[]> {
  const rows = await q.query<RawRisk>(
    `SELECT ${RISK_COLUMNS} FROM churn_risk r JOIN accounts a ON a.id = r.account_id
     ORDER BY r.churn_probability DESC, r.account_id LIMIT $1 OFFSET $2`,
    [limit, offset],
  );
  return rows.map(normalize);
}

export async function countRisk(q: Queryable): Promise<number> {
  const [row] = await q.query<{ n: unknown }>(`SELECT count(*) AS n FROM churn_risk`);
  return Number(row?.n ?? 0);
}

export async function riskOf(q: Queryable, accountId: number): Promise<StoredRisk | null> {
  const [row] = await q.query<RawRisk>(
    `SELECT ${RISK_COLUMNS} FROM churn_risk r JOIN accounts a ON a.id = r.account_id
     WHERE r.account_id = $1`,
    [accountId],
  );
  return row ? normalize(row) : null;
}

function normalize(r: RawRisk): StoredRisk {
  return {
    ...r,
    account_id: Number(r.account_id),
    horizon_days: Number(r.horizon_days),
    churn_probability: Number(r.churn_probability),
    contraction_probability: r.contraction_probability === null ? null : Number(r.contraction_probability),
    trained_at: new Date(r.trained_at).toISOString(),
  };
}

export async function accountExists(q: Queryable, accountId: number): Promise<boolean> {
  const rows = await q.query(`SELECT 1 FROM accounts WHERE id = $1`, [accountId]);
  return rows.length > 0;
}

export type TicketEventRow = {
  account_id: number;
  opened: number;
  closed: number | null;
  priority: string | null;
  csat: number | null;
};

/** Every imported support ticket, opened and closed as UTC day numbers; empty when none was imported. */
export async function loadTicketEvents(q: Queryable): Promise<TicketEventRow[]> {
  const rows = await q.query<{
    account_id: unknown;
    opened: unknown;
    closed: unknown;
    priority: string | null;
    csat: unknown;
  }>(
    `SELECT account_id, (opened_at AT TIME ZONE 'UTC')::date - DATE '1970-01-01' AS opened,
            (closed_at AT TIME ZONE 'UTC')::date - DATE '1970-01-01' AS closed, priority, csat
     FROM tickets`,
  );
  return rows.map((r) => ({
    account_id: Number(r.account_id),
    opened: Number(r.opened),
    closed: r.closed === null ? null : Number(r.closed),
    priority: r.priority,
    csat: r.csat === null ? null : Number(r.csat),
  }));
}

/** The churn probability of each listed account scored on or before `day` (the latest scoring keeps one row each). */
export async function churnRisksOf(
  q: Queryable,
  accountIds: readonly number[],
  day: string,
): Promise<Map<number, number>> {
  if (accountIds.length === 0) return new Map();
  const rows = await q.query<{ account_id: unknown; churn_probability: unknown }>(
    `SELECT account_id, churn_probability FROM churn_risk
     WHERE account_id IN (SELECT jsonb_array_elements_text($1::jsonb)::bigint) AND as_of <= $2::date`,
    [JSON.stringify(accountIds), day],
  );
  return new Map(rows.map((r) => [Number(r.account_id), Number(r.churn_probability)]));
}
