// Survey definitions: create, change, close, read, each with its summary (audience, sent, answered, dismissed,
// response rate). A definition says what is asked (kind, question, language, NPS follow-up), of whom (audience),
// how often (throttling, sampling) and when (continuous, or a wave between two days).
import type { Static, TSchema } from 'typebox';
import { Value } from 'typebox/value';
import {
  SurveyInput,
  SurveyPatch,
  type AudienceView,
  type SurveyInputBody,
  type SurveyPatchBody,
  type SurveySummaryView,
  type SurveyView,
} from '../../contract/surveys-admin.ts';
import { FILTER_DIMENSIONS } from '../../contract/segments.ts';
import {
  insertSurvey,
  invitationCounts,
  readSurveys,
  updateSurveyRow,
  type InvitationCounts,
  type SurveyFields,
  type SurveyRow,
} from '../../store/survey-channels.ts';
import { audit } from '../audit.ts';
import { db, withTransaction, type ServiceContext } from '../context.ts';
import { UsageError } from '../errors.ts';
import { audienceSize } from './audience.ts';

export const DEFAULT_LANGUAGE = 'en';

/** Checks `input` against a contract schema (the CLI's path has no HTTP validator), naming the first bad field. */
export function checked<T extends TSchema>(schema: T, input: unknown, what: string): Static<T> {
  if (Value.Check(schema, input)) return input;
  const first = [...Value.Errors(schema, input)][0];
  const where = first?.instancePath ? first.instancePath.replace(/^\//, '').replaceAll('/', '.') : what;
  throw new UsageError(`${where}: ${first?.message ?? 'is not valid'}`);
}

function checkWave(startsOn: string | null | undefined, endsOn: string | null | undefined) {
  if (startsOn && endsOn && startsOn > endsOn) {
    throw new UsageError(`endsOn must be on or after startsOn (${startsOn}), found ${endsOn}`);
  }
}

/** Drops empty parts, so {} means everyone and two equal audiences compare equal. */
function cleanAudience(audience: AudienceView | undefined): AudienceView {
  const out: AudienceView = {};
  const filters = Object.fromEntries(
    Object.entries(audience?.filters ?? {}).filter(([, v]) => v !== undefined && v !== ''),
  );
  if (Object.keys(filters).length > 0) out.filters = filters;
  if (audience?.attributes && Object.keys(audience.attributes).length > 0) out.attributes = audience.attributes;
  if (audience?.role) out.role = audience.role;
  if (audience?.traits && Object.keys(audience.traits).length > 0) out.traits = audience.traits;
  return out;
}

function fieldsOf(input: SurveyPatchBody): SurveyFields {
  const f: SurveyFields = {
    name: input.name,
    question: input.question,
    language: input.language,
    follow_up: input.followUp === undefined ? undefined : input.followUp?.trim() || null,
    audience: input.audience === undefined ? undefined : cleanAudience(input.audience),
    throttle_answered_days: input.throttleAnsweredDays,
    throttle_dismissed_days: input.throttleDismissedDays,
    sample_percent: input.samplePercent,
    starts_on: input.startsOn,
    ends_on: input.endsOn,
  };
  if (input.formbricks !== undefined) {
    f.formbricks_survey_id = input.formbricks?.surveyId ?? null;
    f.formbricks_score_question = input.formbricks?.scoreQuestion ?? null;
    f.formbricks_comment_question = input.formbricks?.commentQuestion ?? null;
  }
  return f;
}

async function refuseTaken(ctx: ServiceContext, input: SurveyPatchBody, id: number | null) {
  const q = db(ctx);
  if (input.name !== undefined) {
    const [other] = await readSurveys(q, { name: input.name });
    if (other && other.id !== id) throw new UsageError(`name: there is already a survey named "${input.name}"`);
  }
  if (input.formbricks) {
    const [other] = await readSurveys(q, { formbricksId: input.formbricks.surveyId });
    if (other && other.id !== id) {
      throw new UsageError(`formbricks.surveyId: Formbricks survey ${input.formbricks.surveyId} feeds "${other.name}"`);
    }
  }
}

export async function createSurvey({
  ctx,
  input,
}: {
  ctx: ServiceContext;
  input: SurveyInputBody;
}): Promise<SurveyView> {
  const body = checked(SurveyInput, input, 'survey');
  checkWave(body.startsOn, body.endsOn);
  if (body.followUp && body.kind !== 'nps') throw new UsageError('followUp: only an NPS survey asks "why?"');
  return withTransaction(ctx, async (tx) => {
    await refuseTaken(tx, body, null);
    const id = await insertSurvey(
      tx.tx,
      {
        ...fieldsOf(body),
        kind: body.kind,
        language: body.language ?? DEFAULT_LANGUAGE,
        audience: cleanAudience(body.audience),
      },
      ctx.now(),
    );
    await audit(tx.tx, ctx, 'survey.create', `survey:${id}`, { name: body.name, kind: body.kind });
    return id;
  }).then((id) => getSurvey({ ctx, id }));
}

export async function updateSurvey({
  ctx,
  id,
  patch,
}: {
  ctx: ServiceContext;
  id: number;
  patch: SurveyPatchBody;
}): Promise<SurveyView> {
  const body = checked(SurveyPatch, patch, 'patch');
  return withTransaction(ctx, async (tx) => {
    const current = await surveyRow(tx, id);
    checkWave(
      body.startsOn === undefined ? current.startsOn : body.startsOn,
      body.endsOn === undefined ? current.endsOn : body.endsOn,
    );
    if (body.followUp && current.kind !== 'nps') throw new UsageError('followUp: only an NPS survey asks "why?"');
    await refuseTaken(tx, body, id);
    const fields = fieldsOf(body);
    if (body.status !== undefined && body.status !== current.status) {
      fields.status = body.status;
      fields.closed_at = body.status === 'closed' ? ctx.now() : null;
    }
    await updateSurveyRow(tx.tx, id, fields, ctx.now());
    await audit(tx.tx, ctx, 'survey.update', `survey:${id}`, { fields: Object.keys(body) });
  }).then(() => getSurvey({ ctx, id }));
}

export async function closeSurvey({ ctx, id }: { ctx: ServiceContext; id: number }): Promise<SurveyView> {
  return updateSurvey({ ctx, id, patch: { status: 'closed' } });
}

/** The stored survey, or a usage error naming the id (HTTP 404 at the edge). */
export async function surveyRow(ctx: ServiceContext, id: number): Promise<SurveyRow> {
  const [row] = await readSurveys(db(ctx), { id });
  if (!row) throw new SurveyNotFound(`There is no survey ${id}.`);
  return row;
}

export class SurveyNotFound extends UsageError {
  constructor(message: string) {
    super(message);
    this.name = 'SurveyNotFound';
  }
}

/** A survey named by its id or its name (the CLI takes either). */
export async function findSurvey(ctx: ServiceContext, ref: string): Promise<SurveyRow> {
  const byId = /^\d{1,15}$/.test(ref) ? await readSurveys(db(ctx), { id: Number(ref) }) : [];
  const [row] = byId.length > 0 ? byId : await readSurveys(db(ctx), { name: ref });
  if (!row) throw new SurveyNotFound(`There is no survey with id or name "${ref}".`);
  return row;
}

function summaryOf(counts: InvitationCounts | undefined, eligible: number): SurveySummaryView {
  const c = counts ?? { queued: 0, sent: 0, answered: 0, dismissed: 0, failed: 0, expired: 0, responses: 0 };
  const sent = c.sent + c.expired + c.answered + c.dismissed;
  return {
    eligible,
    sent,
    answered: c.answered,
    dismissed: c.dismissed,
    unanswered: c.sent + c.expired,
    expired: c.expired,
    queued: c.queued,
    failed: c.failed,
    responses: c.responses,
    responseRate: sent === 0 ? null : c.answered / sent,
  };
}

export function audienceOf(row: SurveyRow): AudienceView {
  return cleanAudience(row.audience);
}

function viewOf(row: SurveyRow, summary: SurveySummaryView): SurveyView {
  return {
    id: row.id,
    name: row.name,
    kind: row.kind,
    question: row.question,
    language: row.language ?? DEFAULT_LANGUAGE,
    followUp: row.followUp,
    audience: audienceOf(row),
    throttleAnsweredDays: row.throttleAnsweredDays,
    throttleDismissedDays: row.throttleDismissedDays,
    samplePercent: row.samplePercent,
    startsOn: row.startsOn,
    endsOn: row.endsOn,
    status: row.status,
    closedAt: row.closedAt?.toISOString() ?? null,
    formbricks: row.formbricksSurveyId
      ? {
          surveyId: row.formbricksSurveyId,
          ...(row.formbricksScoreQuestion ? { scoreQuestion: row.formbricksScoreQuestion } : {}),
          ...(row.formbricksCommentQuestion ? { commentQuestion: row.formbricksCommentQuestion } : {}),
        }
      : null,
    createdAt: row.createdAt.toISOString(),
    summary,
  };
}

export async function getSurvey({ ctx, id }: { ctx: ServiceContext; id: number }): Promise<SurveyView> {
  const row = await surveyRow(ctx, id);
  const counts = await invitationCounts(db(ctx), ctx.now());
  return viewOf(row, summaryOf(counts.get(id), await audienceSize(ctx, audienceOf(row))));
}

export async function listSurveys({ ctx }: { ctx: ServiceContext }): Promise<SurveyView[]> {
  const rows = await readSurveys(db(ctx));
  const counts = await invitationCounts(db(ctx), ctx.now());
  const sizes = new Map<string, number>();
  const out: SurveyView[] = [];
  for (const row of rows) {
    const key = JSON.stringify(audienceOf(row));
    if (!sizes.has(key)) sizes.set(key, await audienceSize(ctx, audienceOf(row)));
    out.push(viewOf(row, summaryOf(counts.get(row.id), sizes.get(key) ?? 0)));
  }
  return out;
}

/**
 * An audience written as text: 'everyone', or comma-separated key=value pairs: a segment dimension
 * (segment=enterprise, plan=Pro…), role=admin, trait.KEY=value (contact attribute or user trait), and any other
 * key an account attribute (country=CN, or account.country=CN).
 */
export function parseAudience(text: string): AudienceView {
  const trimmed = text.trim();
  if (trimmed === '' || trimmed.toLowerCase() === 'everyone') return {};
  const audience: AudienceView = {};
  for (const part of trimmed.split(',')) {
    const eq = part.indexOf('=');
    const key = part.slice(0, eq).trim();
    const value = part.slice(eq + 1).trim();
    if (eq < 1 || value === '') {
      throw new UsageError(`--audience: expected key=value pairs separated by commas (or "everyone"), found "${part}"`);
    }
    if ((FILTER_DIMENSIONS as readonly string[]).includes(key)) {
      audience.filters = { ...audience.filters, [key]: value };
    } else if (key === 'role') {
      audience.role = value;
    } else if (key.startsWith('trait.') && key.length > 6) {
      audience.traits = { ...audience.traits, [key.slice(6)]: value };
    } else {
      const name = key.startsWith('account.') ? key.slice(8) : key;
      audience.attributes = { ...audience.attributes, [name]: value };
    }
  }
  return audience;
}

/** The audience in the same words `parseAudience` reads. */
export function audienceText(a: AudienceView): string {
  const parts = [
    ...Object.entries(a.filters ?? {}).map(([k, v]) => `${k}=${v}`),
    ...Object.entries(a.attributes ?? {}).map(([k, v]) => `${k}=${v}`),
    ...(a.role ? [`role=${a.role}`] : []),
    ...Object.entries(a.traits ?? {}).map(([k, v]) => `trait.${k}=${v}`),
  ];
  return parts.length === 0 ? 'everyone' : parts.join(',');
}
