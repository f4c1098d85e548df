// Survey responses from CSV: response_id, survey, kind, score, comment, responded_at, account_id, contact_email,
// user_id (and optionally dismissed). Each row is checked alone; the account it belongs to is resolved by the service.
import { InputError } from '../../core/errors.ts';
import { SCORE_RANGES, SURVEY_KINDS, type SurveyKind } from '../../core/surveys/metrics.ts';
import { KeyLines, mapColumns, type ColumnSpecs, type CsvRow } from './columns.ts';
import type { CsvHead } from './stream.ts';

export const RESPONSE_COLUMNS = {
  responseId: { names: ['response_id'], required: true },
  survey: { names: ['survey'], required: true },
  kind: { names: ['kind'], required: true },
  score: { names: ['score'], required: true },
  comment: { names: ['comment'] },
  respondedAt: { names: ['responded_at'], required: true },
  accountId: { names: ['account_id'] },
  contactEmail: { names: ['contact_email'] },
  userId: { names: ['user_id'] },
  dismissed: { names: ['dismissed'] },
} as const satisfies ColumnSpecs<string>;

export type ResponseField = keyof typeof RESPONSE_COLUMNS;

export interface ResponseRow {
  line: number;
  response_id: string;
  survey: string;
  kind: SurveyKind;
  score: number | null;
  comment: string | null;
  responded_at: string;
  account_external_id: string | null;
  contact_email: string | null;
  user_id: string | null;
  dismissed: boolean;
}

const EMAIL = /^[^\s@]+@[^\s@]+$/;

/** Validates response rows one at a time, remembering response ids and each survey's kind across the file. */
export function responseParser(head: CsvHead) {
  const columns = mapColumns(head, RESPONSE_COLUMNS);
  const where = { file: head.file, line: head.headerLine };
  const [unknown] = columns.extras;
  if (unknown !== undefined) {
    const names = Object.values(RESPONSE_COLUMNS).map((c) => c.names[0]);
    throw new InputError(where, head.header[unknown], `only the columns ${names.join(', ')}`);
  }
  if ([columns.index.accountId, columns.index.contactEmail, columns.index.userId].every((i) => i === undefined)) {
    throw new InputError(where, 'account_id', 'a column account_id, contact_email or user_id');
  }
  const keys = new KeyLines();
  const surveyKinds = new Map<string, { kind: SurveyKind; line: number }>();
  const parse = (row: CsvRow<ResponseField>): ResponseRow => {
    const responseId = row.required('responseId');
    keys.claim(row, responseId, 'response_id', responseId);
    const survey = row.required('survey');
    const kindText = row.required('kind').toLowerCase();
    if (!(SURVEY_KINDS as readonly string[]).includes(kindText)) row.fail('kind', 'nps, csat or ces', kindText);
    const kind = kindText as SurveyKind;
    const known = surveyKinds.get(survey);
    if (known && known.kind !== kind) {
      row.fail('kind', `${known.kind}, the kind of survey "${survey}" on line ${known.line}`, kindText);
    }
    if (!known) surveyKinds.set(survey, { kind, line: row.line });
    const dismissed = row.boolean('dismissed') ?? false;
    const [min, max] = SCORE_RANGES[kind];
    const scoreText = dismissed ? row.text('score') : row.required('score');
    let score: number | null = null;
    if (scoreText !== null) {
      score = /^\d{1,2}$/.test(scoreText) ? Number(scoreText) : NaN;
      if (!(score >= min && score <= max))
        row.fail('score', `a whole number from ${min} to ${max} (${kind})`, scoreText);
    }
    const email = row.text('contactEmail');
    if (email !== null && !EMAIL.test(email)) row.fail('contact_email', 'an email address', email);
    const accountId = row.text('accountId');
    const userId = row.text('userId');
    if (accountId === null && email === null && userId === null) {
      row.fail('account_id', 'an account id, or a contact_email or user_id that maps to an account', '');
    }
    const respondedAt = row.timestamp('respondedAt') ?? row.fail('responded_at', 'an ISO 8601 timestamp', '');
    return {
      line: row.line,
      response_id: responseId,
      survey,
      kind,
      score,
      comment: row.text('comment'),
      responded_at: respondedAt,
      account_external_id: accountId,
      contact_email: email,
      user_id: userId,
      dismissed,
    };
  };
  return { columns, parse };
}
