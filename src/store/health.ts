// SQL of account health: tickets, CSM sentiment, scorecards and the daily scores.
import type { Queryable } from './types.ts';
import type { UpsertSpec } from './upsert.ts';

export const TICKETS: UpsertSpec = {
  table: 'tickets',
  key: ['ticket_id'],
  columns: {
    ticket_id: 'text',
    account_id: 'bigint',
    opened_at: 'timestamptz',
    closed_at: 'timestamptz',
    priority: 'text',
    csat: 'integer',
    source: 'text',
  },
  insertOnly: ['source'],
};

/** Tickets opened in [from, to] (days, inclusive) by account; null when no ticket was ever imported. */
export async function ticketsBetween(
  q: Queryable,
  from: string,
  to: string,
): Promise<Map<number, { openedOn: string; csat: number | null }[]> | null> {
  const [any] = await q.query<{ one: number }>(`SELECT 1 AS one FROM tickets LIMIT 1`);
  if (!any) return null;
  const rows = await q.query<{ account_id: number; opened_on: string; csat: number | null }>(
    `SELECT account_id, to_char(opened_at AT TIME ZONE 'UTC', 'YYYY-MM-DD') AS opened_on, csat FROM tickets
     WHERE opened_at >= $1::date AND opened_at < $2::date + 1`,
    [from, to],
  );
  const out = new Map<number, { openedOn: string; csat: number | null }[]>();
  for (const r of rows) {
    const id = r.account_id;
    const list = out.get(id) ?? [];
    list.push({ openedOn: r.opened_on, csat: r.csat });
    out.set(id, list);
  }
  return out;
}

/** Survey answers (not dismissed) of kind nps or csat answered in [from, to], by account. */
export async function surveyScoresBetween(
  q: Queryable,
  from: string,
  to: string,
): Promise<{ accountId: number; kind: 'nps' | 'csat'; day: string; score: number }[]> {
  const rows = await q.query<{ account_id: number; kind: 'nps' | 'csat'; day: string; score: number }>(
    `SELECT account_id, kind, to_char(responded_at AT TIME ZONE 'UTC', 'YYYY-MM-DD') AS day, score
     FROM survey_responses
     WHERE kind IN ('nps', 'csat') AND NOT dismissed AND score IS NOT NULL
       AND responded_at >= $1::date AND responded_at < $2::date + 1`,
    [from, to],
  );
  return rows.map((r) => ({ accountId: r.account_id, kind: r.kind, day: r.day, score: r.score }));
}

export interface SentimentRow {
  accountId: number;
  sentiment: 'red' | 'yellow' | 'green';
  until: string;
  note: string | null;
  setBy: string;
  setAt: string;
}

export async function readSentiments(q: Queryable, accountId?: number): Promise<SentimentRow[]> {
  const rows = await q.query<{
    account_id: number;
    sentiment: SentimentRow['sentiment'];
    until_on: string;
    note: string | null;
    set_by: string;
    set_at: Date | string;
  }>(
    `SELECT account_id, sentiment, to_char(until_on, 'YYYY-MM-DD') AS until_on, note, set_by, set_at
     FROM health_sentiments ${accountId === undefined ? '' : 'WHERE account_id = $1'}`,
    accountId === undefined ? [] : [accountId],
  );
  return rows.map((r) => ({
    accountId: r.account_id,
    sentiment: r.sentiment,
    until: r.until_on,
    note: r.note,
    setBy: r.set_by,
    setAt: new Date(r.set_at).toISOString(),
  }));
}

export async function writeSentiment(q: Queryable, row: SentimentRow): Promise<void> {
  await q.execute(
    `INSERT INTO health_sentiments (account_id, sentiment, until_on, note, set_by, set_at)
     VALUES ($1, $2, $3, $4, $5, $6)
     ON CONFLICT (account_id) DO UPDATE SET sentiment = excluded.sentiment, until_on = excluded.until_on,
       note = excluded.note, set_by = excluded.set_by, set_at = excluded.set_at`,
    [row.accountId, row.sentiment, row.until, row.note, row.setBy, row.setAt],
  );
}

