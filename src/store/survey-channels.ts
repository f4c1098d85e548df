// SQL of survey definitions, invitations and the answers they bring (see migration 0014).
import type { Queryable } from './types.ts';

export type SurveyRow = {
  id: number;
  name: string;
  kind: 'nps' | 'csat' | 'ces';
  question: string | null;
  language: string | null;
  followUp: string | null;
  audience: Record<string, unknown>;
  throttleAnsweredDays: number;
  throttleDismissedDays: number;
  samplePercent: number;
  startsOn: string | null;
  endsOn: string | null;
  status: 'open' | 'closed';
  closedAt: Date | null;
  formbricksSurveyId: string | null;
  formbricksScoreQuestion: string | null;
  formbricksCommentQuestion: string | null;
  createdAt: Date;
};

/** Columns a definition writes, by their names in SQL. */
export interface SurveyFields {
  name?: string;
  kind?: string;
  question?: string | null;
  language?: string | null;
  follow_up?: string | null;
  audience?: Record<string, unknown>;
  throttle_answered_days?: number;
  throttle_dismissed_days?: number;
  sample_percent?: number;
  starts_on?: string | null;
  ends_on?: string | null;
  status?: 'open' | 'closed';
  closed_at?: Date | null;
  formbricks_survey_id?: string | null;
  formbricks_score_question?: string | null;
  formbricks_comment_question?: string | null;
}

const SURVEY_COLUMNS = `s.id, s.name, s.kind, s.question, s.language, s.follow_up AS "followUp", s.audience,
  s.throttle_answered_days AS "throttleAnsweredDays", s.throttle_dismissed_days AS "throttleDismissedDays",
  s.sample_percent AS "samplePercent", to_char(s.starts_on, 'YYYY-MM-DD') AS "startsOn",
  to_char(s.ends_on, 'YYYY-MM-DD') AS "endsOn", s.status, s.closed_at AS "closedAt",
  s.formbricks_survey_id AS "formbricksSurveyId", s.formbricks_score_question AS "formbricksScoreQuestion",
  s.formbricks_comment_question AS "formbricksCommentQuestion", s.created_at AS "createdAt"`;

const normalize = (r: SurveyRow): SurveyRow => ({
  ...r,
  id: r.id,
  throttleAnsweredDays: r.throttleAnsweredDays,
  throttleDismissedDays: r.throttleDismissedDays,
  samplePercent: r.samplePercent,
  closedAt: r.closedAt === null ? null : new Date(r.closedAt),
  createdAt: new Date(r.createdAt),
});

const JSONB = new Set(['audience']);
const DATES = new Set(['starts_on', 'ends_on']);
const cast = (column: string) => (JSONB.has(column) ? '::jsonb' : DATES.has(column) ? '::date' : '');
const value = (column: string, v: unknown) => (JSONB.has(column) ? JSON.stringify(v) : v);

export async function insertSurvey(q: Queryable, fields: SurveyFields, now: Date): Promise<number> {
  const entries = Object.entries(fields).filter(([, v]) => v !== undefined);
  const columns = entries.map(([k]) => k);
  const placeholders = entries.map(([k], i) => `$${i + 1}${cast(k)}`);
  const [row] = await q.query<{ id: number }>(
    `INSERT INTO surveys (${columns.join(', ')}, created_at, updated_at)
     VALUES (${placeholders.join(', ')}, $${entries.length + 1}, $${entries.length + 1}) RETURNING id`,
    [...entries.map(([k, v]) => value(k, v)), now.toISOString()],
  );
  if (!row) throw new Error('the survey was not stored');
  return row.id;
}

export async function updateSurveyRow(q: Queryable, id: number, fields: SurveyFields, now: Date): Promise<boolean> {
  const entries = Object.entries(fields).filter(([, v]) => v !== undefined);
  const sets = entries.map(([k], i) => `${k} = $${i + 2}${cast(k)}`);
  const touched = await q.execute(
    `UPDATE surveys SET ${[...sets, `updated_at = $${entries.length + 2}`].join(', ')} WHERE id = $1`,
    [id, ...entries.map(([k, v]) => value(k, v)), now.toISOString()],
  );
  return touched > 0;
}

