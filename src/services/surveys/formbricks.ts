// Formbricks' `responseFinished` webhook: { webhookId, event, data: response }, signed the Standard Webhooks way
// (webhook-id, webhook-timestamp, webhook-signature: HMAC-SHA256 under the endpoint's whsec_ secret, set here as
// TENURE_FORMBRICKS_SECRET). The response's person (contact.userId, contactAttributes.email/userId; older
// versions: person, personAttributes) is mapped to a contact by email or to a product user, hence an account.
import { Webhook, WebhookVerificationError } from 'standardwebhooks';
import type { FormbricksReceiptView } from '../../contract/surveys-admin.ts';
import { SCORE_RANGES } from '../../core/surveys/metrics.ts';
import { contactByEmail, productUser, readSurveys, type SurveyRow } from '../../store/survey-channels.ts';
import { db, withTransaction, type ServiceContext } from '../context.ts';
import { UsageError } from '../errors.ts';
import { recordAnswer } from './answers.ts';
import { SurveyNotFound } from './definitions.ts';

/** A request Formbricks did not sign with the configured secret (HTTP 401). */
export class SignatureError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SignatureError';
  }
}

type Json = Record<string, unknown>;
const obj = (v: unknown): Json => (typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Json) : {});
const str = (v: unknown): string | null => (typeof v === 'string' && v.trim() !== '' ? v.trim() : null);

/** Checks the Standard Webhooks signature of the raw body. */
export function verifyFormbricks(
  ctx: ServiceContext,
  rawBody: string,
  headers: Record<string, string | string[] | undefined>,
) {
  const secret = ctx.config.formbricksSecret;
  if (!secret) {
    throw new SignatureError(
      'Formbricks answers need TENURE_FORMBRICKS_SECRET: the signing secret of the Formbricks webhook.',
    );
  }
  const pick = (name: string) => [headers[name]].flat()[0] ?? '';
  try {
    new Webhook(secret).verify(rawBody, {
      'webhook-id': pick('webhook-id'),
      'webhook-timestamp': pick('webhook-timestamp'),
      'webhook-signature': pick('webhook-signature'),
    });
  } catch (error) {
    if (error instanceof WebhookVerificationError || error instanceof Error) {
      throw new SignatureError(`The Formbricks signature does not verify: ${error.message}.`);
    }
    throw error;
  }
}

/** The score: the configured question's answer, else the first whole number in the kind's scale. */
function scoreOf(survey: SurveyRow, data: Json): number | null {
  const [min, max] = SCORE_RANGES[survey.kind];
  const inRange = (v: unknown) => {
    const n = typeof v === 'string' && /^\d{1,2}$/.test(v) ? Number(v) : v;
    return typeof n === 'number' && Number.isInteger(n) && n >= min && n <= max ? n : null;
  };
  if (survey.formbricksScoreQuestion) return inRange(data[survey.formbricksScoreQuestion]);
  for (const v of Object.values(data)) if (inRange(v) !== null) return inRange(v);
  return null;
}

function commentOf(survey: SurveyRow, data: Json): string | null {
  if (survey.formbricksCommentQuestion) return str(data[survey.formbricksCommentQuestion]);
  for (const v of Object.values(data)) if (typeof v === 'string' && !/^\d{1,2}$/.test(v) && str(v)) return str(v);
  return null;
}

/** Who answered: email and user id from the response's contact (or person) and its attributes. */
function personOf(response: Json): { email: string | null; userId: string | null } {
  const attributes = { ...obj(response.personAttributes), ...obj(response.contactAttributes) };
  const contact = { ...obj(response.person), ...obj(response.contact) };
  return {
    email: str(attributes.email)?.toLowerCase() ?? null,
    userId: str(contact.userId) ?? str(attributes.userId),
  };
}

export async function receiveFormbricks({
  ctx,
  body,
}: {
  ctx: ServiceContext;
  body: Json;
}): Promise<FormbricksReceiptView> {
  const event = str(body.event);
  if (event !== 'responseFinished')
    return { recorded: false, responseId: null, note: `ignored: event ${event ?? '(none)'}` };
  const response = obj(body.data);
  const id = str(response.id);
  const formbricksSurvey = str(response.surveyId);
  if (!id || !formbricksSurvey)
    throw new UsageError('data.id and data.surveyId: the Formbricks response and its survey');
  const [survey] = await readSurveys(db(ctx), { formbricksId: formbricksSurvey });
  if (!survey) {
    throw new SurveyNotFound(
      `No Tenure survey takes Formbricks survey ${formbricksSurvey}: set formbricks.surveyId on one.`,
    );
  }
  const data = obj(response.data);
  const score = scoreOf(survey, data);
  const [min, max] = SCORE_RANGES[survey.kind];
  if (score === null)
    throw new UsageError(`data.data: no answer from ${min} to ${max} for ${survey.kind.toUpperCase()}`);
  const person = personOf(response);
  const byEmail = person.email ? await contactByEmail(db(ctx), person.email) : null;
  const byUser = !byEmail && person.userId ? await productUser(db(ctx), person.userId) : null;
  const accountId = byEmail?.accountId ?? byUser?.accountId ?? null;
  if (accountId === null) {
    throw new UsageError(
      `data.contact: the person (email ${person.email ?? 'none'}, userId ${person.userId ?? 'none'}) maps to no account: ` +
        'import the contact, or identify the user with an account',
    );
  }
  const at = str(response.updatedAt) ?? str(response.createdAt);
  const respondedAt = at && !Number.isNaN(Date.parse(at)) ? new Date(at) : ctx.now();
  const recorded = await withTransaction({ ...ctx, actor: { kind: 'webhook', id: null, label: 'formbricks' } }, (tx) =>
    recordAnswer(tx, {
      survey,
      invitationId: null,
      responseId: `formbricks-${id}`,
      channel: 'formbricks',
      source: 'formbricks',
      accountId,
      email: person.email,
      userId: person.userId,
      score,
      comment: commentOf(survey, data)?.slice(0, 5000) ?? null,
      dismissed: false,
      respondedAt,
    }),
  );
  return { ...recorded, note: recorded.recorded ? 'recorded' : 'already recorded' };
}