export async function deleteSentiment(q: Queryable, accountId: number): Promise<boolean> {
  return (await q.execute(`DELETE FROM health_sentiments WHERE account_id = $1`, [accountId])) > 0;
}

export async function readScorecards(q: Queryable): Promise<{ definition: unknown; updatedAt: string }[]> {
  const rows = await q.query<{ definition: unknown; updated_at: Date | string }>(
    `SELECT definition, updated_at FROM health_scorecards ORDER BY key`,
  );
  return rows.map((r) => ({
    definition: typeof r.definition === 'string' ? (JSON.parse(r.definition) as unknown) : r.definition,
    updatedAt: new Date(r.updated_at).toISOString(),
  }));
}

export async function writeScorecard(q: Queryable, key: string, definition: unknown, at: Date): Promise<void> {
  await q.execute(
    `INSERT INTO health_scorecards (key, definition, updated_at) VALUES ($1, $2::jsonb, $3)
     ON CONFLICT (key) DO UPDATE SET definition = excluded.definition, updated_at = excluded.updated_at`,
    [key, JSON.stringify(definition), at.toISOString()],
  );
}

export async function deleteScorecard(q: Queryable, key: string): Promise<boolean> {
  return (await q.execute(`DELETE FROM health_scorecards WHERE key = $1`, [key])) > 0;
}

export interface ScoreRow {
  accountId: number;
  day: string;
  scorecard: string;
  score: number | null;
  band: 'red' | 'yellow' | 'green' | null;
  measures: unknown;
  missing: string[];
  forcedBy: string[];
}

/** Each account's band in its latest row on or before `day` (today's own row included). */
export async function latestBands(q: Queryable, day: string): Promise<Map<number, string | null>> {
  const rows = await q.query<{ account_id: number; band: string | null }>(
    `SELECT DISTINCT ON (account_id) account_id, band FROM health_scores WHERE day <= $1::date
     ORDER BY account_id, day DESC`,
    [day],
  );
  return new Map(rows.map((r) => [r.account_id, r.band]));
}

/** Writes the day's rows, replacing the ones of that day (rescoring is idempotent per day). */
export async function upsertScores(q: Queryable, rows: readonly ScoreRow[], scoredAt: Date): Promise<void> {
  const CHUNK = 2000;
  for (let i = 0; i < rows.length; i += CHUNK) {
    const json = JSON.stringify(
      rows.slice(i, i + CHUNK).map((r) => ({
        account_id: r.accountId,
        day: r.day,
        scorecard: r.scorecard,
        score: r.score,
        band: r.band,
        measures: r.measures,
        missing: r.missing,
        forced_by: r.forcedBy,
      })),
    );
    await q.execute(
      `INSERT INTO health_scores (account_id, day, scorecard, score, band, measures, missing, forced_by, scored_at)
       SELECT r.account_id, r.day, r.scorecard, r.score, r.band, r.measures,
         ARRAY(SELECT jsonb_array_elements_text(r.missing)), ARRAY(SELECT jsonb_array_elements_text(r.forced_by)), $2
       FROM jsonb_to_recordset($1::jsonb) AS r(account_id bigint, day date, scorecard text, score smallint,
         band text, measures jsonb, missing jsonb, forced_by jsonb)
       ON CONFLICT (account_id, day) DO UPDATE SET scorecard = excluded.scorecard, score = excluded.score,
         band = excluded.band, measures = excluded.measures, missing = excluded.missing,
         forced_by = excluded.forced_by, scored_at = excluded.scored_at`,
      [json, scoredAt.toISOString()],
    );
  }
}

export interface StoredScore extends ScoreRow {
  scoredAt: string;
}

type RawScore = {
  account_id: number;
  day: string;
  scorecard: string;
  score: number | null;
  band: ScoreRow['band'];
  measures: unknown;
  missing: string[] | string;
  forced_by: string[] | string;
  scored_at: Date | string;
};

const arrayOf = (v: string[] | string): string[] =>
  Array.isArray(v) ? v : v === '{}' ? [] : v.replace(/^\{|\}$/g, '').split(',');