export async function readSurveys(q: Queryable, where: { id?: number; name?: string; formbricksId?: string } = {}) {
  const rows = await q.query<SurveyRow>(
    `SELECT ${SURVEY_COLUMNS} FROM surveys s
     WHERE ($1::bigint IS NULL OR s.id = $1) AND ($2::text IS NULL OR s.name = $2)
       AND ($3::text IS NULL OR s.formbricks_survey_id = $3)
     ORDER BY s.id`,
    [where.id ?? null, where.name ?? null, where.formbricksId ?? null],
  );
  return rows.map(normalize);
}

export interface InvitationCounts {
  surveyId: number;
  queued: number;
  sent: number;
  answered: number;
  dismissed: number;
  failed: number;
  expired: number;
  responses: number;
}

/** Invitations by state (sent-but-past-expiry counted as expired) and scored answers, per survey. */
export async function invitationCounts(q: Queryable, now: Date): Promise<Map<number, InvitationCounts>> {
  const rows = await q.query<Record<keyof InvitationCounts, number | string>>(
    `SELECT s.id AS "surveyId",
       (SELECT count(*) FROM survey_invitations i WHERE i.survey_id = s.id AND i.state = 'queued') AS queued,
       (SELECT count(*) FROM survey_invitations i WHERE i.survey_id = s.id AND i.state = 'sent' AND i.expires_at > $1) AS sent,
       (SELECT count(*) FROM survey_invitations i WHERE i.survey_id = s.id AND i.state = 'answered') AS answered,
       (SELECT count(*) FROM survey_invitations i WHERE i.survey_id = s.id AND i.state = 'dismissed') AS dismissed,
       (SELECT count(*) FROM survey_invitations i WHERE i.survey_id = s.id AND i.state = 'failed') AS failed,
       (SELECT count(*) FROM survey_invitations i WHERE i.survey_id = s.id AND i.state = 'sent' AND i.expires_at <= $1) AS expired,
       (SELECT count(*) FROM survey_responses r WHERE r.survey_id = s.id AND NOT r.dismissed) AS responses
     FROM surveys s`,
    [now.toISOString()],
  );
  return new Map(
    rows.map((r) => {
      const n = Object.fromEntries(Object.entries(r).map(([k, v]) => [k, Number(v)])) as unknown as InvitationCounts;
      return [n.surveyId, n];
    }),
  );
}

export interface AudienceSql {
  attributes: Record<string, string> | null;
  role: string | null;
  traits: Record<string, string> | null;
}

export type AudienceContact = {
  contactId: number;
  email: string;
  accountId: number;
};

/** Contacts with an email matching the audience's account attributes, role and traits (one per email). */
export async function audienceContacts(q: Queryable, a: AudienceSql): Promise<AudienceContact[]> {
  const rows = await q.query<AudienceContact>(
    `SELECT DISTINCT ON (lower(c.email)) c.id AS "contactId", lower(c.email) AS email, c.account_id AS "accountId"
     FROM contacts c JOIN accounts a ON a.id = c.account_id
     WHERE c.email IS NOT NULL AND c.email LIKE '%@%'
       AND ($1::jsonb IS NULL OR a.attributes @> $1::jsonb)
       AND ($2::text IS NULL OR lower(c.role) = lower($2))
       AND ($3::jsonb IS NULL OR c.attributes @> $3::jsonb)
     ORDER BY lower(c.email), c.id`,
    [a.attributes && JSON.stringify(a.attributes), a.role, a.traits && JSON.stringify(a.traits)],
  );
  return rows.map((r) => ({ ...r, contactId: r.contactId, accountId: r.accountId }));
}

export type ProductUser = {
  userId: string;
  accountId: number;
  email: string | null;
};

