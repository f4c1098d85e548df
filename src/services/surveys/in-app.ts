// In-app surveys: the customer's app asks, with an ingest key, whether a user (its Segment userId, mapped to an
// account through usage identity) should be asked now, and posts the answer or the dismissal.
import type { EligibleAnswerView, InAppAnswerBody, AnswerRecordedView } from '../../contract/surveys-admin.ts';
import { eligibility, type Eligibility } from '../../core/surveys/eligibility.ts';
import { SCORE_RANGES } from '../../core/surveys/metrics.ts';
import { surveyStrings } from '../../core/surveys/strings.ts';
import { insertInvitations, productUser, readSurveys, type SurveyRow } from '../../store/survey-channels.ts';
import { db, withTransaction, type ServiceContext } from '../context.ts';
import { UsageError } from '../errors.ts';
import { recordAnswer } from './answers.ts';
import { audienceUsersOf, historiesOf, type Person } from './audience.ts';
import { audienceOf, SurveyNotFound } from './definitions.ts';

/** The verdict for one user and one survey: in its audience, then throttling, sampling, wave. */
async function verdict(
  ctx: ServiceContext,
  survey: SurveyRow,
  userId: string,
): Promise<{ person: Person | null; verdict: Eligibility | null }> {
  const [person] = await audienceUsersOf(ctx, audienceOf(survey), userId);
  if (!person) return { person: null, verdict: null };
  const history = (await historiesOf(ctx, [person])).get(person.key);
  if (!history) return { person, verdict: null };
  return { person, verdict: eligibility(survey, person.key, history, ctx.now()) };
}

function prompt(survey: SurveyRow): NonNullable<EligibleAnswerView['survey']> {
  const s = surveyStrings(survey.language);
  const [min, max] = SCORE_RANGES[survey.kind];
  return {
    surveyId: survey.id,
    kind: survey.kind,
    question: survey.question ?? survey.name,
    followUp: survey.followUp,
    language: survey.language ?? 'en',
    scale: { min, max },
    labels: {
      low: s.low[survey.kind],
      high: s.high[survey.kind],
      comment: survey.followUp ?? s.comment,
      submit: s.submit,
      dismiss: s.dismiss,
      thanks: s.thanks,
    },
  };
}

/** Whether `userId` should be asked now, and by which open survey (the oldest that may ask them). */
export async function eligibleFor({
  ctx,
  userId,
}: {
  ctx: ServiceContext;
  userId: string;
}): Promise<EligibleAnswerView> {
  const user = await productUser(db(ctx), userId);
  if (!user || user.accountId === null) return { ask: false, reason: 'unknown_user', survey: null };
  // Surveys known only from imported answers have no question: they ask no one.
  const open = (await readSurveys(db(ctx))).filter((s) => s.status === 'open' && s.question !== null);
  let reason = 'no_survey';
  for (const survey of open) {
    const found = await verdict(ctx, survey, userId);
    if (!found.verdict) continue;
    if (found.verdict.eligible) return { ask: true, reason: null, survey: prompt(survey) };
    if (reason === 'no_survey' || found.verdict.reason === 'throttled') reason = found.verdict.reason;
  }
  return {
    ask: false,
    reason: ['closed', 'before_wave', 'after_wave'].includes(reason) ? 'no_survey' : reason,
    survey: null,
  };
}

/** Records an in-app answer or dismissal; one asked too recently (a repeated post) is not recorded again. */
export async function answerInApp({
  ctx,
  body,
}: {
  ctx: ServiceContext;
  body: InAppAnswerBody;
}): Promise<AnswerRecordedView> {
  const [survey] = await readSurveys(db(ctx), { id: body.surveyId });
  if (!survey) throw new SurveyNotFound(`There is no survey ${body.surveyId}.`);
  const dismissed = body.dismissed === true;
  const user = await productUser(db(ctx), body.userId);
  if (!user || user.accountId === null) {
    throw new UsageError(
      `userId: "${body.userId}" is no product user mapped to an account (send identify/group first)`,
    );
  }
  const found = await verdict(ctx, survey, body.userId);
  if (!found.person) throw new UsageError(`userId: "${body.userId}" is not in the audience of survey "${survey.name}"`);
  const state = dismissed ? 'dismissed' : 'answered';
  if (!found.verdict?.eligible) {
    if (found.verdict?.reason === 'throttled') return { recorded: false, responseId: '', state };
    throw new UsageError(`survey "${survey.name}" does not ask this user now (${found.verdict?.reason ?? 'unknown'})`);
  }
  const person = found.person;
  const now = ctx.now();
  return withTransaction(ctx, async (tx) => {
    const [invitationId] = await insertInvitations(
      tx.tx,
      [
        {
          surveyId: survey.id,
          channel: 'in_app',
          accountId: person.accountId,
          contactId: null,
          email: person.email,
          userId: body.userId,
          state: 'sent',
          sentAt: now,
          expiresAt: now,
        },
      ],
      now,
    );
    const recorded = await recordAnswer(tx, {
      survey,
      invitationId: invitationId ?? null,
      responseId: `tenure-inv-${invitationId}`,
      channel: 'in_app',
      source: 'tenure',
      accountId: person.accountId,
      email: person.email,
      userId: body.userId,
      score: dismissed ? null : (body.score ?? null),
      comment: body.comment ?? null,
      dismissed,
      respondedAt: now,
    });
    return { ...recorded, state };
  });
}
