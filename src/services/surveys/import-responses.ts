// `tenure import responses FILE`: survey answers from CSV, each tied to an account (by its id, or through the
// contact's email or the product user's id), all or nothing, idempotent by response_id.
import { InputError } from '../../core/errors.ts';
import type { SurveyKind } from '../../core/surveys/metrics.ts';
import { streamedRows } from '../../importers/csv/columns.ts';
import type { CsvInput } from '../../importers/csv/read.ts';
import { responseParser, type ResponseRow } from '../../importers/csv/responses.ts';
import { chunked, openCsvStream } from '../../importers/csv/stream.ts';
import {
  accountIdsByContactEmail,
  accountIdsByExternalId,
  accountIdsByUserId,
  ensureSurveys,
  SURVEY_RESPONSES,
} from '../../store/surveys.ts';
import type { Queryable } from '../../store/types.ts';
import { upsertRows } from '../../store/upsert.ts';
import { withTransaction, type ServiceContext } from '../context.ts';
import { addCounts, recordImportRun, zeroCounts, type ImportSummary } from '../imports.ts';

const CHUNK_ROWS = 2000;

/** Imports survey responses; a row whose account cannot be found refuses the whole file, naming its line. */
export async function importResponses({
  ctx,
  input,
}: {
  ctx: ServiceContext;
  input: CsvInput;
}): Promise<ImportSummary> {
  const startedAt = new Date();
  const csv = await openCsvStream(input);
  const parser = responseParser(csv);
  return withTransaction(ctx, async ({ tx }) => {
    let written = zeroCounts();
    let read = 0;
    for await (const chunk of chunked(streamedRows(csv.records, parser.columns), CHUNK_ROWS)) {
      read += chunk.length;
      const rows = chunk.map(parser.parse);
      const accounts = await resolveAccounts(tx, csv.file, rows);
      const surveys = await surveysOf(tx, csv.file, rows);
      const records = rows.map((r, i) => ({
        response_id: r.response_id,
        survey_id: surveys.get(r.survey),
        kind: r.kind,
        score: r.score,
        comment: r.comment,
        responded_at: r.responded_at,
        account_id: accounts[i],
        contact_email: r.contact_email,
        user_id: r.user_id,
        channel: 'import',
        dismissed: r.dismissed,
        source: 'csv',
      }));
      written = addCounts(written, await upsertRows(tx, SURVEY_RESPONSES, records));
    }
    const summary: ImportSummary = { kind: 'csv:responses', source: csv.file, read, ...written };
    await recordImportRun(tx, summary, startedAt, ctx);
    return summary;
  });
}

/** Each row's account: its account_id when given (which must exist), else its contact's, else its user's. */
async function resolveAccounts(tx: Queryable, file: string, rows: readonly ResponseRow[]): Promise<number[]> {
  const byId = await accountIdsByExternalId(
    tx,
    rows.flatMap((r) => r.account_external_id ?? []),
  );
  const unnamed = rows.filter((r) => r.account_external_id === null);
  const byEmail = await accountIdsByContactEmail(
    tx,
    unnamed.flatMap((r) => r.contact_email ?? []),
  );
  const byUser = await accountIdsByUserId(
    tx,
    unnamed.flatMap((r) => r.user_id ?? []),
  );
  return rows.map((r) => {
    const where = { file, line: r.line };
    if (r.account_external_id !== null) {
      return (
        byId.get(r.account_external_id) ??
        fail(where, 'account_id', 'the id of an account already imported', r.account_external_id)
      );
    }
    const viaEmail = r.contact_email === null ? [] : (byEmail.get(r.contact_email.toLowerCase()) ?? []);
    if (viaEmail.length > 1) {
      fail(where, 'contact_email', 'an email of contacts in one account (or an account_id)', r.contact_email ?? '');
    }
    const viaUser = r.user_id === null ? undefined : byUser.get(r.user_id);
    const account = viaEmail[0] ?? viaUser;
    if (account !== undefined) return account;
    const field = r.contact_email !== null ? 'contact_email' : 'user_id';
    const found = r.contact_email ?? r.user_id ?? '';
    return fail(where, field, 'an account_id, or a contact email or user id that maps to an account', found);
  });
}

/** The surveys the rows name, created when new; a survey stored with another kind refuses the row. */
async function surveysOf(tx: Queryable, file: string, rows: readonly ResponseRow[]): Promise<Map<string, number>> {
  const named = new Map<string, SurveyKind>();
  for (const r of rows) if (!named.has(r.survey)) named.set(r.survey, r.kind);
  const stored = await ensureSurveys(
    tx,
    [...named].map(([name, kind]) => ({ name, kind })),
  );
  for (const r of rows) {
    const survey = stored.get(r.survey);
    if (survey && survey.kind !== r.kind) {
      fail({ file, line: r.line }, 'kind', `${survey.kind}, the kind of survey "${r.survey}"`, r.kind);
    }
  }
  return new Map([...stored].map(([name, s]) => [name, s.id]));
}

function fail(where: { file: string; line: number }, field: string, expected: string, found: string): never {
  throw new InputError(where, field, expected, found);
}