/** Product users mapped to an account (usage_users), matching the audience; optionally only one user. */
export async function audienceUsers(
  q: Queryable,
  a: AudienceSql,
  userId: string | null = null,
): Promise<ProductUser[]> {
  const rows = await q.query<ProductUser>(
    `SELECT u.user_key AS "userId", u.account_id AS "accountId", lower(u.traits->>'email') AS email
     FROM usage_users u JOIN accounts a ON a.id = u.account_id
     WHERE ($4::text IS NULL OR u.user_key = $4)
       AND ($1::jsonb IS NULL OR a.attributes @> $1::jsonb)
       AND ($2::text IS NULL OR lower(u.traits->>'role') = lower($2))
       AND ($3::jsonb IS NULL OR u.traits @> $3::jsonb)
     ORDER BY u.user_key`,
    [a.attributes && JSON.stringify(a.attributes), a.role, a.traits && JSON.stringify(a.traits), userId],
  );
  return rows.map((r) => ({ ...r, accountId: r.accountId }));
}

/** The product user, mapped to an account or not. */
export async function productUser(q: Queryable, userId: string): Promise<{ accountId: number | null } | null> {
  const [row] = await q.query<{ accountId: number | null }>(
    `SELECT account_id AS "accountId" FROM usage_users WHERE user_key = $1`,
    [userId],
  );
  return row ? { accountId: row.accountId === null ? null : row.accountId } : null;
}

export type TouchRow = {
  email: string | null;
  userId: string | null;
  lastAnsweredAt: Date | null;
  lastDismissedAt: Date | null;
  lastUnansweredAskAt: Date | null;
};

const json = (values: Iterable<string>) => JSON.stringify([...new Set(values)]);

/** Each person's latest answer, dismissal and unanswered invitation (every survey), by email and by user id. */
export async function personTouches(q: Queryable, emails: readonly string[], userIds: readonly string[]) {
  const rows = await q.query<TouchRow>(
    `WITH e AS (SELECT jsonb_array_elements_text($1::jsonb) AS email),
          u AS (SELECT jsonb_array_elements_text($2::jsonb) AS user_id)
     SELECT lower(contact_email) AS email, user_id AS "userId",
            max(responded_at) FILTER (WHERE NOT dismissed) AS "lastAnsweredAt",
            max(responded_at) FILTER (WHERE dismissed) AS "lastDismissedAt",
            NULL::timestamptz AS "lastUnansweredAskAt"
     FROM survey_responses
     WHERE lower(contact_email) IN (SELECT email FROM e) OR user_id IN (SELECT user_id FROM u)
     GROUP BY 1, 2
     UNION ALL
     SELECT lower(email), user_id, NULL, NULL, max(coalesce(sent_at, created_at))
     FROM survey_invitations
     WHERE state IN ('queued', 'sent') AND (lower(email) IN (SELECT email FROM e) OR user_id IN (SELECT user_id FROM u))
     GROUP BY 1, 2`,
    [json(emails.map((e) => e.toLowerCase())), json(userIds)],
  );
  const date = (d: Date | string | null) => (d === null ? null : new Date(d));
  return rows.map((r) => ({
    ...r,
    lastAnsweredAt: date(r.lastAnsweredAt),
    lastDismissedAt: date(r.lastDismissedAt),
    lastUnansweredAskAt: date(r.lastUnansweredAskAt),
  }));
}

export interface NewInvitation {
  surveyId: number;
  channel: 'link' | 'email' | 'in_app';
  accountId: number;
  contactId: number | null;
  email: string | null;
  userId: string | null;
  state: 'queued' | 'sent' | 'answered' | 'dismissed';
  sentAt: Date | null;
  expiresAt: Date;
}

