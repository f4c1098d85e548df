// SQL reads for survey metrics, comments and retention: scored answers (never dismissals) with their account.
import type { SurveyKind } from '../core/surveys/metrics.ts';
import type { Queryable } from './types.ts';

export interface StoredAnswer {
  responseId: string;
  survey: string;
  kind: SurveyKind;
  score: number;
  comment: string | null;
  /** ISO timestamp, UTC. */
  respondedAt: string;
  accountId: number;
  accountExternalId: string;
  accountName: string;
  /** `user:<id>`, `email:<lower-case email>` or `response:<id>`: who answered. */
  person: string;
  contactEmail: string | null;
  userId: string | null;
  channel: string;
}

export interface AnswerFilter {
  kind?: SurveyKind | undefined;
  /** First and last UTC day counted, YYYY-MM-DD, inclusive. */
  fromDay?: string | undefined;
  toDay: string;
  survey?: string | undefined;
  accountId?: number | undefined;
  minScore?: number | undefined;
  maxScore?: number | undefined;
  withComment?: boolean | undefined;
}

/** Scored answers matching every filter, oldest first. */
export async function scoredAnswers(db: Queryable, filter: AnswerFilter): Promise<StoredAnswer[]> {
  // bigint and smallint arrive as strings from node-postgres, as numbers from PGlite.
  const rows = await db.query<
    Omit<StoredAnswer, 'score' | 'accountId'> & { score: number | string; accountId: number | string }
  >(
    `SELECT r.response_id AS "responseId", s.name AS survey, r.kind, r.score, r.comment,
            to_char(r.responded_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS "respondedAt",
            r.account_id AS "accountId", a.external_id AS "accountExternalId", a.name AS "accountName",
            COALESCE('user:' || r.user_id, 'email:' || lower(r.contact_email), 'response:' || r.response_id) AS person,
            r.contact_email AS "contactEmail", r.user_id AS "userId", r.channel
       FROM survey_responses r
       JOIN surveys s ON s.id = r.survey_id
       JOIN accounts a ON a.id = r.account_id
      WHERE NOT r.dismissed AND r.score IS NOT NULL
        AND ($1::text IS NULL OR r.kind = $1)
        AND ($2::date IS NULL OR r.responded_at >= $2::date::timestamp AT TIME ZONE 'UTC')
        AND r.responded_at < ($3::date + 1)::timestamp AT TIME ZONE 'UTC'
        AND ($4::text IS NULL OR s.name = $4)
        AND ($5::bigint IS NULL OR r.account_id = $5)
        AND ($6::int IS NULL OR r.score >= $6)
        AND ($7::int IS NULL OR r.score <= $7)
        AND (NOT $8::boolean OR (r.comment IS NOT NULL AND r.comment <> ''))
      ORDER BY r.responded_at, r.id`,
    [
      filter.kind ?? null,
      filter.fromDay ?? null,
      filter.toDay,
      filter.survey ?? null,
      filter.accountId ?? null,
      filter.minScore ?? null,
      filter.maxScore ?? null,
      filter.withComment ?? false,
    ],
  );
  return rows.map((r) => ({ ...r, score: Number(r.score), accountId: Number(r.accountId) }));
}

/** The first UTC day with a scored answer of the kind (and survey), or null. */
export async function firstAnswerDay(db: Queryable, kind: SurveyKind, survey?: string): Promise<string | null> {
  const [row] = await db.query<{ day: string | null }>(
    `SELECT to_char(min(r.responded_at) AT TIME ZONE 'UTC', 'YYYY-MM-DD') AS day
       FROM survey_responses r JOIN surveys s ON s.id = r.survey_id
      WHERE r.kind = $1 AND NOT r.dismissed AND r.score IS NOT NULL AND ($2::text IS NULL OR s.name = $2)`,
    [kind, survey ?? null],
  );
  return row?.day ?? null;
}

/** Whether the account exists. */
export async function accountExists(db: Queryable, accountId: number): Promise<boolean> {
  const rows = await db.query(`SELECT 1 FROM accounts WHERE id = $1`, [accountId]);
  return rows.length > 0;
}
