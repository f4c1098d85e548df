// Recording an answer from any live channel (hosted link, email link, in-app, Formbricks): the response row, its
// invitation closed, the audit row and the `survey.response` webhook event, all in one transaction. Dismissals
// are stored apart (dismissed, no score) and raise no event. Imported files raise none either: they are history.
import { npsCategory, SCORE_RANGES } from '../../core/surveys/metrics.ts';
import { accountBrief, closeInvitation, insertResponse, type SurveyRow } from '../../store/survey-channels.ts';
import { audit } from '../audit.ts';
import type { Actor, TxContext } from '../context.ts';
import { UsageError } from '../errors.ts';
import { queueRescoring } from '../health/rescore.ts';
import { emitEvent } from '../webhooks/events.ts';

export interface AnswerToRecord {
  survey: SurveyRow;
  invitationId: number | null;
  responseId: string;
  channel: 'link' | 'email' | 'in_app' | 'formbricks';
  source: 'tenure' | 'formbricks';
  accountId: number;
  email: string | null;
  userId: string | null;
  score: number | null;
  comment: string | null;
  dismissed: boolean;
  respondedAt: Date;
}

export interface Recorded {
  recorded: boolean;
  responseId: string;
}

/** Refuses a score outside the survey kind's scale (a dismissal has none). */
export function checkScore(survey: SurveyRow, score: number | null, dismissed: boolean): void {
  if (dismissed) return;
  const [min, max] = SCORE_RANGES[survey.kind];
  if (score === null || !Number.isInteger(score) || score < min || score > max) {
    throw new UsageError(
      `score: a whole number from ${min} to ${max} for ${survey.kind.toUpperCase()}, found ${score}`,
    );
  }
}

export async function recordAnswer(ctx: TxContext, a: AnswerToRecord): Promise<Recorded> {
  checkScore(a.survey, a.score, a.dismissed);
  const comment = a.dismissed ? null : a.comment?.trim() || null;
  const id = await insertResponse(ctx.tx, {
    responseId: a.responseId,
    surveyId: a.survey.id,
    kind: a.survey.kind,
    score: a.dismissed ? null : a.score,
    comment,
    respondedAt: a.respondedAt,
    accountId: a.accountId,
    contactEmail: a.email,
    userId: a.userId,
    channel: a.channel,
    dismissed: a.dismissed,
    source: a.source,
  });
  if (id === null) return { recorded: false, responseId: a.responseId };
  if (a.invitationId !== null) {
    const state = a.dismissed ? 'dismissed' : 'answered';
    if (!(await closeInvitation(ctx.tx, { id: a.invitationId, state, responseId: id, now: ctx.now() }))) {
      throw new AlreadyAnswered();
    }
  }
  await audit(ctx.tx, ctx, a.dismissed ? 'survey.dismiss' : 'survey.answer', `survey:${a.survey.id}`, {
    responseId: a.responseId,
    channel: a.channel,
    invitation: a.invitationId,
  });
  if (!a.dismissed && a.score !== null) {
    await queueRescoring(ctx.tx, () => ctx.now());
    const account = await accountBrief(ctx.tx, a.accountId);
    await emitEvent(
      { store: ctx.tx, now: () => ctx.now() },
      'survey.response',
      {
        responseId: a.responseId,
        survey: { id: a.survey.id, name: a.survey.name, kind: a.survey.kind },
        channel: a.channel,
        score: a.score,
        category: a.survey.kind === 'nps' ? npsCategory(a.score) : null,
        comment,
        respondedAt: a.respondedAt.toISOString(),
        account,
        person: { email: a.email, userId: a.userId },
      },
      { tx: ctx.tx },
    );
  }
  return { recorded: true, responseId: a.responseId };
}

/** An invitation answered (or dismissed) by an earlier request: nothing is written. */
export class AlreadyAnswered extends UsageError {
  constructor() {
    super('This invitation has already been answered.');
    this.name = 'AlreadyAnswered';
  }
}

/** Who answers through a public channel, for the audit log. */
export const respondentActor = (channel: string): Actor => ({
  kind: 'system',
  id: null,
  label: `survey respondent (${channel})`,
});