export async function insertInvitations(q: Queryable, rows: readonly NewInvitation[], now: Date): Promise<number[]> {
  if (rows.length === 0) return [];
  const inserted = await q.query<{ id: number }>(
    `INSERT INTO survey_invitations (survey_id, channel, account_id, contact_id, email, user_id, state, sent_at,
                                     expires_at, created_at, updated_at)
     SELECT survey_id, channel, account_id, contact_id, email, user_id, state, sent_at, expires_at, $2, $2
     FROM jsonb_to_recordset($1::jsonb) AS x(survey_id bigint, channel text, account_id bigint, contact_id bigint,
          email text, user_id text, state text, sent_at timestamptz, expires_at timestamptz, n integer)
     ORDER BY n
     RETURNING id`,
    [
      JSON.stringify(
        rows.map((r, n) => ({
          survey_id: r.surveyId,
          channel: r.channel,
          account_id: r.accountId,
          contact_id: r.contactId,
          email: r.email,
          user_id: r.userId,
          state: r.state,
          sent_at: r.sentAt?.toISOString() ?? null,
          expires_at: r.expiresAt.toISOString(),
          n,
        })),
      ),
      now.toISOString(),
    ],
  );
  return inserted.map((r) => r.id).sort((a, b) => a - b);
}

export type InvitationRow = {
  id: number;
  surveyId: number;
  channel: 'link' | 'email' | 'in_app';
  state: 'queued' | 'sent' | 'answered' | 'dismissed' | 'failed';
  email: string | null;
  userId: string | null;
  contactId: number | null;
  accountId: number;
  accountExternalId: string;
  accountName: string;
  error: string | null;
  attempts: number;
  createdAt: Date;
  sentAt: Date | null;
  expiresAt: Date;
  respondedAt: Date | null;
  score: number | null;
};

const INVITATION_COLUMNS = `i.id, i.survey_id AS "surveyId", i.channel, i.state, i.email, i.user_id AS "userId",
  i.contact_id AS "contactId", i.account_id AS "accountId", a.external_id AS "accountExternalId",
  a.name AS "accountName", i.error, i.attempts, i.created_at AS "createdAt", i.sent_at AS "sentAt",
  i.expires_at AS "expiresAt", i.responded_at AS "respondedAt", r.score`;

function invitationOf(r: InvitationRow): InvitationRow {
  const date = (d: Date | null) => (d === null ? null : new Date(d));
  return {
    ...r,
    id: r.id,
    surveyId: r.surveyId,
    contactId: r.contactId === null ? null : r.contactId,
    accountId: r.accountId,
    attempts: r.attempts,
    createdAt: new Date(r.createdAt),
    sentAt: date(r.sentAt),
    expiresAt: new Date(r.expiresAt),
    respondedAt: date(r.respondedAt),
    score: r.score === null ? null : r.score,
  };
}

export async function readInvitation(q: Queryable, id: number, lock = false): Promise<InvitationRow | null> {
  const [row] = await q.query<InvitationRow>(
    `SELECT ${INVITATION_COLUMNS} FROM survey_invitations i JOIN accounts a ON a.id = i.account_id
     LEFT JOIN survey_responses r ON r.id = i.response_id WHERE i.id = $1 ${lock ? 'FOR UPDATE OF i' : ''}`,
    [id],
  );
  return row ? invitationOf(row) : null;
}

/** A page of a survey's invitations, newest first; `state` 'expired' is sent-but-past-expiry. */
export async function listInvitationRows(
  q: Queryable,
  o: { surveyId: number; state: string | null; now: Date; limit: number; offset: number },
): Promise<{ total: number; rows: InvitationRow[] }> {
  const filter = `i.survey_id = $1 AND (
      $2::text IS NULL
      OR ($2 = 'expired' AND i.state = 'sent' AND i.expires_at <= $3)
      OR ($2 = 'sent' AND i.state = 'sent' AND i.expires_at > $3)
      OR ($2 NOT IN ('sent', 'expired') AND i.state = $2))`;
  const params = [o.surveyId, o.state, o.now.toISOString()];
  const [count] = await q.query<{ n: number }>(
    `SELECT count(*) AS n FROM survey_invitations i WHERE ${filter}`,
    params,
  );
  const rows = await q.query<InvitationRow>(
    `SELECT ${INVITATION_COLUMNS} FROM survey_invitations i JOIN accounts a ON a.id = i.account_id
     LEFT JOIN survey_responses r ON r.id = i.response_id
     WHERE ${filter} ORDER BY i.id DESC LIMIT $4 OFFSET $5`,
    [...params, o.limit, o.offset],
  );
  return { total: count?.n ?? 0, rows: rows.map(invitationOf) };
}