function stored(r: RawScore): StoredScore {
  return {
    accountId: r.account_id,
    day: r.day,
    scorecard: r.scorecard,
    score: r.score,
    band: r.band,
    measures: typeof r.measures === 'string' ? (JSON.parse(r.measures) as unknown) : r.measures,
    missing: arrayOf(r.missing),
    forcedBy: arrayOf(r.forced_by),
    scoredAt: new Date(r.scored_at).toISOString(),
  };
}

const COLUMNS = `account_id, to_char(day, 'YYYY-MM-DD') AS day, scorecard, score, band, measures, missing, forced_by,
  scored_at`;

/** The latest day anyone was scored on or before `day` (null: never). */
export async function latestScoredDay(q: Queryable, day: string): Promise<string | null> {
  const [row] = await q.query<{ day: string | null }>(
    `SELECT to_char(max(day), 'YYYY-MM-DD') AS day FROM health_scores WHERE day <= $1::date`,
    [day],
  );
  return row?.day ?? null;
}

/** Every row of one day. */
export async function scoresOn(q: Queryable, day: string): Promise<StoredScore[]> {
  const rows = await q.query<RawScore>(`SELECT ${COLUMNS} FROM health_scores WHERE day = $1::date`, [day]);
  return rows.map(stored);
}

/** Each account's score on a day (score only), for trends. */
export async function scoreMapOn(
  q: Queryable,
  day: string,
): Promise<Map<number, { score: number | null; band: string | null }>> {
  const rows = await q.query<{ account_id: number; score: number | null; band: string | null }>(
    `SELECT account_id, score, band FROM health_scores WHERE day = $1::date`,
    [day],
  );
  return new Map(rows.map((r) => [r.account_id, { score: r.score, band: r.band }]));
}

/** One account's rows from `from` on, oldest first. */
export async function accountScores(q: Queryable, accountId: number, from: string): Promise<StoredScore[]> {
  const rows = await q.query<RawScore>(
    `SELECT ${COLUMNS} FROM health_scores WHERE account_id = $1 AND day >= $2::date ORDER BY day`,
    [accountId, from],
  );
  return rows.map(stored);
}

/** Accounts per band per day in [from, to]. */
export async function bandCountsByDay(
  q: Queryable,
  from: string,
  to: string,
): Promise<{ day: string; band: string | null; accounts: number }[]> {
  const rows = await q.query<{ day: string; band: string | null; accounts: number | string }>(
    `SELECT to_char(day, 'YYYY-MM-DD') AS day, band, count(*) AS accounts FROM health_scores
     WHERE day BETWEEN $1::date AND $2::date GROUP BY day, band ORDER BY day`,
    [from, to],
  );
  return rows.map((r) => ({ day: r.day, band: r.band, accounts: Number(r.accounts) }));
}

/** Latest band of some accounts (for the accounts list). */
export async function latestBandsOf(
  q: Queryable,
  accountIds: readonly number[],
): Promise<Map<number, { score: number | null; band: string | null }>> {
  if (accountIds.length === 0) return new Map();
  const rows = await q.query<{ account_id: number; score: number | null; band: string | null }>(
    `SELECT DISTINCT ON (account_id) account_id, score, band FROM health_scores
     WHERE account_id IN (SELECT jsonb_array_elements_text($1::jsonb)::bigint) ORDER BY account_id, day DESC`,
    [JSON.stringify(accountIds)],
  );
  return new Map(rows.map((r) => [r.account_id, { score: r.score, band: r.band }]));
}

/** Each listed account's latest score on or before `day`, with its band. */
export async function scoresAsOf(
  q: Queryable,
  accountIds: readonly number[],
  day: string,
): Promise<Map<number, { score: number | null; band: string | null }>> {
  if (accountIds.length === 0) return new Map();
  const rows = await q.query<{ account_id: unknown; score: unknown; band: string | null }>(
    `SELECT DISTINCT ON (account_id) account_id, score, band FROM health_scores
     WHERE account_id IN (SELECT jsonb_array_elements_text($1::jsonb)::bigint) AND day <= $2::date
     ORDER BY account_id, day DESC`,
    [JSON.stringify(accountIds), day],
  );
  return new Map(
    rows.map((r) => [Number(r.account_id), { score: r.score === null ? null : Number(r.score), band: r.band }]),
  );
}
