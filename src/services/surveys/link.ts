// The hosted link: `/s/<token>` names one invitation, signed and expiring (signed-links.ts). Opening it shows the
// question; sending it records the answer once (a second send finds it answered).
import type { SurveyKind } from '../../core/surveys/metrics.ts';
import { readInvitation, readSurveys, type InvitationRow, type SurveyRow } from '../../store/survey-channels.ts';
import { db, withTransaction, type ServiceContext } from '../context.ts';
import { UsageError } from '../errors.ts';
import { verifyLink } from '../signed-links.ts';
import { AlreadyAnswered, recordAnswer, respondentActor } from './answers.ts';

export const SURVEY_LINK_PURPOSE = 'survey';
/** How long an invitation's link works after it is sent. */
export const LINK_DAYS = 30;

export type LinkState = 'open' | 'answered' | 'dismissed' | 'expired' | 'invalid' | 'closed';

export interface LinkView {
  state: LinkState;
  survey: {
    kind: SurveyKind;
    question: string;
    followUp: string | null;
    language: string;
    name: string;
  } | null;
}

async function resolve(
  ctx: ServiceContext,
  token: string,
): Promise<{ state: LinkState; invitation?: InvitationRow; survey?: SurveyRow }> {
  const check = await verifyLink(ctx, SURVEY_LINK_PURPOSE, token);
  if (!check.ok && check.reason === 'invalid') return { state: 'invalid' };
  if (!/^\d{1,15}$/.test(check.subject)) return { state: 'invalid' };
  const invitation = await readInvitation(db(ctx), Number(check.subject));
  if (!invitation) return { state: 'invalid' };
  const [survey] = await readSurveys(db(ctx), { id: invitation.surveyId });
  if (!survey) return { state: 'invalid' };
  if (invitation.state === 'answered' || invitation.state === 'dismissed')
    return { state: invitation.state, invitation, survey };
  if (!check.ok || invitation.expiresAt <= ctx.now() || invitation.state === 'failed')
    return { state: 'expired', invitation, survey };
  if (survey.status === 'closed') return { state: 'closed', invitation, survey };
  return { state: 'open', invitation, survey };
}

const surveyPart = (survey: SurveyRow | undefined): LinkView['survey'] =>
  survey
    ? {
        kind: survey.kind,
        question: survey.question ?? survey.name,
        followUp: survey.followUp,
        language: survey.language ?? 'en',
        name: survey.name,
      }
    : null;

/** What the page shows for a token (reads only). */
export async function openLink({ ctx, token }: { ctx: ServiceContext; token: string }): Promise<LinkView> {
  const found = await resolve(ctx, token);
  return { state: found.state, survey: surveyPart(found.survey) };
}

export type LinkOutcome = LinkView & { result: 'thanks' | 'dismissed' | 'choose_score' | 'unavailable' };

/** Records the answer sent from the page: `score` as the form sends it, or `dismiss`. */
export async function answerLink({
  ctx,
  token,
  score,
  comment,
  dismiss,
}: {
  ctx: ServiceContext;
  token: string;
  score: string | undefined;
  comment: string | undefined;
  dismiss: boolean;
}): Promise<LinkOutcome> {
  const found = await resolve(ctx, token);
  const view = { state: found.state, survey: surveyPart(found.survey) };
  if (found.state !== 'open' || !found.invitation || !found.survey) return { ...view, result: 'unavailable' };
  const invitation = found.invitation;
  const survey = found.survey;
  const value = score !== undefined && /^\d{1,2}$/.test(score.trim()) ? Number(score.trim()) : null;
  if (!dismiss && value === null) return { ...view, result: 'choose_score' };
  let recorded = false;
  try {
    ({ recorded } = await withTransaction({ ...ctx, actor: respondentActor(invitation.channel) }, (tx) =>
      recordAnswer(tx, {
        survey,
        invitationId: invitation.id,
        responseId: `tenure-inv-${invitation.id}`,
        channel: invitation.channel,
        source: 'tenure',
        accountId: invitation.accountId,
        email: invitation.email,
        userId: invitation.userId,
        score: dismiss ? null : value,
        comment: comment?.slice(0, 5000) ?? null,
        dismissed: dismiss,
        respondedAt: ctx.now(),
      }),
    ));
  } catch (error) {
    if (error instanceof AlreadyAnswered) return { ...view, state: 'answered', result: 'unavailable' };
    if (error instanceof UsageError) return { ...view, result: 'choose_score' };
    throw error;
  }
  if (!recorded) return { ...view, state: 'answered', result: 'unavailable' };
  return { ...view, state: dismiss ? 'dismissed' : 'answered', result: dismiss ? 'dismissed' : 'thanks' };
}