export async function markSent(q: Queryable, id: number, now: Date, expiresAt: Date): Promise<void> {
  await q.execute(
    `UPDATE survey_invitations SET state = 'sent', sent_at = $2, expires_at = $3, error = NULL,
       attempts = attempts + 1, updated_at = $2 WHERE id = $1 AND state = 'queued'`,
    [id, now.toISOString(), expiresAt.toISOString()],
  );
}

/** Records a failed try; `final` marks the invitation failed (no more tries). */
export async function markSendError(q: Queryable, id: number, error: string, final: boolean, now: Date) {
  await q.execute(
    `UPDATE survey_invitations SET error = $2, attempts = attempts + 1, updated_at = $3,
       state = CASE WHEN $4::boolean THEN 'failed' ELSE state END
     WHERE id = $1 AND state = 'queued'`,
    [id, error.slice(0, 2000), now.toISOString(), final],
  );
}

/** Closes an open invitation with its answer; false when it was already answered or dismissed. */
export async function closeInvitation(
  q: Queryable,
  o: { id: number; state: 'answered' | 'dismissed'; responseId: number; now: Date },
): Promise<boolean> {
  const touched = await q.execute(
    `UPDATE survey_invitations SET state = $2, response_id = $3, responded_at = $4, updated_at = $4
     WHERE id = $1 AND state IN ('queued', 'sent')`,
    [o.id, o.state, o.responseId, o.now.toISOString()],
  );
  return touched > 0;
}

export interface NewResponse {
  responseId: string;
  surveyId: number;
  kind: string;
  score: number | null;
  comment: string | null;
  respondedAt: Date;
  accountId: number;
  contactEmail: string | null;
  userId: string | null;
  channel: string;
  dismissed: boolean;
  source: string;
}

/** Stores one answer; null when its response_id is already stored (a repeated delivery). */
export async function insertResponse(q: Queryable, r: NewResponse): Promise<number | null> {
  const [row] = await q.query<{ id: number }>(
    `INSERT INTO survey_responses (response_id, survey_id, kind, score, comment, responded_at, account_id,
       contact_email, user_id, channel, dismissed, source)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)
     ON CONFLICT (response_id) DO NOTHING RETURNING id`,
    [
      r.responseId,
      r.surveyId,
      r.kind,
      r.score,
      r.comment,
      r.respondedAt.toISOString(),
      r.accountId,
      r.contactEmail,
      r.userId,
      r.channel,
      r.dismissed,
      r.source,
    ],
  );
  return row ? row.id : null;
}

export async function accountBrief(q: Queryable, id: number) {
  const [row] = await q.query<{ id: number; externalId: string; name: string }>(
    `SELECT id, external_id AS "externalId", name FROM accounts WHERE id = $1`,
    [id],
  );
  return row ? { ...row, id: row.id } : null;
}

/** The contact with this email (lower-case), when exactly one account has it. */
export async function contactByEmail(q: Queryable, email: string) {
  const rows = await q.query<{ id: number; accountId: number }>(
    `SELECT id, account_id AS "accountId" FROM contacts WHERE lower(email) = lower($1) ORDER BY id`,
    [email],
  );
  const accounts = new Set(rows.map((r) => r.accountId));
  const first = rows[0];
  return first && accounts.size === 1 ? { id: first.id, accountId: first.accountId } : null;
}

export type AccountDimensions = {
  id: number;
  industry: string | null;
  size_band: string | null;
  segment: string | null;
  icp_fit: string | null;
  owner_csm: string | null;
};

/** Every account's segment values (icp_fit as 'icp' / 'non-icp'), for audience filters. */
export async function accountDimensions(q: Queryable): Promise<AccountDimensions[]> {
  const rows = await q.query<AccountDimensions>(
    `SELECT id, industry, size_band, segment, owner_csm,
            CASE WHEN icp_fit IS NULL THEN NULL WHEN icp_fit THEN 'icp' ELSE 'non-icp' END AS icp_fit
     FROM accounts`,
  );
  return rows.map((r) => ({ ...r, id: r.id }));
}
