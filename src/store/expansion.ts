// SQL of the expansion model: each account's propensity with its suggested move (written by `expansion.score`),
// and the candidates per owner (its backtests are in backtests.ts).
import type { Queryable } from './types.ts';

export type PropensityRow = {
  account_id: number;
  as_of: string;
  horizon_days: number;
  probability: number;
  reasons: string[];
  move_kind: 'seats' | 'plan' | null;
  suggested_move: string | null;
  expansion_mrr_minor: number | null;
  currency: string;
  model: string;
  trained_at: string;
};

/** Replaces every account's propensity with a new scoring (one statement per batch of 5,000). */
export async function replacePropensity(tx: Queryable, rows: readonly PropensityRow[]): Promise<void> {
  await tx.execute(`DELETE FROM expansion_propensity`);
  for (let i = 0; i < rows.length; i += 5000) {
    await tx.execute(
      `INSERT INTO expansion_propensity (account_id, as_of, horizon_days, probability, reasons, move_kind,
                                         suggested_move, expansion_mrr_minor, currency, model, trained_at)
       SELECT a, d, h, p, r, k, s, m, c, n, t FROM json_to_recordset($1::json)
         AS x(a bigint, d date, h int, p double precision, r jsonb, k text, s text, m bigint, c text, n text,
              t timestamptz)`,
      [
        JSON.stringify(
          rows.slice(i, i + 5000).map((r) => ({
            a: r.account_id,
            d: r.as_of,
            h: r.horizon_days,
            p: r.probability,
            r: r.reasons,
            k: r.move_kind,
            s: r.suggested_move,
            m: r.expansion_mrr_minor,
            c: r.currency,
            n: r.model,
            t: r.trained_at,
          })),
        ),
      ],
    );
  }
}

/** A stored propensity with the account's name and owner (the owner's email when linked to a user, else the name). */
export type StoredPropensity = PropensityRow & { name: string; owner: string };

type Raw = Omit<Record<keyof StoredPropensity, unknown>, 'name' | 'owner' | 'as_of' | 'suggested_move' | 'currency'> & {
  name: string;
  owner: string | null;
  as_of: string;
  suggested_move: string | null;
  currency: string;
};

const COLUMNS = `e.account_id, a.name, COALESCE(u.email, a.owner_csm, '') AS owner,
  to_char(e.as_of, 'YYYY-MM-DD') AS as_of, e.horizon_days, e.probability, e.reasons, e.move_kind, e.suggested_move,
  e.expansion_mrr_minor, e.currency, e.model, e.trained_at`;
const FROM = `expansion_propensity e JOIN accounts a ON a.id = e.account_id
  LEFT JOIN users u ON u.id = a.owner_user_id`;

function normalize(r: Raw): StoredPropensity {
  return {
    account_id: Number(r.account_id),
    name: r.name,
    owner: r.owner ?? '',
    as_of: r.as_of,
    horizon_days: Number(r.horizon_days),
    probability: Number(r.probability),
    reasons: r.reasons as string[],
    move_kind: r.move_kind as PropensityRow['move_kind'],
    suggested_move: r.suggested_move,
    expansion_mrr_minor: r.expansion_mrr_minor === null ? null : Number(r.expansion_mrr_minor),
    currency: r.currency.trim(),
    model: String(r.model),
    trained_at: new Date(r.trained_at as string).toISOString(),
  };
}

/**
 * Each owner's most likely expanders, at most `perOwner` each, by owner then probability (highest first).
 * `owner` keeps one owner: matched on the user's email or the owner's name, ignoring case.
 */
export async function listCandidates(
  q: Queryable,
  { owner, perOwner }: { owner: string | null; perOwner: number },
): Promise<StoredPropensity[]> {
  const rows = await q.query<Raw>(
    `SELECT * FROM (
       SELECT ${COLUMNS}, row_number() OVER (PARTITION BY COALESCE(u.email, a.owner_csm, '')
                                             ORDER BY e.probability DESC, e.account_id) AS rank
       FROM ${FROM}
       WHERE $1::text IS NULL OR lower(u.email) = lower($1::text) OR lower(a.owner_csm) = lower($1::text)
     ) c WHERE c.rank <= $2 ORDER BY c.owner, c.probability DESC, c.account_id`,
    [owner, perOwner],
  );
  return rows.map(normalize);
}

export async function propensityOf(q: Queryable, accountId: number): Promise<StoredPropensity | null> {
  const [row] = await q.query<Raw>(`SELECT ${COLUMNS} FROM ${FROM} WHERE e.account_id = $1`, [accountId]);
  return row ? normalize(row) : null;
}
