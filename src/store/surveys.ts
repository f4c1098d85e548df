// SQL of surveys and their responses.
import type { Answer, SurveyKind } from '../core/surveys/metrics.ts';
import type { Queryable } from './types.ts';
import type { UpsertSpec } from './upsert.ts';

export const SURVEY_RESPONSES: UpsertSpec = {
  table: 'survey_responses',
  key: ['response_id'],
  columns: {
    response_id: 'text',
    survey_id: 'bigint',
    kind: 'text',
    score: 'integer',
    comment: 'text',
    responded_at: 'timestamptz',
    account_id: 'bigint',
    contact_email: 'text',
    user_id: 'text',
    channel: 'text',
    dismissed: 'boolean',
    source: 'text',
  },
  insertOnly: ['source'],
};

const json = (values: Iterable<string>) => JSON.stringify([...new Set(values)]);

/** Account ids by external id, for the ids the store knows. */
export async function accountIdsByExternalId(
  db: Queryable,
  externalIds: Iterable<string>,
): Promise<Map<string, number>> {
  const rows = await db.query<{ id: number; external_id: string }>(
    `SELECT id, external_id FROM accounts WHERE external_id IN (SELECT jsonb_array_elements_text($1::jsonb))`,
    [json(externalIds)],
  );
  return new Map(rows.map((r) => [r.external_id, r.id]));
}

/** By lower-case email: the accounts of the contacts with that email (several when the email is ambiguous). */
export async function accountIdsByContactEmail(
  db: Queryable,
  emails: Iterable<string>,
): Promise<Map<string, number[]>> {
  const rows = await db.query<{ email: string; account_id: number }>(
    `SELECT DISTINCT lower(email) AS email, account_id FROM contacts
     WHERE lower(email) IN (SELECT jsonb_array_elements_text($1::jsonb)) ORDER BY 1, 2`,
    [json([...emails].map((e) => e.toLowerCase()))],
  );
  const out = new Map<string, number[]>();
  for (const r of rows) out.set(r.email, [...(out.get(r.email) ?? []), r.account_id]);
  return out;
}

/** By user id (the `userId` events send, the key of `usage_users`): the account it is mapped to, if any. */
export async function accountIdsByUserId(db: Queryable, userIds: Iterable<string>): Promise<Map<string, number>> {
  const rows = await db.query<{ user_key: string; account_id: number }>(
    `SELECT user_key, account_id FROM usage_users
     WHERE account_id IS NOT NULL AND user_key IN (SELECT jsonb_array_elements_text($1::jsonb))`,
    [json(userIds)],
  );
  return new Map(rows.map((r) => [r.user_key, r.account_id]));
}

/** Creates the surveys a file names and the store lacks; returns every named survey's id and kind. */
export async function ensureSurveys(
  db: Queryable,
  surveys: readonly { name: string; kind: SurveyKind }[],
): Promise<Map<string, { id: number; kind: SurveyKind }>> {
  const rows = await db.query<{ id: number; name: string; kind: SurveyKind }>(
    `WITH input AS (SELECT * FROM jsonb_to_recordset($1::jsonb) AS x(name text, kind text)),
     created AS (
       INSERT INTO surveys (name, kind) SELECT name, kind FROM input ON CONFLICT (name) DO NOTHING
       RETURNING id, name, kind
     )
     SELECT id, name, kind FROM created
     UNION ALL SELECT s.id, s.name, s.kind FROM surveys s JOIN input USING (name)`,
    [JSON.stringify(surveys)],
  );
  return new Map(rows.map((r) => [r.name, { id: r.id, kind: r.kind }]));
}

/** Answers (and dismissals) of one kind responded before `before` (an ISO timestamp), optionally of one survey. */
export async function answersOfKind(
  db: Queryable,
  kind: SurveyKind,
  before: string,
  survey?: string,
): Promise<Answer[]> {
  const rows = await db.query<{ score: number | null; dismissed: boolean; responded_at: string }>(
    `SELECT r.score, r.dismissed,
            to_char(r.responded_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS responded_at
     FROM survey_responses r JOIN surveys s ON s.id = r.survey_id
     WHERE r.kind = $1 AND r.responded_at < $2::timestamptz AND ($3::text IS NULL OR s.name = $3)
     ORDER BY r.responded_at, r.id`,
    [kind, before, survey ?? null],
  );
  return rows.map((r) => ({
    score: r.score,
    dismissed: r.dismissed,
    respondedAt: r.responded_at,
  }));
}
